"""course_utils.shapes against real TensorFlow layers, and every kind of bad input."""

import itertools

import numpy as np
import pytest
from support import run_without_tensorflow

from course_utils.shapes import (
    conv2d_param_count,
    conv_output_size,
    dense_param_count,
    effective_kernel_size,
    pool_output_size,
    receptive_field,
    same_padding,
    transposed_conv_output_size,
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


def test_strides_with_dilation_match_tf_nn_conv2d():
    """Keras' Conv2D refuses strides > 1 with dilation > 1, but tf.nn.conv2d computes it."""
    checked = 0
    for size, k, stride, dilation in itertools.product(SIZES, KERNELS, (2, 3), (2, 3)):
        for pad in ("valid", "same"):
            if pad == "valid" and effective_kernel_size(k, dilation) > size:
                continue
            x = np.zeros((1, size, size, 1), np.float32)
            w = np.zeros((k, k, 1, 1), np.float32)
            out = tf.nn.conv2d(x, w, stride, pad.upper(), dilations=dilation)
            assert out.shape[1] == conv_output_size(size, k, stride, pad, dilation)
            checked += 1
    assert checked > 100


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
        (lambda: pool_output_size(4, 2, padding=1), TypeError, "padding for pooling must be"),
        (lambda: pool_output_size(4, 0), ValueError, "pool_size must be an int >= 1"),
        (lambda: pool_output_size(4, 2, stride=0), ValueError, "stride must be an int >= 1"),
        (lambda: same_padding(0, 3), ValueError, "input_size must be an int >= 1"),
        (lambda: same_padding(5, 3, stride=0), ValueError, "stride must be an int >= 1"),
    ],
)
def test_bad_input_names_the_argument(call, error, message, expect_error):
    expect_error(call, error, message)


def test_numpy_integers_are_accepted():
    assert conv_output_size(np.int64(28), np.int32(5), padding="same") == 28


def test_shapes_work_without_tensorflow():
    code = "from course_utils.shapes import conv_output_size as f\nprint(f(28, 5, 2, 'same'))"
    assert run_without_tensorflow(code) == "14"


# --- transposed convolution and receptive field -----------------------------------------


def _random_transposed_cases(n=2000, seed=7):
    """A seeded random grid: (height, width, kernel, stride, dilation, padding, output_padding)."""
    rng = np.random.default_rng(seed)
    for _ in range(n):
        stride = int(rng.integers(1, 5))
        dilation = 1 if stride > 1 else int(rng.integers(1, 4))  # Keras refuses both > 1
        out_pad = None if rng.random() < 0.4 else int(rng.integers(0, stride))
        yield (
            int(rng.integers(1, 13)),
            int(rng.integers(1, 13)),
            int(rng.integers(1, 7)),
            stride,
            dilation,
            str(rng.choice(["valid", "same"])),
            out_pad,
        )


@pytest.mark.slow
def test_transposed_conv_output_size_matches_keras_on_2000_random_cases():
    rejected = 0
    for height, width, k, stride, dilation, pad, out_pad in _random_transposed_cases():
        layer = keras.layers.Conv2DTranspose(
            1, k, strides=stride, padding=pad, output_padding=out_pad, dilation_rate=dilation
        )
        args = (k, stride, pad, out_pad, dilation)
        try:
            out = layer(np.zeros((1, height, width, 1), np.float32))
            assert min(out.shape[1:3]) > 0, "an empty output counts as a failure"
        except Exception:  # TF refuses this output size (or gives 0 pixels): so must we
            with pytest.raises(ValueError, match="output_padding=0 fails in TF"):
                transposed_conv_output_size(height, *args)
            rejected += 1
            continue
        expected = (
            transposed_conv_output_size(height, *args),
            transposed_conv_output_size(width, *args),
        )
        assert tuple(out.shape[1:3]) == expected, (height, width, *args)
    assert 0 < rejected < 200  # 'same', output_padding=0 and an even kernel


def test_transposed_conv_undoes_a_strided_conv_shape():
    for size in range(1, 30):
        down = conv_output_size(size, 3, 2, "same")
        assert transposed_conv_output_size(down, 3, 2, "same") == 2 * down
        back = transposed_conv_output_size(down, 3, 2, "same", output_padding=(size + 1) % 2)
        assert back == size


def _gradient_extent(layers, input_size, padding, pixel):
    """Rows of the input that one output pixel depends on, found with a gradient."""
    model = keras.Sequential([keras.Input((input_size, input_size, 1))])
    for k, stride, dilation in layers:
        if k == "pool":
            model.add(keras.layers.AveragePooling2D(stride, padding=padding))
            continue
        conv = keras.layers.Conv2D(
            1, k, stride, padding, dilation_rate=dilation, use_bias=False, kernel_initializer="ones"
        )
        model.add(conv)
    x = tf.Variable(np.ones((1, input_size, input_size, 1), np.float32))
    with tf.GradientTape() as tape:
        y = model(x)[0, pixel, pixel, 0]
    rows = np.nonzero(tape.gradient(y, x).numpy()[0, :, :, 0].any(axis=1))[0]
    return int(rows.max() - rows.min() + 1)


def test_receptive_field_of_the_lecture_2_net_matches_the_gradient():
    net = [(5, 1, 1), ("pool", 2, 1), (5, 1, 1), ("pool", 2, 1)]
    fields = receptive_field([(2 if k == "pool" else k, s, d) for k, s, d in net])
    assert fields == [5, 6, 14, 16]
    pixel = {1: 14, 2: 7, 3: 7, 4: 3}  # a central output pixel of each prefix (28, 14, 14, 7)
    for n in range(1, 5):
        assert _gradient_extent(net[:n], 28, "same", pixel[n]) == fields[n - 1]


def test_receptive_field_matches_the_gradient_on_random_stacks():
    rng = np.random.default_rng(3)
    for _ in range(25):
        layers = []
        for _ in range(int(rng.integers(1, 5))):
            if rng.random() < 0.3:
                layers.append(("pool", int(rng.integers(2, 4)), 1))
            elif rng.random() < 0.5:
                layers.append((int(rng.integers(1, 6)), int(rng.integers(1, 3)), 1))
            else:
                layers.append((int(rng.integers(2, 5)), 1, int(rng.integers(1, 4))))
        as_triples = [(s if k == "pool" else k, s, d) for k, s, d in layers]
        expected = receptive_field(as_triples)[-1]
        # output pixel 0 with 'valid' padding sees input rows 0 .. field - 1, never padding
        assert _gradient_extent(layers, expected + 8, "valid", 0) == expected, layers


def test_receptive_field_worked_examples():
    assert receptive_field([(3, 1)] * 3) == [3, 5, 7]  # three 3x3 convs see 7x7
    assert receptive_field([(3, 1, 1), (3, 1, 2), (3, 1, 4)]) == [3, 7, 15]
    assert receptive_field([(7, 2), (3, 2)]) == [7, 11]
    assert receptive_field([[np.int64(3), 1]]) == [3]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: transposed_conv_output_size(0, 3), ValueError, "input_size must be an int >= 1"),
        (lambda: transposed_conv_output_size(2.0, 3), TypeError, "input_size must be an int"),
        (lambda: transposed_conv_output_size(4, 0), ValueError, "kernel_size must be an int >= 1"),
        (lambda: transposed_conv_output_size(4, 3, 0), ValueError, "stride must be an int >= 1"),
        (lambda: transposed_conv_output_size(4, 3, True), TypeError, "stride must be an int"),
        (lambda: transposed_conv_output_size(4, 3, 1, "full"), ValueError, "padding must be"),
        (lambda: transposed_conv_output_size(4, 3, 1, 1), TypeError, "'valid' or 'same'"),
        (lambda: transposed_conv_output_size(4, 3, dilation=0), ValueError, "dilation must be"),
        (
            lambda: transposed_conv_output_size(4, 3, 2, output_padding=2),
            ValueError,
            "output_padding must be an int in [0, stride - 1], got 2",
        ),
        (
            lambda: transposed_conv_output_size(4, 3, 2, output_padding=-1),
            ValueError,
            "output_padding must be an int >= 0",
        ),
        (
            lambda: transposed_conv_output_size(4, 3, 2, output_padding=0.0),
            TypeError,
            "output_padding must be an int",
        ),
        (
            lambda: transposed_conv_output_size(4, 2, 2, "same", output_padding=0),
            ValueError,
            "output_padding=0 fails in TF for 'same' and an even kernel (F'=2)",
        ),
        (lambda: receptive_field([]), ValueError, "layers must be a non-empty sequence"),
        (lambda: receptive_field("33"), ValueError, "layers must be a non-empty sequence"),
        (lambda: receptive_field(3), ValueError, "layers must be a non-empty sequence"),
        (lambda: receptive_field([3]), ValueError, "layers[0] must be a (kernel_size, stride"),
        (lambda: receptive_field([(3, 1, 1, 1)]), ValueError, "layers[0] must be a"),
        (lambda: receptive_field([(3, 1), (0, 1)]), ValueError, "layers[1] kernel_size must be"),
        (lambda: receptive_field([(3, 0)]), ValueError, "layers[0] stride must be an int >= 1"),
        (lambda: receptive_field([(3, 1, 0)]), ValueError, "layers[0] dilation must be an int"),
        (lambda: receptive_field([(3, 1.5)]), TypeError, "layers[0] stride must be an int"),
    ],
)
def test_bad_input_to_transposed_conv_and_receptive_field(call, error, message, expect_error):
    expect_error(call, error, message)


# --- seeded random property tests against tf.nn ops and Keras (>= 2,000 cases each) ------
#
# Height and width get independent random sizes, kernels, strides, dilations and pads, so
# one TF call checks two configurations. tf.nn ops on tiny zero tensors take microseconds;
# building Keras layers takes milliseconds, so those tests are marked slow.

N_RANDOM = 2500


def _fits(size, kernel, pads, dilation):
    return effective_kernel_size(kernel, dilation) <= size + sum(pads)


def _random_conv_cases(n=N_RANDOM, seed=11):
    """(mode, per-dimension [(size, kernel, stride, dilation, pads)]) where the kernel fits.

    TF refuses a kernel larger than the padded input (or, on the oneDNN CPU path, returns a
    tensor of the wrong size when the output would have 0 pixels), so those are not drawn.
    """
    rng = np.random.default_rng(seed)
    cases = []
    while len(cases) < n:
        mode = str(rng.choice(["valid", "same", "symmetric", "explicit"]))
        dims = []
        for _ in range(2):
            size, k = int(rng.integers(1, 17)), int(rng.integers(1, 8))
            stride, dilation = int(rng.integers(1, 5)), int(rng.integers(1, 5))
            p = int(rng.integers(0, 5))
            pads = {"symmetric": (p, p), "explicit": (p, int(rng.integers(0, 5)))}.get(mode, (0, 0))
            dims.append((size, k, stride, dilation, pads))
        if mode == "same" or all(_fits(s, k, pads, d) for s, k, _, d, pads in dims):
            cases.append((mode, dims))
    return cases


def test_conv_output_size_matches_tf_nn_conv2d_on_random_cases():
    """Strides, dilations (together too) and every padding form, against tf.nn.conv2d."""
    seen = {"valid": 0, "same": 0, "symmetric": 0, "explicit": 0, "strided and dilated": 0}
    for mode, dims in _random_conv_cases():
        (h, kh, sh, dh, ph), (w, kw, sw, dw, pw) = dims
        tf_padding = mode.upper() if mode in ("valid", "same") else [[0, 0], ph, pw, [0, 0]]
        out = tf.nn.conv2d(
            np.zeros((1, h, w, 1), np.float32),
            np.zeros((kh, kw, 1, 1), np.float32),
            [sh, sw],
            tf_padding,
            dilations=[dh, dw],
        )
        ours = {"valid": "valid", "same": "same", "symmetric": ph[0], "explicit": ph}[mode]
        ours_w = {"symmetric": pw[0], "explicit": pw}.get(mode, ours)
        expected = (
            conv_output_size(h, kh, sh, ours, dh),
            conv_output_size(w, kw, sw, ours_w, dw),
        )
        assert tuple(out.shape[1:3]) == expected, (mode, dims)
        seen[mode] += 1
        seen["strided and dilated"] += sh > 1 and dh > 1
    assert sum(seen.values()) - seen["strided and dilated"] == N_RANDOM
    assert min(seen.values()) > 300, seen


def _random_pool_cases(n=N_RANDOM, seed=12):
    """(op name, padding, [(size, pool_size, stride or None)] for height and width)."""
    rng = np.random.default_rng(seed)
    cases = []
    while len(cases) < n:
        padding = str(rng.choice(["valid", "same"]))
        default_stride = rng.random() < 0.3  # Keras' default: stride = pool_size
        dims = [
            (int(rng.integers(1, 17)), int(rng.integers(1, 7)), None if default_stride else s)
            for s in (int(rng.integers(1, 6)), int(rng.integers(1, 6)))
        ]
        # A 'valid' pool larger than the input crashes the TF process (SIGFPE): never draw it.
        if padding == "valid" and any(pool > size for size, pool, _ in dims):
            continue
        cases.append((str(rng.choice(["max_pool2d", "avg_pool2d"])), padding, dims))
    return cases


def test_pool_output_size_matches_tf_nn_pooling_on_random_cases():
    """Max and average pooling, default and explicit strides; max pooling's SAME is reproduced
    by padding with -inf as same_padding() says, then VALID."""
    rng = np.random.default_rng(13)
    reproduced = 0
    for op, padding, dims in _random_pool_cases():
        (h, ph, sh), (w, pw, sw) = dims
        x = rng.normal(size=(1, h, w, 1)).astype(np.float32)
        strides = [ph if sh is None else sh, pw if sw is None else sw]
        out = getattr(tf.nn, op)(x, [ph, pw], strides, padding.upper())
        expected = (pool_output_size(h, ph, sh, padding), pool_output_size(w, pw, sw, padding))
        assert tuple(out.shape[1:3]) == expected, (op, padding, dims)
        if op == "max_pool2d" and padding == "same":
            pads = [
                [0, 0],
                same_padding(h, ph, strides[0]),
                same_padding(w, pw, strides[1]),
                [0, 0],
            ]
            padded = tf.pad(x, pads, constant_values=-np.inf)
            manual = tf.nn.max_pool2d(padded, [ph, pw], strides, "VALID")
            np.testing.assert_array_equal(manual.numpy(), out.numpy())
            reproduced += 1
    assert reproduced > 400


@pytest.mark.slow
def test_same_padding_reproduces_tf_same_on_random_cases():
    """Explicit pads from same_padding(), and tf.pad + VALID, give SAME's values exactly
    (up to float rounding), with strides and dilations drawn independently per dimension."""
    rng = np.random.default_rng(14)
    shifted = 0
    for _ in range(N_RANDOM):
        h, w = int(rng.integers(1, 17)), int(rng.integers(1, 17))
        kh, kw, sh, sw, dh, dw = (int(v) for v in rng.integers(1, [8, 8, 5, 5, 4, 4]))
        x = rng.normal(size=(1, h, w, 1)).astype(np.float32)
        f = rng.normal(size=(kh, kw, 1, 1)).astype(np.float32)
        pad_h, pad_w = same_padding(h, kh, sh, dh), same_padding(w, kw, sw, dw)
        same = tf.nn.conv2d(x, f, [sh, sw], "SAME", dilations=[dh, dw]).numpy()
        explicit = tf.nn.conv2d(
            x, f, [sh, sw], [[0, 0], pad_h, pad_w, [0, 0]], dilations=[dh, dw]
        ).numpy()
        padded = tf.pad(x, [[0, 0], pad_h, pad_w, [0, 0]])
        valid = tf.nn.conv2d(padded, f, [sh, sw], "VALID", dilations=[dh, dw]).numpy()
        np.testing.assert_allclose(explicit, same, rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(valid, same, rtol=1e-5, atol=1e-5)
        assert same.shape[1:3] == (conv_output_size(h, kh, sh, "same"), -(-w // sw))
        shifted += pad_h[1] > pad_h[0]  # an odd total: the extra pixel goes after
    assert shifted > 400


def _random_stacks(n=N_RANDOM, seed=15):
    """Random stacks of 1-4 layers: ('conv', k, stride, dilation) or ('pool', size, stride)."""
    rng = np.random.default_rng(seed)
    for _ in range(n):
        stack = []
        for _ in range(int(rng.integers(1, 5))):
            if rng.random() < 0.3:
                stack.append(("pool", int(rng.integers(1, 4)), int(rng.integers(1, 4)), 1))
            else:
                k, s, d = (int(v) for v in rng.integers(1, [6, 4, 4]))
                stack.append(("conv", k, s, d))
        yield stack


def test_receptive_field_matches_impulse_responses_on_random_tf_nn_stacks():
    """Feed one-hot rows (one lit pixel per image) through tf.nn ops with ones kernels and
    average pools, VALID: output pixel 0 lights up for exactly receptive_field()[-1] pixels.

    The forward pass stands in for a gradient here: on the oneDNN CPU path, the gradient of
    a conv with strides > 1 and dilation > 1 can corrupt memory (seen with TF 2.21).
    """
    strided_and_dilated = 0
    for stack in _random_stacks():
        field = receptive_field([(k, s, d) for _, k, s, d in stack])[-1]
        y = np.eye(field + 3, dtype=np.float32)[:, None, :, None]  # (N, 1, N, 1) NHWC
        for kind, k, s, d in stack:
            if kind == "pool":
                y = tf.nn.avg_pool2d(y, [1, k], [1, s], "VALID")
            else:
                y = tf.nn.conv2d(y, tf.ones([1, k, 1, 1]), [1, s], "VALID", dilations=[1, d])
            strided_and_dilated += kind == "conv" and s > 1 and d > 1
        reads = np.nonzero(y.numpy()[:, 0, 0, 0])[0]
        assert (reads.min(), reads.max() + 1) == (0, field), stack
    assert strided_and_dilated > 500


@pytest.mark.slow
def test_param_counts_match_keras_on_random_layers():
    rng = np.random.default_rng(16)
    for _ in range(N_RANDOM // 2):
        groups = int(rng.choice([1, 1, 2, 3, 4]))
        c_in, filters = groups * int(rng.integers(1, 5)), groups * int(rng.integers(1, 5))
        kernel = (int(rng.integers(1, 8)), int(rng.integers(1, 8)))
        use_bias = bool(rng.random() < 0.7)
        conv = keras.layers.Conv2D(filters, kernel, groups=groups, use_bias=use_bias)
        conv.build((None, None, None, c_in))
        ours = conv2d_param_count(kernel, c_in, filters, use_bias=use_bias, groups=groups)
        assert conv.count_params() == ours, (kernel, c_in, filters, groups, use_bias)
        inputs, units = int(rng.integers(1, 5000)), int(rng.integers(1, 300))
        dense = keras.layers.Dense(units, use_bias=use_bias)
        dense.build((None, inputs))
        assert dense.count_params() == dense_param_count(inputs, units, use_bias=use_bias)


def _random_case(rng):
    """(kind, predicted size, a function that runs the TF layer or op and returns its size).

    Moved from lecture 4's notebook: a random sample across every kind of layer.
    """
    size, k, s = int(rng.integers(5, 20)), int(rng.integers(1, 6)), int(rng.integers(1, 4))
    pad, x = ("valid", "same")[rng.integers(2)], tf.zeros([1, size, size, 1])
    kind = ("Conv2D", "explicit pads", "pooling", "Conv2DTranspose")[rng.integers(4)]
    if kind == "Conv2D":
        d = int(rng.integers(1, 4)) if s == 1 else 1  # Keras refuses stride > 1 with dilation
        pad = "same" if effective_kernel_size(k, d) > size else pad
        layer = keras.layers.Conv2D(1, k, strides=s, padding=pad, dilation_rate=d)
        return kind, conv_output_size(size, k, s, pad, d), lambda: layer(x).shape[1]
    if kind == "explicit pads":
        b, a = int(rng.integers(0, 3)), int(rng.integers(0, 3))
        w, pairs = tf.zeros([k, k, 1, 1]), [[0, 0], [b, a], [b, a], [0, 0]]
        return (
            kind,
            conv_output_size(size, k, s, (b, a)),
            lambda: tf.nn.conv2d(x, w, s, pairs).shape[1],
        )
    if kind == "pooling":
        pool = (keras.layers.MaxPooling2D, keras.layers.AveragePooling2D)[rng.integers(2)]
        layer = pool(k, s, pad)
        return kind, pool_output_size(size, k, s, pad), lambda: layer(x).shape[1]
    low = int(pad == "same" and k % 2 == 0)  # 'same' with an even kernel needs output_padding >= 1
    out_pad = None if rng.random() < 0.5 or low >= s else int(rng.integers(low, s))
    layer = keras.layers.Conv2DTranspose(1, k, strides=s, padding=pad, output_padding=out_pad)
    return kind, transposed_conv_output_size(size, k, s, pad, out_pad), lambda: layer(x).shape[1]


def test_a_random_sample_of_300_layers_agrees_with_tf():
    rng = np.random.default_rng(2024)
    total, wrong = {}, []
    for _ in range(300):
        kind, predicted, run = _random_case(rng)
        total[kind] = total.get(kind, 0) + 1
        if predicted != run():
            wrong.append((kind, predicted))
    assert not wrong
    assert len(total) == 4 and sum(total.values()) == 300
