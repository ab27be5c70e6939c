"""The output-size explorer of lecture 4, driven by setting its sliders' values."""

import matplotlib
import pytest

from course_utils.output_size_explorer import SLIDERS, make_output_size_explorer

matplotlib.use("Agg")
pytest.importorskip("ipywidgets")


def test_output_size_explorer_follows_its_sliders():
    explorer = make_output_size_explorer(7, 3, draw=False)
    assert explorer.windows.output_size == 5 and "= 4 + 1 = 5" in explorer.status.value
    assert explorer.pad_before.disabled and explorer.pad_after.disabled
    explorer.stride.value = 2
    assert explorer.windows.starts == (0, 2, 4)
    explorer.input_size.value = 8
    assert explorer.windows.output_size == 3 and explorer.windows.unused == (7,)
    assert "input pixels never read: 7" in explorer.status.value
    explorer.padding.value = "same"
    assert (explorer.windows.output_size, explorer.windows.pads) == (4, (0, 1))
    explorer.padding.value = "explicit"
    assert not explorer.pad_before.disabled
    explorer.pad_before.value, explorer.pad_after.value = 2, 1
    assert explorer.windows.pads == (2, 1) and explorer.windows.output_size == 5
    explorer.dilation.value = 3
    assert explorer.windows.effective_kernel_size == 7 and explorer.windows.output_size == 3
    assert "= 3 + 2·2 = 7" in explorer.status.value


def test_output_size_explorer_reports_a_kernel_that_does_not_fit():
    explorer = make_output_size_explorer(2, 5, draw=False)
    assert explorer.windows is None
    assert "does not fit" in explorer.status.value and "larger than" in explorer.status.value
    explorer.padding.value = "same"
    assert explorer.windows.output_size == 2


def test_output_size_explorer_starts_from_explicit_pads_and_draws(capsys):
    import matplotlib.pyplot as plt

    explorer = make_output_size_explorer(5, 3, 1, (1, 2), 2)
    assert explorer.padding.value == "explicit"
    assert (explorer.pad_before.value, explorer.pad_after.value) == (1, 2)
    assert explorer.windows.output_size == 4
    explorer.kernel_size.value = 2
    assert explorer.windows.output_size == 6
    assert plt.get_fignums() == []  # each drawing closes its figure
    assert make_output_size_explorer(padding=1, draw=False).windows.pads == (1, 1)
    capsys.readouterr()


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: make_output_size_explorer(21), ValueError, "input_size must be at most 20"),
        (lambda: make_output_size_explorer(0), ValueError, "input_size must be an int >= 1"),
        (lambda: make_output_size_explorer(7, 8), ValueError, "kernel_size must be at most 7"),
        (lambda: make_output_size_explorer(7, 3.0), TypeError, "kernel_size must be an int"),
        (lambda: make_output_size_explorer(7, 3, 5), ValueError, "stride must be at most 4"),
        (lambda: make_output_size_explorer(7, 3, 0), ValueError, "stride must be an int >= 1"),
        (lambda: make_output_size_explorer(9, 3, 1, (5, 0)), ValueError, "padding[0] (before)"),
        (lambda: make_output_size_explorer(9, 3, 1, (0, 5)), ValueError, "padding[1] (after)"),
        (lambda: make_output_size_explorer(7, 3, 1, "full"), ValueError, "padding must be"),
        (lambda: make_output_size_explorer(7, 3, dilation=5), ValueError, "dilation must be at"),
        (lambda: make_output_size_explorer(7, 3, dilation=0), ValueError, "dilation must be an"),
        (lambda: make_output_size_explorer(draw="yes"), TypeError, "draw must be True or False"),
    ],
)
def test_output_size_explorer_bad_input_names_the_argument(call, error, message, expect_error):
    expect_error(call, error, message)


def test_the_sliders_follow_the_one_table_of_limits():
    explorer = make_output_size_explorer(draw=False)
    for name, (low, high, label) in SLIDERS.items():
        slider = getattr(explorer, name)
        assert (slider.min, slider.max, slider.description) == (low, high, label)
