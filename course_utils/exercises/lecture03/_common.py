"""Shared helpers and constants of the exercises of lecture 03: the problems' data
and the functions that compute reference answers and typical mistakes."""

from __future__ import annotations

import math

import numpy as np

# --------------------------------------------------------------------------- 03.1


def _rgb_conv_params(*, channels: int = 3, use_bias: bool = True) -> int:
    from course_utils.shapes import conv2d_param_count

    return conv2d_param_count(5, channels, 16, use_bias=use_bias)


# --------------------------------------------------------------------------- 03.3

PORTED = {"filters": 64, "kernel_size": (3, 3), "strides": (2, 2), "padding": "same"}


def _conv3(**changes):
    """The port of the TF1 line, with ``changes`` (to build a typical wrong answer)."""
    from keras import layers

    settings = {
        "filters": 64,
        "kernel_size": 3,
        "strides": 2,
        "padding": "same",
        "activation": "relu",
        "name": "conv3",
    }
    settings.update(changes)
    return layers.Conv2D(**settings)


def _config(layer, name):
    value = layer.get_config()[name]
    return tuple(value) if isinstance(value, list) else value


def _is_relu(layer) -> bool:
    # 8 and 40 lie above 6, where relu6 (and any other capped ReLU) stops following x.
    probe = np.array([-2.0, -0.5, 0.0, 1.5, 8.0, 40.0], dtype="float32")
    return bool(np.allclose(np.asarray(layer.activation(probe)), np.maximum(probe, 0)))


def _layer_problem(layer) -> str | None:
    """Which part of the port is wrong, in the order a reader would check them."""
    for name in ("filters", "kernel_size", "strides", "padding"):
        if _config(layer, name) != PORTED[name]:
            return name
    if not _is_relu(layer):
        activation = _config(layer, "activation")
        if activation == "relu6":
            return "relu6"
        return "activation" if activation in (None, "linear") else "other activation"
    if _config(layer, "use_bias") is not True:
        return "use_bias"
    if _config(layer, "data_format") != "channels_last":
        return "data_format"
    if _config(layer, "dilation_rate") != (1, 1) or _config(layer, "groups") != 1:
        return "other"
    return None


# --------------------------------------------------------------------------- 03.5


#: The shift the exercise asks for, as (lower, upper) fractions of the height and width;
#: the lecture's own pipeline shifts by up to 10% on both axes.
SHIFT = {"height": (-0.15, 0.15), "width": (-0.05, 0.05)}

#: Random layers the task does not ask for, with the problem name each one gives.
EXTRA_LAYERS = {
    "RandomRotation": "rotation",
    "GaussianNoise": "noise",
    "RandomContrast": "contrast",
    "RandomZoom": "zoom",
}


def _augmentation(*extra, flip="horizontal", shift=(0.15, 0.05), dropout=False):
    """An augmentation pipeline; the arguments build the typical wrong ones."""
    import keras
    from keras import layers

    parts = []
    if dropout:
        parts.append(layers.Dropout(0.5))
    if flip:
        parts.append(layers.RandomFlip(flip))
    if shift:
        parts.append(layers.RandomTranslation(*shift))
    return keras.Sequential([*parts, *extra])


def _flat_layers(model):
    found = []
    for layer in getattr(model, "layers", []):
        found += _flat_layers(layer) if hasattr(layer, "layers") else [layer]
    return found


def _factor_range(value) -> tuple[float, float]:
    """A RandomTranslation factor as (lower, upper): 0.1 means (-0.1, 0.1)."""
    if isinstance(value, tuple | list):
        return float(value[0]), float(value[1])
    return -abs(float(value)), abs(float(value))


def _shift_problem(layer) -> str | None:
    height = _factor_range(layer.height_factor)
    width = _factor_range(layer.width_factor)
    if np.allclose(height, SHIFT["height"]) and np.allclose(width, SHIFT["width"]):
        return None
    if np.allclose(height, SHIFT["width"]) and np.allclose(width, SHIFT["height"]):
        return "shift swapped"
    if np.allclose(height, (-0.1, 0.1)) and np.allclose(width, (-0.1, 0.1)):
        return "lecture's shift"
    return "shift size"


def _augmentation_problem(model) -> str | None:
    """The first thing wrong with an augmentation model, or None when it is right."""
    found = _flat_layers(model)
    kinds = [type(layer).__name__ for layer in found]
    if any("Dropout" in kind for kind in kinds):
        return "dropout"
    flips = [layer for layer in found if type(layer).__name__ == "RandomFlip"]
    if any("vertical" in layer.mode for layer in flips):
        return "vertical"
    if not flips:
        return "no flip"
    shifts = [layer for layer in found if type(layer).__name__ == "RandomTranslation"]
    if not shifts:
        return "no shift"
    for kind in kinds:
        if kind in EXTRA_LAYERS:
            return EXTRA_LAYERS[kind]
    for layer in shifts:
        problem = _shift_problem(layer)
        if problem:
            return problem
    probe = np.random.default_rng(0).uniform(0, 255, (8, 28, 28, 1)).astype("float32")
    probe[:, :, :14] = 0  # left half dark: a left-right flip changes every image
    if not np.allclose(np.asarray(model(probe, training=False)), probe):
        return "not identity"
    if len(flips) > 1 or len(shifts) > 1 or len(found) > 2:
        return "extra"
    if np.allclose(np.asarray(model(probe, training=True)), probe):
        return "not random"
    return None


def _is(problem):
    return lambda model: _augmentation_problem(model) == problem


def _extra(kind: str):
    """The right pipeline plus one random layer the task does not ask for."""
    from keras import layers

    extra = {
        "rotation": lambda: layers.RandomRotation(0.5),
        "noise": lambda: layers.GaussianNoise(0.1),
        "contrast": lambda: layers.RandomContrast(0.2),
        "zoom": lambda: layers.RandomZoom(0.1),
    }[kind]()
    return _augmentation(extra)


# --------------------------------------------------------------------------- 03.6


def _train_count(n: int = 1001, split: float = 0.3) -> int:
    """How many images fit trains on: Keras keeps the first floor(n · (1 - split))."""
    return math.floor(n * (1 - split))


def _rescaling():
    from keras import layers

    return layers.Rescaling(1 / 255)


def _second_flip():
    from keras import layers

    return layers.RandomFlip("horizontal")
