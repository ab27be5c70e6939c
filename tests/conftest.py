"""Fixtures shared by the test modules (plain helpers are in support.py)."""

import pytest
from support import load_script


@pytest.fixture
def close_figures():
    """Close every matplotlib figure a test leaves open (use with pytest.mark.usefixtures)."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture
def expect_error():
    """Return ``check(call, error, message)``: ``call()`` raises ``error`` whose text holds
    ``message`` (a plain substring, so brackets and parentheses need no escaping)."""

    def check(call, error, message):
        with pytest.raises(error) as info:
            call()
        assert message in str(info.value)

    return check


@pytest.fixture(scope="session")
def script():
    """Return the loader of ``scripts/<name>.py`` as a module: ``script("build_data")``."""
    return load_script
