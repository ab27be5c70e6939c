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
from course_utils.plotting import confusion_matrix, show_confusion_matrix, show_images
from course_utils.shapes import (
    conv2d_param_count,
    conv_output_size,
    dense_param_count,
    effective_kernel_size,
    pool_output_size,
    receptive_field,
    same_padding,
    transposed_conv_output_size,
)

__version__ = "0.1.0"

__all__ = [
    "FASHION_CLASSES",
    "MNIST_CLASSES",
    "CourseEnv",
    "DataFileError",
    "confusion_matrix",
    "conv2d_param_count",
    "conv_output_size",
    "dense_param_count",
    "describe_sources",
    "effective_kernel_size",
    "load_fashion_mnist",
    "load_mnist",
    "pool_output_size",
    "receptive_field",
    "same_padding",
    "setup",
    "show_confusion_matrix",
    "show_images",
    "transposed_conv_output_size",
]
