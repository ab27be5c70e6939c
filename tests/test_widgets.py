"""The kernel and output-size explorers: pure functions, and widgets driven by setting values."""

import itertools

import matplotlib
import numpy as np
import pytest

from course_utils import kernels, shapes
from course_utils.conv import corr2d
from course_utils.widgets import (
    CUSTOM,
    Windows,
    apply_kernel,
    compute_windows,
    describe_output,
    describe_windows,
    format_weights,
    make_kernel_explorer,
    make_output_size_explorer,
    parse_weights,
    show_windows,
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
    capsys.readouterr()


def test_explorer_bad_arguments():
    with pytest.raises(ValueError, match="images must be a non-empty dict"):
        make_kernel_explorer({})
    with pytest.raises(ValueError, match="unknown kernel 'blurry'"):
        make_kernel_explorer({"ramp": RAMP}, kernel="blurry")
    with pytest.raises(ValueError, match="image must be a non-empty"):
        make_kernel_explorer({"flat": np.ones(4)})


# --- lecture 4: the output-size explorer --------------------------------------------------


def _window_cases():
    """(W, F, S, padding, D): every padding name, symmetric ints and (before, after) pairs."""
    paddings = ("valid", "same", "SAME", 0, 2, (0, 1), (2, 0), [1, 3])
    for size, k, stride, dilation, padding in itertools.product(
        range(1, 11), range(1, 5), (1, 2, 3), (1, 2, 3), paddings
    ):
        try:
            shapes.conv_output_size(size, k, stride, padding, dilation)
        except ValueError:
            continue  # the kernel does not fit: tested below
        yield size, k, stride, padding, dilation


WINDOW_CASES = list(_window_cases())


def test_compute_windows_counts_the_positions_of_the_formula():
    assert len(WINDOW_CASES) > 2000
    for size, k, stride, padding, dilation in WINDOW_CASES:
        w = compute_windows(size, k, stride, padding, dilation)
        before, after = w.pads
        padded, eff = size + before + after, k + (k - 1) * (dilation - 1)
        assert w.output_size == len(w.starts) == (padded - eff) // stride + 1
        assert w.output_size == shapes.conv_output_size(size, k, stride, padding, dilation)
        assert w.starts == tuple(range(0, stride * len(w.starts), stride))
        assert w.starts[-1] + eff <= padded < w.starts[-1] + stride + eff  # the last one fits
        if isinstance(padding, str) and padding.lower() == "same":
            assert (w.padding, w.pads) == ("same", shapes.same_padding(size, k, stride, dilation))
        read = {s + t * dilation - before for s in w.starts for t in range(k)}
        assert w.unused == tuple(sorted(set(range(size)) - read))


def _tf_reads(w):
    """Ask tf.nn.conv2d which input pixels each output pixel reads: one one-hot row per pixel."""
    tf = pytest.importorskip("tensorflow")
    rows = np.eye(w.input_size, dtype=np.float32)[:, None, :, None]  # (W, 1, W, 1) NHWC
    ones = np.ones((1, w.kernel_size, 1, 1), np.float32)
    pads = "SAME" if w.padding == "same" else "VALID" if w.padding == "valid" else None
    pads = pads or [[0, 0], [0, 0], list(w.pads), [0, 0]]
    out = tf.nn.conv2d(rows, ones, [1, w.stride], pads, dilations=[1, w.dilation])
    return out.numpy()[:, 0, :, 0]  # [input pixel, output pixel]: 1 where the window reads it


def test_compute_windows_reads_the_same_pixels_as_tf_nn_conv2d():
    """Positions, padding placement and output size all agree with TF, pixel by pixel."""
    rng = np.random.default_rng(4)
    for index in rng.choice(len(WINDOW_CASES), 400, replace=False):
        w = compute_windows(*WINDOW_CASES[index])
        expected = np.zeros((w.input_size, w.output_size))
        for j, start in enumerate(w.starts):
            for tap in range(w.kernel_size):
                pixel = start + tap * w.dilation - w.pads[0]
                if 0 <= pixel < w.input_size:
                    expected[pixel, j] = 1
        np.testing.assert_array_equal(_tf_reads(w), expected, err_msg=str(w))


def test_describe_windows_fills_in_the_formula():
    assert describe_windows(compute_windows(7, 3, 2, "same")).splitlines() == [
        "F' = F + (F − 1)(D − 1) = 3 + 2·0 = 3",
        "'same': output = ceil(W/S) = ceil(7/2) = 4; padding = max((4 − 1)·2 + 3 − 7, 0) = 2 "
        "→ (1, 1)",
        "output = floor((W + P_before + P_after − F')/S) + 1 = floor((7 + 1 + 1 − 3)/2) + 1 "
        "= 3 + 1 = 4",
    ]
    text = describe_windows(compute_windows(9, 3, 2, (0, 1), dilation=2))
    assert "= 3 + 2·1 = 5" in text and "floor((9 + 0 + 1 − 5)/2) + 1 = 2 + 1 = 3" in text
    assert text.endswith("input pixels never read: 1, 3, 5, 7")
    for case in WINDOW_CASES[::7]:
        w = compute_windows(*case)
        assert describe_windows(w).splitlines()[-1 - bool(w.unused)].endswith(f"= {w.output_size}")


def test_show_windows_draws_pixels_padding_and_every_window():
    from matplotlib.figure import Figure

    w = compute_windows(6, 3, 2, (1, 2), dilation=2)
    fig = show_windows(w)
    assert isinstance(fig, Figure) and tuple(fig.get_size_inches()) == (8, 3.6)
    ax = fig.axes[0]
    assert len(ax.patches) == 9 + 3 * 3  # 1 + 6 + 2 padded pixels, 3 windows of 3 taps
    assert sum(p.get_hatch() == "//" for p in ax.patches) == 3
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["0", "0", "1", "2", "3", "4", "5", "0", "0", "out 0", "out 1", "out 2"]
    red = [t.get_text() for t in ax.texts if t.get_color() == "red"]
    assert red == [str(i) for i in w.unused] == ["0", "2", "4"]  # dilation 2 skips them
    assert ax.get_title() == "W=6, F=3, S=2, D=2, pads (1, 2) → 3 output pixels"
    matplotlib.pyplot.close(fig)
    fig, axes = matplotlib.pyplot.subplots(1, 2)
    assert show_windows(compute_windows(4, 1), ax=axes[1]) is fig
    assert len(axes[1].patches) == 4 + 4 and not axes[0].patches
    matplotlib.pyplot.close(fig)


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
        (lambda: compute_windows(0, 3), ValueError, "input_size must be an int >= 1, got 0"),
        (lambda: compute_windows(5.0, 3), TypeError, "input_size must be an int"),
        (lambda: compute_windows(5, 0), ValueError, "kernel_size must be an int >= 1"),
        (lambda: compute_windows(5, 3, stride=0), ValueError, "stride must be an int >= 1"),
        (lambda: compute_windows(5, 3, padding="full"), ValueError, "padding must be 'valid'"),
        (lambda: compute_windows(5, 3, padding=(1, -1)), ValueError, "padding[1] (after)"),
        (lambda: compute_windows(5, 3, padding=None), TypeError, "padding must be 'valid'"),
        (lambda: compute_windows(5, 3, dilation=0), ValueError, "dilation must be an int >= 1"),
        (lambda: compute_windows(4, 3, dilation=2), ValueError, "kernel_size 3 (dilated to 5)"),
        (lambda: describe_windows((5, 3)), TypeError, "windows must come from compute_windows()"),
        (lambda: show_windows(None), TypeError, "windows must come from compute_windows()"),
        (lambda: show_windows(compute_windows(5, 3), ax=1), TypeError, "ax must be a matplotlib"),
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
def test_output_size_explorer_bad_input_names_the_argument(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert message in str(info.value)


def test_windows_is_a_plain_named_tuple():
    w = compute_windows(np.int64(5), np.int32(3))
    assert isinstance(w, Windows) and type(w.input_size) is int and w._asdict()["output_size"] == 3
