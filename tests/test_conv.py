"""course_utils.conv against tf.nn.conv2d itself, the seed example, and every bad input."""

import itertools

import numpy as np
import pytest

from course_utils.conv import conv2d, conv_matrix, corr2d, im2col
from course_utils.shapes import effective_kernel_size

tf = pytest.importorskip("tensorflow")

# The worked example of seeds 001/002 (the Stanford UFLDL animation).
SEED_IMAGE = np.array(
    [[1, 1, 1, 0, 0], [0, 1, 1, 1, 0], [0, 0, 1, 1, 1], [0, 0, 1, 1, 0], [0, 1, 1, 0, 0]]
)
SEED_KERNEL = np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]])
SEED_MAP = np.array([[4, 3, 4], [2, 4, 3], [2, 3, 4]])


def test_corr2d_reproduces_the_seed_example_exactly():
    out = corr2d(SEED_IMAGE, SEED_KERNEL)
    assert out[0, 0] == 4
    np.testing.assert_array_equal(out, SEED_MAP)


def test_corr2d_and_conv2d_agree_with_tf_on_the_seed_example():
    x, f = SEED_IMAGE[None, :, :, None], SEED_KERNEL[:, :, None, None]
    tf_out = tf.nn.conv2d(x.astype(np.float32), f.astype(np.float32), 1, "VALID").numpy()
    np.testing.assert_array_equal(tf_out[0, :, :, 0], SEED_MAP)
    np.testing.assert_array_equal(conv2d(x, f)[0, :, :, 0], SEED_MAP)


def test_corr2d_does_not_flip_the_kernel():
    image = np.arange(12.0).reshape(3, 4)
    kernel = np.array([[1.0, 2.0]])
    np.testing.assert_array_equal(corr2d(image, kernel)[0], [2.0, 5.0, 8.0])


def test_corr2d_matches_tf_on_random_rectangles():
    rng = np.random.default_rng(3)
    for h, w, kh, kw in [(7, 5, 3, 2), (4, 9, 4, 1), (6, 6, 6, 6), (5, 8, 2, 5)]:
        image, kernel = rng.normal(size=(h, w)), rng.normal(size=(kh, kw))
        expected = tf.nn.conv2d(
            image[None, :, :, None].astype(np.float32),
            kernel[:, :, None, None].astype(np.float32),
            1,
            "VALID",
        ).numpy()[0, :, :, 0]
        np.testing.assert_allclose(corr2d(image, kernel), expected, atol=1e-5)


def _grid():
    """Shapes, strides, dilations and paddings, with TF's own refusals left out."""
    rng = np.random.default_rng(2024)
    for size, k, stride, dilation, padding in itertools.product(
        (1, 2, 5, 7, 8), (1, 2, 3, 4), (1, 2, 3), (1, 2), ("VALID", "SAME")
    ):
        width = size + int(rng.integers(0, 4))  # height and width differ
        kw = max(1, k - int(rng.integers(0, 2)))  # and so do kernel height and width
        if padding == "VALID" and (
            effective_kernel_size(k, dilation) > size or effective_kernel_size(kw, dilation) > width
        ):
            continue
        yield size, width, k, kw, stride, dilation, padding


GRID = list(_grid())


@pytest.mark.parametrize("padding", ["VALID", "SAME"])
def test_conv2d_matches_tf_nn_conv2d_on_a_randomised_grid(padding):
    rng = np.random.default_rng(7)
    checked = 0
    for h, w, kh, kw, stride, dilation, pad in GRID:
        if pad != padding:
            continue
        cin, cout = rng.integers(1, 4, size=2)
        x = rng.normal(size=(2, h, w, cin)).astype(np.float32)
        f = rng.normal(size=(kh, kw, cin, cout)).astype(np.float32)
        expected = tf.nn.conv2d(x, f, strides=stride, padding=pad, dilations=dilation).numpy()
        got = conv2d(x, f, strides=stride, padding=pad, dilation=dilation)
        assert got.shape == expected.shape, (h, w, kh, kw, stride, dilation, pad)
        np.testing.assert_allclose(got, expected, atol=1e-5, rtol=1e-5)
        checked += 1
    assert checked > 60


def test_conv2d_per_axis_strides_and_dilations_match_tf():
    rng = np.random.default_rng(11)
    x = rng.normal(size=(1, 10, 9, 2)).astype(np.float32)
    f = rng.normal(size=(3, 2, 2, 3)).astype(np.float32)
    for strides, dilation, padding in [((1, 2), (2, 1), "SAME"), ((3, 1), (1, 3), "VALID")]:
        expected = tf.nn.conv2d(x, f, strides=strides, padding=padding, dilations=dilation)
        got = conv2d(x, f, strides=strides, padding=padding.lower(), dilation=dilation)
        np.testing.assert_allclose(got, expected.numpy(), atol=1e-5)


def test_conv2d_same_puts_the_odd_padding_pixel_bottom_right():
    # A 2×2 kernel of ones on a 3×3 image: SAME pads one row and column, after the image.
    x = np.arange(1.0, 10.0).reshape(1, 3, 3, 1)
    out = conv2d(x, np.ones((2, 2, 1, 1)), padding="same")[0, :, :, 0]
    assert out[0, 0] == 1 + 2 + 4 + 5
    assert out[2, 2] == 9  # bottom-right window sees only the last pixel


def test_conv2d_dtypes():
    x = np.ones((1, 4, 4, 1), np.uint8)
    assert conv2d(x, np.ones((2, 2, 1, 1), np.int64)).dtype == np.float64
    assert conv2d(x.astype(np.float32), np.ones((2, 2, 1, 1), np.float32)).dtype == np.float32


@pytest.mark.parametrize(
    ("x", "filters", "kwargs", "error", "message"),
    [
        (
            np.ones((4, 4, 1)),
            np.ones((3, 3, 1, 1)),
            {},
            ValueError,
            r"x must be a 4-D array in NHWC",
        ),
        (
            np.ones((1, 4, 4, 1)),
            np.ones((3, 3, 1)),
            {},
            ValueError,
            r"filters must be a 4-D .*HWIO",
        ),
        (
            np.ones((1, 4, 4, 3)),
            np.ones((3, 3, 1, 2)),
            {},
            ValueError,
            r"x has 3 channels but .*in_channels=1",
        ),
        (np.array([[[["a"]]]]), np.ones((1, 1, 1, 1)), {}, TypeError, r"x must hold numbers"),
        (
            np.ones((1, 4, 4, 1)),
            np.full((1, 1, 1, 1), None),
            {},
            TypeError,
            r"filters must hold numbers",
        ),
        (np.ones((0, 4, 4, 1)), np.ones((3, 3, 1, 1)), {}, ValueError, r"x must not be empty"),
        (
            np.ones((1, 2, 4, 1)),
            np.ones((3, 3, 1, 1)),
            {},
            ValueError,
            r"larger than the 2×4 input",
        ),
        (
            np.ones((1, 5, 5, 1)),
            np.ones((3, 3, 1, 1)),
            {"dilation": 3},
            ValueError,
            r"dilation 3×3\) are larger",
        ),
        (
            np.ones((1, 4, 4, 1)),
            np.ones((3, 3, 1, 1)),
            {"strides": 0},
            ValueError,
            r"strides must be an int >= 1",
        ),
        (
            np.ones((1, 4, 4, 1)),
            np.ones((3, 3, 1, 1)),
            {"strides": 1.5},
            TypeError,
            r"strides must be an int",
        ),
        (
            np.ones((1, 4, 4, 1)),
            np.ones((3, 3, 1, 1)),
            {"strides": (1, 2, 1)},
            ValueError,
            r"\(height, width\) pair",
        ),
        (
            np.ones((1, 4, 4, 1)),
            np.ones((3, 3, 1, 1)),
            {"dilation": True},
            TypeError,
            r"dilation must be an int",
        ),
        (
            np.ones((1, 4, 4, 1)),
            np.ones((3, 3, 1, 1)),
            {"padding": "full"},
            ValueError,
            r"padding must be 'valid' or 'same'",
        ),
        (
            np.ones((1, 4, 4, 1)),
            np.ones((3, 3, 1, 1)),
            {"padding": 1},
            TypeError,
            r"padding must be",
        ),
    ],
)
def test_conv2d_bad_inputs(x, filters, kwargs, error, message):
    with pytest.raises(error, match=message):
        conv2d(x, filters, **kwargs)


def test_conv2d_ragged_input():
    with pytest.raises(ValueError, match="could not read it"):
        conv2d([[[[1]], [[1, 2]]]], np.ones((1, 1, 1, 1)))


def test_conv2d_same_works_when_the_kernel_is_larger_than_the_image():
    x = np.ones((1, 2, 2, 1), np.float32)
    f = np.ones((5, 5, 1, 1), np.float32)
    expected = tf.nn.conv2d(x, f, 1, "SAME").numpy()
    np.testing.assert_allclose(conv2d(x, f, padding="same"), expected)


@pytest.mark.parametrize(
    ("image", "kernel", "error", "message"),
    [
        (np.ones(5), np.ones((3, 3)), ValueError, r"image must be a 2-D array \(height, width\)"),
        (np.ones((5, 5)), np.ones((3, 3, 1)), ValueError, r"kernel must be a 2-D array"),
        (np.ones((2, 5)), np.ones((3, 3)), ValueError, r"larger than image of shape \(2, 5\)"),
        (np.ones((5, 0)), np.ones((3, 3)), ValueError, r"image must not be empty"),
        (np.ones((5, 5)), [["1", "2"]], TypeError, r"kernel must hold numbers"),
    ],
)
def test_corr2d_bad_inputs(image, kernel, error, message):
    with pytest.raises(error, match=message):
        corr2d(image, kernel)


# The layer as one matrix: conv_matrix and im2col -----------------------------------------


def _tf_single(image, kernel, strides, padding, dilation):
    return tf.nn.conv2d(
        image[None, :, :, None].astype(np.float32),
        kernel[:, :, None, None].astype(np.float32),
        strides=strides,
        padding=padding.upper(),
        dilations=dilation,
    ).numpy()[0, :, :, 0]


@pytest.mark.parametrize("padding", ["valid", "same"])
def test_conv_matrix_times_the_image_is_tf_nn_conv2d(padding):
    rng = np.random.default_rng(5)
    checked = 0
    for h, w, kh, kw, stride, dilation, pad in GRID:
        if pad.lower() != padding:
            continue
        image, kernel = rng.normal(size=(h, w)), rng.normal(size=(kh, kw))
        expected = _tf_single(image, kernel, stride, padding, dilation)
        matrix = conv_matrix((h, w), kernel, strides=stride, padding=padding, dilation=dilation)
        assert matrix.shape == (expected.size, h * w)
        np.testing.assert_allclose(
            (matrix @ image.ravel()).reshape(expected.shape), expected, atol=1e-4
        )
        checked += 1
    assert checked > 60


def test_conv_matrix_is_sparse_and_toeplitz_at_stride_1():
    kernel = np.arange(1.0, 10.0).reshape(3, 3)
    matrix = conv_matrix((5, 6), kernel)
    assert matrix.shape == (3 * 4, 5 * 6)
    assert np.count_nonzero(matrix) == 9 * 12  # each row holds the 9 weights, nothing else
    # one output step right shifts a row by one input column (Toeplitz within a block)
    np.testing.assert_array_equal(matrix[1, 1:], matrix[0, :-1])
    # one output row down shifts it by one input row, w columns (Toeplitz between blocks)
    np.testing.assert_array_equal(matrix[4, 6:], matrix[0, :-6])


def test_conv_matrix_transpose_is_tf_conv2d_transpose():
    rng = np.random.default_rng(9)
    kernel, y = rng.normal(size=(3, 3)), rng.normal(size=(3, 3))
    matrix = conv_matrix((7, 7), kernel, strides=2)
    expected = tf.nn.conv2d_transpose(
        y[None, :, :, None].astype(np.float32),
        kernel[:, :, None, None].astype(np.float32),
        output_shape=(1, 7, 7, 1),
        strides=2,
        padding="VALID",
    ).numpy()[0, :, :, 0]
    np.testing.assert_allclose((matrix.T @ y.ravel()).reshape(7, 7), expected, atol=1e-5)


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "message"),
    [
        (((5,), np.ones((3, 3))), {}, ValueError, r"input_shape must be an \(in_h, in_w\) pair"),
        (((5, 0), np.ones((3, 3))), {}, ValueError, r"input_shape must be an int >= 1"),
        (((5, 5.0), np.ones((3, 3))), {}, TypeError, r"input_shape must be an int"),
        (((5, 5), np.ones((3, 3, 1))), {}, ValueError, r"kernel must be a 2-D array"),
        (((5, 5), [["a"]]), {}, TypeError, r"kernel must hold numbers"),
        (((2, 5), np.ones((3, 3))), {}, ValueError, r"larger than the 2×5 input"),
        (((5, 5), np.ones((3, 3))), {"strides": 0}, ValueError, r"strides must be an int >= 1"),
        (((5, 5), np.ones((3, 3))), {"padding": "full"}, ValueError, r"padding must be 'valid'"),
        (((5, 5), np.ones((3, 3))), {"dilation": 1.5}, TypeError, r"dilation must be an int"),
    ],
)
def test_conv_matrix_bad_inputs(args, kwargs, error, message):
    with pytest.raises(error, match=message):
        conv_matrix(*args, **kwargs)


@pytest.mark.parametrize("padding", ["VALID", "SAME"])
def test_im2col_times_the_filters_is_tf_nn_conv2d(padding):
    rng = np.random.default_rng(13)
    checked = 0
    for h, w, kh, kw, stride, dilation, pad in GRID:
        if pad != padding:
            continue
        cin, cout = (int(v) for v in rng.integers(1, 4, size=2))
        x = rng.normal(size=(2, h, w, cin)).astype(np.float32)
        f = rng.normal(size=(kh, kw, cin, cout)).astype(np.float32)
        expected = tf.nn.conv2d(x, f, strides=stride, padding=pad, dilations=dilation).numpy()
        columns = im2col(x, (kh, kw), strides=stride, padding=pad, dilation=dilation)
        assert columns.shape == (expected[..., 0].size, kh * kw * cin)
        got = (columns @ f.reshape(-1, cout)).reshape(expected.shape)
        np.testing.assert_allclose(got, expected, atol=1e-4, rtol=1e-4)
        checked += 1
    assert checked > 60


def test_im2col_rows_are_tf_image_extract_patches():
    x = np.random.default_rng(1).normal(size=(2, 6, 7, 3)).astype(np.float32)
    patches = tf.image.extract_patches(
        x, sizes=[1, 3, 2, 1], strides=[1, 2, 1, 1], rates=[1, 1, 1, 1], padding="VALID"
    ).numpy()
    np.testing.assert_array_equal(im2col(x, (3, 2), strides=(2, 1)), patches.reshape(-1, 18))


@pytest.mark.parametrize(
    ("x", "kwargs", "error", "message"),
    [
        (np.ones((4, 4)), {}, ValueError, r"x must be a 4-D array in NHWC"),
        (np.ones((1, 4, 4, 1)), {"kernel_size": 0}, ValueError, r"kernel_size must be an int"),
        (np.ones((1, 4, 4, 1)), {"kernel_size": 5}, ValueError, r"larger than the 4×4 input"),
        (np.ones((1, 4, 4, 1)), {"padding": None}, TypeError, r"padding must be 'valid'"),
        (np.ones((1, 4, 4, 1)), {"strides": (1, 1, 1)}, ValueError, r"strides must be"),
    ],
)
def test_im2col_bad_inputs(x, kwargs, error, message):
    kwargs = {"kernel_size": 3, **kwargs}
    with pytest.raises(error, match=message):
        im2col(x, **kwargs)
