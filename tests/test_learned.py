"""course_utils.learned: a trained convnet's filters and feature maps."""

import numpy as np
import pytest

from course_utils import learned

pytestmark = pytest.mark.usefixtures("close_figures")


def colour_bars(fig):
    """The colour bars drawn on ``fig`` (matplotlib marks a bar's axes with ``_colorbar``)."""
    return [ax._colorbar for ax in fig.axes if getattr(ax, "_colorbar", None) is not None]


def tiles(fig):
    return [ax for ax in fig.axes if getattr(ax, "_colorbar", None) is None]


def test_show_filters_one_tile_per_filter_on_one_symmetric_scale_with_one_bar():
    kernel = np.zeros((5, 5, 2, 10))
    kernel[0, 0, 1, 3] = -2.0
    kernel[1, 1, 1, 4] = 0.5
    fig = learned.show_filters(kernel, in_channel=1, ncols=4, title="conv1")
    assert len(tiles(fig)) == 10  # 3 rows of 4, the last two cells removed
    image = tiles(fig)[3].get_images()[0]
    assert image.get_array().shape == (5, 5)
    assert {ax.get_images()[0].get_clim() for ax in tiles(fig)} == {(-2.0, 2.0)}  # shared
    (bar,) = colour_bars(fig)
    assert bar.mappable.get_clim() == (-2.0, 2.0) and bar.ax.get_ylabel() == "weight"
    assert fig._suptitle.get_text() == "conv1"
    zeros = learned.show_filters(np.zeros((3, 3, 1, 2)))
    assert tiles(zeros)[0].get_images()[0].get_clim() == (-1.0, 1.0)  # all-zero kernel


def test_show_filters_each_on_its_own_scale_says_so_on_its_bar():
    kernel = np.zeros((5, 5, 1, 3))
    kernel[0, 0, 0, 1] = -2.0
    fig = learned.show_filters(kernel, scale="each")
    assert [ax.get_images()[0].get_clim() for ax in tiles(fig)] == [(-1, 1), (-2, 2), (-1, 1)]
    (bar,) = colour_bars(fig)
    assert [t.get_text() for t in bar.ax.get_yticklabels()] == ["−its max", "0", "+its max"]
    assert bar.ax.get_ylabel() == "weight, per tile"


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"kernel": np.zeros((5, 5, 32))}, ValueError, r"\(kh, kw, in_channels, filters\)"),
        ({"kernel": np.zeros((5, 5, 1, 0))}, ValueError, "non-empty"),
        ({"kernel": np.zeros((5, 5, 1, 4)), "in_channel": 1}, ValueError, r"in \[0, 1\)"),
        ({"kernel": np.zeros((5, 5, 1, 4)), "in_channel": 0.0}, TypeError, "must be an int"),
        ({"kernel": np.zeros((5, 5, 1, 4)), "ncols": 0}, ValueError, "ncols must be an int"),
        ({"kernel": np.zeros((5, 5, 1, 4)), "scale": "own"}, ValueError, "scale must be one"),
    ],
)
def test_show_filters_bad_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        learned.show_filters(**kwargs)


def test_show_feature_maps_accepts_a_batch_of_one_and_caps_the_count():
    maps = np.arange(1 * 7 * 7 * 64, dtype=np.float32).reshape(1, 7, 7, 64)
    fig = learned.show_feature_maps(maps, max_maps=12, ncols=6)
    assert len(tiles(fig)) == 12
    first = tiles(fig)[0].get_images()[0].get_array()
    assert np.array_equal(first, maps[0, :, :, 0])
    assert len(tiles(learned.show_feature_maps(np.ones((4, 4, 3))))) == 3


def test_show_feature_maps_has_one_bar_for_its_scale():
    maps = np.zeros((4, 4, 2))
    maps[..., 0], maps[0, 0, 1] = 1.0, 3.0
    fig = learned.show_feature_maps(maps)  # each map stretched to its own range
    (bar,) = colour_bars(fig)
    assert [t.get_text() for t in bar.ax.get_yticklabels()] == ["its min", "its max"]
    assert tiles(fig)[1].get_images()[0].get_clim() == (0.0, 3.0)
    fig = learned.show_feature_maps(maps, scale="shared")
    assert {ax.get_images()[0].get_clim() for ax in tiles(fig)} == {(0.0, 3.0)}
    (bar,) = colour_bars(fig)
    assert bar.mappable.get_clim() == (0.0, 3.0) and bar.ax.get_ylabel() == "activation"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"maps": np.zeros((2, 7, 7, 3))}, r"\(h, w, channels\) or \(1, h, w, channels\)"),
        ({"maps": np.zeros((7, 7))}, "maps must be a non-empty"),
        ({"maps": np.zeros((7, 7, 3)), "max_maps": 0}, "max_maps must be an int >= 1"),
    ],
)
def test_show_feature_maps_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        learned.show_feature_maps(**kwargs)
