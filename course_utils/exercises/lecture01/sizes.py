"""Exercises of lecture 01, sizes and counts: output shapes, separable weights, non-zero outputs."""

from __future__ import annotations

import numpy as np

from course_utils import shapes
from course_utils.exercises._core import Exercise, Int, IntPair, Mistake
from course_utils.exercises.lecture01._common import (
    C_IMAGE,
    C_KERNEL,
    SEP_IN,
    SEP_KERNEL,
    SEP_OUT,
    _c_nonzeros,
    _c_size,
    _raw_shape,
    _separable,
    _shape,
)

EXERCISES = [
    Exercise(
        id="01.5",
        task=(
            "Predict the output (height, width) when the 600×512 grey photo goes through a "
            '5×5 kernel with strides=2 and padding="VALID". Use arithmetic, not TF.'
        ),
        form=IntPair("the output shape"),
        solve=_shape,
        reason=lambda s: f"Correct: the output is {s[0]}×{s[1]}.",
        hint=(
            "Count the window positions along each axis: floor((in − kernel_size) / strides) "
            "+ 1, once for the height and once for the width."
        ),
        mistakes=[
            Mistake(
                "You forgot the floor: (in − k) / s + 1 is not a whole number here. A "
                "window either fits or it does not, so round (in − k) / s down before "
                "adding 1.",
                example=lambda: _raw_shape(lambda v: v),
                matches=lambda v: np.allclose(np.asarray(v, dtype=float), _raw_shape(lambda r: r)),
                raw=True,
            ),
            Mistake(
                "That is the size with padding='same', ceil(in / strides). With 'valid' "
                "nothing is padded, so every window must fit inside the photo.",
                example=lambda: _shape(padding="same"),
            ),
            Mistake(
                "That is (width, height). Shapes in NumPy and TF list the height first: the "
                "photo is 600 rows tall and 512 columns wide.",
                example=lambda: _shape()[::-1],
            ),
            Mistake(
                "That ignores the stride: with strides=2 only every second window position "
                "is kept.",
                example=lambda: _shape(stride=1),
            ),
            Mistake(
                "That rounds up. A window that would stick out of the photo does not count: "
                "round down (floor).",
                example=lambda: tuple(int(n) for n in _raw_shape(np.ceil)),
            ),
            Mistake(
                "One short on each axis: the first window position counts too, so add 1 "
                "after the floor.",
                example=lambda: tuple(n - 1 for n in _shape()),
            ),
        ],
        explanation="""
`answer = (298, 254)`

With 'valid' nothing is padded, so count the positions where the 5×5 window fits:
floor((600 − 5) / 2) + 1 = 297 + 1 = 298 rows and floor((512 − 5) / 2) + 1 = 253 + 1 = 254
columns. Check: `shapes.conv_output_size(600, 5, 2, "valid")`. With 'same' it would be
ceil(600 / 2) × ceil(512 / 2) = 300 × 256.
""",
    ),
    Exercise(
        id="01.6",
        task=(
            "How many weights (no biases) does a SeparableConv2D with 3×3 kernels need to "
            "map 32 input channels to 64 output channels?"
        ),
        form=Int("the weight count"),
        solve=_separable,
        reason=lambda n: f"Correct: {n:,} weights.",
        hint=(
            "A separable layer is a depthwise step (one 3×3 kernel per input channel) "
            "followed by a 1×1 convolution that mixes the input channels into the outputs: "
            "add the weights of both."
        ),
        mistakes=[
            Mistake(
                "That is a full Conv2D: every output channel with its own 3×3 filter over all "
                "inputs. The separable layer splits that into two cheaper steps.",
                example=lambda: shapes.conv2d_param_count(
                    SEP_KERNEL, SEP_IN, SEP_OUT, use_bias=False
                ),
            ),
            Mistake(
                "That is only the depthwise step. Add the 1×1 (pointwise) convolution "
                "that maps the input channels to the output channels.",
                example=lambda: shapes.conv2d_param_count(
                    SEP_KERNEL, SEP_IN, SEP_IN, groups=SEP_IN, use_bias=False
                ),
            ),
            Mistake(
                "That is only the pointwise (1×1) step. Add one 3×3 kernel per input "
                "channel for the depthwise step.",
                example=lambda: shapes.conv2d_param_count(1, SEP_IN, SEP_OUT, use_bias=False),
            ),
            Mistake(
                "That counts the biases, one per output channel. The question asks for "
                "weights only.",
                example=lambda: _separable(use_bias=True),
            ),
        ],
        explanation="""
`answer = 3 * 3 * 32 + 32 * 64`, that is 288 + 2,048 = 2,336 weights.

The depthwise step has one 3×3 kernel per input channel (3·3·32 = 288); the pointwise
step is a 1×1 convolution from 32 to 64 channels (32·64 = 2,048). A Conv2D needs
3·3·32·64 = 18,432, about 7.9× more. Check it with
`keras.layers.SeparableConv2D(64, 3, use_bias=False)` on a 32-channel input and
`count_params()`.
""",
    ),
    Exercise(
        id="01.7",
        task=(
            "A 3×3 kernel with nine non-zero weights slides over a 6×6 image (stride 1, "
            "'valid'). How many entries of its convolution matrix C are non-zero?"
        ),
        form=Int("the count"),
        solve=_c_nonzeros,
        reason=lambda n: f"Correct: {n} non-zero entries, nine in each row of C.",
        hint=(
            "C has one row per output pixel and one column per input pixel. Each row holds "
            "the kernel's weights, at the input pixels its window covers, and zeros "
            "elsewhere."
        ),
        mistakes=[
            Mistake(
                "That is the number of all entries of C (rows × columns). Most of them are "
                "0: count only the kernel's weights in each row.",
                example=_c_size,
            ),
            Mistake(
                "That is one row's worth. C has one row for each output pixel.",
                example=lambda: C_KERNEL * C_KERNEL,
            ),
            Mistake(
                "That is the number of rows (output pixels). Each row holds the kernel's "
                "nine weights.",
                example=lambda: (C_IMAGE[0] - C_KERNEL + 1) * (C_IMAGE[1] - C_KERNEL + 1),
            ),
            Mistake(
                "That counts for padding='same': one row per input pixel, with the taps on "
                "the zero padding left out. With 'valid' the output is smaller.",
                example=lambda: _c_nonzeros("same"),
            ),
        ],
        explanation="""
`answer = 16 * 9`, that is 144.

With 'valid', a 3×3 kernel fits in 6 − 3 + 1 = 4 positions across and 4 down, so C has
16 rows (one per output pixel) and 36 columns (one per input pixel). Each row holds the
nine weights and 27 zeros. Check it:
`np.count_nonzero(conv.conv_matrix((6, 6), np.ones((3, 3))))`.
""",
    ),
]
