"""course_utils.blocks and the new costs: batch norm against keras.layers.BatchNormalization
in both modes, the residual block's shortcuts, the separable composition against
SeparableConv2D, and layer_costs against count_params() and hand counts."""

import numpy as np
import pytest

from course_utils import blocks, costs

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")
layers = keras.layers


@pytest.fixture
def maps():
    return np.random.default_rng(0).normal(2.0, 3.0, size=(16, 5, 5, 3)).astype("float32")


@pytest.mark.parametrize("momentum", [0.9, 0.99])
def test_batch_norm_train_matches_keras(maps, momentum):
    bn = layers.BatchNormalization(momentum=momentum)
    bn.build(maps.shape)
    bn.gamma.assign([1.5, 0.5, 2.0])
    bn.beta.assign([0.1, -0.2, 0.3])
    moving = bn.moving_mean.numpy(), bn.moving_variance.numpy()
    out = bn(maps, training=True).numpy()
    y, mean, var = blocks.batch_norm_train(
        maps, bn.gamma.numpy(), bn.beta.numpy(), *moving, momentum, bn.epsilon
    )
    np.testing.assert_allclose(out, y, atol=1e-4)
    np.testing.assert_allclose(bn.moving_mean.numpy(), mean, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(bn.moving_variance.numpy(), var, rtol=1e-5, atol=1e-6)


def test_batch_norm_infer_matches_keras(maps):
    bn = layers.BatchNormalization()
    bn.build(maps.shape)
    bn.moving_mean.assign([1.0, 2.0, -1.0])
    bn.moving_variance.assign([4.0, 9.0, 0.25])
    bn.gamma.assign([2.0, 1.0, 0.5])
    out = bn(maps, training=False).numpy()
    ours = blocks.batch_norm_infer(
        maps, bn.gamma, bn.beta, bn.moving_mean, bn.moving_variance, bn.epsilon
    )
    np.testing.assert_allclose(out, ours, atol=1e-5)


def test_batch_norm_train_output_is_normalised(maps):
    y, _, _ = blocks.batch_norm_train(maps, np.ones(3), np.zeros(3), np.zeros(3), np.ones(3))
    np.testing.assert_allclose(y.mean(axis=(0, 1, 2)), 0, atol=1e-6)
    np.testing.assert_allclose(y.std(axis=(0, 1, 2)), 1, atol=1e-3)


@pytest.mark.parametrize("bad", [{"momentum": 1.5}, {"x": np.ones(3)}])
def test_batch_norm_train_rejects_bad_input(bad):
    args = {"x": np.ones((2, 3)), "momentum": 0.9, **bad}
    with pytest.raises(ValueError, match=r"momentum|batch axis"):
        blocks.batch_norm_train(args["x"], 1, 0, 0, 1, momentum=args["momentum"])


@pytest.mark.parametrize(
    ("c_in", "filters", "strides", "projection"),
    [(16, 16, 1, False), (16, 32, 1, True), (16, 16, 2, True)],
)
def test_residual_block_shortcut(c_in, filters, strides, projection):
    inputs = keras.Input((8, 8, c_in))
    model = keras.Model(inputs, blocks.residual_block(inputs, filters, strides, name="r"))
    names = {layer.name for layer in model.layers}
    assert ("r_proj" in names) == projection
    assert model.output_shape == (None, 8 // strides, 8 // strides, filters)
    expected = 9 * c_in * filters + 9 * filters * filters + 2 * 4 * filters
    if projection:
        expected += c_in * filters + 4 * filters
    assert model.count_params() == expected  # two 3×3 convs, two BN (+ 1×1 conv, BN)


def test_residual_block_identity_adds_the_input():
    inputs = keras.Input((6, 6, 4))
    model = keras.Model(inputs, blocks.residual_block(inputs, 4, name="r"))
    model.get_layer("r_bn2").gamma.assign(np.zeros(4))  # the branch now outputs beta = 0
    x = np.random.default_rng(1).normal(size=(2, 6, 6, 4)).astype("float32")
    np.testing.assert_allclose(model(x, training=False), np.maximum(x, 0), atol=1e-6)


def test_separable_from_ops_matches_keras():
    x = np.random.default_rng(2).normal(size=(2, 9, 9, 5)).astype("float32")
    layer = layers.SeparableConv2D(7, 3, padding="same")
    layer.build(x.shape)
    depthwise, pointwise, bias = (w.numpy() for w in layer.weights)
    bias = bias + np.linspace(-1, 1, 7).astype("float32")
    layer.weights[2].assign(bias)
    expected = layer(x).numpy()
    ours = blocks.separable_from_ops(x, depthwise, pointwise, bias).numpy()
    np.testing.assert_allclose(ours, expected, atol=1e-5)
    assert depthwise.shape == (3, 3, 5, 1) and pointwise.shape == (1, 1, 5, 7)


@pytest.mark.parametrize(("k", "c_in", "c_out"), [(3, 32, 64), (5, 16, 16), (3, 64, 128)])
def test_separable_saving_matches_the_counts(k, c_in, c_out):
    full = costs.conv2d_cost(14, k, c_in, c_out, padding="same", use_bias=False)
    sep = costs.separable_conv2d_cost(14, k, c_in, c_out, padding="same", use_bias=False)
    assert sep.mult_adds / full.mult_adds == pytest.approx(blocks.separable_saving(k, c_out))
    # by hand: H·W·C_in·k² depthwise plus H·W·C_in·C_out pointwise
    assert sep.mult_adds == 14 * 14 * c_in * (k * k + c_out)
    assert sep.params == c_in * (k * k + c_out)


def test_separable_saving_rejects_bad_input():
    with pytest.raises(ValueError, match="filters"):
        blocks.separable_saving(3, 0)


def _zoo():
    inputs = keras.Input((28, 28, 1))
    x = layers.Conv2D(8, 3, padding="same", use_bias=False, name="conv")(inputs)
    x = layers.MaxPooling2D(2, name="pool")(x)
    x = layers.BatchNormalization(name="bn")(x)
    x = layers.ReLU(name="relu")(x)
    x = blocks.residual_block(x, 16, 2, name="res")
    x = layers.DepthwiseConv2D(3, padding="same", name="dw")(x)
    x = layers.SeparableConv2D(24, 3, strides=2, padding="same", name="sep")(x)
    x = layers.AveragePooling2D(2, padding="same", name="avg")(x)
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    outputs = layers.Dense(10, name="logits")(x)
    return keras.Model(inputs, outputs)


def test_layer_costs_match_keras_params_and_shapes():
    model = _zoo()
    found = blocks.layer_costs(model)
    assert sum(c.params for c in found) == model.count_params()
    for cost in found:
        layer = model.get_layer(cost.name)
        assert cost.params == layer.count_params(), cost.name
        assert cost.output_shape == tuple(layer.output.shape[1:]), cost.name
    assert {"relu", "res_add", "res_out"}.isdisjoint(c.name for c in found)


def test_layer_costs_hand_counts():
    by_name = {c.name: c for c in blocks.layer_costs(_zoo())}
    assert by_name["conv"].mult_adds == 28 * 28 * 8 * 9
    assert by_name["bn"].mult_adds == 14 * 14 * 8 and by_name["bn"].params == 32
    assert by_name["res_conv1"].mult_adds == 7 * 7 * 16 * 9 * 8
    assert by_name["res_proj"].mult_adds == 7 * 7 * 16 * 8
    assert by_name["dw"].mult_adds == 7 * 7 * 16 * 9 and by_name["dw"].params == 9 * 16 + 16
    assert by_name["sep"].mult_adds == 4 * 4 * 16 * 9 + 4 * 4 * 16 * 24
    assert by_name["sep"].activation_bytes == 4 * 4 * 24 * 4
    assert by_name["gap"].output_shape == (24,) and by_name["gap"].mult_adds == 0
    assert by_name["logits"].mult_adds == 24 * 10


def test_layer_costs_rejects_unknown_layers():
    inputs = keras.Input((4, 4, 2))
    model = keras.Model(inputs, layers.Conv2DTranspose(3, 3)(inputs))
    with pytest.raises(TypeError, match="not handled"):
        blocks.layer_costs(model)


@pytest.mark.parametrize(
    ("layer", "named"),
    [
        (layers.SeparableConv2D(4, 3, depth_multiplier=2), "depth_multiplier 2"),
        (layers.DepthwiseConv2D(3, depth_multiplier=3), "depth_multiplier 3"),
        (layers.Conv2D(4, 3, dilation_rate=2), "dilation_rate"),
        (layers.Conv2D(4, 3, groups=2), "groups 2"),
        (layers.SeparableConv2D(4, 3, dilation_rate=2), "dilation_rate"),
    ],
)
def test_layer_costs_rejects_what_it_does_not_count(layer, named):
    inputs = keras.Input((8, 8, 2))
    model = keras.Model(inputs, layer(inputs))
    with pytest.raises(ValueError, match=named):
        blocks.layer_costs(model)


def test_layer_costs_counts_a_non_square_kernel():
    inputs = keras.Input((8, 8, 2))
    model = keras.Model(inputs, layers.Conv2D(4, (3, 1), padding="same")(inputs))
    (cost,) = blocks.layer_costs(model)
    assert cost.params == model.count_params() == 3 * 1 * 2 * 4 + 4
    assert cost.mult_adds == 8 * 8 * 4 * 3 * 1 * 2


def test_batch_norm_cost_rejects_bad_shape():
    with pytest.raises(TypeError, match="input_shape"):
        costs.batch_norm_cost([14, 14, 16])


def _notebook03_fashion_net():
    """Exec notebook 03's ``conv_block`` and ``build_fashion_net`` cells; build the net."""
    import pathlib

    import nbformat

    path = pathlib.Path(__file__).parents[1] / "notebooks" / "03_keras_convnet.ipynb"
    cells = [c.source for c in nbformat.read(path, 4).cells if c.cell_type == "code"]
    scope = {"keras": keras, "layers": layers}
    for name in ("def conv_block", "def build_fashion_net"):
        (source,) = [s for s in cells if name in s]
        exec(source, scope)
    return scope["build_fashion_net"]()


def _layer_config(model):
    keys = ("filters", "kernel_size", "strides", "padding", "use_bias", "units", "rate")
    keys += ("momentum", "epsilon", "pool_size", "scale", "activation")
    rows = []
    for layer in model.layers:
        if isinstance(layer, layers.InputLayer):  # functional models list it
            continue
        cfg = layer.get_config()
        rows.append((type(layer).__name__, {k: cfg[k] for k in keys if k in cfg}))
    return rows


def test_lecture3_net_matches_notebook03():
    ours, theirs = blocks.build_lecture3_net(), _notebook03_fashion_net()
    assert _layer_config(ours) == _layer_config(theirs)
    assert ours.count_params() == theirs.count_params() == 309_786
    assert blocks.LECTURE3_WIDTHS == (16, 48)


def test_record_and_lecture3_nets():
    record = blocks.build_record_net()
    assert record.count_params() == 412_506  # lecture 3's layout, 64 filters in block 2
    conv_filters = [lay.filters for lay in record.layers if type(lay).__name__ == "Conv2D"]
    assert tuple(conv_filters) == blocks.RECORD_WIDTHS == (16, 64)
    variant = blocks.build_record_net(residual=True, head="gap")
    names = {layer.name for layer in variant.layers}
    assert {"res_add", "gap"} <= names and "res_proj" not in names
    assert variant.output_shape == (None, 10)
    with pytest.raises(ValueError, match="head"):
        blocks.build_record_net(head="dense")
