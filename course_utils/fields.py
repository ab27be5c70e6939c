"""Where an output pixel's receptive field lies in the input, not only how large it is.

``shapes.receptive_field`` gives the field's size. Its *position* also depends on the
padding: with ``"same"`` padding, output pixel 0 looks at a window that starts before the
image (on padding). The tests compare every position with the gradient of a real
``tf.nn`` stack.

One spatial dimension at a time, like the rest of ``shapes``. A layer is a tuple
``(kernel_size, stride, padding)`` or ``(kernel_size, stride, padding, dilation)``; a
pooling layer is ``(pool_size, stride, padding)``; ``padding`` is anything
``conv_output_size`` accepts ("valid", "same", an int or a ``(before, after)`` pair).
"""

from __future__ import annotations

from typing import NamedTuple

from course_utils._validate import integer, pad_spec
from course_utils.shapes import conv_output_size, effective_kernel_size, same_padding

__all__ = ["FieldPosition", "describe_model_layers", "receptive_field_position"]


class FieldPosition(NamedTuple):
    """The input pixels ``start <= x < stop`` that one output pixel sees.

    ``start`` may be negative and ``stop`` may pass the input's size: those pixels are
    padding. Where a later layer pads, the pixel sees fewer real pixels than the box holds
    (part of its window covers that layer's padding); a box inside the image is exact.
    ``centre = (start + stop - 1) / 2``. Neighbouring output pixels' fields are ``jump``
    input pixels apart (the product of the strides), so the centre of output pixel ``i``
    is ``offset + i·jump``, where ``offset`` is the centre of pixel 0's field.
    """

    start: int
    stop: int
    centre: float
    jump: int
    offset: float


def _layer(i: int, layer) -> tuple[int, int, str | tuple[int, int], int]:
    if not isinstance(layer, tuple | list) or len(layer) not in (3, 4):
        raise ValueError(
            f"layers[{i}] must be a (kernel_size, stride, padding[, dilation]) tuple, got {layer!r}"
        )
    k = integer(f"layers[{i}] kernel_size", layer[0], 1)
    stride = integer(f"layers[{i}] stride", layer[1], 1)
    dilation = integer(f"layers[{i}] dilation", layer[3], 1) if len(layer) == 4 else 1
    return k, stride, pad_spec(layer[2]), dilation


def receptive_field_position(layers, input_size: int, index: int = 0) -> FieldPosition:
    """Return the input pixels that output pixel ``index`` of a layer stack sees.

    Walks the stack forwards to find each layer's input size and padding before, then
    backwards: a window ``[a, b]`` of layer outputs comes from the inputs
    ``[a·S - P_before, b·S - P_before + F' - 1]``.

    Parameters
    ----------
    layers : sequence of tuples
        ``(kernel_size, stride, padding[, dilation])`` for each conv or pooling layer,
        input side first.
    input_size : int
        The input's height (or width), ``>= 1``; ``"same"`` padding depends on it.
    index : int, default 0
        The output pixel's row (or column), ``0 <= index < output size``.

    Examples
    --------
    Two 5×5 "same" convs, each followed by a 2×2 max pool (the lecture-2 net), on 28 pixels:

    >>> net = [(5, 1, "same"), (2, 2, "valid"), (5, 1, "same"), (2, 2, "valid")]
    >>> receptive_field_position(net, 28, index=0)
    FieldPosition(start=-6, stop=10, centre=1.5, jump=4, offset=1.5)
    >>> receptive_field_position([(3, 1, "valid"), (3, 1, "valid")], 8, index=2)
    FieldPosition(start=2, stop=7, centre=4.0, jump=1, offset=2.0)
    """
    if isinstance(layers, str | bytes) or not hasattr(layers, "__len__") or not len(layers):
        raise ValueError(f"layers must be a non-empty sequence of layer tuples, got {layers!r}")
    size = integer("input_size", input_size, 1)
    steps = []  # (stride, padding before, dilated kernel) per layer
    for i, layer in enumerate(layers):
        k, stride, pad, dilation = _layer(i, layer)
        if pad == "same":
            before = same_padding(size, k, stride, dilation)[0]
        else:
            before = 0 if pad == "valid" else pad[0]
        size = conv_output_size(size, k, stride, pad, dilation)
        steps.append((stride, before, effective_kernel_size(k, dilation)))
    index = integer("index", index, 0, below=size, what=f"an int in [0, {size - 1}]")
    first, last, zero, jump = index, index, 0, 1
    for stride, before, eff in reversed(steps):
        first, last = first * stride - before, last * stride - before + eff - 1
        zero = zero * stride - before
        jump *= stride
    width = last - first + 1
    return FieldPosition(first, last + 1, (first + last) / 2, jump, zero + (width - 1) / 2)


def describe_model_layers(model, layer_name: str, axis: int = 0) -> list[tuple]:
    """Return the ``layers`` tuples of a Keras model's spatial layers up to ``layer_name``.

    Conv and pooling layers give ``(kernel_size, stride, padding, dilation)`` along
    ``axis`` (0 for height, 1 for width); layers that keep every pixel where it is
    (activations, batch norm, dropout) are skipped; anything else (a ``Flatten``,
    a ``Dense``) before ``layer_name`` raises ``ValueError``.

    Examples
    --------
    >>> import keras
    >>> model = keras.Sequential([keras.Input((28, 28, 1)),
    ...     keras.layers.Conv2D(4, 5, padding="same", activation="relu", name="conv1"),
    ...     keras.layers.MaxPooling2D(2), keras.layers.Conv2D(4, 3, name="conv2")])
    >>> describe_model_layers(model, "conv2")
    [(5, 1, 'same', 1), (2, 2, 'valid', 1), (3, 1, 'valid', 1)]
    """
    axis = integer("axis", axis, 0, below=2, what="0 (height) or 1 (width)")
    names = [layer.name for layer in model.layers]
    if not isinstance(layer_name, str) or layer_name not in names:
        raise ValueError(
            f"layer_name must be one of the model's layers {names}, got {layer_name!r}"
        )
    passing = ("Activation", "ReLU", "BatchNormalization", "Dropout", "InputLayer", "Rescaling")
    found = []
    for layer in model.layers:
        config = layer.get_config()
        kind = type(layer).__name__
        if ("kernel_size" in config or "pool_size" in config) and "Transpose" not in kind:
            size = config.get("kernel_size", config.get("pool_size"))
            strides = config.get("strides") or size
            dilation = config.get("dilation_rate", (1, 1))
            found.append((size[axis], strides[axis], config["padding"], dilation[axis]))
        elif kind not in passing and not kind.startswith(("Random", "Gaussian")):
            raise ValueError(
                f"layer {layer.name!r} ({kind}) before layer_name {layer_name!r} does not keep "
                "pixels in place, so no receptive field can be traced through it"
            )
        if layer.name == layer_name:
            return found
    raise AssertionError("unreachable: layer_name was checked above")
