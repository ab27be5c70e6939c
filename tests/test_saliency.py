"""course_utils.saliency on tiny hand-built models whose right answer is known."""

import subprocess
import sys

import numpy as np
import pytest

from course_utils.fields import describe_model_layers, receptive_field_position
from course_utils.saliency import (
    compute_class_scores,
    compute_grad_cam,
    compute_gradient_saliency,
    compute_occlusion_map,
    compute_smoothgrad,
    find_top_patches,
    show_heat_maps,
)
from course_utils.shapes import conv_output_size, same_padding

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

PIXEL = (2, 5)  # the one pixel the single-pixel model looks at


@pytest.fixture(scope="module")
def linear():
    """``logits = flatten(x) @ W + b`` on 6×7×2 images, 3 classes: saliency is W's column."""
    model = keras.Sequential(
        [keras.Input((6, 7, 2)), keras.layers.Flatten(), keras.layers.Dense(3, name="out")]
    )
    rng = np.random.default_rng(1)
    model.set_weights([rng.normal(size=(84, 3)).astype("float32"), np.ones(3, "float32")])
    return model


@pytest.fixture(scope="module")
def one_pixel():
    """Class 1 wins when pixel PIXEL is bright: logits (0, 4·relu(x[PIXEL]) - 2)."""
    model = keras.Sequential(
        [keras.Input((8, 8, 1)), keras.layers.Flatten(), keras.layers.Dense(2), keras.layers.ReLU()]
    )
    kernel = np.zeros((64, 2), "float32")
    kernel[PIXEL[0] * 8 + PIXEL[1], 1] = 4.0
    model.set_weights([kernel, np.array([0.0, 0.0], "float32")])
    return model


@pytest.fixture(scope="module")
def two_channels():
    """A 1×1 conv copies two input channels; class c is the mean of channel c."""
    model = keras.Sequential(
        [
            keras.Input((6, 6, 2)),
            keras.layers.Conv2D(2, 1, use_bias=False, name="conv"),
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.Dense(2, use_bias=False),
        ]
    )
    model.set_weights([np.eye(2, dtype="float32")[None, None], np.eye(2, dtype="float32")])
    return model


def _images(n, shape, seed=0):
    return np.random.default_rng(seed).uniform(0, 1, (n, *shape)).astype("float32")


def test_a_linear_models_saliency_is_its_weight_map(linear):
    x = _images(4, (6, 7, 2))
    weights = linear.get_weights()[0]
    for c in range(3):
        maps = compute_gradient_saliency(linear, x, c)
        assert maps.shape == x.shape
        np.testing.assert_allclose(maps, np.broadcast_to(weights[:, c].reshape(6, 7, 2), x.shape))
    per_image = compute_gradient_saliency(linear, x, [0, 1, 2, 0])
    np.testing.assert_allclose(per_image[1], weights[:, 1].reshape(6, 7, 2))
    smooth = compute_smoothgrad(linear, x, 2, samples=4)  # noise cannot move a constant
    np.testing.assert_allclose(smooth, maps, rtol=1e-5)


def test_class_scores_pick_each_images_class(linear):
    x = _images(3, (6, 7, 2))
    logits = linear(x).numpy()
    np.testing.assert_allclose(
        compute_class_scores(linear, x, [2, 0, 1]), logits[[0, 1, 2], [2, 0, 1]]
    )


def test_gradient_and_occlusion_find_the_one_pixel(one_pixel):
    x = _images(3, (8, 8, 1), seed=2) * 0.2
    x[:, PIXEL[0], PIXEL[1], 0] = 1.0  # bright: class 1
    assert (one_pixel(x).numpy().argmax(axis=1) == 1).all()
    grads = np.abs(compute_gradient_saliency(one_pixel, x, 1))[..., 0]
    assert np.count_nonzero(grads) == 3 and (grads[:, PIXEL[0], PIXEL[1]] == 4).all()
    drops = compute_occlusion_map(one_pixel, x, 1, patch_size=1)
    assert drops.shape == (3, 8, 8) and np.count_nonzero(drops) == 3
    np.testing.assert_allclose(drops[:, PIXEL[0], PIXEL[1]], 4.0)


def test_a_same_padded_occlusion_covers_the_pixel_where_the_windows_do(one_pixel):
    x = np.zeros((1, 8, 8, 1), "float32")
    x[0, PIXEL[0], PIXEL[1], 0] = 1.0
    drops = compute_occlusion_map(one_pixel, x, 1, patch_size=3, stride=2, padding="same")
    assert drops.shape == (1, 4, 4)  # conv_output_size(8, 3, 2, "same")
    # TF's "same" pads (0, 1) here, so window i covers rows 2i..2i+2 (clipped to the image)
    covers = [[2 * i <= p < 2 * i + 3 for i in range(4)] for p in PIXEL]
    np.testing.assert_array_equal(drops[0] > 0, np.outer(covers[0], covers[1]))
    np.testing.assert_allclose(drops[0][drops[0] > 0], 4.0)


@pytest.mark.parametrize(
    ("patch", "stride", "padding"),
    [
        (1, 1, "valid"),
        (3, 1, "valid"),
        (3, 2, "valid"),
        (4, 3, "same"),
        (3, 2, "SAME"),
        (6, 1, "valid"),
    ],
)
def test_occlusion_drops_what_the_window_held_and_has_a_convolutions_size(
    patch, stride, padding, linear
):
    x = _images(2, (6, 7, 2), seed=3)
    drops = compute_occlusion_map(linear, x, 0, patch_size=patch, stride=stride, padding=padding)
    rows = conv_output_size(6, patch, stride, padding)
    cols = conv_output_size(7, patch, stride, padding)
    assert drops.shape == (2, rows, cols)
    # for a linear model, the drop is what the covered pixels added: Σ w·x over the window
    contribution = x * linear.get_weights()[0][:, 0].reshape(6, 7, 2)
    same = padding.lower() == "same"
    top = same_padding(6, patch, stride)[0] if same else 0
    left = same_padding(7, patch, stride)[0] if same else 0
    for i in range(rows):
        for j in range(cols):
            r, c = i * stride - top, j * stride - left
            window = contribution[:, max(r, 0) : r + patch, max(c, 0) : c + patch]
            np.testing.assert_allclose(
                drops[:, i, j], window.sum(axis=(1, 2, 3)), rtol=1e-4, atol=1e-5
            )


def test_grad_cam_follows_the_channel_that_decides(two_channels):
    x = np.zeros((2, 6, 6, 2), "float32")
    x[:, :2, :2, 0] = 1.0  # channel 0 bright top left
    x[:, 4:, 3:, 1] = 1.0  # channel 1 bright bottom right
    x[1, 0, 5, 1] = 0.5
    for c in (0, 1):
        cam = compute_grad_cam(two_channels, x, c, "conv")
        # the gradient of class c's mean is 1/36 on channel c and 0 on the other one
        np.testing.assert_allclose(cam, x[..., c] / 36, rtol=1e-6)
    cam = compute_grad_cam(two_channels, x, [0, 1], "conv")
    np.testing.assert_allclose(cam[1], x[1, ..., 1] / 36, rtol=1e-6)
    negative = keras.models.clone_model(two_channels)
    negative.set_weights([-two_channels.get_weights()[0], two_channels.get_weights()[1]])
    assert (compute_grad_cam(negative, x, 0, "conv") == 0).all()  # ReLU keeps positive evidence


def test_grad_cam_has_the_layers_resolution():
    model = keras.Sequential(
        [
            keras.Input((12, 10, 1)),
            keras.layers.Conv2D(3, 3, strides=2, padding="same", activation="relu", name="c1"),
            keras.layers.MaxPooling2D(2, name="pool"),
            keras.layers.Flatten(),
            keras.layers.Dense(4),
        ]
    )
    x = _images(2, (12, 10, 1))
    assert compute_grad_cam(model, x, 3, "c1").shape == (2, 6, 5)
    assert compute_grad_cam(model, x, 3, "pool").shape == (2, 3, 2)


def test_top_patches_are_the_strongest_fields():
    """A 3×3 all-ones valid conv sums its field, so the top position holds the largest sum."""
    model = keras.Sequential(
        [
            keras.Input((9, 9, 1)),
            keras.layers.Conv2D(2, 3, kernel_initializer="ones", name="sum"),
            keras.layers.MaxPooling2D(2, name="pool"),
        ]
    )
    x = _images(5, (9, 9, 1), seed=4)
    top = find_top_patches(model, x, "sum", 1, k=9)
    sums = np.lib.stride_tricks.sliding_window_view(x[..., 0], (3, 3), axis=(1, 2)).sum(
        axis=(-1, -2)
    )
    np.testing.assert_allclose(top.value, np.sort(sums.ravel())[::-1][:9], rtol=1e-5)
    layers = describe_model_layers(model, "sum")
    for n, r, c, v in zip(*top, strict=True):
        rows = receptive_field_position(layers, 9, int(r))
        cols = receptive_field_position(layers, 9, int(c))
        patch = x[n, rows.start : rows.stop, cols.start : cols.stop]
        assert patch.shape == (3, 3, 1) and np.isclose(patch.sum(), v, rtol=1e-5)
    pooled = find_top_patches(model, x, "pool", 0, k=1)
    # the 2×2 pool keeps rows and columns 0..5 of the 7×7 conv output (the 7th is dropped)
    assert pooled.value[0] == pytest.approx(sums[:, :6, :6].max(), rel=1e-5)
    assert receptive_field_position(describe_model_layers(model, "pool"), 9, 0).stop == 4


def test_heat_maps_use_magma_or_a_centred_diverging_map_with_colour_bars(close_figures):
    x = _images(3, (5, 5, 1))
    fig = show_heat_maps(x, x[..., 0], titles=["a", "b", "c"])
    maps = [ax.images[0] for ax in fig.axes if ax.images and ax.images[0].colorbar is not None]
    assert len(maps) == 3 and {m.get_cmap().name for m in maps} == {"magma"}
    signed = show_heat_maps(x, x[..., 0] - 0.5, signed=True)
    maps = [ax.images[0] for ax in signed.axes if ax.images and ax.images[0].colorbar is not None]
    assert {m.get_cmap().name for m in maps} == {"RdBu_r"}
    assert all(m.get_clim()[0] == -m.get_clim()[1] for m in maps)
    with pytest.raises(ValueError, match="maps must have shape"):
        show_heat_maps(x, x)


@pytest.mark.parametrize("method", ["gradient", "smoothgrad", "grad_cam", "occlusion", "scores"])
def test_bad_input_names_the_argument(method, two_channels, expect_error):
    calls = {
        "gradient": lambda x, c: compute_gradient_saliency(two_channels, x, c),
        "smoothgrad": lambda x, c: compute_smoothgrad(two_channels, x, c, samples=1),
        "grad_cam": lambda x, c: compute_grad_cam(two_channels, x, c, "conv"),
        "occlusion": lambda x, c: compute_occlusion_map(two_channels, x, c, patch_size=2),
        "scores": lambda x, c: compute_class_scores(two_channels, x, c),
    }
    call = calls[method]
    x = np.zeros((2, 6, 6, 2), "float32")
    expect_error(lambda: call(x[0], 0), ValueError, "images must be a rank-4 NHWC batch")
    expect_error(lambda: call(x.astype(str), 0), TypeError, "images must be a numeric array")
    expect_error(lambda: call(x, 2), ValueError, "class_index must be an int in [0, 1]")
    expect_error(lambda: call(x, -1), ValueError, "class_index must be an int in [0, 1]")
    expect_error(lambda: call(x, 1.0), TypeError, "class_index must be an int in [0, 1]")
    expect_error(lambda: call(x, [0, 1, 1]), ValueError, "class_index must be")
    expect_error(lambda: call(x, "0"), TypeError, "class_index must be")


def test_bad_layer_channel_and_window_arguments(two_channels, expect_error):
    x = np.zeros((1, 6, 6, 2), "float32")
    expect_error(
        lambda: compute_grad_cam(two_channels, x, 0, "conv9"), ValueError, "layer_name must be one"
    )
    flat = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, name="dense")])
    expect_error(lambda: find_top_patches(flat, np.zeros((1, 4)), "dense", 0), ValueError, "rank-4")
    expect_error(
        lambda: find_top_patches(two_channels, x, "conv", 2),
        ValueError,
        "channel must be an int in [0, 1]",
    )
    expect_error(
        lambda: find_top_patches(two_channels, x, "conv", 0, k=37), ValueError, "k must be"
    )
    expect_error(
        lambda: compute_occlusion_map(two_channels, x, 0, patch_size=0), ValueError, "patch_size"
    )
    expect_error(
        lambda: compute_occlusion_map(two_channels, x, 0, patch_size=2, padding="full"),
        ValueError,
        "padding must be 'valid' or 'same'",
    )
    expect_error(
        lambda: compute_occlusion_map(two_channels, x, 0, patch_size=7), ValueError, "kernel_size 7"
    )
    expect_error(
        lambda: compute_smoothgrad(two_channels, x, 0, noise=-1.0), ValueError, "noise must be"
    )
    expect_error(lambda: compute_smoothgrad(two_channels, x, 0, noise="a"), TypeError, "noise")


def test_imports_without_tensorflow():
    code = "import sys, course_utils.saliency; assert 'tensorflow' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
