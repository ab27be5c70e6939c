"""Exercises of lecture 04, receptive fields, flatten sizes and SAME padding."""

from __future__ import annotations

import numpy as np

from course_utils import shapes
from course_utils.exercises._core import Exercise, Int, IntPair, Mistake
from course_utils.exercises.lecture04._common import (
    _field_convs_pool,
    _field_strided,
    _field_variant,
    _flatten_34,
    _fractional,
    _split,
)

EXERCISES = [
    Exercise(
        id="04.6",
        task=(
            "What is the receptive field (the patch width, in input pixels) of one output "
            "pixel after three 3×3 convolutions at stride 1 followed by a 2×2 max pool?"
        ),
        form=Int("the receptive field"),
        solve=_field_convs_pool,
        reason=lambda f: f"Correct: each output pixel sees a {f}×{f} patch.",
        hint="Follow one output pixel back through the layers, one layer at a time.",
        mistakes=[
            Mistake(
                "That is the field after the three convolutions: the pool widens it too.",
                example=lambda: shapes.receptive_field([(3, 1)] * 3)[-1],
            ),
            Mistake(
                "The pool adds its size minus one, times the earlier strides; not its whole size.",
                example=lambda: shapes.receptive_field([(3, 1)] * 3)[-1] + 2,
            ),
            Mistake(
                "The pool's stride spaces the pixels of the *next* layers; it does not "
                "scale the field of the pool itself.",
                example=lambda: 2 * shapes.receptive_field([(3, 1)] * 3)[-1],
            ),
            Mistake(
                "Each layer adds its kernel size minus one, not its whole size.",
                example=lambda: 3 + 3 + 3 + 2,
            ),
        ],
        explanation="""
```python
answer = shapes.receptive_field([(3, 1)] * 3 + [(2, 2)])[-1]
```
Start at 1 pixel. Each 3×3 conv at stride 1 adds 2 (three of them see as far as one 7×7),
and the pool adds (2 − 1)·1 = 1: 8.
""",
    ),
    Exercise(
        id="04.7",
        task=(
            "Lecture 2's feature extractor (5×5 SAME conv with 32 filters, 2×2 pool, 5×5 SAME "
            "conv with 64 filters, 2×2 pool, padding 'valid') gets a 34×34 input. How many "
            "features does Flatten produce?"
        ),
        form=Int("the flatten size"),
        solve=_flatten_34,
        reason=lambda n: f"Correct: Flatten gives {n:,} features.",
        hint=(
            "Trace the height through the four layers, as in the shape trace, then "
            "multiply height, width and channels."
        ),
        mistakes=[
            Mistake(
                "A VALID 2×2 pool drops an odd last pixel: it rounds the halving down, not up.",
                example=lambda: _flatten_34(lambda n, k: -(-n // k)),
            ),
            Mistake(
                "That is the size for a 28×28 input, from the lecture.",
                example=lambda: 7 * 7 * 64,
            ),
            Mistake(
                "That counts the 64 channels only: Flatten keeps every position too.",
                example=lambda: 64,
            ),
            Mistake(
                "That size has been halved once: there are two pools.",
                example=lambda: 17 * 17 * 64,
            ),
            Mistake(
                "That is a shape: Flatten gives one number, the product of its values.",
                example=lambda: (8, 8, 64),
                matches=lambda v: isinstance(v, tuple | list) and len(v) in (2, 3, 4),
                raw=True,
            ),
            Mistake(
                "A pool cannot produce half a pixel: a VALID 2×2 pool takes 17 to "
                "floor(17/2), not 17/2.",
                example=lambda: int(8.5 * 8.5 * 64),
            ),
            Mistake(
                "Not a whole number: a pool cannot produce half a pixel.",
                example=lambda: 34 / 4 * 34 / 4,
                matches=_fractional,
                raw=True,
            ),
        ],
        explanation="""
```python
size = 34
for _ in range(2):
    size = shapes.pool_output_size(shapes.conv_output_size(size, 5, padding="same"), 2)
answer = size * size * 64   # 34 → 34 → 17 → 17 → 8: 8·8·64 = 4,096
```
SAME keeps the size, the first pool halves 34 to 17, and the second pool takes 17 to
floor(17/2) = 8, dropping the last row and column.
""",
    ),
    Exercise(
        id="04.8",
        task=(
            "What is the receptive field (patch width) of one output pixel after three "
            "3×3 convolutions: stride 1; then stride 2; then stride 1 with dilation 3?"
        ),
        form=Int("the receptive field"),
        solve=_field_strided,
        reason=lambda f: f"Correct: each output pixel sees a {f}×{f} patch.",
        hint=(
            "For each layer, ask how far apart (in input pixels) the pixels it reads are, "
            "and how many of them its kernel spans."
        ),
        mistakes=[
            Mistake(
                "You left out the dilation: the last kernel spans F' = F + (F − 1)(D − 1) "
                "pixels of its input, not 3.",
                example=lambda: _field_variant(dilated=False),
            ),
            Mistake(
                "You ignored the stride: after a stride-2 layer, neighbouring pixels are 2 "
                "input pixels apart, so the last layer's taps are farther apart.",
                example=lambda: _field_variant(use_stride=False),
            ),
            Mistake(
                "A layer's own stride spaces the pixels of the layers *after* it, not its own "
                "taps.",
                example=lambda: _field_variant(own_stride=True),
            ),
            Mistake(
                "A dilated kernel spans F + (F − 1)(D − 1) pixels, not F·D.",
                example=lambda: _field_variant(kernel=lambda k, d: k * d),
            ),
            Mistake(
                "Neither the stride nor the dilation is in that count.",
                example=lambda: _field_variant(use_stride=False, dilated=False),
            ),
        ],
        explanation="""
```python
answer = shapes.receptive_field([(3, 1, 1), (3, 2, 1), (3, 1, 3)])[-1]   # [3, 5, 17]
```
The first layer sees 3 pixels. The second adds (3 − 1)·1 = 2: 5; its stride makes the
jump J = 2. The last kernel spans F' = 3 + 2·2 = 7 of its inputs, which are 2 input
pixels apart, so it adds (7 − 1)·2 = 12: 17.
""",
    ),
    Exercise(
        id="04.9",
        task=(
            "TF's SAME padding of a 10-pixel row for a 3-pixel kernel at stride 4: how many "
            "pixels go before and after?"
        ),
        form=IntPair("the padding", names="(before, after)"),
        solve=_split,
        reason=lambda p: f"Correct: TF pads {p}, the odd pixel after.",
        hint=(
            "First the output size that SAME promises, then where the last window must end, "
            "then split the total the way TF does."
        ),
        mistakes=[
            Mistake(
                "Swapped: TF puts the extra pixel at the end (bottom/right), not the start.",
                example=lambda: _split()[::-1],
            ),
            Mistake(
                "That ignores the stride: at stride 4 the last window starts where the "
                "stride puts it, not at every pixel.",
                example=lambda: shapes.same_padding(10, 3, 1),
            ),
            Mistake(
                "No padding would give floor-rounded output; SAME must give ceil(W/S) windows.",
                example=lambda: (0, 0),
            ),
            Mistake(
                "Give the split as a (before, after) pair, not the total.",
                example=lambda: sum(_split()),
                matches=lambda v: isinstance(v, int | np.integer) and not isinstance(v, bool),
                raw=True,
            ),
        ],
        explanation="""
```python
answer = shapes.same_padding(10, 3, stride=4)
```
SAME gives ceil(10/4) = 3 outputs. The last window starts at (3 − 1)·4 = 8 and ends at
8 + 3 = 11, one past the 10 pixels, so TF pads 1 in total: 1 // 2 = 0 before and the
odd pixel after: (0, 1).
""",
    ),
]
