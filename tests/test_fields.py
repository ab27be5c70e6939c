"""course_utils.fields: receptive-field positions checked against gradients of tf.nn stacks."""

import subprocess
import sys

import numpy as np
import pytest

from course_utils import shapes
from course_utils.fields import FieldPosition, describe_model_layers, receptive_field_position
from course_utils.shapes import conv_output_size, receptive_field

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")


def _apply(layers, x):
    """Apply ``layers`` along the height of an NHWC batch ``x`` (width 1) with tf.nn ops.
    Convs have all-ones kernels and even windows average-pool, so the stack is linear and
    every input pixel that an output pixel sees has a positive weight."""
    y = x
    for k, stride, padding, *rest in layers:
        dilation = rest[0] if rest else 1
        if isinstance(padding, tuple):  # explicit (before, after): conv only
            pad = [[0, 0], list(padding), [0, 0], [0, 0]]
        else:
            pad = padding.upper()
        if k % 2 or dilation > 1 or isinstance(padding, tuple):
            y = tf.nn.conv2d(y, tf.ones((k, 1, 1, 1)), (stride, 1), pad, dilations=(dilation, 1))
        else:
            y = tf.nn.avg_pool2d(y, (k, 1), (stride, 1), pad)
    return y


def _jacobian(layers, height):
    """The Jacobian (output pixels × input pixels): the stack is linear, so row i is the
    response of output i to each one-hot input, all in one forward pass."""
    y = _apply(layers, tf.eye(height)[:, :, None, None])
    return y.numpy().reshape(height, -1).T


def test_the_one_hot_jacobian_is_the_gradient():
    # no dilation here: TF's CPU kernels have no gradient for a dilated tf.nn.conv2d
    layers = [(3, 2, "same"), (2, 2, "valid"), (3, 1, (1, 2)), (3, 1, "same")]
    x = tf.random.uniform((1, 19, 1, 1))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reshape(_apply(layers, x), [-1])
    gradients = tape.jacobian(y, x, experimental_use_pfor=True).numpy().reshape(len(y), 19)
    np.testing.assert_allclose(gradients, _jacobian(layers, 19), rtol=1e-6)


STACKS = [
    [(5, 1, "same"), (2, 2, "valid"), (5, 1, "same"), (2, 2, "valid")],  # lecture 2's net
    [(3, 1, "valid"), (3, 1, "valid")],
    [(3, 2, "same"), (3, 2, "same"), (3, 1, "same")],
    [(4, 2, "same"), (3, 1, "valid")],
    [(2, 2, "same"), (5, 1, "same"), (2, 2, "same")],
    [(3, 1, "same", 2), (3, 1, "same", 4)],
    [(3, 1, "valid", 2), (2, 2, "valid")],
    [(3, 2, (1, 0)), (3, 1, (0, 2))],
    [(5, 3, "same"), (2, 1, "same"), (3, 2, (2, 2))],
]


def _random_stacks(count, seed=0):
    rng = np.random.default_rng(seed)
    for _ in range(count):
        layers = []
        for _ in range(rng.integers(1, 4)):
            k = int(rng.integers(1, 6))
            stride, dilation = int(rng.integers(1, 4)), 1
            padding = ["valid", "same", (int(rng.integers(0, 3)), int(rng.integers(0, 3)))][
                rng.integers(0, 3)
            ]
            if k % 2 and stride == 1 and rng.random() < 0.3:
                dilation = 2
            if k % 2 == 0 and not isinstance(padding, str):
                padding = "valid"  # tf.nn.avg_pool2d takes no explicit padding
            layers.append((k, stride, padding, dilation))
        yield layers


@pytest.mark.parametrize("height", [17, 24])
@pytest.mark.parametrize("layers", STACKS + list(_random_stacks(25)), ids=str)
def test_position_matches_the_gradient_of_tf_nn(layers, height):
    try:
        jacobian = _jacobian(layers, height)
    except (tf.errors.InvalidArgumentError, ValueError):
        pytest.skip("the stack does not fit this input")
    sizes = receptive_field([(k, s, *(r or [1])) for k, s, _, *r in layers])
    for index, row in enumerate(jacobian):
        seen = np.flatnonzero(row > 0)
        field = receptive_field_position(layers, height, index)
        if not len(seen):  # it sees only a later layer's padding: the box must reach padding
            assert field.start < 0 or field.stop > height, (index, field)
            continue
        assert field.stop - field.start == sizes[-1]
        assert field.centre == (field.start + field.stop - 1) / 2
        assert field.centre == field.offset + index * field.jump
        assert field.start <= seen.min() and seen.max() < field.stop, (index, field, seen)
        if field.start >= 0 and field.stop <= height:  # no padding: the ends are taps
            assert (seen.min(), seen.max()) == (field.start, field.stop - 1), (index, field)
    with pytest.raises(ValueError, match="index must be an int in"):
        receptive_field_position(layers, height, len(jacobian))


def test_same_padding_moves_the_field_and_valid_does_not():
    same = receptive_field_position([(5, 1, "same")], 28, 0)
    valid = receptive_field_position([(5, 1, "valid")], 28, 0)
    assert (same.start, same.stop, same.centre) == (-2, 3, 0.0)  # centred on pixel 0
    assert (valid.start, valid.stop, valid.centre) == (0, 5, 2.0)
    assert isinstance(same, FieldPosition) and same.jump == valid.jump == 1


def test_describe_model_layers_reads_a_keras_model():
    model = keras.Sequential(
        [
            keras.Input((28, 20, 1)),
            keras.layers.Conv2D(4, (5, 3), padding="same", name="conv1"),
            keras.layers.BatchNormalization(),
            keras.layers.ReLU(),
            keras.layers.MaxPooling2D(2, name="pool1"),
            keras.layers.Conv2D(4, 3, strides=2, dilation_rate=1, name="conv2"),
            keras.layers.Flatten(),
            keras.layers.Dense(3, name="out"),
        ]
    )
    assert describe_model_layers(model, "conv2") == [
        (5, 1, "same", 1),
        (2, 2, "valid", 1),
        (3, 2, "valid", 1),
    ]
    assert describe_model_layers(model, "conv2", axis=1)[0] == (3, 1, "same", 1)
    layers = describe_model_layers(model, "conv2")
    size = conv_output_size(conv_output_size(28, 2, 2), 3, 2)
    assert size == model.get_layer("conv2").output.shape[1]
    receptive_field_position(layers, 28, size - 1)  # the last row is in range
    with pytest.raises(ValueError, match="layer_name must be one of"):
        describe_model_layers(model, "conv9")
    with pytest.raises(ValueError, match="does not keep pixels in place"):
        describe_model_layers(model, "out")
    with pytest.raises(ValueError, match="axis must be 0"):
        describe_model_layers(model, "conv2", axis=2)


@pytest.mark.parametrize(
    ("layers", "size", "index", "error", "message"),
    [
        ([], 8, 0, ValueError, "layers must be a non-empty sequence"),
        ("3,1,same", 8, 0, ValueError, "layers must be a non-empty sequence"),
        ([(3, 1)], 8, 0, ValueError, "layers[0] must be a (kernel_size, stride, padding"),
        ([(3, 0, "same")], 8, 0, ValueError, "layers[0] stride must be an int >= 1"),
        ([(3.0, 1, "same")], 8, 0, TypeError, "layers[0] kernel_size must be an int"),
        ([(3, 1, "full")], 8, 0, ValueError, "padding must be 'valid', 'same'"),
        ([(3, 1, "same")], 0, 0, ValueError, "input_size must be an int >= 1"),
        ([(3, 1, "valid")], 8, 6, ValueError, "index must be an int in [0, 5], got 6"),
        ([(3, 1, "valid")], 8, -1, ValueError, "index must be an int in [0, 5]"),
        ([(9, 1, "valid")], 8, 0, ValueError, "kernel_size 9"),
    ],
)
def test_bad_input_names_the_argument(layers, size, index, error, message, expect_error):
    expect_error(lambda: receptive_field_position(layers, size, index), error, message)


def test_re_exported_from_shapes_and_imports_without_tensorflow():
    assert shapes.receptive_field_position is receptive_field_position
    assert "receptive_field_position" in shapes.__all__
    code = "import sys, course_utils.fields; assert 'tensorflow' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
