"""Output-size arithmetic for convolution and pooling, matching TensorFlow exactly.

Everything here is plain Python: it works without TensorFlow, so students can check a
shape before they build anything. The tests compare every function against real
Keras layers over a broad grid of sizes, kernels, strides, dilations and paddings.

One spatial dimension at a time: call the function once for the height and once for
the width (they are independent in TF).
"""

from __future__ import annotations

import math

from course_utils._validate import KernelTooLargeError, integer, pad_spec, padding_name

__all__ = [
    "FieldPosition",
    "KernelTooLargeError",
    "LayerCost",
    "conv2d_cost",
    "conv2d_param_count",
    "conv_output_size",
    "dense_cost",
    "dense_param_count",
    "describe_costs",
    "describe_model_layers",
    "effective_kernel_size",
    "pool2d_cost",
    "pool_output_size",
    "receptive_field",
    "receptive_field_position",
    "same_padding",
    "transposed_conv_output_size",
]

Padding = str | int | tuple[int, int]

_WINDOW_NAMES = ("Windows", "compute_windows", "describe_windows")


def __getattr__(name: str):
    # The window arithmetic lives in course_utils.windows, which builds on this module;
    # shapes.compute_windows and friends reach it on first use (no import cycle).
    if name in _WINDOW_NAMES:
        from course_utils import windows

        return getattr(windows, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def effective_kernel_size(kernel_size: int, dilation: int = 1) -> int:
    """Return the extent a dilated kernel covers: ``F' = F + (F - 1)(D - 1)``.

    Examples
    --------
    >>> effective_kernel_size(3, dilation=2)
    5
    """
    kernel_size = integer("kernel_size", kernel_size, 1)
    dilation = integer("dilation", dilation, 1)
    return kernel_size + (kernel_size - 1) * (dilation - 1)


def same_padding(
    input_size: int, kernel_size: int, stride: int = 1, dilation: int = 1
) -> tuple[int, int]:
    """Return TF's ``SAME`` padding as ``(before, after)``, with the odd pixel after.

    TF pads ``max((ceil(W/S) - 1)·S + F' - W, 0)`` pixels in total and puts the
    larger half at the bottom/right.

    Examples
    --------
    >>> same_padding(28, 5)
    (2, 2)
    >>> same_padding(28, 2, stride=2)
    (0, 0)
    >>> same_padding(7, 4)
    (1, 2)
    """
    input_size = integer("input_size", input_size, 1)
    stride = integer("stride", stride, 1)
    eff = effective_kernel_size(kernel_size, dilation)
    out = -(-input_size // stride)  # ceil(W / S) without floats
    total = max((out - 1) * stride + eff - input_size, 0)
    return total // 2, total - total // 2


def conv_output_size(
    input_size: int,
    kernel_size: int,
    stride: int = 1,
    padding: Padding = "valid",
    dilation: int = 1,
) -> int:
    """Return the output size of a convolution along one spatial dimension.

    Counts the window positions: ``floor((W + P_before + P_after - F') / S) + 1``,
    where ``F'`` is the dilated kernel size. ``"valid"`` pads nothing and ``"same"``
    gives ``ceil(W / S)`` as TF does.

    Parameters
    ----------
    input_size : int
        Input height or width, ``>= 1``.
    kernel_size : int
        Kernel height or width, ``>= 1`` (even sizes are legal).
    stride : int, default 1
        Step between window positions, ``>= 1``.
    padding : {"valid", "same"}, int or (int, int), default "valid"
        Case-insensitive name, a symmetric pad, or explicit ``(before, after)`` pads.
    dilation : int, default 1
        Spacing between kernel taps, ``>= 1``. ``tf.nn.conv2d`` accepts it with stride > 1;
        Keras' ``Conv2D`` does not.

    Examples
    --------
    >>> conv_output_size(7, 3), conv_output_size(7, 3, stride=2)
    (5, 3)
    >>> conv_output_size(28, 5, padding="SAME")
    28
    >>> conv_output_size(28, 5, padding=(1, 2))
    27
    """
    input_size = integer("input_size", input_size, 1)
    kernel_size = integer("kernel_size", kernel_size, 1)
    stride = integer("stride", stride, 1)
    dilation = integer("dilation", dilation, 1)
    pad = pad_spec(padding)
    if pad == "same":
        return math.ceil(input_size / stride)
    before, after = (0, 0) if pad == "valid" else pad
    padded = input_size + before + after
    eff = effective_kernel_size(kernel_size, dilation)
    if eff > padded:
        raise KernelTooLargeError(
            f"kernel_size {kernel_size} (dilated to {eff}) is larger than the padded input "
            f"({padded} = input_size {input_size} + padding {before} + {after}); "
            "use a smaller kernel or dilation, more padding, or padding='same'"
        )
    return (padded - eff) // stride + 1


def pool_output_size(
    input_size: int,
    pool_size: int,
    stride: int | None = None,
    padding: str = "valid",
) -> int:
    """Return the output size of max or average pooling along one spatial dimension.

    As in Keras, ``stride`` defaults to ``pool_size`` (non-overlapping windows).

    Examples
    --------
    >>> pool_output_size(28, 2)
    14
    >>> pool_output_size(7, 2), pool_output_size(7, 2, padding="same")
    (3, 4)
    >>> pool_output_size(13, 3, stride=2)
    6
    """
    pool_size = integer("pool_size", pool_size, 1)
    stride = pool_size if stride is None else integer("stride", stride, 1)
    padding = padding_name(padding, name="padding for pooling", note="as in Keras")
    try:
        return conv_output_size(input_size, pool_size, stride, padding)
    except KernelTooLargeError:
        raise KernelTooLargeError(
            f"pool_size {pool_size} is larger than input_size {input_size}; "
            "use a smaller pool_size or padding='same'"
        ) from None


def conv2d_param_count(
    kernel_size: int | tuple[int, int],
    in_channels: int,
    filters: int,
    *,
    use_bias: bool = True,
    groups: int = 1,
) -> int:
    """Return the trainable parameters of a ``Conv2D``: ``(kh·kw·c_in/groups + 1)·filters``.

    Examples
    --------
    >>> conv2d_param_count(5, 1, 32), conv2d_param_count((5, 5), 32, 64)
    (832, 51264)
    >>> conv2d_param_count(3, 8, 8, groups=4, use_bias=False)
    144
    """
    kh, kw = kernel_size if isinstance(kernel_size, tuple | list) else (kernel_size,) * 2
    kh, kw = integer("kernel_size", kh, 1), integer("kernel_size", kw, 1)
    in_channels = integer("in_channels", in_channels, 1)
    filters = integer("filters", filters, 1)
    groups = integer("groups", groups, 1)
    if in_channels % groups or filters % groups:
        raise ValueError(
            f"groups={groups} must divide both in_channels ({in_channels}) and filters ({filters})"
        )
    return (kh * kw * (in_channels // groups) + int(bool(use_bias))) * filters


def dense_param_count(inputs: int, units: int, *, use_bias: bool = True) -> int:
    """Return the trainable parameters of a ``Dense`` layer: ``(inputs + 1)·units``.

    Examples
    --------
    >>> dense_param_count(7 * 7 * 64, 1024)
    3212288
    """
    inputs = integer("inputs", inputs, 1)
    units = integer("units", units, 1)
    return (inputs + int(bool(use_bias))) * units


def transposed_conv_output_size(
    input_size: int,
    kernel_size: int,
    stride: int = 1,
    padding: str = "valid",
    output_padding: int | None = None,
    dilation: int = 1,
) -> int:
    """Return the output size of Keras' ``Conv2DTranspose`` along one spatial dimension.

    ``"valid"`` gives ``(W - 1)·S + max(F', S)`` and ``"same"`` gives ``W·S``; an
    ``output_padding`` P gives ``(W - 1)·S + F' + P`` and ``(W - 1)·S + F' mod 2 + P``.

    Examples
    --------
    >>> transposed_conv_output_size(14, 3, 2, "same"), transposed_conv_output_size(5, 1, 2)
    (28, 10)
    >>> transposed_conv_output_size(4, 3, 2, "same", output_padding=0)
    7
    """
    input_size = integer("input_size", input_size, 1)
    stride = integer("stride", stride, 1)
    eff = effective_kernel_size(kernel_size, dilation)
    same = padding_name(padding, note="as in Keras") == "same"
    if output_padding is None:
        return input_size * stride if same else (input_size - 1) * stride + max(eff, stride)
    output_padding = integer("output_padding", output_padding, 0)
    if output_padding >= stride:
        raise ValueError(f"output_padding must be an int in [0, stride - 1], got {output_padding}")
    if same and eff % 2 == 0 and output_padding == 0:  # TF raises, or gives 0 pixels for W = 1
        raise ValueError(f"output_padding=0 fails in TF for 'same' and an even kernel (F'={eff})")
    return (input_size - 1) * stride + (eff % 2 if same else eff) + output_padding


def receptive_field(layers) -> list[int]:
    """Return the receptive field, in input pixels, of one output pixel after each layer.

    ``layers``: ``(kernel_size, stride, dilation)`` triples, or pairs for dilation 1; a pool
    is ``(pool_size, stride)``. Each layer adds ``(F' - 1)·J``, J = product of earlier strides.

    Examples
    --------
    >>> receptive_field([(5, 1, 1), (2, 2, 1), (5, 1, 1), (2, 2, 1)])
    [5, 6, 14, 16]
    >>> receptive_field([(3, 1, 1), (3, 1, 2), (3, 1, 4)])
    [3, 7, 15]
    """
    triple = "(kernel_size, stride, dilation) triple"
    if isinstance(layers, str | bytes) or not hasattr(layers, "__len__") or not len(layers):
        raise ValueError(f"layers must be a non-empty sequence of {triple}s, got {layers!r}")
    field, jump, fields = 1, 1, []
    for i, layer in enumerate(layers):
        if not isinstance(layer, tuple | list) or len(layer) not in (2, 3):
            raise ValueError(f"layers[{i}] must be a {triple} or a pair, got {layer!r}")
        named = zip(("kernel_size", "stride", "dilation"), (*layer, 1), strict=False)
        k, stride, d = (integer(f"layers[{i}] {name}", v, 1) for name, v in named)
        field += (effective_kernel_size(k, d) - 1) * jump
        jump *= stride
        fields.append(field)
    return fields


# The cost helpers live in their own module and use the functions above; re-exported here
# so that ``from course_utils.shapes import conv2d_cost`` works as well.
from course_utils.costs import (  # noqa: E402
    LayerCost,
    conv2d_cost,
    dense_cost,
    describe_costs,
    pool2d_cost,
)

# Where a receptive field lies (its position depends on padding) is in course_utils.fields.
from course_utils.fields import (  # noqa: E402
    FieldPosition,
    describe_model_layers,
    receptive_field_position,
)
