"""Exercises of lecture 01, kernels: a value of a feature map, the flip, edges and blurs."""

from __future__ import annotations

import numpy as np

from course_utils import kernels
from course_utils.exercises._core import Array, Exercise, Int, Mistake
from course_utils.exercises.lecture01._common import (
    _TOL,
    COL,
    EXERCISE_KERNEL,
    IMAGE,
    KERNEL,
    ROW,
    _blurs,
    _finds_vertical_edges,
    _is_course_blur,
    _step_responses,
    _value_at,
    _window,
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
]
