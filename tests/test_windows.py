"""course_utils.windows: window positions, padding and unread pixels agree with tf.nn.conv2d."""

import itertools

import numpy as np
import pytest

from course_utils import shapes
from course_utils.windows import Windows, compute_windows, describe_windows, padding_mode


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
    ],
)
def test_windows_bad_input_names_the_argument(call, error, message, expect_error):
    expect_error(call, error, message)


def test_windows_is_a_plain_named_tuple():
    w = compute_windows(np.int64(5), np.int32(3))
    assert isinstance(w, Windows) and type(w.input_size) is int and w._asdict()["output_size"] == 3


def test_padding_mode_names_every_spelling():
    assert padding_mode("Valid") == ("valid", (0, 0))
    assert padding_mode(3) == ("explicit", (3, 3))
    assert padding_mode((0, 2)) == ("explicit", (0, 2))
