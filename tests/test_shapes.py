"""course_utils.shapes against real TensorFlow layers, and every kind of bad input."""

import itertools
import subprocess
import sys

import numpy as np
import pytest

from course_utils.shapes import (
    conv_output_size,
    effective_kernel_size,
    pool_output_size,
    same_padding,
)

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

SIZES = range(1, 11)
KERNELS = range(1, 6)


def _grid_conv():
    for size, k, stride, dilation, padding in itertools.product(
        SIZES, KERNELS, (1, 2, 3), (1, 2, 3), ("valid", "same")
    ):
        if stride > 1 and dilation > 1:
            continue  # Keras refuses strides > 1 together with dilation > 1
        if padding == "valid" and effective_kernel_size(k, dilation) > size:
            continue  # TF raises too; the error path is tested below
        yield size, k, stride, dilation, padding


CONV_GRID = list(_grid_conv())


@pytest.mark.parametrize("padding", ["valid", "same"])
def test_conv_output_size_matches_keras_conv2d(padding):
    checked = 0
    for size, k, stride, dilation, pad in CONV_GRID:
        if pad != padding:
            continue
        # height and width differ, so one call checks two sizes
        width = size + 3
        layer = keras.layers.Conv2D(1, k, strides=stride, padding=pad, dilation_rate=dilation)
        out = layer(np.zeros((1, size, width, 1), np.float32))
        expected = (
            conv_output_size(size, k, stride, pad, dilation),
            conv_output_size(width, k, stride, pad, dilation),
        )
        assert tuple(out.shape[1:3]) == expected, (size, width, k, stride, dilation, pad)
        checked += 1
    assert checked > 150


def test_same_padding_and_explicit_pads_match_tf_nn_conv2d():
    """Explicit (before, after) pads from same_padding() reproduce TF's SAME output exactly."""
    rng = np.random.default_rng(0)
    for size, k, stride, dilation, pad in CONV_GRID:
        if pad != "same" or dilation > 1:
            continue
        x = rng.normal(size=(1, size, size, 1)).astype(np.float32)
        w = rng.normal(size=(k, k, 1, 1)).astype(np.float32)
        before, after = same_padding(size, k, stride)
        explicit = [[0, 0], [before, after], [before, after], [0, 0]]
        same = tf.nn.conv2d(x, w, stride, "SAME")
        manual = tf.nn.conv2d(x, w, stride, explicit)
        np.testing.assert_allclose(manual.numpy(), same.numpy(), rtol=1e-5, atol=1e-5)
        assert manual.shape[1] == conv_output_size(size, k, stride, (before, after))


@pytest.mark.parametrize("pad", [0, 1, 2, (0, 1), (2, 0), (1, 3)])
def test_explicit_padding_matches_tf_nn_conv2d(pad):
    before, after = (pad, pad) if isinstance(pad, int) else pad
    for size, k, stride in itertools.product(SIZES, KERNELS, (1, 2, 3)):
        if k > size + before + after:
            continue
        x = np.zeros((1, size, size, 1), np.float32)
        w = np.zeros((k, k, 1, 1), np.float32)
        out = tf.nn.conv2d(x, w, stride, [[0, 0], [before, after], [before, after], [0, 0]])
        assert out.shape[1] == conv_output_size(size, k, stride, pad), (size, k, stride, pad)


@pytest.mark.parametrize("layer_cls", ["MaxPooling2D", "AveragePooling2D"])
@pytest.mark.parametrize("padding", ["valid", "same"])
def test_pool_output_size_matches_keras(layer_cls, padding):
    checked = 0
    for size, pool, stride in itertools.product(SIZES, range(1, 5), (None, 1, 2, 3)):
        if padding == "valid" and pool > size:
            continue
        layer = getattr(keras.layers, layer_cls)(pool, strides=stride, padding=padding)
        out = layer(np.zeros((1, size, size + 2, 1), np.float32))
        expected = (
            pool_output_size(size, pool, stride, padding),
            pool_output_size(size + 2, pool, stride, padding),
        )
        assert tuple(out.shape[1:3]) == expected, (size, pool, stride, padding)
        checked += 1
    assert checked > 100


def test_worked_examples_from_the_lectures():
    assert conv_output_size(7, 3, 1) == 5
    assert conv_output_size(7, 3, 2) == 3
    assert pool_output_size(28, 2) == 14
    assert pool_output_size(14, 2) == 7
    assert conv_output_size(8, 3, 2) == 3  # floor: the last row does not fit a window
    assert same_padding(5, 4) == (1, 2)  # the odd pixel goes after (bottom/right)
    assert effective_kernel_size(3, 2) == 5
    assert conv_output_size(5, 3, padding="Same") == conv_output_size(5, 3, padding="SAME") == 5


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: conv_output_size(0, 3), ValueError, "input_size must be an int >= 1, got 0"),
        (lambda: conv_output_size(-4, 3), ValueError, "input_size must be an int >= 1"),
        (lambda: conv_output_size(5, 0), ValueError, "kernel_size must be an int >= 1"),
        (lambda: conv_output_size(5, 3, stride=0), ValueError, "stride must be an int >= 1, got 0"),
        (lambda: conv_output_size(5, 3, dilation=0), ValueError, "dilation must be an int >= 1"),
        (lambda: conv_output_size(5.0, 3), TypeError, "input_size must be an int >= 1, got 5.0"),
        (lambda: conv_output_size(5, 3.5), TypeError, "kernel_size must be an int"),
        (lambda: conv_output_size(True, 3), TypeError, "input_size must be an int"),
        (lambda: conv_output_size(5, 3, stride=False), TypeError, "stride must be an int"),
        (lambda: conv_output_size(5, 3, stride=1.0), TypeError, "stride must be an int"),
        (lambda: conv_output_size(5, 3, padding="full"), ValueError, "padding must be 'valid'"),
        (lambda: conv_output_size(5, 3, padding=-1), ValueError, "padding must be an int >= 0"),
        (lambda: conv_output_size(5, 3, padding=(1, -1)), ValueError, "padding[1] (after)"),
        (lambda: conv_output_size(5, 3, padding=(1, 2, 3)), ValueError, "(before, after) pair"),
        (lambda: conv_output_size(5, 3, padding=1.5), TypeError, "padding must be 'valid'"),
        (lambda: conv_output_size(5, 3, padding=None), TypeError, "padding must be 'valid'"),
        (lambda: conv_output_size(2, 3), ValueError, "kernel_size 3 (dilated to 3) is larger"),
        (lambda: conv_output_size(4, 3, dilation=2), ValueError, "dilated to 5"),
        (lambda: pool_output_size(3, 4), ValueError, "pool_size 4 is larger than input_size 3"),
        (lambda: pool_output_size(4, 2, padding=1), ValueError, "padding for pooling must be"),
        (lambda: pool_output_size(4, 0), ValueError, "pool_size must be an int >= 1"),
        (lambda: pool_output_size(4, 2, stride=0), ValueError, "stride must be an int >= 1"),
        (lambda: same_padding(0, 3), ValueError, "input_size must be an int >= 1"),
        (lambda: same_padding(5, 3, stride=0), ValueError, "stride must be an int >= 1"),
    ],
)
def test_bad_input_names_the_argument(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert message in str(info.value)


def test_numpy_integers_are_accepted():
    assert conv_output_size(np.int64(28), np.int32(5), padding="same") == 28


def test_shapes_work_without_tensorflow():
    code = (
        "import sys; sys.modules['tensorflow'] = None; sys.modules['keras'] = None\n"
        "from course_utils.shapes import conv_output_size\n"
        "print(conv_output_size(28, 5, 2, 'same'))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "14"
