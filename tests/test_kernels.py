"""course_utils.kernels: the weights' properties, their effect through tf.nn.conv2d, bad names."""

import numpy as np
import pytest

from course_utils.conv import corr2d
from course_utils.kernels import (
    KERNEL_NAMES,
    KERNELS,
    describe_kernel,
    get_kernel,
    stack_kernels,
)

BRIGHTNESS_KEEPING = ["identity", "box_blur", "gaussian_blur", "sharpen", "emboss"]
EDGE_DETECTORS = ["laplacian", "edge", "sobel_top", "sobel_bottom", "sobel_left", "sobel_right"]


def test_the_issue_lists_every_classic_kernel():
    assert set(KERNEL_NAMES) == set(BRIGHTNESS_KEEPING) | set(EDGE_DETECTORS)
    for name in KERNEL_NAMES:
        kernel = get_kernel(name)
        assert kernel.shape == (3, 3) and kernel.dtype == np.float32


@pytest.mark.parametrize("name", BRIGHTNESS_KEEPING)
def test_brightness_keeping_kernels_sum_to_one(name):
    assert get_kernel(name).sum() == pytest.approx(1.0, abs=1e-6)
    flat = np.full((5, 5), 0.6)
    np.testing.assert_allclose(corr2d(flat, get_kernel(name)), 0.6, atol=1e-6)


@pytest.mark.parametrize("name", EDGE_DETECTORS)
def test_edge_detectors_sum_to_zero_and_blank_flat_regions(name):
    assert get_kernel(name).sum() == 0
    np.testing.assert_allclose(corr2d(np.full((5, 5), 0.6), get_kernel(name)), 0, atol=1e-6)


def test_blurs_are_non_negative_and_symmetric():
    for name in ("box_blur", "gaussian_blur"):
        kernel = get_kernel(name)
        assert (kernel >= 0).all()
        np.testing.assert_array_equal(kernel, kernel[::-1, ::-1])
        np.testing.assert_array_equal(kernel, kernel.T)


@pytest.mark.parametrize(
    ("name", "bright_side"),
    [
        ("sobel_top", "top"),
        ("sobel_bottom", "bottom"),
        ("sobel_left", "left"),
        ("sobel_right", "right"),
    ],
)
def test_each_sobel_gives_a_positive_output_on_its_bright_side(name, bright_side):
    step = np.zeros((6, 6))
    region = {
        "top": (slice(0, 3), slice(None)),
        "bottom": (slice(3, 6), slice(None)),
        "left": (slice(None), slice(0, 3)),
        "right": (slice(None), slice(3, 6)),
    }[bright_side]
    step[region] = 1.0
    out = corr2d(step, get_kernel(name))
    assert out.max() > 0 and out.min() == 0


def test_sobels_are_rotations_of_each_other():
    top = get_kernel("sobel_top")
    np.testing.assert_array_equal(get_kernel("sobel_left"), np.rot90(top))
    np.testing.assert_array_equal(get_kernel("sobel_bottom"), np.rot90(top, 2))
    np.testing.assert_array_equal(get_kernel("sobel_right"), np.rot90(top, 3))


def test_get_kernel_returns_an_editable_copy_and_the_table_is_read_only():
    kernel = get_kernel("identity")
    kernel[1, 1] = 5
    assert get_kernel("identity")[1, 1] == 1
    with pytest.raises(ValueError, match="read-only"):
        KERNELS["identity"][1, 1] = 5


def test_unknown_name_lists_the_valid_names():
    with pytest.raises(ValueError, match=r"unknown kernel 'blur'.*box_blur, gaussian_blur"):
        get_kernel("blur")
    with pytest.raises(TypeError, match="name must be a str"):
        get_kernel(3)
    with pytest.raises(ValueError, match="valid names are: identity"):
        describe_kernel("Sobel")


def test_describe_kernel_gives_the_sum():
    assert describe_kernel("box_blur").startswith("box_blur (sum 1): ")
    assert describe_kernel("edge").startswith("edge (sum 0): ")


def test_stack_kernels_in_one_tf_conv2d_call_matches_one_kernel_at_a_time():
    tf = pytest.importorskip("tensorflow")
    image = np.random.default_rng(1).random((9, 11)).astype(np.float32)
    bank = stack_kernels(KERNEL_NAMES)
    assert bank.shape == (3, 3, 1, len(KERNEL_NAMES))
    out = tf.nn.conv2d(image[None, :, :, None], bank, strides=1, padding="VALID").numpy()
    for k, name in enumerate(KERNEL_NAMES):
        np.testing.assert_allclose(out[0, :, :, k], corr2d(image, get_kernel(name)), atol=1e-5)


def test_stack_kernels_rejects_bad_input():
    with pytest.raises(TypeError, match="names must be a list"):
        stack_kernels("edge")
    with pytest.raises(ValueError, match="at least one kernel name"):
        stack_kernels([])
    with pytest.raises(ValueError, match="unknown kernel 'nope'"):
        stack_kernels(["edge", "nope"])
