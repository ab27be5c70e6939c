"""Exercises of ``04_pooling_and_output_size``: output sizes, padding, receptive fields,
pooling and cost.

Every expected value is computed here from the problem, with :mod:`course_utils.shapes`,
:mod:`course_utils.costs` or TensorFlow; none is typed in.
"""

from __future__ import annotations

import numpy as np

from course_utils import costs, shapes
from course_utils.exercises._core import Array, Exercise, Int, IntPair, Mistake


def _is_float(value) -> bool:
    return isinstance(value, float | np.floating)


def _fractional(value) -> bool:
    """A float that is not whole: a forgotten floor or ceil. A whole float (8.0) is left
    to the form's own hint, which says to wrap it in int(...)."""
    return _is_float(value) and not float(value).is_integer()


def _close(value, target) -> bool:
    return _is_float(value) and abs(float(value) - target) < 1e-6


def _shape_like(value) -> bool:
    """A tuple or list of 3 or 4 ints: a whole NHWC or HWC shape."""
    return (
        isinstance(value, tuple | list)
        and len(value) in (3, 4)
        and all(isinstance(v, int | np.integer) for v in value)
    )


# 04.1 ------------------------------------------------------------------------------------
def _stack_height() -> int:
    after_conv = shapes.conv_output_size(32, 3)
    after_pool = shapes.pool_output_size(after_conv, 2)
    return shapes.conv_output_size(after_pool, 3, stride=2, padding="same")


def _before_last() -> int:
    return shapes.pool_output_size(shapes.conv_output_size(32, 3), 2)


# 04.2 ------------------------------------------------------------------------------------
def _keep_28() -> int:
    before, after = shapes.same_padding(28, 7)
    assert before == after and shapes.conv_output_size(28, 7, padding=before) == 28
    return before


# 04.3 ------------------------------------------------------------------------------------
def _stride_65_to_32() -> int:
    (stride,) = [s for s in range(1, 65) if shapes.conv_output_size(65, 3, s) == 32]
    return stride


# 04.4 ------------------------------------------------------------------------------------
def _dilation_for_7() -> int:
    (dilation,) = [d for d in range(1, 8) if shapes.effective_kernel_size(3, d) == 7]
    return dilation


# 04.5 ------------------------------------------------------------------------------------
def _round_trip(output_padding: int | None) -> int:
    down = shapes.conv_output_size(11, 3, 2, "same")
    return shapes.transposed_conv_output_size(down, 3, 2, "same", output_padding)


def _output_padding_for_11() -> int:
    (pad,) = [p for p in range(2) if _round_trip(p) == 11]
    return pad


# 04.6 ------------------------------------------------------------------------------------
def _field_convs_pool() -> int:
    return shapes.receptive_field([(3, 1)] * 3 + [(2, 2)])[-1]


# 04.7 ------------------------------------------------------------------------------------
def _flatten_34(pool=shapes.pool_output_size) -> int:
    size = 34
    for _ in range(2):
        size = pool(shapes.conv_output_size(size, 5, padding="same"), 2)
    return size * size * 64


# 04.8 ------------------------------------------------------------------------------------
STRIDED = [(3, 1, 1), (3, 2, 1), (3, 1, 3)]  # (kernel_size, stride, dilation)


def _field_strided() -> int:
    return shapes.receptive_field(STRIDED)[-1]


def _field_variant(own_stride=False, use_stride=True, dilated=True, kernel=None) -> int:
    field, jump = 1, 1
    for k, s, d in STRIDED:
        eff = kernel(k, d) if kernel else (shapes.effective_kernel_size(k, d) if dilated else k)
        if own_stride and use_stride:
            jump *= s
        field += (eff - 1) * jump
        if use_stride and not own_stride:
            jump *= s
    return field


# 04.9 ------------------------------------------------------------------------------------
def _split() -> tuple[int, int]:
    return shapes.same_padding(10, 3, stride=4)


# 04.10 -----------------------------------------------------------------------------------
POOL_INPUT = np.array(
    [[1, -2, 3, -1], [-4, 5, -6, -2], [7, -1, -1, -3], [-5, -7, -2, -8]], np.float32
)


def _pool(op: str = "max", size: int = 3, stride: int = 2, padding: str = "SAME") -> np.ndarray:
    import tensorflow as tf

    x = POOL_INPUT[None, :, :, None]
    if op == "zeros":  # the mistake: pad with zeros, then pool without padding
        before, after = shapes.same_padding(4, size, stride)
        x = np.pad(x, [(0, 0), (before, after), (before, after), (0, 0)])
        op, padding = "max", "VALID"
    pool = tf.nn.max_pool2d if op == "max" else tf.nn.avg_pool2d
    return pool(x, size, stride, padding).numpy()[0, :, :, 0].astype(np.float64)


def _array_shape(shape):
    return lambda v: np.shape(v) == shape


# 04.11 -----------------------------------------------------------------------------------
class _Kernel2x2(Array):
    """A 2×2 kernel. The (2, 2, 1, 1) array that tf.nn.conv2d takes for one channel in
    and out holds the same four weights, so it counts as the same answer."""

    def __init__(self, what: str) -> None:
        super().__init__((2, 2), what)
        self.describe = "a 2×2 array (or list of lists, or a 2×2×1×1 conv2d kernel)"

    def parse(self, answer) -> np.ndarray:
        if hasattr(answer, "numpy") and callable(answer.numpy):
            answer = answer.numpy()
        if not isinstance(answer, str):
            try:
                array = np.asarray(answer, dtype=np.float64)
            except (TypeError, ValueError):
                array = None
            if (
                array is not None
                and array.ndim > 2
                and array.shape[:2] == self.shape
                and all(n == 1 for n in array.shape[2:])
            ):
                answer = array.reshape(self.shape)
        return super().parse(answer)


def _avg_kernel() -> np.ndarray:
    return np.full((2, 2), 1 / 4)


def _acts_like_avg_pool(kernel: np.ndarray, _expected) -> bool:
    import tensorflow as tf

    x = np.random.default_rng(0).normal(size=(2, 8, 8, 1)).astype(np.float32)
    w = np.asarray(kernel, np.float32).reshape(2, 2, 1, 1)
    conv = tf.nn.conv2d(x, w, strides=2, padding="VALID")
    return bool(np.allclose(conv, tf.nn.avg_pool2d(x, 2, 2, "VALID"), atol=1e-5))


# 04.12 -----------------------------------------------------------------------------------
def _layer_cost():
    return costs.conv2d_cost(14, 3, 32, 64, strides=2, padding="same")


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
