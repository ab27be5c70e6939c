"""Exercises of ``01_convolution_without_training``: one value by hand, the flip, designed
kernels, an output shape, a weight count and the layer as one matrix.

Every expected value is computed here from the problem (with ``course_utils.conv``,
``course_utils.kernels`` and ``course_utils.shapes``), never typed in.
"""

from __future__ import annotations

import numpy as np

from course_utils import conv, kernels, shapes
from course_utils.exercises._core import Array, Exercise, Int, IntPair, Mistake

#: The 5×5 image and 3×3 kernel of the notebook's worked example (from OpenGenus's "Conv2D
#: operation in TensorFlow" and Stanford CS 20's "Lecture note 7").
IMAGE = np.array(
    [
        [1, 1, 1, 0, 0],
        [0, 1, 1, 1, 0],
        [0, 0, 1, 1, 1],
        [0, 0, 1, 1, 0],
        [0, 1, 1, 0, 0],
    ]
)
KERNEL = np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]])
#: Exercise 01.1 filters IMAGE with weights 1 to 9, row by row: unlike KERNEL, they give
#: a different value at the asked position, its transpose, the position one row and one
#: column up (counting from 1) and with the flipped kernel, so each slip has its own hint.
EXERCISE_KERNEL = np.arange(1, 10).reshape(3, 3)
ROW, COL = 1, 2  # exercise 01.1 asks for this position (counting from 0)

PHOTO_SHAPE, SHAPE_KERNEL, SHAPE_STRIDE = (600, 512), 5, 2  # exercise 01.5
SEP_KERNEL, SEP_IN, SEP_OUT = 3, 32, 64  # exercise 01.6
C_IMAGE, C_KERNEL = (6, 6), 3  # exercise 01.7

_TOL = 1e-6


def _value_at(row: int, col: int, kernel=EXERCISE_KERNEL) -> int:
    return int(conv.corr2d(IMAGE, kernel)[row, col])


def _window() -> np.ndarray:
    return IMAGE[ROW : ROW + 3, COL : COL + 3]


def _shape(stride: int = SHAPE_STRIDE, padding: str = "valid") -> tuple[int, int]:
    return tuple(shapes.conv_output_size(n, SHAPE_KERNEL, stride, padding) for n in PHOTO_SHAPE)


def _raw_shape(round_down) -> tuple:
    """The VALID output size with the floor replaced by ``round_down`` (a slip)."""
    return tuple(round_down((n - SHAPE_KERNEL) / SHAPE_STRIDE) + 1 for n in PHOTO_SHAPE)


def _separable(use_bias: bool = False) -> int:
    depthwise = shapes.conv2d_param_count(SEP_KERNEL, SEP_IN, SEP_IN, groups=SEP_IN, use_bias=False)
    pointwise = shapes.conv2d_param_count(1, SEP_IN, SEP_OUT, use_bias=use_bias)
    return depthwise + pointwise


def _c_nonzeros(padding: str = "valid") -> int:
    matrix = conv.conv_matrix(C_IMAGE, np.ones((C_KERNEL, C_KERNEL)), padding=padding)
    return int(np.count_nonzero(matrix))


def _c_size() -> int:
    return int(conv.conv_matrix(C_IMAGE, np.ones((C_KERNEL, C_KERNEL))).size)


# Designed kernels: judged by what they do, not compared with one reference -------------


def _step_responses(kernel: np.ndarray) -> tuple[float, float]:
    """Outputs where a dark (0) left part meets a bright (1) right part of the window."""
    columns = kernel.sum(axis=0)
    return float(columns[2]), float(columns[1] + columns[2])


def _finds_vertical_edges(kernel: np.ndarray, _expected=None) -> bool:
    rows_flat = np.allclose(kernel.sum(axis=1), 0, atol=_TOL)
    responses = _step_responses(kernel)
    return rows_flat and min(responses) >= -_TOL and max(responses) > _TOL


def _is_course_blur(kernel: np.ndarray) -> bool:
    return any(
        np.allclose(kernel, kernels.get_kernel(name), atol=1e-4)
        for name in ("box_blur", "gaussian_blur")
    )


def _blurs(kernel: np.ndarray, _expected=None) -> bool:
    return (
        bool(np.all(kernel >= 0))
        and abs(float(kernel.sum()) - 1) <= _TOL
        and np.count_nonzero(kernel) >= 2
        and not _is_course_blur(kernel)
    )


EXERCISES = [
    Exercise(
        id="01.1",
        task=(
            "Filter the worked example's image with the kernel np.arange(1, 10).reshape(3, 3) "
            f"and compute the value of the feature map at row {ROW}, column {COL} (counting "
            "from 0), by hand or with NumPy slicing."
        ),
        form=Int("the value"),
        solve=lambda: _value_at(ROW, COL),
        reason=lambda v: f"Correct: the window under the kernel there gives {v}.",
        hint=(
            "The window of output (row, column) starts at that row and column of the image "
            "and is as large as the kernel. Multiply it element-wise by the kernel and add "
            "the nine products."
        ),
        mistakes=[
            Mistake(
                "Row and column are swapped: that is the value at the transposed position. "
                "The first index counts rows (down), the second columns (across).",
                example=lambda: _value_at(COL, ROW),
            ),
            Mistake(
                f"That is the value at row {ROW - 1}, column {COL - 1} (counting from 0): you "
                "counted rows and columns from 1. Here they count from 0, as in NumPy: row 0 "
                "is the top row.",
                example=lambda: _value_at(ROW - 1, COL - 1),
            ),
            Mistake(
                "That flips the kernel, as a true convolution does. tf.nn.conv2d and this "
                "exercise slide the kernel as given: weight 1 meets the window's top-left "
                "pixel.",
                example=lambda: _value_at(ROW, COL, np.flip(EXERCISE_KERNEL)),
            ),
            Mistake(
                "That uses the worked example's kernel (`kernel`). This exercise uses the "
                "weights 1 to 9, np.arange(1, 10).reshape(3, 3).",
                example=lambda: _value_at(ROW, COL, KERNEL),
            ),
            Mistake(
                "That is a matrix product (window @ kernel) added up. The convolution "
                "multiplies element-wise (window * kernel) and then adds.",
                example=lambda: int(np.sum(_window() @ EXERCISE_KERNEL)),
            ),
            Mistake(
                "That adds the window's pixels without the kernel: multiply them by the "
                "kernel's weights first.",
                example=lambda: int(np.sum(_window())),
            ),
            Mistake(
                "That is the image's pixel at that position, not the feature map's value: "
                "take the whole 3×3 window that starts there.",
                example=lambda: int(IMAGE[ROW, COL]),
            ),
        ],
        explanation=f"""
`answer = int(np.sum(image[{ROW}:{ROW + 3}, {COL}:{COL + 3}] * np.arange(1, 10).reshape(3, 3)))`

Output position (row {ROW}, column {COL}) is the window whose top-left pixel is image row
{ROW}, column {COL}. Multiply it element-wise by the kernel, unflipped, and add the nine
products: the ones of the window pick out the weights they meet. The transposed
position (row {COL}, column {ROW}) holds a different value, so the order of the indices
matters: rows first, as in NumPy and NHWC. Check: `conv.corr2d(image, k)[{ROW}, {COL}]`.
""",
    ),
    Exercise(
        id="01.2",
        task=(
            "Give the 3×3 kernel k for which tf.nn.conv2d(x, k) computes the true "
            "convolution (with the flip) of x with the course's emboss kernel."
        ),
        form=Array((3, 3), what="the kernel"),
        solve=lambda: np.flip(kernels.get_kernel("emboss")),
        reason="Correct: rotating emboss by 180° turns TF's cross-correlation into a convolution.",
        hint=(
            "A true convolution flips the kernel along both axes (a 180° rotation) before "
            "it slides; tf.nn.conv2d slides the kernel as given."
        ),
        mistakes=[
            Mistake(
                "That is emboss unchanged: tf.nn.conv2d would compute its cross-correlation. "
                "Emboss equals its transpose, but that does not make the flip harmless: "
                "only a kernel unchanged by a 180° rotation is.",
                example=lambda: kernels.get_kernel("emboss"),
            ),
            Mistake(
                "That flips only left and right (for emboss, which equals its transpose, "
                "that is also np.rot90(emboss, -1), a 90° turn clockwise). The convolution's "
                "flip is a 180° rotation: along both axes.",
                example=lambda: np.fliplr(kernels.get_kernel("emboss")),
            ),
            Mistake(
                "That flips only top and bottom (for emboss, which equals its transpose, "
                "that is also np.rot90(emboss), a 90° turn anticlockwise). The convolution's "
                "flip is a 180° rotation: along both axes.",
                example=lambda: np.flipud(kernels.get_kernel("emboss")),
            ),
            Mistake(
                "That is −emboss. For the Sobel kernels the flip equals a change of sign, "
                "but not for emboss: its centre weight keeps its sign under a rotation.",
                example=lambda: -kernels.get_kernel("emboss"),
            ),
        ],
        explanation="""
`answer = np.flip(kernels.get_kernel("emboss"))` (or `np.rot90(emboss, 2)`)

`tf.nn.conv2d` computes cross-correlation: it uses the kernel as given. The
mathematical convolution rotates the kernel by 180° first, so pass the rotated kernel.
Emboss is symmetric about its main diagonal (it equals its transpose), yet the rotation
changes it, so its correlation and convolution differ.
""",
    ),
    Exercise(
        id="01.3",
        task=(
            "Design a 3×3 kernel that gives a positive output where a dark left part meets a "
            "bright right part (a vertical edge), and 0 on flat regions and on horizontal "
            "edges. Use your own weights, not kernels.get_kernel."
        ),
        form=Array((3, 3), what="the kernel"),
        solve=lambda: np.array([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]]),
        reason="Correct: it finds dark-to-bright vertical edges and gives 0 on flat regions "
        "and horizontal edges.",
        hint=(
            "Put negative weights in the left column and positive ones in the right column, "
            "so that each row's weights sum to 0."
        ),
        accept=_finds_vertical_edges,
        mistakes=[
            Mistake(
                "The weights do not sum to 0, so a flat patch of brightness v gives "
                "v × (their sum), not 0. Make them sum to 0.",
                example=lambda: np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]]),
                matches=lambda k: abs(float(k.sum())) > _TOL,
            ),
            Mistake(
                "It responds to horizontal edges too: a horizontal edge changes the "
                "brightness from one row of the window to the next, so each row's weights "
                "must sum to 0.",
                example=lambda: kernels.get_kernel("sobel_top"),
                matches=lambda k: not np.allclose(k.sum(axis=1), 0, atol=_TOL),
            ),
            Mistake(
                "It gives 0 on a vertical edge as well: with every column summing to 0 it "
                "cannot tell left from right. Make the right column's weights larger than "
                "the left column's.",
                example=lambda: np.zeros((3, 3)),
                matches=lambda k: np.allclose(k.sum(axis=0), 0, atol=_TOL),
            ),
            Mistake(
                "Right direction, wrong sign: it gives a negative output where dark left "
                "meets bright right (tf.nn.conv2d does not flip the kernel). Negate it.",
                example=lambda: kernels.get_kernel("sobel_left"),
                matches=lambda k: max(_step_responses(k)) <= _TOL,
            ),
            Mistake(
                "It answers one step edge with both a positive and a negative output (a "
                "line detector). Let the weights grow from the left column to the right.",
                example=lambda: np.array([[1, -2, 1], [1, -2, 1], [1, -2, 1]]),
                matches=lambda k: min(_step_responses(k)) < -_TOL,
            ),
        ],
        explanation="""
`answer = [[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]]` (the Prewitt kernel); the Sobel-style
`[[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]` works too.

Each row sums to 0, so flat regions and horizontal edges (which change the brightness
between rows) give 0. The negative left column and positive right column make a
dark-to-bright step give a positive output. `tf.nn.conv2d` does not flip the kernel, so
the weights point the way you read them.
""",
    ),
    Exercise(
        id="01.4",
        task=(
            "Design your own 3×3 blur that keeps the brightness of the image (not the box "
            "blur or the Gaussian from kernels)."
        ),
        form=Array((3, 3), what="the kernel"),
        solve=lambda: np.array([[0, 1, 0], [1, 4, 1], [0, 1, 0]]) / 8,
        reason="Correct: it averages neighbours and keeps the brightness of flat regions.",
        hint=(
            "A blur is a weighted average: use weights >= 0, more than one of them non-zero, "
            "that sum to 1."
        ),
        accept=_blurs,
        mistakes=[
            Mistake(
                "Negative weights subtract neighbours, which sharpens or finds edges; a "
                "blur averages, so use weights >= 0.",
                example=lambda: kernels.get_kernel("sharpen"),
                matches=lambda k: bool(np.any(k < 0)),
            ),
            Mistake(
                "The weights do not sum to 1, so a flat patch comes out brighter or darker "
                "than it went in. Divide every weight by their sum.",
                example=lambda: np.ones((3, 3)),
                matches=lambda k: abs(float(k.sum()) - 1) > _TOL,
            ),
            Mistake(
                "Only one weight is non-zero: that copies (or shifts) pixels, it does not blur.",
                example=lambda: kernels.get_kernel("identity"),
                matches=lambda k: np.count_nonzero(k) < 2,
            ),
            Mistake(
                "That is one of the course's own blurs: design different weights.",
                example=lambda: kernels.get_kernel("box_blur"),
                matches=_is_course_blur,
            ),
        ],
        explanation="""
For example `answer = np.array([[0, 1, 0], [1, 4, 1], [0, 1, 0]]) / 8`.

On a flat patch of brightness v every pixel under the kernel is v, so the output is
v × (sum of the weights), which is v when the weights sum to 1. Non-negative weights
make each output a weighted average of its neighbours, which is what blurs.
""",
    ),
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
