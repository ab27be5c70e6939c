"""What a layer costs: parameters, multiply-adds and activation memory, per image.

Plain Python, like :mod:`course_utils.shapes`, whose output-size rules it uses. A
convolution does one multiply-add per weight *per output position*; a bias adds no
multiplication, so it is left out of ``mult_adds`` (it is in ``params``). Pooling has no
parameters and no multiplications: it compares (max) or adds (average) the values of
each window, which ``mult_adds`` does not count. ``activation_bytes`` is the size of the
layer's output for one image, which the next layer reads and training keeps for the
backward pass (4 bytes a value for float32).

Examples
--------
>>> cost = conv2d_cost(14, 3, in_channels=64, filters=64, strides=2, padding="same")
>>> cost.output_shape, cost.params, cost.mult_adds
((7, 7, 64), 36928, 1806336)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from course_utils._validate import integer, pair

__all__ = [
    "LayerCost",
    "batch_norm_cost",
    "conv2d_cost",
    "dense_cost",
    "depthwise_conv2d_cost",
    "describe_costs",
    "pool2d_cost",
    "separable_conv2d_cost",
]


@dataclass(frozen=True)
class LayerCost:
    """The cost of one layer for one image.

    Attributes
    ----------
    name : str
        A label for tables.
    params : int
        Trainable parameters (weights and biases).
    mult_adds : int
        Multiply-adds for one image (a FLOP count is about twice this).
    output_shape : tuple of int
        ``(height, width, channels)``, or ``(units,)`` for a dense layer.
    activation_bytes : int
        Bytes of the output for one image.
    """

    name: str
    params: int
    mult_adds: int
    output_shape: tuple[int, ...]
    activation_bytes: int


def conv2d_cost(
    input_hw: int | tuple[int, int],
    kernel_size: int | tuple[int, int],
    in_channels: int,
    filters: int,
    strides: int | tuple[int, int] = 1,
    padding: str = "valid",
    dilation: int = 1,
    *,
    use_bias: bool = True,
    bytes_per_value: int = 4,
    name: str = "Conv2D",
) -> LayerCost:
    """Return the cost of a ``Conv2D`` on one ``input_hw`` image with ``in_channels``.

    ``mult_adds = H_out·W_out·filters·kh·kw·in_channels``: one per weight (biases
    excluded) per output position.

    Examples
    --------
    >>> c = conv2d_cost(28, 5, 1, 32, padding="same")
    >>> c.output_shape, c.params, c.mult_adds, c.activation_bytes
    ((28, 28, 32), 832, 627200, 100352)
    """
    from course_utils.shapes import conv2d_param_count, conv_output_size

    (h, w), (kh, kw) = pair("input_hw", input_hw), pair("kernel_size", kernel_size)
    sh, sw = pair("strides", strides)
    in_channels, filters = integer("in_channels", in_channels, 1), integer("filters", filters, 1)
    out_h = conv_output_size(h, kh, sh, padding, dilation)
    out_w = conv_output_size(w, kw, sw, padding, dilation)
    outputs = out_h * out_w * filters
    return LayerCost(
        name=name,
        params=conv2d_param_count((kh, kw), in_channels, filters, use_bias=use_bias),
        mult_adds=outputs * kh * kw * in_channels,
        output_shape=(out_h, out_w, filters),
        activation_bytes=outputs * integer("bytes_per_value", bytes_per_value, 1),
    )


def pool2d_cost(
    input_hw: int | tuple[int, int],
    pool_size: int | tuple[int, int],
    channels: int,
    strides: int | tuple[int, int] | None = None,
    padding: str = "valid",
    *,
    bytes_per_value: int = 4,
    name: str = "Pooling2D",
) -> LayerCost:
    """Return the cost of a max or average pooling layer (``strides`` defaults to the pool).

    Examples
    --------
    >>> pool2d_cost(28, 2, 32)
    LayerCost(name='Pooling2D', params=0, mult_adds=0, output_shape=(14, 14, 32), \
activation_bytes=25088)
    """
    from course_utils.shapes import pool_output_size

    (h, w), (ph, pw) = pair("input_hw", input_hw), pair("pool_size", pool_size)
    sh, sw = (ph, pw) if strides is None else pair("strides", strides)
    channels = integer("channels", channels, 1)
    out_h, out_w = pool_output_size(h, ph, sh, padding), pool_output_size(w, pw, sw, padding)
    return LayerCost(
        name=name,
        params=0,
        mult_adds=0,
        output_shape=(out_h, out_w, channels),
        activation_bytes=out_h * out_w * channels * integer("bytes_per_value", bytes_per_value, 1),
    )


def dense_cost(
    inputs: int,
    units: int,
    *,
    use_bias: bool = True,
    bytes_per_value: int = 4,
    name: str = "Dense",
) -> LayerCost:
    """Return the cost of a ``Dense`` layer: ``inputs·units`` multiply-adds.

    Examples
    --------
    >>> c = dense_cost(7 * 7 * 64, 1024)
    >>> c.params, c.mult_adds, c.output_shape
    (3212288, 3211264, (1024,))
    """
    from course_utils.shapes import dense_param_count

    inputs, units = integer("inputs", inputs, 1), integer("units", units, 1)
    return LayerCost(
        name=name,
        params=dense_param_count(inputs, units, use_bias=use_bias),
        mult_adds=inputs * units,
        output_shape=(units,),
        activation_bytes=units * integer("bytes_per_value", bytes_per_value, 1),
    )


def depthwise_conv2d_cost(
    input_hw: int | tuple[int, int],
    kernel_size: int | tuple[int, int],
    channels: int,
    strides: int | tuple[int, int] = 1,
    padding: str = "valid",
    *,
    use_bias: bool = True,
    bytes_per_value: int = 4,
    name: str = "Depthwise",
) -> LayerCost:
    """Return the cost of a ``DepthwiseConv2D`` (depth multiplier 1): one ``kh×kw``
    filter per channel, so ``mult_adds = H_out·W_out·channels·kh·kw``.

    Examples
    --------
    >>> c = depthwise_conv2d_cost(14, 3, 64, padding="same", use_bias=False)
    >>> c.params, c.mult_adds, c.output_shape
    (576, 112896, (14, 14, 64))
    """
    from course_utils.shapes import conv_output_size

    (h, w), (kh, kw) = pair("input_hw", input_hw), pair("kernel_size", kernel_size)
    sh, sw = pair("strides", strides)
    channels = integer("channels", channels, 1)
    out_h, out_w = conv_output_size(h, kh, sh, padding), conv_output_size(w, kw, sw, padding)
    outputs = out_h * out_w * channels
    return LayerCost(
        name=name,
        params=kh * kw * channels + (channels if use_bias else 0),
        mult_adds=outputs * kh * kw,
        output_shape=(out_h, out_w, channels),
        activation_bytes=outputs * integer("bytes_per_value", bytes_per_value, 1),
    )


def separable_conv2d_cost(
    input_hw: int | tuple[int, int],
    kernel_size: int | tuple[int, int],
    in_channels: int,
    filters: int,
    strides: int | tuple[int, int] = 1,
    padding: str = "valid",
    *,
    use_bias: bool = True,
    bytes_per_value: int = 4,
    name: str = "Separable",
) -> LayerCost:
    """Return the cost of a ``SeparableConv2D``: a depthwise ``kh×kw`` convolution, then a
    1×1 convolution to ``filters`` channels (the bias, if any, is the 1×1's).

    ``activation_bytes`` counts the layer's output only; the depthwise result in between
    is also computed and, in training, kept.

    Examples
    --------
    >>> c = separable_conv2d_cost(14, 3, 64, 64, padding="same", use_bias=False)
    >>> c.params, c.mult_adds
    (4672, 915712)
    """
    depthwise = depthwise_conv2d_cost(
        input_hw, kernel_size, in_channels, strides, padding, use_bias=False
    )
    size, b = depthwise.output_shape[:2], bytes_per_value
    pointwise = conv2d_cost(size, 1, in_channels, filters, use_bias=use_bias, bytes_per_value=b)
    return LayerCost(
        name=name,
        params=depthwise.params + pointwise.params,
        mult_adds=depthwise.mult_adds + pointwise.mult_adds,
        output_shape=pointwise.output_shape,
        activation_bytes=pointwise.activation_bytes,
    )


def batch_norm_cost(
    input_shape: tuple[int, ...], *, bytes_per_value: int = 4, name: str = "BatchNorm"
) -> LayerCost:
    """Return the cost of ``BatchNormalization`` on one image of ``input_shape``.

    ``params`` is ``4·channels``, as Keras' ``count_params()`` counts: ``gamma`` and
    ``beta`` are trained, the moving mean and variance are not. At inference batch norm
    is one multiply-add per value (``x·scale + shift``), which ``mult_adds`` counts; in
    training it also computes the batch statistics, a few more passes over the values.

    Examples
    --------
    >>> c = batch_norm_cost((14, 14, 16))
    >>> c.params, c.mult_adds, c.activation_bytes
    (64, 3136, 12544)
    """
    if not isinstance(input_shape, tuple) or not all(
        isinstance(n, int) and n >= 1 for n in input_shape
    ):
        raise TypeError(f"input_shape must be a tuple of ints >= 1, got {input_shape!r}")
    values = math.prod(input_shape)
    return LayerCost(
        name=name,
        params=4 * input_shape[-1],
        mult_adds=values,
        output_shape=input_shape,
        activation_bytes=values * integer("bytes_per_value", bytes_per_value, 1),
    )


def describe_costs(costs: Sequence[LayerCost]) -> str:
    """Return a table of ``costs``, one row per layer plus a total row.

    Examples
    --------
    >>> print(describe_costs([dense_cost(4, 2, name="fc")]))
    layer      output         params     mult-adds activations
    fc         2                  10             8         8 B
    total                         10             8         8 B
    """
    if isinstance(costs, LayerCost) or not all(isinstance(c, LayerCost) for c in costs):
        raise TypeError("costs must be a sequence of LayerCost (from conv2d_cost etc.)")

    def size(n: int) -> str:
        for unit, scale in (("MiB", 2**20), ("KiB", 2**10)):
            if n >= scale:
                return f"{n / scale:.1f} {unit}"
        return f"{n} B"

    lines = [f"{'layer':<10} {'output':<10} {'params':>10} {'mult-adds':>13} {'activations':>11}"]
    for c in costs:
        shape = "×".join(str(n) for n in c.output_shape)
        lines.append(
            f"{c.name:<10} {shape:<10} {c.params:>10,} {c.mult_adds:>13,} "
            f"{size(c.activation_bytes):>11}"
        )
    params = sum(c.params for c in costs)
    mult_adds = sum(c.mult_adds for c in costs)
    acts = sum(c.activation_bytes for c in costs)
    lines.append(f"{'total':<10} {'':<10} {params:>10,} {mult_adds:>13,} {size(acts):>11}")
    return "\n".join(lines)
