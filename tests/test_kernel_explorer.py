"""The kernel explorer of lecture 1: pure functions, and the widget driven by setting values."""

import matplotlib
import numpy as np
import pytest

from course_utils import kernels
from course_utils.conv import corr2d
from course_utils.kernel_explorer import (
    CUSTOM,
    apply_kernel,
    describe_output,
    draw_panels,
    format_weights,
    make_kernel_explorer,
    parse_weights,
    shared_range,
)

matplotlib.use("Agg")
pytest.importorskip("ipywidgets")

RAMP = np.tile(np.arange(12.0), (10, 1))  # brightness grows to the right


def test_parse_weights_reads_rows_separators_and_fractions():
    expected = [[1, 0, -1], [2, 0, -2], [1, 0, -1]]
    for text in ("1 0 -1; 2 0 -2; 1 0 -1", "1,0,-1\n2, 0, -2\n\n 1 0 -1 \n"):
        np.testing.assert_array_equal(parse_weights(text), expected)
    np.testing.assert_allclose(
        parse_weights("1/16 1/8 1/16; 0.125 0.25 .125; 1/16 1/8 1/16").sum(), 1
    )
    assert parse_weights("1 2; 3 4", size=2).shape == (2, 2)


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ("", ValueError, "the weights are empty"),
        ("1 2 3; 4 5 6", ValueError, "need 3 rows, got 2"),
        ("1 2 3; 4 5; 7 8 9", ValueError, "row 2 has 2 numbers; each row needs 3"),
        ("1 2 3; 4 x 6; 7 8 9", ValueError, r"could not read 'x' in row 2"),
        ("1 2 3; 4 1/0 6; 7 8 9", ValueError, r"could not read '1/0'"),
        (np.ones((3, 3)), TypeError, "text must be a str"),
    ],
)
def test_parse_weights_bad_input(text, error, message):
    with pytest.raises(error, match=message):
        parse_weights(text)


@pytest.mark.parametrize("name", kernels.KERNEL_NAMES)
def test_format_then_parse_round_trips_every_kernel(name):
    kernel = kernels.get_kernel(name)
    np.testing.assert_allclose(parse_weights(format_weights(kernel)), kernel, atol=1e-7)


def test_format_weights_rejects_non_2d():
    with pytest.raises(ValueError, match="non-empty 2-D"):
        format_weights(np.ones(3))


def test_apply_kernel_is_tf_conv2d_on_one_grey_image():
    tf = pytest.importorskip("tensorflow")
    image = np.random.default_rng(0).random((9, 8)).astype(np.float32)
    kernel = kernels.get_kernel("sobel_left")
    for strides in (1, 2, 3):
        for padding in ("valid", "same"):
            expected = tf.nn.conv2d(
                image[None, :, :, None], kernel[:, :, None, None], strides, padding.upper()
            ).numpy()[0, :, :, 0]
            np.testing.assert_allclose(
                apply_kernel(image, kernel, strides, padding), expected, atol=1e-5
            )


def test_apply_kernel_turns_colour_grey_with_luma_weights():
    colour = np.zeros((4, 4, 3))
    colour[..., 1] = 1.0  # pure green
    out = apply_kernel(colour, kernels.get_kernel("identity"))
    np.testing.assert_allclose(out, 0.587)


@pytest.mark.parametrize(
    ("image", "kernel", "error", "message"),
    [
        (np.ones((4, 4, 2)), np.ones((3, 3)), ValueError, r"image must be a non-empty \(h, w\)"),
        (np.ones((0, 4)), np.ones((3, 3)), ValueError, "image must be a non-empty"),
        (np.array([["a"]]), np.ones((3, 3)), TypeError, "image must hold numbers"),
        (np.ones((4, 4)), np.ones(3), ValueError, r"kernel must be a 2-D \(kh, kw\)"),
        (np.ones((2, 2)), np.ones((3, 3)), ValueError, "larger than the 2×2 input"),
    ],
)
def test_apply_kernel_bad_input(image, kernel, error, message):
    with pytest.raises(error, match=message):
        apply_kernel(image, kernel)


def test_describe_output_uses_tf_shape_rules():
    text = describe_output((600, 512, 3), kernels.get_kernel("edge"), 2, "same")
    assert (
        text
        == "input 600×512 → output 300×256 (3×3 kernel, strides 2, padding same; weights sum to 0)"
    )
    with pytest.raises(ValueError, match="larger than the padded input"):
        describe_output((2, 2), np.ones((3, 3)))
    with pytest.raises(ValueError, match=r"image_shape needs \(height, width\)"):
        describe_output((5,), np.ones((3, 3)))


@pytest.fixture
def explorer():
    return make_kernel_explorer(
        {"ramp": RAMP, "noise": np.random.default_rng(1).random((7, 9, 3))}, draw=False
    )


def test_explorer_starts_with_the_edge_kernel(explorer):
    assert explorer.kernel.value == "edge"
    np.testing.assert_array_equal(parse_weights(explorer.weights.value), kernels.get_kernel("edge"))
    assert explorer.result.shape == (8, 10)
    assert explorer.status.value.startswith("input 10×12 → output 8×10")


def test_picking_a_kernel_fills_the_weights_and_recomputes(explorer):
    explorer.kernel.value = "sobel_right"
    np.testing.assert_array_equal(
        parse_weights(explorer.weights.value), kernels.get_kernel("sobel_right")
    )
    np.testing.assert_allclose(explorer.result, corr2d(RAMP, kernels.get_kernel("sobel_right")))
    assert explorer.result.min() == 8  # the ramp rises by 1 per pixel: 1+2+1 on each side


def test_typing_weights_switches_the_menu_to_custom(explorer):
    explorer.weights.value = "0 0 0; 0 2 0; 0 0 0"
    assert explorer.kernel.value == CUSTOM
    np.testing.assert_allclose(explorer.result, 2 * RAMP[1:-1, 1:-1])
    assert "weights sum to 2" in explorer.status.value


def test_typing_a_named_kernels_weights_keeps_its_name(explorer):
    explorer.kernel.value = "box_blur"
    explorer.weights.value = "1/9 1/9 1/9\n1/9 1/9 1/9\n1/9 1/9 1/9"
    assert explorer.kernel.value == "box_blur"


def test_invalid_weights_show_why_and_keep_the_last_result(explorer):
    before = explorer.result.copy()
    explorer.weights.value = "1 2 3; 4 5"
    assert explorer.kernel.value == CUSTOM
    assert "Cannot filter" in explorer.status.value and "need 3 rows" in explorer.status.value
    np.testing.assert_array_equal(explorer.result, before)


def test_strides_padding_and_image_update_the_shape(explorer):
    explorer.strides.value = 2
    assert explorer.result.shape == (4, 5)
    explorer.padding.value = "same"
    assert explorer.result.shape == (5, 6)
    explorer.image.value = "noise"
    assert explorer.result.shape == (4, 5)
    assert "input 7×9 → output 4×5" in explorer.status.value


def test_too_large_a_kernel_is_reported_not_raised():
    small = make_kernel_explorer({"tiny": np.ones((2, 2))}, draw=False)
    assert small.result is None
    assert "larger than" in small.status.value


def test_explorer_draws_input_and_output(capsys):
    import matplotlib.pyplot as plt

    drawn = make_kernel_explorer({"ramp": RAMP}, kernel="sharpen")
    drawn.strides.value = 3
    assert drawn.result.shape == (3, 4)
    assert plt.get_fignums() == []  # each drawing closes its figure
    (picture,) = drawn.output.outputs  # one PNG, replaced on every change
    assert picture["data"]["image/png"]
    capsys.readouterr()


def test_explorer_bad_arguments():
    with pytest.raises(ValueError, match="images must be a non-empty dict"):
        make_kernel_explorer({})
    with pytest.raises(ValueError, match="unknown kernel 'blurry'"):
        make_kernel_explorer({"ramp": RAMP}, kernel="blurry")
    with pytest.raises(ValueError, match="image must be a non-empty"):
        make_kernel_explorer({"flat": np.ones(4)})


def test_one_value_range_for_both_panels(explorer):
    explorer.weights.value = "0 0 0; 0 2 0; 0 0 0"  # sum 2: twice as bright
    low, high = explorer.value_range
    assert low == min(RAMP.min(), explorer.result.min())
    assert high == explorer.result.max() == 2 * RAMP[1:-1, 1:-1].max()
    fig = draw_panels(RAMP, explorer.result)
    try:
        image_axes = fig.axes[:2]
        assert [ax.images[0].get_clim() for ax in image_axes] == [(low, high)] * 2
        # the brighter output reaches the top of the scale, the input only half of it
        assert image_axes[0].images[0].norm(RAMP.max()) < 0.6
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)


@pytest.mark.parametrize(
    ("shape", "strides", "padding"),
    [
        ((40, 48), 4, "valid"),
        ((120, 100), 4, "same"),
        ((600, 512), 4, "valid"),
        ((5, 5), 1, "valid"),
    ],
)
def test_panels_share_no_axes_and_are_drawn_to_scale(shape, strides, padding):
    import matplotlib.pyplot as plt

    image = np.random.default_rng(0).random(shape)
    result = apply_kernel(image, kernels.get_kernel("sobel_left"), strides, padding)
    fig = draw_panels(image, result)
    try:
        left, right = fig.axes[:2]
        assert not left.get_shared_x_axes().joined(left, right)
        assert not left.get_shared_y_axes().joined(left, right)
        # each panel shows all of its own picture: the input is not cropped to the output
        assert left.get_xlim() == (-0.5, image.shape[1] - 0.5)
        assert right.get_xlim() == (-0.5, result.shape[1] - 0.5)
        # one pixel scale: as many screen pixels per image pixel in both panels, both ways
        fig.canvas.draw()
        per_pixel = [
            (ax.get_window_extent().width / w, ax.get_window_extent().height / h)
            for ax, (h, w) in [(left, image.shape), (right, result.shape)]
        ]
        np.testing.assert_allclose(per_pixel, [per_pixel[0]] * 2, rtol=0.02)
        assert per_pixel[0][0] == pytest.approx(per_pixel[0][1], rel=0.02)
        if strides == 4:  # a quarter of the width, drawn a quarter as wide
            ratio = right.get_window_extent().width / left.get_window_extent().width
            assert ratio == pytest.approx(result.shape[1] / image.shape[1], rel=0.02)
            assert ratio < 0.27
    finally:
        plt.close(fig)


def test_shared_range_bad_input():
    with pytest.raises(ValueError, match="at least one picture"):
        shared_range()
    with pytest.raises(ValueError, match="non-empty"):
        shared_range(np.ones((2, 2)), np.ones((0, 3)))
