"""Shared helpers and constants of the exercises of lecture 01: the problems' data
and the functions that compute reference answers and typical mistakes."""

from __future__ import annotations

import numpy as np

from course_utils import conv, kernels, shapes

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
