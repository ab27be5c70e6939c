"""course_utils.plotting: figures have the expected axes and titles; bad input is named."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils import plotting
from course_utils.windows import compute_windows

pytestmark = pytest.mark.usefixtures("close_figures")


def colour_bars(fig):
    """The colour bars drawn on ``fig`` (matplotlib marks a bar's axes with ``_colorbar``)."""
    return [ax._colorbar for ax in fig.axes if getattr(ax, "_colorbar", None) is not None]


def test_show_images_titles_with_class_names():
    fig = plotting.show_images(
        np.zeros((5, 28, 28, 1), np.uint8), labels=np.arange(5), class_names="abcde", ncols=3
    )
    assert len(fig.axes) == 5  # the sixth grid cell is removed
    assert [ax.get_title() for ax in fig.axes] == list("abcde")


def test_show_images_accepts_rgb():
    fig = plotting.show_images(np.zeros((2, 8, 8, 3)), ncols=2, title="rgb")
    assert fig.axes[0].get_images()[0].get_array().shape == (8, 8, 3)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"images": np.zeros((28, 28))}, "images must be a non-empty"),
        ({"images": np.zeros((0, 28, 28))}, "images must be a non-empty"),
        ({"images": np.zeros((2, 28, 28)), "labels": [1]}, "labels has 1 items but images has 2"),
        ({"images": np.zeros((2, 28, 28)), "ncols": 0}, "ncols must be an int >= 1"),
    ],
)
def test_show_images_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        plotting.show_images(**kwargs)


# --- lecture 1: kernels as heat maps, images of different sizes to scale ---


def test_show_kernel_writes_every_weight_and_the_sum():
    fig = plotting.show_kernel([[0, -1, 0], [-1, 5, -1], [0, -1, 0]])
    ax = fig.axes[0]
    assert sorted(t.get_text() for t in ax.texts) == sorted(["0", "-1"] * 4 + ["5"])
    assert ax.get_title() == "weights sum to 1"
    assert plotting.show_kernel(np.zeros((2, 2)), title="zero").axes[0].get_title() == "zero"


def test_show_kernel_has_a_colour_bar_of_its_symmetric_scale():
    fig = plotting.show_kernel([[0, -1, 0], [-1, 5, -1], [0, -1, 0]])
    (bar,) = colour_bars(fig)
    assert bar.mappable is fig.axes[0].images[0] and bar.mappable.get_clim() == (-5.0, 5.0)
    assert bar.ax.get_ylabel() == "weight"
    assert colour_bars(plotting.show_kernel(np.eye(2), colorbar=False)) == []


def test_show_kernel_draws_into_a_given_axes():
    fig, axes = plt.subplots(1, 2)
    assert plotting.show_kernel(np.eye(3), ax=axes[1], colorbar=False) is fig
    assert len(axes[1].texts) == 9 and not axes[0].texts
    assert colour_bars(fig) == []


def test_show_kernels_one_tile_per_kernel_and_one_colour_bar():
    named = {"box": np.full((3, 3), 1 / 9), "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]]}
    named["edge"] = np.array([[-1, -1], [-1, 3]])
    fig = plotting.show_kernels(named, ncols=2)
    tiles = [ax for ax in fig.axes if ax.images]
    assert [ax.get_title() for ax in tiles] == ["box (sum 1)", "sharpen (sum 1)", "edge (sum 0)"]
    assert [ax.images[0].get_clim() for ax in tiles] == [(-1 / 9, 1 / 9), (-5, 5), (-3, 3)]
    (bar,) = colour_bars(fig)  # one bar for the gallery: colour = weight / kernel's max
    assert bar.mappable.get_clim() == (-1, 1) and bar.mappable.get_cmap().name == "RdBu_r"
    assert [t.get_text() for t in bar.ax.get_yticklabels()] == ["−1", "0", "1"]
    assert "largest |weight|" in bar.ax.get_ylabel()
    assert len(fig.axes) == 4  # 3 kernels and the bar: the fourth grid cell is removed


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"kernels": {}}, ValueError, "non-empty mapping"),
        ({"kernels": [np.eye(3)]}, ValueError, "non-empty mapping"),
        ({"kernels": {"a": np.eye(3)}, "ncols": 0}, ValueError, "ncols must be an int >= 1"),
        ({"kernels": {"a": np.ones(3)}}, ValueError, "non-empty 2-D"),
    ],
)
def test_show_kernels_bad_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        plotting.show_kernels(**kwargs)


def test_add_colorbar_labels_a_relative_scale():
    fig, axes = plt.subplots(1, 3, layout="constrained")
    bar = plotting.add_colorbar(
        fig, axes, cmap="gray", vmin=0, vmax=1, label="each tile", ticks=[0, 1],
        ticklabels=["its min", "its max"],
    )  # fmt: skip
    assert colour_bars(fig) == [bar] and bar.ax.get_ylabel() == "each tile"
    assert [t.get_text() for t in bar.ax.get_yticklabels()] == ["its min", "its max"]
    fig, ax = plt.subplots()
    bar = plotting.add_colorbar(fig, ax, cmap="viridis", vmin=0, vmax=4, label="count")
    assert colour_bars(fig) == [bar] and bar.mappable.get_clim() == (0, 4)
    with pytest.raises(ValueError, match="vmax must be > vmin"):
        plotting.add_colorbar(fig, ax, cmap="gray", vmin=1, vmax=1, label="x")
    bar = plotting.add_colorbar(
        fig, ax, cmap="gray", vmin=-0.5, vmax=1.5, label="mask", levels=2, ticks=[0, 1]
    )
    assert bar.cmap.N == 2 and [t.get_text() for t in bar.ax.get_yticklabels()] == ["0", "1"]
    with pytest.raises(ValueError, match="levels must be an int >= 2"):
        plotting.add_colorbar(fig, ax, cmap="gray", vmin=0, vmax=1, label="x", levels=1)
    with pytest.raises(ValueError, match="one label per tick"):
        plotting.add_colorbar(fig, ax, cmap="gray", vmin=0, vmax=1, label="x", ticklabels=["a"])


def test_add_mask_colorbar_names_black_and_white():
    fig = plotting.show_images(np.eye(4)[None].repeat(2, 0), ncols=2)
    bar = plotting.add_mask_colorbar(fig, "in the field", ["no", "yes"])
    assert colour_bars(fig) == [bar] and bar.cmap.N == 2 and bar.mappable.get_clim() == (-0.5, 1.5)
    assert [t.get_text() for t in bar.ax.get_yticklabels()] == ["no", "yes"]
    assert bar.ax.get_ylabel() == "in the field"
    with pytest.raises(ValueError, match="names must name black and white"):
        plotting.add_mask_colorbar(fig, "x", ["a"])


def test_input_output_has_one_colour_bar_for_both_panels():
    fig = plotting.show_input_output(np.ones((4, 6)), 2 * np.ones((2, 3)), (1.0, 2.0))
    (bar,) = colour_bars(fig)
    assert bar.mappable.get_clim() == (1.0, 2.0)


@pytest.mark.parametrize(
    ("kernel", "error", "message"),
    [
        (np.ones(3), ValueError, r"non-empty 2-D \(kh, kw\)"),
        (np.ones((0, 3)), ValueError, "non-empty 2-D"),
        ([["a", "b"]], TypeError, "kernel must hold numbers"),
    ],
)
def test_show_kernel_bad_input(kernel, error, message):
    with pytest.raises(error, match=message):
        plotting.show_kernel(kernel)


def test_show_images_to_scale_keeps_pixel_sizes_comparable():
    big, small = np.zeros((40, 60)), np.zeros((20, 30, 3))
    fig = plotting.show_images_to_scale([big, small], ["input", "strides 2"])
    assert [ax.get_title() for ax in fig.axes] == ["input\n40×60", "strides 2\n20×30"]
    widths = [ax.get_position().width for ax in fig.axes]
    assert widths[0] / widths[1] == pytest.approx(2, rel=0.05)
    assert fig.axes[1].get_ylim() == (39.5, -0.5)  # same vertical scale as the tallest
    assert [a.get_title() for a in plotting.show_images_to_scale(np.zeros((5, 5))).axes] == ["5×5"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"images": []}, "at least one image"),
        ({"images": [np.zeros(4)]}, r"images\[0\] must be a non-empty"),
        ({"images": [np.zeros((4, 4))], "titles": ["a", "b"]}, "titles has 2 items"),
        ({"images": [np.zeros((4, 4))], "scale": 0}, "scale must be > 0"),
    ],
)
def test_show_images_to_scale_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        plotting.show_images_to_scale(**kwargs)


# --- lecture 4: the sliding windows of one axis ---


def test_show_windows_draws_pixels_padding_and_every_window():
    from matplotlib.figure import Figure

    w = compute_windows(6, 3, 2, (1, 2), dilation=2)
    fig = plotting.show_windows(w)
    assert isinstance(fig, Figure) and tuple(fig.get_size_inches()) == (8, 3.6)
    ax = fig.axes[0]
    assert len(ax.patches) == 9 + 3 * 3  # 1 + 6 + 2 padded pixels, 3 windows of 3 taps
    assert sum(p.get_hatch() == "//" for p in ax.patches) == 3
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["0", "0", "1", "2", "3", "4", "5", "0", "0", "out 0", "out 1", "out 2"]
    red = [t.get_text() for t in ax.texts if t.get_color() == "red"]
    assert red == [str(i) for i in w.unused] == ["0", "2", "4"]  # dilation 2 skips them
    assert ax.get_title() == "W=6, F=3, S=2, D=2, pads (1, 2) → 3 output pixels"
    plt.close(fig)
    fig, axes = plt.subplots(1, 2)
    assert plotting.show_windows(compute_windows(4, 1), ax=axes[1]) is fig
    assert len(axes[1].patches) == 4 + 4 and not axes[0].patches
    plt.close(fig)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: plotting.show_windows(None),
            TypeError,
            "windows must come from compute_windows()",
        ),
        (
            lambda: plotting.show_windows(compute_windows(5, 3), ax=1),
            TypeError,
            "ax must be a matplotlib",
        ),
    ],
)
def test_show_windows_bad_input(call, error, message, expect_error):
    expect_error(call, error, message)


def test_plotting_reaches_every_figure():
    from course_utils import evaluation, learned

    assert plotting.show_history is evaluation.show_history
    assert plotting.show_filters is learned.show_filters


def test_every_heat_map_helper_draws_a_colour_bar():
    """Each helper that draws a heat map (values, not a picture) gives its figure a bar."""
    rng = np.random.default_rng(0)
    figures = {
        "show_kernel": plotting.show_kernel(np.eye(3)),
        "show_kernels": plotting.show_kernels({"a": np.eye(3), "b": -np.eye(3)}),
        "show_filters": plotting.show_filters(rng.normal(size=(3, 3, 1, 4))),
        "show_feature_maps": plotting.show_feature_maps(rng.random((5, 5, 4))),
        "show_confusion_matrix": plotting.show_confusion_matrix([0, 1, 2], [0, 1, 1], "abc"),
        "show_input_output": plotting.show_input_output(np.ones((4, 4)), np.ones((2, 2)), (0, 1)),
    }
    assert {name: len(colour_bars(fig)) for name, fig in figures.items()} == dict.fromkeys(
        figures, 1
    )
