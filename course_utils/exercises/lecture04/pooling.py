"""Exercises of lecture 04, pooling and cost: max pooling, an averaging kernel, multiply-adds."""

from __future__ import annotations

import numpy as np

from course_utils.exercises._core import Array, Exercise, Int, Mistake
from course_utils.exercises.lecture04._common import (
    _acts_like_avg_pool,
    _array_shape,
    _avg_kernel,
    _Kernel2x2,
    _layer_cost,
    _pool,
)

EXERCISES = [
    Exercise(
        id="04.10",
        task=(
            "By hand: the 2×2 output of MaxPooling2D(3, strides=2, padding='same') on the "
            "4×4 array given in the notebook (as a 2×2 array)."
        ),
        form=Array((2, 2), "the pooled array"),
        solve=_pool,
        reason="Correct: each output is the largest real pixel of its window.",
        hint=(
            "Find the padding SAME adds (same_padding), draw the four 3×3 windows, and "
            "take the maximum of the real pixels in each."
        ),
        mistakes=[
            Mistake(
                "You padded with zeros: SAME pooling ignores the padded cells (they act as "
                "−∞), so a window of negative pixels keeps a negative maximum.",
                example=lambda: _pool("zeros"),
            ),
            Mistake(
                "That is the average of each window, not its maximum.",
                example=lambda: _pool("avg"),
            ),
            Mistake(
                "Those are 2×2 windows: the pool size is 3, the stride 2, so windows overlap.",
                example=lambda: _pool(size=2, stride=2),
            ),
            Mistake(
                "A 1×1 result is VALID pooling; SAME keeps ceil(4/2) = 2 per side.",
                example=lambda: _pool(padding="VALID"),
                matches=_array_shape((1, 1)),
                raw=True,
            ),
            Mistake(
                "A 4×4 result means stride 1; the stride here is 2.",
                example=lambda: _pool(stride=1),
                matches=_array_shape((4, 4)),
                raw=True,
            ),
        ],
        explanation="""
```python
x = exercises.lecture04.POOL_INPUT[None, :, :, None]
answer = tf.nn.max_pool2d(x, 3, 2, "SAME")[0, :, :, 0].numpy()
```
SAME gives ceil(4/2) = 2 outputs per side and pads (0, 1): windows cover rows/columns
0–2 and 2–4, where index 4 is padding. Max pooling ignores the padding, so the bottom-
right window, whose real pixels are all negative, keeps a negative maximum (−1), where
zero padding would wrongly give 0.
""",
    ),
    Exercise(
        id="04.11",
        task=(
            "Give the 2×2 weights of the kernel that makes tf.nn.conv2d(x, kernel, "
            "strides=2, padding='VALID') equal to 2×2 average pooling (one channel): "
            "a 2×2 array, or the 2×2×1×1 array that conv2d takes."
        ),
        form=_Kernel2x2("the kernel"),
        solve=_avg_kernel,
        reason="Correct: a stride-2 convolution with this kernel is 2×2 average pooling.",
        hint="Average pooling sums each window and divides by the number of pixels in it.",
        mistakes=[
            Mistake(
                "All ones sums each window: divide by the number of pixels it holds.",
                example=lambda: np.ones((2, 2)),
            ),
            Mistake(
                "1/2 per weight averages a pair; a 2×2 window holds four pixels.",
                example=lambda: np.full((2, 2), 0.5),
            ),
            Mistake(
                "A single weight picks one pixel of each window (subsampling), not the mean.",
                example=lambda: np.array([[1.0, 0.0], [0.0, 0.0]]),
            ),
        ],
        accept=_acts_like_avg_pool,
        explanation="""
```python
answer = np.full((2, 2), 1 / 4)
x = np.random.default_rng(0).normal(size=(1, 8, 8, 1)).astype(np.float32)
conv = tf.nn.conv2d(x, answer.reshape(2, 2, 1, 1).astype(np.float32), 2, "VALID")
np.testing.assert_allclose(conv, tf.nn.avg_pool2d(x, 2, 2, "VALID"), atol=1e-6)
```
Each output is the sum of the four pixels times 1/4: their mean. This holds without
padding only; TF's SAME average pooling divides by the real pixels of a border window.
""",
    ),
    Exercise(
        id="04.12",
        task=(
            "How many multiply-adds does Conv2D(64, 3, strides=2, padding='same') do on one "
            "14×14×32 input?"
        ),
        form=Int("the multiply-adds"),
        solve=lambda: _layer_cost().mult_adds,
        reason=lambda n: f"Correct: {n:,} multiply-adds per image.",
        hint=(
            "Count the multiply-adds of one output value, then the output values: "
            "positions times filters."
        ),
        mistakes=[
            Mistake(
                "That is one multiply-add per weight: each weight is used once at every "
                "output position.",
                example=lambda: 3 * 3 * 32 * 64,
            ),
            Mistake(
                "That counts the parameters with the biases. A bias is an addition, not a "
                "multiply-add, and the weights are used at every output position.",
                example=lambda: _layer_cost().params,
            ),
            Mistake(
                "You added the biases: they are additions, not multiply-adds.",
                example=lambda: _layer_cost().mult_adds + 7 * 7 * 64,
            ),
            Mistake(
                "You ignored the stride: at stride 2 there are 7×7 output positions, not 14×14.",
                example=lambda: 14 * 14 * 64 * 3 * 3 * 32,
            ),
            Mistake(
                "That counts 2 FLOPs per multiply-add, or uses 64 input channels; this "
                "input has 32.",
                example=lambda: 2 * _layer_cost().mult_adds,
            ),
            Mistake(
                "That is one output channel's count: multiply by the 64 filters.",
                example=lambda: 7 * 7 * 3 * 3 * 32,
            ),
        ],
        explanation="""
```python
answer = shapes.conv2d_cost(14, 3, 32, 64, strides=2, padding="same").mult_adds
```
The output is 7×7×64. Each of its 3,136 values is a dot product of 3·3·32 = 288 weights
with a window: 3,136 · 288 = 903,168 multiply-adds.
""",
    ),
]
