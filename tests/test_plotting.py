"""course_utils.plotting: figures have the expected axes and titles; bad input is named."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils import plotting


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


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


def test_confusion_matrix_counts_true_by_predicted():
    m = plotting.confusion_matrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], num_classes=3)
    assert m.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 2]]
    assert m.sum() == 6 and np.trace(m) == 4


def test_confusion_matrix_bad_input():
    with pytest.raises(ValueError, match="y_true has 2 labels but y_pred has 1"):
        plotting.confusion_matrix([0, 1], [0])
    with pytest.raises(ValueError, match=r"labels must lie in \[0, num_classes=2\)"):
        plotting.confusion_matrix([0, 2], [0, 1], num_classes=2)


def test_show_confusion_matrix_labels_axes_and_cells():
    fig = plotting.show_confusion_matrix([0, 1, 1], [0, 1, 0], ["cat", "dog"], title="t")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["cat", "dog"]
    assert sorted(t.get_text() for t in ax.texts) == ["0", "1", "1", "1"]


# --- lecture 1: kernels as heat maps, images of different sizes to scale ---


def test_show_kernel_writes_every_weight_and_the_sum():
    fig = plotting.show_kernel([[0, -1, 0], [-1, 5, -1], [0, -1, 0]])
    ax = fig.axes[0]
    assert sorted(t.get_text() for t in ax.texts) == sorted(["0", "-1"] * 4 + ["5"])
    assert ax.get_title() == "weights sum to 1"
    assert plotting.show_kernel(np.zeros((2, 2)), title="zero").axes[0].get_title() == "zero"


def test_show_kernel_draws_into_a_given_axes():
    fig, axes = plt.subplots(1, 2)
    assert plotting.show_kernel(np.eye(3), ax=axes[1]) is fig
    assert len(axes[1].texts) == 9 and not axes[0].texts


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


# --- lecture 2: learned filters and feature maps ---


def test_show_filters_one_tile_per_filter_with_symmetric_scale():
    kernel = np.zeros((5, 5, 2, 10))
    kernel[0, 0, 1, 3] = -2.0
    fig = plotting.show_filters(kernel, in_channel=1, ncols=4, title="conv1")
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
        plotting.show_filters(**kwargs)


def test_show_feature_maps_accepts_a_batch_of_one_and_caps_the_count():
    maps = np.arange(1 * 7 * 7 * 64, dtype=np.float32).reshape(1, 7, 7, 64)
    fig = plotting.show_feature_maps(maps, max_maps=12, ncols=6)
    assert len(fig.axes) == 12
    first = fig.axes[0].get_images()[0].get_array()
    assert np.array_equal(first, maps[0, :, :, 0])
    assert len(plotting.show_feature_maps(np.ones((4, 4, 3))).axes) == 3


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
        plotting.show_feature_maps(**kwargs)


def test_confusion_matrix_matches_tensorflow():
    tf = pytest.importorskip("tensorflow")
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.integers(0, 10, 500), rng.integers(0, 10, 500)
    expected = tf.math.confusion_matrix(y_true, y_pred, num_classes=10).numpy()
    np.testing.assert_array_equal(plotting.confusion_matrix(y_true, y_pred), expected)


def test_show_history_plots_training_and_validation_per_metric():
    logs = {"loss": [0.9, 0.5, 0.4], "val_loss": [1.0, 0.7, 0.6], "accuracy": [0.7, 0.8, 0.9]}
    fig = plotting.show_history(logs, title="curves")
    assert [ax.get_ylabel() for ax in fig.axes] == ["loss", "accuracy"]
    loss_lines = fig.axes[0].lines
    assert [line.get_label() for line in loss_lines] == ["training", "validation"]
    assert list(loss_lines[1].get_xdata()) == [1, 2, 3]  # epochs count from 1
    assert fig._suptitle.get_text() == "curves"


def test_show_history_reads_a_keras_history_object():
    class History:
        def __init__(self):
            self.history = {"loss": [1.0, 0.5]}

    fig = plotting.show_history(History(), metrics=["loss"])
    assert len(fig.axes) == 1


@pytest.mark.parametrize(
    ("history", "metrics", "error", "message"),
    [
        ([0.5], ("loss",), TypeError, "history must be a keras History or a dict, got list"),
        ({"loss": [1.0]}, "loss", ValueError, "metrics must be a non-empty sequence"),
        ({"loss": [1.0]}, (), ValueError, "metrics must be a non-empty sequence"),
        ({"loss": [1.0]}, ("acc",), ValueError, r"history has no 'acc'; it has \['loss'\]"),
    ],
)
def test_show_history_bad_input(history, metrics, error, message):
    with pytest.raises(error, match=message):
        plotting.show_history(history, metrics)


def test_find_confused_pairs_orders_by_count_then_position():
    matrix = np.array([[50, 3, 7], [3, 40, 0], [9, 1, 30]])
    pairs = plotting.find_confused_pairs(matrix, ["a", "b", "c"], top=3)
    assert pairs == [("c", "a", 9), ("a", "c", 7), ("a", "b", 3)]  # (a, b) before (b, a) on ties
    assert plotting.find_confused_pairs(matrix, top=1) == [(2, 0, 9)]
    assert len(plotting.find_confused_pairs(matrix, top=100)) == 6  # only off-diagonal cells


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"matrix": np.zeros((2, 3))}, r"matrix must be a square \(k, k\) array"),
        ({"matrix": np.zeros(4)}, r"matrix must be a square \(k, k\) array"),
        ({"matrix": np.eye(3), "class_names": "ab"}, "class_names has 2 names for 3 classes"),
        ({"matrix": np.eye(3), "top": 0}, "top must be an int >= 1"),
        ({"matrix": np.eye(3), "top": True}, "top must be an int >= 1"),
    ],
)
def test_find_confused_pairs_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        plotting.find_confused_pairs(**kwargs)
