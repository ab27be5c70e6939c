"""Exercises of lecture 02, flatten sizes: strides, input sizes, a flatten_size function."""

from __future__ import annotations

import math

import numpy as np

from course_utils import shapes
from course_utils.exercises._core import Exercise, Function, Int, IntPair, Mistake
from course_utils.exercises.lecture02._common import (
    _constant,
    _flatten_size,
    _flatten_solution,
    _gives,
    _returns_float,
    _returns_tensor_of_other_type,
)

EXERCISES = [
    Exercise(
        id="02.4",
        task=(
            "Replace the first max-pool by a stride of 2 in the first convolution: "
            'tf.nn.conv2d(x, k["conv1"], strides=2, padding="SAME"), with no pool1. '
            "What is the (height, width) of its output for a 28×28 input?"
        ),
        form=IntPair("the output size"),
        solve=lambda: (shapes.conv_output_size(28, 5, stride=2, padding="same"),) * 2,
        reason=lambda hw: (
            f"Correct: {hw}. SAME padding gives ceil(28 / 2), the size pool1 gave, so the "
            "rest of the net works unchanged."
        ),
        hint=(
            "With SAME padding the output size depends only on the input size and the "
            "stride: ceil(input / stride)."
        ),
        mistakes=[
            Mistake(
                "That is the VALID size, floor((28 − 5) / 2) + 1; with SAME the kernel size "
                "does not matter: ceil(28 / 2).",
                example=lambda: (shapes.conv_output_size(28, 5, stride=2),) * 2,
            ),
            Mistake(
                "A stride of 2 moves the window two pixels at a time, so the output is "
                "about half the size; SAME alone keeps 28 only at stride 1.",
                example=lambda: (28, 28),
            ),
            Mistake(
                "Sizes are whole numbers: (28 − 5)/2 + 1 needs a floor, and that is the VALID "
                "formula anyway; SAME gives ceil(28 / 2).",
                example=lambda: ((28 - 5) / 2 + 1,) * 2,
                matches=lambda v: len(v) == 2 and all(float(x) == (28 - 5) / 2 + 1 for x in v),
                raw=True,
            ),
        ],
        explanation="""
`answer = (14, 14)`, or `(shapes.conv_output_size(28, 5, stride=2, padding="same"),) * 2`.

TF's SAME padding gives an output of ceil(input / stride) = ceil(28 / 2), whatever the
kernel size. It is the size pool1 gave, so the rest of the net and its parameter count
stay the same; the layer now learns its own downsampling, and it computes a quarter of
the positions it did at stride 1.
""",
    ),
    Exercise(
        id="02.5",
        task=(
            "Feed the net 32×32 grey images instead of 28×28. How many numbers does the "
            "flatten step produce?"
        ),
        form=Int("the flatten size"),
        solve=lambda: _flatten_size(32),
        reason=lambda n: (
            f"Correct: {n:,}. Change 7 * 7 * 64 in make_variables (fc's kernel) and in "
            "__call__ (the reshape) to match."
        ),
        hint=(
            "Follow one side through the net: SAME convs at stride 1 keep it, each 2×2 "
            "pool halves it; then multiply height × width × channels."
        ),
        mistakes=[
            Mistake(
                "Include the channels: flatten lines up height × width × 64 numbers.",
                example=lambda: (32 // 4) ** 2,
            ),
            Mistake(
                "That is the size after one pool only; the net pools twice.",
                example=lambda: (32 // 2) ** 2 * 64,
            ),
            Mistake(
                "That treats the convs as VALID (each takes 4 pixels off); the net's convs "
                "use SAME padding, which keeps the size.",
                example=lambda: (((32 - 4) // 2 - 4) // 2) ** 2 * 64,
            ),
            Mistake(
                "That is the flatten size for 28×28 inputs; follow a 32×32 input through.",
                example=lambda: _flatten_size(28),
            ),
        ],
        explanation="""
`answer = 8 * 8 * 64`, which is 4,096.

SAME convolutions at stride 1 keep 32×32, the two pools halve it to 16 and then 8, and
there are 64 channels. The number appears twice in the net: in `make_variables` (fc's
kernel has shape `(8 * 8 * 64, 1024)`) and in `__call__` (the reshape); change both.
""",
    ),
    Exercise(
        id="02.6",
        task=(
            "Write a function flatten_size(side) that returns the flatten size of this net "
            "for a side×side grey input, for any side of at least 4."
        ),
        form=Function("flatten_size"),
        solve=lambda: _flatten_solution,
        accept=lambda f, _: _gives(f, _flatten_size),
        reason="Correct: it gives the flatten size for every side tested, odd ones included.",
        hint=(
            "Test your function on a few sides against the shape trace: SAME convs keep "
            "the side, each 2×2 VALID pool floors half of it, and there are 64 channels."
        ),
        mistakes=[
            Mistake(
                "Your function returns the same number for every side: compute it from `side`.",
                example=lambda: lambda side: 7 * 7 * 64,
                matches=_constant,
            ),
            Mistake(
                "Your function returns a float: use floor division, side // 2, so that "
                "the sizes stay whole numbers.",
                example=lambda: lambda side: (side / 4) ** 2 * 64,
                matches=_returns_float,
            ),
            Mistake(
                "Right when the side is a multiple of 4 only: side / 4 keeps the fraction "
                "that each pool drops. Use floor division, side // 2, once per pool.",
                example=lambda: lambda side: int((side / 4) ** 2 * 64),
                matches=lambda f: _gives(f, lambda s: int((s / 4) ** 2 * 64)),
            ),
            Mistake(
                "Right for even sides, wrong for odd ones: a 2×2 VALID pool floors "
                "(29 → 14), it does not round up.",
                example=lambda: lambda side: math.ceil(math.ceil(side / 2) / 2) ** 2 * 64,
                matches=lambda f: _gives(f, lambda s: math.ceil(math.ceil(s / 2) / 2) ** 2 * 64),
            ),
            Mistake(
                "Your function shrinks the side at each conv, as VALID padding would; "
                "the net's convs use SAME, which keeps the side.",
                example=lambda: (
                    lambda side: ((side - 4) // 2 - 4) // 2 * (((side - 4) // 2 - 4) // 2) * 64
                ),
                matches=lambda f: _gives(f, lambda s: (((s - 4) // 2 - 4) // 2) ** 2 * 64),
            ),
            Mistake(
                "Your function returns an array or a tensor that is not one number: return "
                "a single whole number, e.g. with int(...).",
                example=lambda: lambda side: np.array([(side // 4) ** 2 * 64] * 2),
                matches=_returns_tensor_of_other_type,
            ),
            Mistake(
                "Your function forgets the 64 channels: flatten lines up "
                "height × width × channels numbers.",
                example=lambda: lambda side: (side // 4) ** 2,
                matches=lambda f: _gives(f, lambda s: (s // 2 // 2) ** 2),
            ),
        ],
        explanation="""
```python
def flatten_size(side):
    side = side // 2  # conv1 (SAME, stride 1) keeps the side; pool1 floors half
    side = side // 2  # the same for conv2 and pool2
    return side * side * 64

answer = flatten_size
```
A SAME convolution at stride 1 keeps the side, and a 2×2 max-pool with stride 2 and
VALID padding gives floor(side / 2): 29 → 14, not 15. Writing one line per pool keeps
the function close to the net, and you can test it against the shape trace at 28.
""",
    ),
]
