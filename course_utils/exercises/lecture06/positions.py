"""Exercises of lecture 06, windows: a receptive field's position, an occlusion map's size."""

from __future__ import annotations

import math

from course_utils.exercises._core import Exercise, Int, IntPair, Mistake
from course_utils.exercises.lecture06._common import (
    _is_field_position,
    _is_fraction,
    _occlusion_rows,
    _rows,
    _rows_without_padding,
)

EXERCISES = [
    Exercise(
        id="06.1",
        task=(
            "The lecture's net (3×3 same conv, 2×2 pool, 3×3 same conv, 2×2 pool, 3×3 same "
            "conv) on 28×28 images: which input rows (start, stop), stop exclusive, does "
            "conv3's output row 1 see?"
        ),
        form=IntPair("the rows", names="(start, stop)"),
        solve=_rows,
        reason=lambda rows: (
            f"Correct: rows {rows[0]} to {rows[1] - 1}, 18 of them; those above row 0 are "
            "the padding that `same` adds."
        ),
        hint=(
            "Start from row 1 of conv3 and walk back one layer at a time: a window [a, b] "
            "of a layer's outputs comes from inputs [a·S − P_before, b·S − P_before + F − 1]."
        ),
        mistakes=[
            Mistake(
                "That is the field of conv3's row 0. Row 1 is the second row: its field "
                "starts jump = 4 pixels further down.",
                example=lambda: _rows(0),
            ),
            Mistake(
                "Almost: stop is exclusive, one past the last row the unit sees (as in "
                "range and slices).",
                example=lambda: (_rows()[0], _rows()[1] - 1),
            ),
            Mistake(
                "Start and stop are swapped: start is the first row the unit sees, the "
                "smaller number, and stop comes after the last one.",
                example=lambda: _rows()[::-1],
            ),
            Mistake(
                "That ignores the padding: each `same` 3×3 conv puts 1 row of zeros before "
                "the image, so the field starts above where a `valid` net's would.",
                example=_rows_without_padding,
            ),
            Mistake(
                "That is a FieldPosition with five values: give only its (start, stop).",
                example=lambda: _position_object(),
                matches=_is_field_position,
                raw=True,
            ),
        ],
        explanation="""
```python
position = fields.receptive_field_position(
    [(3, 1, "same"), (2, 2, "valid"), (3, 1, "same"), (2, 2, "valid"), (3, 1, "same")],
    28, index=1,
)
answer = (position.start, position.stop)
```
Walk back from conv3's row 1: conv3 (3×3, 1 row of padding before) sees pool2 rows 0–2;
pool2 (2×2, stride 2) sees conv2 rows 0–5; conv2 sees pool1 rows −1 to 6; pool1 sees conv1
rows −2 to 13; conv1 sees input rows −3 to 14. So start = −3, stop = 15: 18 rows, the
receptive field of lecture 4, of which 3 lie above the image.
""",
    ),
    Exercise(
        id="06.2",
        task=(
            "A 5×5 occlusion patch slides at stride 3 over a 28×28 image and never passes its "
            "edge. How many rows does the occlusion map have?"
        ),
        form=Int("the number of rows"),
        solve=_occlusion_rows,
        reason=lambda n: (
            f"Correct: {n}. The patch is a window, so lecture 4's formula "
            "floor((28 − 5) / 3) + 1 counts its positions."
        ),
        hint=(
            "Count the window's start positions 0, 3, 6, …: the last start must leave room "
            "for the whole 5-pixel patch."
        ),
        mistakes=[
            Mistake(
                "You forgot the + 1: (28 − 5) // 3 counts the steps between windows, not the "
                "windows.",
                example=lambda: (28 - 5) // 3,
            ),
            Mistake(
                "That is the `same` size, ceil(28 / 3): it lets the last windows hang over "
                "the edge, which this patch never does.",
                example=lambda: math.ceil(28 / 3),
            ),
            Mistake(
                "28 // 3 ignores the patch size: the last window must fit inside the image.",
                example=lambda: 28 // 3,
            ),
            Mistake(
                "That ignores the stride: 24 positions is for a patch moving 1 pixel at a time.",
                example=lambda: 28 - 5 + 1,
            ),
            Mistake(
                "Sizes are whole numbers: (28 − 5) / 3 needs a floor, and then + 1.",
                example=lambda: (28 - 5) / 3,
                matches=lambda v: _is_fraction(v, (28 - 5) / 3),
                raw=True,
            ),
        ],
        explanation="""
```python
answer = cu.conv_output_size(28, 5, 3)  # floor((28 - 5) / 3) + 1
```
The patch starts at 0, 3, …, 21: the next start, 24, would need rows 24–28, and row 28
does not exist. Eight starts, so eight rows (and eight columns).
""",
    ),
]


def _position_object():
    from course_utils import fields
    from course_utils.exercises.lecture06._common import NET_LAYERS

    return fields.receptive_field_position(NET_LAYERS, 28, 1)
