"""Exercise of lecture 05 with code for answer: the MobileNet block as a function."""

from __future__ import annotations

from course_utils.exercises._core import Exercise, Function, Mistake

IN_SHAPE, FILTERS, OTHER_FILTERS = (8, 8, 16), 32, 24


def _probe(block, filters=FILTERS):
    """Build ``block`` on a 8×8×16 input: (output shape, params, kinds)."""
    import keras

    inputs = keras.Input(IN_SHAPE)
    outputs = block(inputs, filters)
    if outputs is None:
        return None
    model = keras.Model(inputs, outputs)
    kinds = [type(layer).__name__ for layer in model.layers[1:]]
    return tuple(model.output_shape[1:]), model.count_params(), kinds


def _reference(x, filters):
    from keras import layers

    x = layers.DepthwiseConv2D(3, padding="same", use_bias=False)(x)
    x = layers.ReLU()(layers.BatchNormalization()(x))
    x = layers.Conv2D(filters, 1, use_bias=False)(x)
    return layers.ReLU()(layers.BatchNormalization()(x))


def _with_bias(x, filters):
    from keras import layers

    x = layers.DepthwiseConv2D(3, padding="same")(x)
    x = layers.ReLU()(layers.BatchNormalization()(x))
    x = layers.Conv2D(filters, 1)(x)
    return layers.ReLU()(layers.BatchNormalization()(x))


def _full_conv(x, filters):
    from keras import layers

    x = layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    return layers.ReLU()(layers.BatchNormalization()(x))


def _one_separable(x, filters):
    from keras import layers

    x = layers.SeparableConv2D(filters, 3, padding="same", use_bias=False)(x)
    return layers.ReLU()(layers.BatchNormalization()(x))


def _no_pointwise(x, filters):
    from keras import layers

    x = layers.DepthwiseConv2D(3, padding="same", use_bias=False)(x)
    return layers.ReLU()(layers.BatchNormalization()(x))


def _no_return(x, filters):
    _reference(x, filters)


def _relu_before_bn(x, filters):
    from keras import layers

    x = layers.DepthwiseConv2D(3, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(layers.ReLU()(x))
    x = layers.Conv2D(filters, 1, use_bias=False)(x)
    return layers.BatchNormalization()(layers.ReLU()(x))


def _relu6(x, filters):
    from keras import layers

    x = layers.DepthwiseConv2D(3, padding="same", use_bias=False)(x)
    x = layers.ReLU(6.0)(layers.BatchNormalization()(x))
    x = layers.Conv2D(filters, 1, use_bias=False)(x)
    return layers.ReLU(6.0)(layers.BatchNormalization()(x))


def _outputs_like(block, other) -> bool:
    """Whether ``block`` computes what ``other`` computes: copy the same random weights and
    batch-norm statistics into both (layer by layer, in order) and compare the outputs in
    inference mode. This checks where the activations sit and what they compute, not
    only which layers there are."""
    import keras
    import numpy as np
    from keras import layers

    models = []
    for fn in (block, other):
        inputs = keras.Input(IN_SHAPE)
        outputs = fn(inputs, FILTERS)
        if outputs is None:
            return False
        models.append(keras.Model(inputs, outputs))
    weighted = [[layer for layer in m.layers if layer.weights] for m in models]
    if [[w.shape for w in layer.weights] for layer in weighted[0]] != [
        [w.shape for w in layer.weights] for layer in weighted[1]
    ]:
        return False
    rng = np.random.default_rng(0)
    for mine, theirs in zip(*weighted, strict=True):
        values = [rng.normal(size=w.shape).astype("float32") for w in mine.weights]
        if isinstance(mine, layers.BatchNormalization):  # a positive moving variance
            values[-1] = rng.uniform(0.5, 2.0, size=values[-1].shape).astype("float32")
        mine.set_weights(values)
        theirs.set_weights(values)
    x = rng.normal(size=(2, *IN_SHAPE)).astype("float32")
    got, want = (np.asarray(m(x, training=False)) for m in models)
    return got.shape == want.shape and bool(np.allclose(got, want, atol=1e-4))


def _fixed_filters(x, filters):
    return _reference(x, FILTERS)


def _ignores_filters(block) -> bool:
    """Right channel count for 32 filters, the same 32 again when asked for 24."""
    probes = [_probe(block, n) for n in (FILTERS, OTHER_FILTERS)]
    return None not in probes and [p[0][-1] for p in probes] == [FILTERS, FILTERS]


def _is_reference(block, _expected=None) -> bool:
    for filters in (FILTERS, OTHER_FILTERS):  # a block that ignores `filters` fails
        probe = _probe(block, filters)
        if probe is None:
            return False
        shape, params, _ = probe
        if shape != (*IN_SHAPE[:2], filters) or params != _probe(_reference, filters)[1]:
            return False
    return _outputs_like(block, _reference)


def _same_params(other):
    return lambda block: (p := _probe(block)) is not None and p[1] == _probe(other)[1]


EXERCISES = [
    Exercise(
        id="05.4",
        task=(
            "Write mobilenet_block(x, filters): 3×3 depthwise conv (SAME, no bias), batch "
            "norm, ReLU, 1×1 conv to filters (no bias), batch norm, ReLU."
        ),
        form=Function("mobilenet_block"),
        solve=lambda: _reference,
        accept=_is_reference,
        reason=(
            "Correct: on an 8×8×16 input with 32 filters it has the reference parameter "
            "count and output shape, and with the same weights and batch-norm statistics it "
            "computes the reference block's output."
        ),
        hint=(
            "Build it on keras.Input((8, 8, 16)) with 32 filters and compare "
            "model.summary() with the task: DepthwiseConv2D, BatchNormalization, ReLU, "
            "Conv2D(filters, 1), BatchNormalization, ReLU."
        ),
        mistakes=[
            Mistake(
                "Your function returns nothing: end it with `return x`.",
                example=lambda: _no_return,
                matches=lambda block: _probe(block) is None,
            ),
            Mistake(
                "Your block always has the same number of output channels: pass `filters` "
                "to the 1×1 Conv2D instead of a fixed number, so that mobilenet_block(x, 24) "
                "gives 24 channels.",
                example=lambda: _fixed_filters,
                matches=_ignores_filters,
            ),
            Mistake(
                "The convolutions carry biases: pass use_bias=False, since batch norm's beta "
                "adds the same shift.",
                example=lambda: _with_bias,
                matches=_same_params(_with_bias),
            ),
            Mistake(
                "That is a full 3×3 convolution (kh·kw·C_in·C_out weights); the block starts "
                "with a DepthwiseConv2D, one 3×3 filter per input channel.",
                example=lambda: _full_conv,
                matches=_same_params(_full_conv),
            ),
            Mistake(
                "SeparableConv2D does both convolutions with nothing in between; the "
                "MobileNet block puts batch norm and ReLU after the depthwise part too.",
                example=lambda: _one_separable,
                matches=_same_params(_one_separable),
            ),
            Mistake(
                "Each ReLU comes after its batch norm: convolution, batch norm, then ReLU. "
                "With the ReLU first, batch norm's beta can make the output negative.",
                example=lambda: _relu_before_bn,
                matches=lambda block: _outputs_like(block, _relu_before_bn),
            ),
            Mistake(
                "That is ReLU6 (capped at 6), which Keras' MobileNet application uses; the "
                "task, like Howard et al.'s paper, asks for a plain ReLU.",
                example=lambda: _relu6,
                matches=lambda block: _outputs_like(block, _relu6),
            ),
            Mistake(
                "The output keeps the input's channels: add the 1×1 Conv2D to `filters` "
                "channels (with its batch norm and ReLU).",
                example=lambda: _no_pointwise,
                matches=lambda block: (p := _probe(block)) is not None and p[0][-1] != FILTERS,
            ),
        ],
        explanation="""
```python
def mobilenet_block(x, filters):
    x = layers.DepthwiseConv2D(3, padding="same", use_bias=False)(x)
    x = layers.ReLU()(layers.BatchNormalization()(x))
    x = layers.Conv2D(filters, 1, use_bias=False)(x)
    return layers.ReLU()(layers.BatchNormalization()(x))

answer = mobilenet_block
```
Howard et al. (2017) put batch norm and ReLU after both convolutions. On 8×8×16 to 32
channels it holds 9·16 + 16·32 = 656 kernel weights and 4·(16 + 32) = 192 batch-norm
numbers.
""",
    ),
]
