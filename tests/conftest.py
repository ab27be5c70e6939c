"""Fixtures shared by the test modules."""

import pytest


@pytest.fixture
def close_figures():
    """Close every matplotlib figure a test leaves open (use with pytest.mark.usefixtures)."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
