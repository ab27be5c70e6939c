"""Exercises of lecture 04, output sizes: padding, stride, dilation, transposed convolutions."""

from __future__ import annotations

from course_utils.exercises._core import Exercise, Int, Mistake
from course_utils.exercises.lecture04._common import (
    _before_last,
    _dilation_for_7,
    _fractional,
    _keep_28,
    _output_padding_for_11,
    _shape_like,
    _stack_height,
    _stride_65_to_32,
)

EXERCISES = [
    Exercise(
        id="04.1",
        task=(
            "A 32×32 image goes through Conv2D(16, 3) (padding 'valid'), then "
            "MaxPooling2D(2), then Conv2D(32, 3, strides=2, padding='same'). "
            "What is the output height?"
        ),
        form=Int("the output height"),
        solve=_stack_height,
        reason=lambda n: f"Correct: the output is {n}×{n} (with 32 channels).",
        hint=(
            "Go layer by layer: what does a VALID 3×3 convolution do to 32 pixels, what "
            "does the pool do, and what size does SAME promise at stride 2?"
        ),
        mistakes=[
            Mistake(
                "Rounded down at the last layer: with padding='same' the output size is "
                "rounded up, ceil(W/S), so a half window still counts.",
                example=lambda: _before_last() // 2,
            ),
            Mistake(
                "That is the size that reaches the last convolution: its stride of 2 still "
                "shrinks it.",
                example=_before_last,
            ),
            Mistake(
                "Sizes are whole numbers: decide whether SAME rounds the division by the "
                "stride up or down.",
                example=lambda: _before_last() / 2,
                matches=_fractional,
                raw=True,
            ),
            Mistake(
                "That is a whole shape: give only the height, one int.",
                example=lambda: (1, _stack_height(), _stack_height(), 32),
                matches=_shape_like,
                raw=True,
            ),
        ],
        explanation="""
```python
h = shapes.conv_output_size(32, 3)                             # VALID 3×3: 30
h = shapes.pool_output_size(h, 2)                              # 2×2 pool: 15
answer = shapes.conv_output_size(h, 3, stride=2, padding="same")  # ceil(15/2) = 8
```
VALID drops F − 1 = 2 pixels, the pool halves 30 to 15, and SAME at stride 2 gives
ceil(15/2) = 8: the last, half-filled window is kept.
""",
    ),
    Exercise(
        id="04.2",
        task=(
            "Which symmetric padding P (pixels on each side) keeps a 28×28 input at 28×28 "
            "through a 7×7 convolution at stride 1?"
        ),
        form=Int("P"),
        solve=_keep_28,
        reason=lambda p: f"Correct: P = {p} on each side, which is also what TF's SAME pads.",
        hint=(
            "Write the window count with P pixels on each side and ask which P makes it "
            "equal to the input size."
        ),
        mistakes=[
            Mistake(
                "That is the total padding of both sides together: give the pixels on one side.",
                example=lambda: 2 * _keep_28(),
            ),
            Mistake(
                "One pixel on each side is enough for a 3×3 kernel; a 7×7 kernel drops more "
                "pixels without padding.",
                example=lambda: 1,
            ),
            Mistake(
                "That pads by the whole kernel size, which makes the output larger than the input.",
                example=lambda: 7,
            ),
            Mistake(
                "Not a whole number of pixels: did you forget the + 1 in the count of window "
                "positions?",
                example=lambda: 3.5,
                matches=_fractional,
                raw=True,
            ),
        ],
        explanation="""
```python
answer = shapes.same_padding(28, 7)[0]   # (3, 3): SAME is symmetric here
assert shapes.conv_output_size(28, 7, padding=answer) == 28
```
Without padding a 7×7 window fits 28 − 7 + 1 = 22 times, so 6 pixels are missing; 3 on
each side give 28 − 7 + 6 + 1 = 28. At stride 1 and an odd kernel, P = (F − 1)/2.
""",
    ),
    Exercise(
        id="04.3",
        task="Which stride S makes a 3×3 VALID convolution take a 65-pixel input to 32 pixels?",
        form=Int("the stride"),
        solve=_stride_65_to_32,
        reason=lambda s: f"Correct: stride {s} gives 32 window positions.",
        hint=(
            "Try a stride with shapes.conv_output_size(65, 3, stride=...) and compare with "
            "the 32 you want; then see why the count works out."
        ),
        mistakes=[
            Mistake(
                "Stride 1 keeps every window position: a VALID 3×3 gives 63 pixels.",
                example=lambda: 1,
            ),
            Mistake(
                "Stride 3 gives 21 pixels: too few.",
                example=lambda: 3,
            ),
            Mistake(
                "A stride is a whole number of pixels. Dividing the sizes ignores the kernel "
                "and the + 1 of the window count.",
                example=lambda: 65 / 32,
                matches=_fractional,
                raw=True,
            ),
        ],
        explanation="""
```python
answer = [s for s in range(1, 65) if shapes.conv_output_size(65, 3, s) == 32][0]
```
A 3×3 VALID window has 62 possible start positions after the first: floor(62/S) + 1 = 32
needs floor(62/S) = 31, so S = 2.
""",
    ),
    Exercise(
        id="04.4",
        task=(
            "Which dilation D gives a 3×3 kernel the same extent as a 7×7 kernel "
            "(49 pixels covered with 9 weights)?"
        ),
        form=Int("the dilation"),
        solve=_dilation_for_7,
        reason=lambda d: f"Correct: at dilation {d} the 3 taps span 7 pixels.",
        hint=(
            "Draw one row of the kernel: 3 taps with gaps between them. How wide must the "
            "gaps be for the row to span 7 pixels?"
        ),
        mistakes=[
            Mistake(
                "Dilation 2 spreads the 3 taps over 5 pixels only.",
                example=lambda: 2,
            ),
            Mistake(
                "Dilation 4 spans 9 pixels: there are only F − 1 = 2 gaps between 3 taps, not 3.",
                example=lambda: 4,
            ),
            Mistake(
                "A dilation is a whole number. 7/3 spreads the width over the taps; the "
                "dilation spaces the taps, and there is one gap fewer than taps.",
                example=lambda: 7 / 3,
                matches=_fractional,
                raw=True,
            ),
        ],
        explanation="""
```python
answer = [d for d in range(1, 8) if shapes.effective_kernel_size(3, d) == 7][0]
```
F' = F + (F − 1)(D − 1) = 3 + 2(D − 1) = 7 gives D = 3: taps at 0, 3 and 6.
""",
    ),
    Exercise(
        id="04.5",
        task=(
            "An 11×11 map goes through Conv2D(8, 3, strides=2, padding='same'). Which "
            "integer output_padding makes Conv2DTranspose(8, 3, strides=2, "
            "padding='same', output_padding=...) return 11×11? Give an int: None, "
            "Keras's default, is not an integer answer here."
        ),
        form=Int("output_padding"),
        solve=_output_padding_for_11,
        reason=lambda p: f"Correct: output_padding={p} picks the size 11.",
        hint=(
            "Find the size the convolution gives first, then use the table for "
            "Conv2DTranspose with output_padding set."
        ),
        mistakes=[
            Mistake(
                "output_padding=1 gives 12, one too many (the size you also get with None).",
                example=lambda: 1,
            ),
            Mistake(
                "output_padding must be smaller than the stride; TF rejects 2 here.",
                example=lambda: 2,
            ),
            Mistake(
                "That is a size; output_padding is the extra pixels added at the end.",
                example=lambda: 11,
            ),
        ],
        explanation="""
```python
down = shapes.conv_output_size(11, 3, 2, "same")                      # 6
answer = [p for p in (0, 1)
          if shapes.transposed_conv_output_size(down, 3, 2, "same", p) == 11][0]
```
SAME at stride 2 gives ceil(11/2) = 6. Back up, (6 − 1)·2 + (3 mod 2) + P = 11 + P, so
P = 0; with output_padding=None Keras returns 6·2 = 12.
""",
    ),
]
