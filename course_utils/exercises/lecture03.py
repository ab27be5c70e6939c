"""Exercises of ``03_keras_convnet``: Keras layers, porting TF1 code, augmentation.

The expected answers are computed with ``course_utils.shapes`` and with Keras itself
(the reference layers are built and compared by behaviour), so no value is typed in.
Keras is imported only when an exercise is graded, never when the registry loads.
"""

from __future__ import annotations

import math

import numpy as np

from course_utils.exercises._core import (
    Choice,
    Exercise,
    Instance,
    Int,
    Mistake,
    Number,
)

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
        return "relu6" if _config(layer, "activation") == "relu6" else "activation"
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


EXERCISES = [
    Exercise(
        id="03.1",
        task="A Conv2D(16, 5) layer reads 32×32 RGB images. How many parameters does it have?",
        form=Int("the parameter count"),
        solve=_rgb_conv_params,
        reason=lambda n: f"Correct: 16 filters of 5·5·3 weights plus one bias each, {n:,}.",
        hint=(
            "Count the weights of one filter (its height × width × input channels), add its "
            "bias, and multiply by the number of filters. The image size plays no part."
        ),
        mistakes=[
            Mistake(
                "You forgot the biases: every filter has one bias besides its 5·5·3 weights.",
                example=lambda: _rgb_conv_params(use_bias=False),
            ),
            Mistake(
                "You forgot the 3 input channels: each filter spans all of R, G and B, so it "
                "has 5·5·3 weights, not 5·5.",
                example=lambda: _rgb_conv_params(channels=1),
            ),
            Mistake(
                "You forgot both the 3 input channels (a filter spans R, G and B) and the "
                "bias of every filter.",
                example=lambda: _rgb_conv_params(channels=1, use_bias=False),
            ),
            Mistake(
                "That counts the output values (height × width × filters), which depend on "
                "the image size; parameters do not.",
                example=lambda: 28 * 28 * 16,
                matches=lambda v: v in (28 * 28 * 16, 32 * 32 * 16),
            ),
        ],
        explanation="""
`answer = (5 * 5 * 3 + 1) * 16`

One filter covers a 5×5 window of all 3 input channels, 5·5·3 = 75 weights, and has one
bias: 76 parameters. Sixteen filters make 16·76 = 1,216. The image size does not enter:
the same filters slide over a 32×32 or a 1000×1000 image. Check it with Keras:

```python
layer = keras.layers.Conv2D(16, 5)
layer.build((None, 32, 32, 3))
answer = layer.count_params()
```
""",
    ),
    Exercise(
        id="03.2",
        task=(
            "Conv2D(32, 5) layers at stride 1 on 28×28 images: which padding keeps every "
            "output 28×28?"
        ),
        form=Choice(["valid", "same"], what="the padding"),
        solve=lambda: "same",
        reason='Correct: "same" pads so that out = ceil(28 / 1) = 28 (any case is accepted).',
        hint="One of the two paddings shrinks the output; pick the one that does not.",
        mistakes=[
            Mistake(
                '"valid" adds no padding, so each 5×5 layer shrinks the output by '
                "kernel_size - 1 = 4 pixels (28 → 24 → 20 ...).",
                example=lambda: "valid",
            ),
        ],
        explanation="""
`answer = "same"`

`"valid"` uses only the windows that fit inside the image: `out = 28 - 5 + 1 = 24`.
`"same"` pads with zeros (4 pixels in all, 2 on each side for a 5×5 kernel) so that
`out = ceil(in / strides) = 28` at stride 1. Keras also accepts `"SAME"` written in
capitals, as TF1 code does, and so does this check.
""",
    ),
    Exercise(
        id="03.3",
        task=(
            "Port tf.layers.conv2d(inputs=x, filters=64, kernel_size=[3, 3], strides=2, "
            "padding='SAME', activation=tf.nn.relu, name='conv3') to a Keras layer."
        ),
        form=Instance(
            "Conv2D",
            what="the layer",
            hint="Assign the layer itself, keras.layers.Conv2D(...), not its output.",
        ),
        solve=_conv3,
        reason="Correct: the same filters, kernel, stride, padding and ReLU as the TF1 line.",
        hint="Compare each argument of your layer with the TF1 call.",
        accept=lambda value, expected: _layer_problem(value) is None,
        mistakes=[
            Mistake(
                "Check strides: the TF1 line moves the window 2 pixels at a time (strides=2); "
                "Conv2D's default is 1.",
                example=lambda: _conv3(strides=1),
                matches=lambda v: _layer_problem(v) == "strides",
            ),
            Mistake(
                "Check padding: the TF1 line pads ('SAME'); Conv2D's default is \"valid\". "
                'Keras spells it "same".',
                example=lambda: _conv3(padding="valid"),
                matches=lambda v: _layer_problem(v) == "padding",
            ),
            Mistake(
                "Check activation: the TF1 line applies ReLU (activation=tf.nn.relu); "
                "Conv2D's default is no activation at all.",
                example=lambda: _conv3(activation=None),
                matches=lambda v: _layer_problem(v) == "activation",
            ),
            Mistake(
                'Check activation: "relu6" caps its output at 6, tf.nn.relu does not; use '
                'activation="relu".',
                example=lambda: _conv3(activation="relu6"),
                matches=lambda v: _layer_problem(v) == "relu6",
            ),
            Mistake(
                "Check use_bias: tf.layers.conv2d adds a bias by default, and so does Conv2D "
                "(use_bias=True); keep it.",
                example=lambda: _conv3(use_bias=False),
                matches=lambda v: _layer_problem(v) == "use_bias",
            ),
            Mistake(
                "Check data_format: TF1's default, like Keras', is channels_last (NHWC); "
                'leave data_format out or pass "channels_last".',
                example=lambda: _conv3(data_format="channels_first"),
                matches=lambda v: _layer_problem(v) == "data_format",
            ),
            Mistake(
                "Check filters and kernel_size: the TF1 line asks for 64 filters of 3×3.",
                example=lambda: _conv3(filters=32, kernel_size=5),
                matches=lambda v: _layer_problem(v) in ("filters", "kernel_size"),
            ),
        ],
        explanation="""
`answer = keras.layers.Conv2D(64, 3, strides=2, padding="same", activation="relu", name="conv3")`

The layer holds the configuration; it is called on `x` later (`conv = answer(x)`).
`kernel_size=3` means 3×3, `padding="same"` is TF1's `'SAME'`, and `activation="relu"`
replaces `tf.nn.relu`. Leaving out `strides`, `padding` or `activation` silently gives
Keras' defaults: stride 1, `"valid"` and no activation.
""",
    ),
    Exercise(
        id="03.4",
        task=(
            "A TF1 model passes keep_prob = 0.6 to tf.layers.dropout, meaning 'keep 60%'. "
            "Which rate does keras.layers.Dropout need to do what the author meant?"
        ),
        form=Number("the rate", atol=1e-6),
        solve=lambda: 1 - 0.6,
        reason="Correct: Dropout's rate is the share dropped, 1 - keep_prob.",
        hint="The rate is the share of units dropped; the author wanted 60% kept.",
        mistakes=[
            Mistake(
                "That is the keep probability: Dropout(0.6) drops 60% of the units. The rate "
                "is the share dropped, 1 - keep_prob.",
                example=lambda: 0.6,
            ),
            Mistake(
                "That is a percentage: give the rate as a fraction between 0 and 1.",
                example=lambda: 40,
                matches=lambda v: v in (40, 60),
            ),
        ],
        explanation="""
`answer = 1 - 0.6`

`keras.layers.Dropout(rate)` drops the share `rate` of the units in training and scales
the rest by `1 / (1 - rate)`. To keep 60%, drop 40%: `rate = 1 - keep_prob`. Note that
`tf.layers.dropout` took the drop rate in TF1 too, so the TF1 model was already wrong;
only `tf.nn.dropout` changed its second argument from `keep_prob` (TF1) to `rate` (TF2).
""",
    ),
    Exercise(
        id="03.5",
        task=(
            "Build a keras.Sequential of random layers that flips Fashion-MNIST images left "
            "to right and shifts them up or down by up to 15% of their height and left or "
            "right by up to 5% of their width, and does nothing else."
        ),
        form=Instance(
            "Sequential",
            what="the augmentation",
            hint="Build it as keras.Sequential([...]) of layers.",
        ),
        solve=_augmentation,
        reason=(
            "Correct: random flips and shifts in training, the identity at inference; "
            "no vertical flips for upright clothing."
        ),
        hint=(
            "Use one RandomFlip and one RandomTranslation layer; RandomTranslation takes "
            "height_factor first, then width_factor."
        ),
        accept=lambda value, expected: _augmentation_problem(value) is None,
        mistakes=[
            Mistake(
                "Dropout is not data augmentation: it zeroes hidden units (or pixels) at "
                "random; it does not make new plausible images. Use RandomFlip and "
                "RandomTranslation.",
                example=lambda: _augmentation(dropout=True),
                matches=_is("dropout"),
            ),
            Mistake(
                "A vertical flip turns clothes upside down, and Fashion-MNIST shows them "
                'upright: flip left to right only, RandomFlip("horizontal").',
                example=lambda: _augmentation(flip="vertical"),
                matches=_is("vertical"),
            ),
            Mistake(
                "There is no flip: add a RandomFlip layer that mirrors left and right.",
                example=lambda: _augmentation(flip=None),
                matches=_is("no flip"),
            ),
            Mistake(
                "There is no shift: add a RandomTranslation layer.",
                example=lambda: _augmentation(shift=0),
                matches=_is("no shift"),
            ),
            Mistake(
                "Height and width are swapped: RandomTranslation takes height_factor first "
                "(15% up or down), then width_factor (5% left or right).",
                example=lambda: _augmentation(shift=(0.05, 0.15)),
                matches=_is("shift swapped"),
            ),
            Mistake(
                "That is the lecture's shift, up to 10% on both axes; this task asks for up "
                "to 15% of the height and up to 5% of the width.",
                example=lambda: _augmentation(shift=(0.1, 0.1)),
                matches=_is("lecture's shift"),
            ),
            Mistake(
                "Check the shift sizes: RandomTranslation(height_factor, width_factor) takes "
                "fractions of the image size (not pixels), here up to 15% of the height and "
                "up to 5% of the width, in both directions.",
                example=lambda: _augmentation(shift=(0.5, 0.5)),
                matches=_is("shift size"),
            ),
            Mistake(
                "The task asks for flips and shifts only: RandomRotation turns the clothes as "
                "well (and 0.5 is a factor of a full turn, up to ±180°). Leave it out.",
                example=lambda: _extra("rotation"),
                matches=_is("rotation"),
            ),
            Mistake(
                "The task asks for flips and shifts only: GaussianNoise adds noise to the "
                "pixels in training. Leave it out.",
                example=lambda: _extra("noise"),
                matches=_is("noise"),
            ),
            Mistake(
                "The task asks for flips and shifts only: RandomContrast changes the "
                "contrast of each image. Leave it out.",
                example=lambda: _extra("contrast"),
                matches=_is("contrast"),
            ),
            Mistake(
                "The task asks for flips and shifts only: RandomZoom rescales the images. "
                "Leave it out.",
                example=lambda: _extra("zoom"),
                matches=_is("zoom"),
            ),
            Mistake(
                "The task asks for one RandomFlip and one RandomTranslation, nothing else: "
                "remove the extra layers.",
                example=lambda: _augmentation(_second_flip()),
                matches=_is("extra"),
            ),
            Mistake(
                "Your model changes images at inference (training=False) too; augmentation "
                "must be the identity there. Leave preprocessing such as Rescaling out of it.",
                example=lambda: _augmentation(_rescaling()),
                matches=_is("not identity"),
            ),
        ],
        explanation="""
```python
answer = keras.Sequential(
    [layers.RandomFlip("horizontal"), layers.RandomTranslation(0.15, 0.05)]
)
```

`RandomFlip("horizontal")` mirrors each image left to right with probability 1/2, and
`RandomTranslation(0.15, 0.05)` shifts it by up to 15% of its height (`height_factor`,
the first argument) and up to 5% of its width, up or down and left or right (a single
number `f` means the range `(-f, f)`; the uncovered border is filled by reflection by
default). Both are random only when `training=True`; `evaluate` and `predict` pass
`training=False`, where they return the images unchanged. Vertical flips would turn
clothes upside down, and Fashion-MNIST shows them upright. Rotations, noise, contrast or
zoom may be useful augmentations, but they are not what the task asks for. `Dropout`
also changes images only in training, but it deletes pixels; it does not make new
plausible images.
""",
    ),
    Exercise(
        id="03.6",
        task=(
            "model.fit(x, y, validation_split=0.3) on 1,001 images: on how many images "
            "does it train?"
        ),
        form=Int("the number of training images"),
        solve=_train_count,
        reason=(
            "Correct: Keras trains on the first floor(1001 · 0.7) images and validates on the rest."
        ),
        hint=(
            "Keras keeps the first part of the arrays for training and rounds the size of "
            "that part down."
        ),
        mistakes=[
            Mistake(
                "That rounds up; Keras computes the split point with math.floor.",
                example=lambda: _train_count() + 1,
            ),
            Mistake(
                "That is the number of validation images; the question asks how many are "
                "left for training.",
                example=lambda: 1001 - _train_count(),
            ),
            Mistake(
                "The split point must be a whole number of images: round 1001 · 0.7 the way "
                "Keras does.",
                example=lambda: 1001 * 0.7,
                matches=lambda v: np.isclose(float(v), 1001 * 0.7),
                raw=True,
            ),
        ],
        explanation="""
`answer = math.floor(1001 * (1 - 0.3))`

Keras computes the split point with `math.floor`: `floor(1001 · 0.7) = 700`. It trains
on `x[:700]` and validates on the *last* 301 images, without shuffling, so shuffle the
arrays first if they are sorted. You can watch the rounding in `fit` itself: on 11
images with `batch_size=1` and `validation_split=0.1`, `history.params["steps"]` is 9
(floor of 9.9), not 10.
""",
    ),
]


def _rescaling():
    from keras import layers

    return layers.Rescaling(1 / 255)


def _second_flip():
    from keras import layers

    return layers.RandomFlip("horizontal")
