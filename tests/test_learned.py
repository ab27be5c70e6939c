"""course_utils.learned: a trained convnet's filters and feature maps."""

import numpy as np
import pytest

from course_utils import learned

pytestmark = pytest.mark.usefixtures("close_figures")


def test_show_filters_one_tile_per_filter_with_symmetric_scale():
    kernel = np.zeros((5, 5, 2, 10))
    kernel[0, 0, 1, 3] = -2.0
    fig = learned.show_filters(kernel, in_channel=1, ncols=4, title="conv1")
    assert len(fig.axes) == 10  # 3 rows of 4, the last two cells removed
    image = fig.axes[3].get_images()[0]
    assert image.get_array().shape == (5, 5)
    assert image.get_clim() == (-2.0, 2.0)
    assert fig.axes[0].get_images()[0].get_clim() == (-1.0, 1.0)  # all-zero filter
    assert fig._suptitle.get_text() == "conv1"


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"kernel": np.zeros((5, 5, 32))}, ValueError, r"\(kh, kw, in_channels, filters\)"),
        ({"kernel": np.zeros((5, 5, 1, 0))}, ValueError, "non-empty"),
        ({"kernel": np.zeros((5, 5, 1, 4)), "in_channel": 1}, ValueError, r"in \[0, 1\)"),
        ({"kernel": np.zeros((5, 5, 1, 4)), "in_channel": 0.0}, TypeError, "must be an int"),
        ({"kernel": np.zeros((5, 5, 1, 4)), "ncols": 0}, ValueError, "ncols must be an int"),
    ],
)
def test_show_filters_bad_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        learned.show_filters(**kwargs)


def test_show_feature_maps_accepts_a_batch_of_one_and_caps_the_count():
    maps = np.arange(1 * 7 * 7 * 64, dtype=np.float32).reshape(1, 7, 7, 64)
    fig = learned.show_feature_maps(maps, max_maps=12, ncols=6)
    assert len(fig.axes) == 12
    first = fig.axes[0].get_images()[0].get_array()
    assert np.array_equal(first, maps[0, :, :, 0])
    assert len(learned.show_feature_maps(np.ones((4, 4, 3))).axes) == 3


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
