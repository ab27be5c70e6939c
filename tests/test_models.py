"""course_utils.models: the lecture-2 net's shapes and count agree with Keras and tf.nn."""

import math

import numpy as np
import pytest
from support import run_without_tensorflow

from course_utils import models

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

EXPECTED_SHAPES = {  # the shapes SHARED with notebooks 02 and 03
    "conv1_kernel": (5, 5, 1, 32),
    "conv1_bias": (32,),
    "conv2_kernel": (5, 5, 32, 64),
    "conv2_bias": (64,),
    "fc_kernel": (3136, 1024),
    "fc_bias": (1024,),
    "out_kernel": (1024, 10),
    "out_bias": (10,),
}


def test_variable_shapes_and_count():
    assert models.lecture2_variable_shapes() == EXPECTED_SHAPES
    assert list(models.lecture2_variable_shapes()) == list(EXPECTED_SHAPES)  # layer order
    assert models.lecture2_param_count() == sum(map(math.prod, EXPECTED_SHAPES.values()))


def test_keras_model_matches_the_shapes_and_count():
    model = models.build_lecture2_keras()
    assert model.count_params() == models.lecture2_param_count()
    assert [tuple(w.shape) for w in model.weights] == list(EXPECTED_SHAPES.values())
    assert [layer.name for layer in model.layers] == [
        "conv1", "pool1", "conv2", "pool2", "flatten", "fc", "dropout", "logits",
    ]  # fmt: skip
    assert model.get_layer("dropout").rate == models.DROPOUT_RATE
    assert model(np.zeros((2, 28, 28, 1), np.float32)).shape == (2, 10)


def test_lecture2_net_forward_pass_and_variables():
    net = models.Lecture2Net(seed=0)
    shapes = {v.name.split(":")[0]: tuple(v.shape) for v in net.trainable_variables}
    assert shapes == EXPECTED_SHAPES
    x = tf.random.stateless_uniform((3, 28, 28, 1), seed=(1, 2))
    logits = net(x)
    assert logits.shape == (3, 10)
    np.testing.assert_array_equal(net(x), logits)  # no dropout at inference
    assert not np.array_equal(net(x, training=True), net(x, training=True))
    assert not np.any(net.variables_by_name["fc_bias"].numpy())  # biases start at zero


def test_lecture2_net_computes_what_the_keras_model_computes():
    net, model = models.Lecture2Net(seed=3), models.build_lecture2_keras()
    model.set_weights([v.numpy() for v in net.variables_by_name.values()])
    x = tf.random.stateless_uniform((4, 28, 28, 1), seed=(5, 6))
    np.testing.assert_allclose(net(x), model(x), rtol=1e-4, atol=1e-4)


def test_importing_models_does_not_import_tensorflow():
    code = "import course_utils, course_utils.models as m\nprint(m.lecture2_param_count())"
    assert run_without_tensorflow(code) == "3274634"
