"""Helpers for the *Convolutions in TensorFlow* course notebooks.

Importing this package has no side effects and does not import TensorFlow; call
:func:`setup` at the top of a notebook to quiet TF, check versions and seed everything.
"""

from course_utils.conv import conv2d, corr2d
from course_utils.data import (
    FASHION_CLASSES,
    MNIST_CLASSES,
    DataFileError,
    describe_sources,
    load_fashion_mnist,
    load_mnist,
)
from course_utils.env import CourseEnv, op_determinism, setup
from course_utils.kernel_explorer import make_kernel_explorer
from course_utils.kernels import (
    KERNEL_NAMES,
    KERNELS,
    describe_kernel,
    get_kernel,
    stack_kernels,
)
from course_utils.output_size_explorer import make_output_size_explorer
from course_utils.plotting import (
    confusion_matrix,
    find_confused_pairs,
    show_confusion_matrix,
    show_feature_maps,
    show_filters,
    show_history,
    show_images,
    show_images_to_scale,
    show_kernel,
    show_windows,
)
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
from course_utils.windows import compute_windows, describe_windows

__version__ = "0.1.0"

__all__ = [
    "FASHION_CLASSES",
    "KERNELS",
    "KERNEL_NAMES",
    "MNIST_CLASSES",
    "CourseEnv",
    "DataFileError",
    "compute_windows",
    "confusion_matrix",
    "conv2d",
    "conv2d_param_count",
    "conv_output_size",
    "corr2d",
    "dense_param_count",
    "describe_kernel",
    "describe_sources",
    "describe_windows",
    "effective_kernel_size",
    "find_confused_pairs",
    "get_kernel",
    "load_fashion_mnist",
    "load_mnist",
    "make_kernel_explorer",
    "make_output_size_explorer",
    "op_determinism",
    "pool_output_size",
    "receptive_field",
    "same_padding",
    "setup",
    "show_confusion_matrix",
    "show_feature_maps",
    "show_filters",
    "show_history",
    "show_images",
    "show_images_to_scale",
    "show_kernel",
    "show_windows",
    "stack_kernels",
    "transposed_conv_output_size",
]
