"""The course's two explorers, re-exported from the modules that hold them.

Notebooks import ``course_utils.widgets``; the code lives by concern in
:mod:`course_utils.kernel_explorer` (lecture 1), :mod:`course_utils.output_size_explorer`
(lecture 4), :mod:`course_utils.windows` (the window arithmetic) and
:func:`course_utils.plotting.show_windows` (its picture).
"""

from __future__ import annotations

from course_utils.kernel_explorer import (
    CUSTOM,
    KernelExplorer,
    apply_kernel,
    describe_output,
    format_weights,
    make_kernel_explorer,
    parse_weights,
)
from course_utils.output_size_explorer import OutputSizeExplorer, make_output_size_explorer
from course_utils.plotting import show_windows
from course_utils.windows import Windows, compute_windows, describe_windows

__all__ = [
    "CUSTOM",
    "KernelExplorer",
    "OutputSizeExplorer",
    "Windows",
    "apply_kernel",
    "compute_windows",
    "describe_output",
    "describe_windows",
    "format_weights",
    "make_kernel_explorer",
    "make_output_size_explorer",
    "parse_weights",
    "show_windows",
]
