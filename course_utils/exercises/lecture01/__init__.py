"""Exercises of ``01_convolution_without_training``: one value by hand, the flip, designed
kernels, an output shape, a weight count and the layer as one matrix.

Every expected value is computed here from the problem (with ``course_utils.conv``,
``course_utils.kernels`` and ``course_utils.shapes``), never typed in.
"""

from __future__ import annotations

from course_utils.exercises.lecture01 import kernels, sizes
from course_utils.exercises.lecture01._common import (
    C_IMAGE,
    C_KERNEL,
    COL,
    EXERCISE_KERNEL,
    IMAGE,
    KERNEL,
    PHOTO_SHAPE,
    ROW,
    SEP_IN,
    SEP_KERNEL,
    SEP_OUT,
    SHAPE_KERNEL,
    SHAPE_STRIDE,
)

__all__ = [
    "COL",
    "C_IMAGE",
    "C_KERNEL",
    "EXERCISES",
    "EXERCISE_KERNEL",
    "IMAGE",
    "KERNEL",
    "PHOTO_SHAPE",
    "ROW",
    "SEP_IN",
    "SEP_KERNEL",
    "SEP_OUT",
    "SHAPE_KERNEL",
    "SHAPE_STRIDE",
]

EXERCISES = [*kernels.EXERCISES, *sizes.EXERCISES]
