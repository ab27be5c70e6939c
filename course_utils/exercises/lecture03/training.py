"""Exercises of lecture 03, training: dropout rates, augmentation, validation split."""

from __future__ import annotations

import numpy as np

from course_utils.exercises._core import (
    Exercise,
    Instance,
    Int,
    Mistake,
    Number,
)
from course_utils.exercises.lecture03._common import (
    _augmentation,
    _augmentation_problem,
    _extra,
    _is,
    _rescaling,
    _second_flip,
    _train_count,
)

EXERCISES = [
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
