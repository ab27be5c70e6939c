"""Modern convolutional blocks from the ops up (lecture 5), and what each layer costs.

Batch normalisation in NumPy (training and inference), a residual block with an identity
or projection shortcut, a depthwise-separable convolution from ``tf.nn`` ops, and
:func:`layer_costs`, which reads a built Keras model and returns one
:class:`course_utils.costs.LayerCost` per layer. The tests check each against Keras.

Importing this module does not import TensorFlow; the functions that need it import it.

Examples
--------
>>> round(separable_saving(3, 64), 4)  # a 3×3 separable conv to 64 channels
0.1267
"""

from __future__ import annotations

import numpy as np

from course_utils import costs
from course_utils._validate import integer

#: Filters of lecture 3's pooled conv blocks (notebook 03, ``build_fashion_net``).
LECTURE3_WIDTHS = (16, 48)
#: Filters of the record net's pooled conv blocks (see :func:`build_record_net`):
#: lecture 3's layout with 64 filters, not 48, in the second block.
RECORD_WIDTHS = (16, 64)

__all__ = [
    "batch_norm_infer",
    "batch_norm_train",
    "build_lecture3_net",
    "build_record_net",
    "layer_costs",
    "residual_block",
    "separable_from_ops",
    "separable_saving",
]


def batch_norm_infer(x, gamma, beta, mean, variance, epsilon: float = 1e-3) -> np.ndarray:
    """Return batch norm at inference: ``gamma·(x − mean)/sqrt(variance + epsilon) + beta``.

    The statistics are per channel (the last axis), stored by training; the output of
    one image does not depend on the rest of its batch. ``epsilon`` defaults to Keras'.

    Examples
    --------
    >>> batch_norm_infer(np.array([[3.0]]), gamma=[2.0], beta=[1.0], mean=[1.0],
    ...                  variance=[4.0], epsilon=0.0)
    array([[3.]])
    """
    x = np.asarray(x, dtype=np.float64)
    scale = np.asarray(gamma, np.float64) / np.sqrt(np.asarray(variance, np.float64) + epsilon)
    return (x - np.asarray(mean, np.float64)) * scale + np.asarray(beta, np.float64)


def batch_norm_train(
    x,
    gamma,
    beta,
    moving_mean,
    moving_variance,
    momentum: float = 0.99,
    epsilon: float = 1e-3,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return ``(y, new_moving_mean, new_moving_variance)`` for one training step.

    ``y`` normalises with the *batch* statistics: the mean and the (biased) variance of
    each channel over all other axes (batch, height, width). The moving statistics move a
    fraction ``1 − momentum`` of the way to the batch's:
    ``moving ← momentum·moving + (1 − momentum)·batch``.

    Examples
    --------
    >>> x = np.array([[0.0], [2.0]])  # two examples, one channel: mean 1, variance 1
    >>> y, mean, var = batch_norm_train(x, [1.0], [0.0], [0.0], [1.0], 0.9, epsilon=0.0)
    >>> y.ravel().tolist(), mean.round(6).tolist(), var.tolist()
    ([-1.0, 1.0], [0.1], [1.0])
    """
    if not 0.0 <= momentum <= 1.0:
        raise ValueError(f"momentum must be in [0, 1], got {momentum}")
    x = np.asarray(x, dtype=np.float64)
    if x.ndim < 2:
        raise ValueError(f"x must have a batch axis and a channel axis, got shape {x.shape}")
    axes = tuple(range(x.ndim - 1))
    batch_mean, batch_var = x.mean(axis=axes), x.var(axis=axes)
    y = batch_norm_infer(x, gamma, beta, batch_mean, batch_var, epsilon)
    new_mean = momentum * np.asarray(moving_mean, np.float64) + (1 - momentum) * batch_mean
    new_var = momentum * np.asarray(moving_variance, np.float64) + (1 - momentum) * batch_var
    return y, new_mean, new_var


def residual_block(x, filters: int, strides: int = 1, *, momentum: float = 0.9, name: str = "res"):
    """Return ``relu(shortcut(x) + bn(conv(relu(bn(conv(x))))))`` as Keras layers on ``x``.

    Both convolutions are 3×3, SAME, without bias (batch norm adds its own ``beta``). The
    shortcut is the identity when the shape is kept; when ``strides > 1`` or the channel
    count changes it is a *projection*: a 1×1 convolution with those strides, then batch
    norm (He et al. 2016). ``x`` is a symbolic Keras tensor (from ``keras.Input``).
    """
    from keras import layers

    filters, strides = integer("filters", filters, 1), integer("strides", strides, 1)

    def bn(suffix):
        return layers.BatchNormalization(momentum=momentum, name=f"{name}_{suffix}")

    y = layers.Conv2D(filters, 3, strides, "same", use_bias=False, name=f"{name}_conv1")(x)
    y = layers.ReLU(name=f"{name}_relu1")(bn("bn1")(y))
    y = layers.Conv2D(filters, 3, padding="same", use_bias=False, name=f"{name}_conv2")(y)
    y = bn("bn2")(y)
    shortcut = x
    if strides != 1 or x.shape[-1] != filters:
        shortcut = layers.Conv2D(filters, 1, strides, use_bias=False, name=f"{name}_proj")(x)
        shortcut = bn("proj_bn")(shortcut)
    return layers.ReLU(name=f"{name}_out")(layers.Add(name=f"{name}_add")([shortcut, y]))


def separable_from_ops(x, depthwise_kernel, pointwise_kernel, bias=None, padding: str = "SAME"):
    """Return a depthwise-separable convolution made of two ``tf.nn`` ops (stride 1).

    ``depthwise_kernel`` has shape ``(kh, kw, C_in, 1)``: one filter per input channel,
    applied by ``tf.nn.depthwise_conv2d``. ``pointwise_kernel`` has shape
    ``(1, 1, C_in, C_out)``: a 1×1 convolution that mixes the channels. This is what
    ``keras.layers.SeparableConv2D`` computes (Howard et al. 2017, MobileNets).
    """
    import tensorflow as tf

    x = tf.convert_to_tensor(x, tf.float32)
    mid = tf.nn.depthwise_conv2d(x, depthwise_kernel, strides=[1, 1, 1, 1], padding=padding)
    out = tf.nn.conv2d(mid, pointwise_kernel, strides=1, padding="VALID")
    return out if bias is None else out + bias


def separable_saving(kernel_size: int, filters: int) -> float:
    """Return the multiply-adds of a separable conv over those of a full one:
    ``1/filters + 1/kernel_size²`` (Howard et al. 2017, section 3.1).

    Examples
    --------
    >>> separable_saving(3, 9)
    0.2222222222222222
    """
    k, c_out = integer("kernel_size", kernel_size, 1), integer("filters", filters, 1)
    return 1 / c_out + 1 / k**2


def _spatial(layer) -> tuple[int, int, int]:
    shape = tuple(layer.input.shape[1:])
    if len(shape) != 3 or any(n is None for n in shape):
        raise ValueError(f"layer {layer.name!r} needs a known (H, W, C) input, got {shape}")
    return shape


def layer_costs(model) -> list[costs.LayerCost]:
    """Return a :class:`~course_utils.costs.LayerCost` for every layer of a built
    functional or Sequential Keras ``model`` that has weights or reshapes the data.

    Handled: ``Conv2D``, ``DepthwiseConv2D``, ``SeparableConv2D`` (dilation 1, groups 1,
    depth multiplier 1; others raise ``ValueError``), ``Dense``,
    ``BatchNormalization``, ``MaxPooling2D``/``AveragePooling2D`` and
    ``GlobalAveragePooling2D``. Layers without weights that keep the shape
    (activations, ``Add``, ``Dropout``, ``Rescaling``, ``Flatten``, augmentation) are left
    out. Any other layer with trained weights (a nested model too) raises ``TypeError``.
    """
    from keras import layers as kl

    result: list[costs.LayerCost] = []
    for layer in model.layers:
        cfg, name = layer.get_config(), layer.name
        if isinstance(layer, kl.InputLayer):
            continue
        if isinstance(layer, kl.SeparableConv2D | kl.DepthwiseConv2D | kl.Conv2D):
            for key in ("dilation_rate", "groups", "depth_multiplier"):
                value = cfg.get(key, 1)
                if value not in (1, (1, 1), [1, 1]):
                    raise ValueError(
                        f"layer {name!r}: {key} {value} is not handled; layer_costs counts "
                        f"convolutions with {key}=1 only"
                    )
            (h, w, c), k = _spatial(layer), cfg["kernel_size"]
            common = dict(strides=cfg["strides"], padding=cfg["padding"])
            common.update(use_bias=cfg["use_bias"], name=name)
            if isinstance(layer, kl.SeparableConv2D):
                cost = costs.separable_conv2d_cost((h, w), k, c, cfg["filters"], **common)
            elif isinstance(layer, kl.DepthwiseConv2D):
                cost = costs.depthwise_conv2d_cost((h, w), k, c, **common)
            else:
                cost = costs.conv2d_cost((h, w), k, c, cfg["filters"], **common)
        elif isinstance(layer, kl.Dense):
            cost = costs.dense_cost(
                layer.input.shape[-1], cfg["units"], use_bias=cfg["use_bias"], name=name
            )
        elif isinstance(layer, kl.BatchNormalization):
            cost = costs.batch_norm_cost(tuple(layer.input.shape[1:]), name=name)
        elif isinstance(layer, kl.MaxPooling2D | kl.AveragePooling2D):
            h, w, c = _spatial(layer)
            cost = costs.pool2d_cost(
                (h, w), cfg["pool_size"], c, cfg["strides"], cfg["padding"], name=name
            )
        elif isinstance(layer, kl.GlobalAveragePooling2D):
            c = _spatial(layer)[2]
            cost = costs.LayerCost(name, 0, 0, (c,), 4 * c)
        elif layer.trainable_weights:  # random layers hold only a seed state
            raise TypeError(f"layer {name!r} ({type(layer).__name__}) is not handled")
        else:
            continue
        result.append(cost)
    return result


def _pooled_conv(x, filters: int, name: str, momentum: float = 0.9):
    """Lecture 3's CPU block: 3×3 conv without bias, 2×2 max-pool, batch norm, ReLU."""
    from keras import layers

    x = layers.Conv2D(filters, 3, padding="same", use_bias=False, name=f"{name}_conv")(x)
    x = layers.MaxPooling2D(2, name=f"{name}_pool")(x)
    x = layers.BatchNormalization(momentum=momentum, name=f"{name}_bn")(x)
    return layers.ReLU(name=f"{name}_relu")(x)


def _net(augmentation, widths, residual: bool, head: str, name: str):
    import keras
    from keras import layers

    if head not in ("flatten", "gap"):
        raise ValueError(f"head must be 'flatten' or 'gap', got {head!r}")
    inputs = keras.Input(shape=(28, 28, 1), dtype="uint8")
    x = layers.Rescaling(1 / 255, name="rescale")(inputs)
    if augmentation is not None:
        x = augmentation(x)
    for i, filters in enumerate(widths, 1):
        x = _pooled_conv(x, filters, f"block{i}")
    if residual:
        x = residual_block(x, widths[-1], name="res")
    if head == "flatten":
        x = layers.Flatten(name="flatten")(x)
        x = layers.Dense(128, activation="relu", name="fc")(x)
        x = layers.Dropout(0.3, name="dropout")(x)
    else:
        x = layers.GlobalAveragePooling2D(name="gap")(x)
    return keras.Model(inputs, layers.Dense(10, name="logits")(x), name=name)


def build_lecture3_net(augmentation=None):
    """Return lecture 3's fast net (notebook 03, ``build_fashion_net``) as a Keras model.

    ``uint8`` images in, 10 logits out: two blocks of 3×3 conv (16, then 48 filters),
    max-pool, batch norm (momentum 0.9) and ReLU, then dense 128, dropout 0.3, dense 10;
    309,786 parameters. ``tests/test_blocks.py`` compares it with the notebook's code.
    """
    return _net(augmentation, LECTURE3_WIDTHS, False, "flatten", "lecture3_net")


def build_record_net(
    augmentation=None, *, widths=RECORD_WIDTHS, residual: bool = False, head: str = "flatten"
):
    """Return lecture 5's record net and its variants.

    By default it has lecture 3's layout with 64 filters in the second block, not 48
    (412,506 parameters); the rest of its record comes from the training recipe: flips
    and a longer cosine schedule. ``widths`` are the filters of the pooled conv
    blocks; ``residual=True`` appends a :func:`residual_block` at the last width
    (identity shortcut); ``head`` is ``"flatten"`` (dense 128, dropout 0.3) or ``"gap"``
    (global average pooling). The lecture's ablation changes them one at a time.
    """
    return _net(augmentation, tuple(widths), residual, head, "record_net")
