"""course_utils.costs: parameters against Keras' count_params(), multiply-adds against
hand counts and a direct loop over output positions, and bad input."""

import itertools
import subprocess
import sys

import numpy as np
import pytest

from course_utils import shapes
from course_utils.costs import (
    LayerCost,
    conv2d_cost,
    dense_cost,
    describe_costs,
    pool2d_cost,
)

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")


def _mult_adds_by_loop(h, w, k, c_in, filters, stride, padding, dilation):
    """Count the multiply-adds one by one: every tap of every window of every filter."""
    out_h = shapes.conv_output_size(h, k, stride, padding, dilation)
    out_w = shapes.conv_output_size(w, k, stride, padding, dilation)
    per_position = sum(1 for _ in itertools.product(range(k), range(k), range(c_in)))
    return sum(per_position * filters for _ in range(out_h * out_w))


@pytest.mark.parametrize(
    ("hw", "k", "c_in", "filters", "stride", "padding", "dilation"),
    [
        ((28, 28), 5, 1, 32, 1, "same", 1),
        ((14, 14), 5, 32, 64, 1, "same", 1),
        ((14, 14), 3, 64, 64, 2, "same", 1),
        ((9, 13), 3, 2, 4, 1, "valid", 2),
        ((8, 8), 1, 16, 8, 1, "valid", 1),
        ((7, 5), 4, 3, 2, 3, "valid", 1),
    ],
)
def test_conv2d_cost_matches_keras_and_a_hand_count(
    hw, k, c_in, filters, stride, padding, dilation
):
    cost = conv2d_cost(hw, k, c_in, filters, stride, padding, dilation)
    layer = keras.layers.Conv2D(filters, k, strides=stride, padding=padding, dilation_rate=dilation)
    out = layer(tf.zeros([1, *hw, c_in]))
    assert cost.params == layer.count_params()
    assert cost.output_shape == tuple(out.shape[1:])
    assert cost.mult_adds == _mult_adds_by_loop(*hw, k, c_in, filters, stride, padding, dilation)
    assert cost.activation_bytes == 4 * int(np.prod(out.shape[1:]))


def test_the_lecture_4_layer_count():
    # 7·7 output positions · 64 filters · 3·3·64 weights each
    cost = conv2d_cost(14, 3, 64, 64, strides=2, padding="same")
    assert cost.mult_adds == 7 * 7 * 64 * 3 * 3 * 64 == 1_806_336
    assert cost.params == 36_928


def test_conv2d_cost_without_bias_and_rectangular_kernel():
    cost = conv2d_cost((10, 12), (3, 5), 4, 6, use_bias=False, bytes_per_value=2)
    layer = keras.layers.Conv2D(6, (3, 5), use_bias=False)
    layer.build((None, 10, 12, 4))
    assert cost.params == layer.count_params() == 3 * 5 * 4 * 6
    assert cost.output_shape == (8, 8, 6) and cost.activation_bytes == 8 * 8 * 6 * 2
    assert cost.mult_adds == 8 * 8 * 6 * 3 * 5 * 4


@pytest.mark.parametrize(
    ("hw", "pool", "stride", "padding"),
    [(28, 2, None, "valid"), (7, 2, None, "same"), (13, 3, 2, "valid"), ((9, 6), 3, 1, "same")],
)
def test_pool2d_cost_matches_keras(hw, pool, stride, padding):
    cost = pool2d_cost(hw, pool, 5, stride, padding)
    for kind in (keras.layers.MaxPooling2D, keras.layers.AveragePooling2D):
        layer = kind(pool, strides=stride, padding=padding)
        hw2 = hw if isinstance(hw, tuple) else (hw, hw)
        out = layer(tf.zeros([1, *hw2, 5]))
        assert cost.output_shape == tuple(out.shape[1:])
        assert cost.params == layer.count_params() == 0
    assert cost.mult_adds == 0
    assert cost.activation_bytes == 4 * int(np.prod(cost.output_shape))


@pytest.mark.parametrize(
    ("inputs", "units", "bias"), [(3136, 1024, True), (1024, 10, True), (5, 3, False)]
)
def test_dense_cost_matches_keras(inputs, units, bias):
    cost = dense_cost(inputs, units, use_bias=bias)
    layer = keras.layers.Dense(units, use_bias=bias)
    layer.build((None, inputs))
    assert cost.params == layer.count_params()
    assert cost.mult_adds == inputs * units
    assert cost.output_shape == (units,) and cost.activation_bytes == 4 * units


def test_lecture_2_net_in_total():
    costs = [
        conv2d_cost(28, 5, 1, 32, padding="same"),
        pool2d_cost(28, 2, 32),
        conv2d_cost(14, 5, 32, 64, padding="same"),
        pool2d_cost(14, 2, 64),
        dense_cost(7 * 7 * 64, 1024),
        dense_cost(1024, 10),
    ]
    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Conv2D(32, 5, padding="same"),
            keras.layers.MaxPooling2D(2),
            keras.layers.Conv2D(64, 5, padding="same"),
            keras.layers.MaxPooling2D(2),
            keras.layers.Flatten(),
            keras.layers.Dense(1024),
            keras.layers.Dense(10),
        ]
    )
    assert sum(c.params for c in costs) == model.count_params() == 3_274_634
    # by hand: 28·28·32·25 + 14·14·64·25·32 + 3136·1024 + 1024·10
    assert sum(c.mult_adds for c in costs) == 627_200 + 10_035_200 + 3_211_264 + 10_240
    table = describe_costs(costs)
    assert table.splitlines()[-1].split()[:3] == ["total", "3,274,634", "13,883,904"]
    assert len(table.splitlines()) == len(costs) + 2


def test_re_exported_from_shapes():
    assert shapes.conv2d_cost is conv2d_cost and shapes.LayerCost is LayerCost
    for name in ("conv2d_cost", "dense_cost", "pool2d_cost", "describe_costs", "LayerCost"):
        assert name in shapes.__all__


@pytest.mark.parametrize("module", ["course_utils.costs", "course_utils.shapes"])
def test_imports_on_its_own_without_tensorflow(module):
    code = f"import sys, {module}; assert 'tensorflow' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: conv2d_cost(0, 3, 1, 1), ValueError, "input_hw must be an int >= 1 or a"),
        (lambda: conv2d_cost((4, 4, 1), 3, 1, 1), ValueError, "input_hw must be an int >= 1 or a"),
        (lambda: conv2d_cost(4, 3, 1.5, 1), TypeError, "in_channels must be an int >= 1"),
        (lambda: conv2d_cost(4, 3, 1, 0), ValueError, "filters must be an int >= 1"),
        (lambda: conv2d_cost(2, 3, 1, 1), ValueError, "larger than the padded input"),
        (lambda: conv2d_cost(4, 3, 1, 1, padding="full"), ValueError, "padding must be"),
        (lambda: pool2d_cost(4, True, 1), TypeError, "pool_size must be an int >= 1 or a"),
        (lambda: dense_cost(4, 0), ValueError, "units must be an int >= 1"),
        (lambda: dense_cost(4, 2, bytes_per_value=0), ValueError, "bytes_per_value must be an int"),
    ],
)
def test_bad_input_names_the_argument(call, error, message, expect_error):
    expect_error(call, error, message)


def test_describe_costs_wants_a_sequence_of_costs():
    with pytest.raises(TypeError, match="sequence of LayerCost"):
        describe_costs(dense_cost(4, 2))
    with pytest.raises(TypeError, match="sequence of LayerCost"):
        describe_costs([1, 2])
