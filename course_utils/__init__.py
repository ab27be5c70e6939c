"""Helpers for the *Convolutions in TensorFlow* course notebooks.

Importing this package has no side effects and does not import TensorFlow; call
:func:`setup` at the top of a notebook to quiet TF, check versions and seed everything.
"""

from course_utils.data import (
    FASHION_CLASSES,
    MNIST_CLASSES,
    DataFileError,
    describe_sources,
    load_fashion_mnist,
    load_mnist,
)
from course_utils.env import CourseEnv, setup
from course_utils.shapes import (
    conv_output_size,
    effective_kernel_size,
    pool_output_size,
    same_padding,
)

__version__ = "0.1.0"

__all__ = [
    "FASHION_CLASSES",
    "MNIST_CLASSES",
    "CourseEnv",
    "DataFileError",
    "conv_output_size",
    "describe_sources",
    "effective_kernel_size",
    "load_fashion_mnist",
    "load_mnist",
    "pool_output_size",
    "same_padding",
    "setup",
]
