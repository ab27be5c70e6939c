"""Where a convolution's sliding window lands along one axis: the arithmetic of lecture 4.

Plain Python, no TensorFlow. :func:`compute_windows` lists the window positions, the padding
and the pixels no window reads; :func:`describe_windows` writes the output-size formula with
those numbers filled in. ``course_utils.shapes`` and ``course_utils.widgets`` re-export both;
``course_utils.plotting.show_windows`` draws them.
"""

from __future__ import annotations

from typing import NamedTuple

from course_utils import shapes
from course_utils._validate import pad_spec

__all__ = ["Windows", "compute_windows", "describe_windows", "padding_mode"]


class Windows(NamedTuple):
    """Where a sliding window lands along one dimension; built by :func:`compute_windows`."""

    input_size: int
    kernel_size: int
    stride: int
    dilation: int
    padding: str  # "valid", "same" or "explicit"
    pads: tuple[int, int]  # (before, after)
    effective_kernel_size: int
    starts: tuple[int, ...]  # index in the padded row where each window begins
    output_size: int
    unused: tuple[int, ...]  # input pixels (unpadded index) that no kernel tap reads


def padding_mode(padding) -> tuple[str, tuple[int, int]]:
    """Return ``(mode, explicit pads)`` for a ``padding`` that ``conv_output_size`` accepts.

    Examples
    --------
    >>> padding_mode("SAME"), padding_mode(2), padding_mode([1, 0])
    (('same', (0, 0)), ('explicit', (2, 2)), ('explicit', (1, 0)))
    """
    spec = pad_spec(padding)
    return (spec, (0, 0)) if isinstance(spec, str) else ("explicit", spec)


def compute_windows(
    input_size: int,
    kernel_size: int,
    stride: int = 1,
    padding: shapes.Padding = "valid",
    dilation: int = 1,
) -> Windows:
    """Return the window positions, padding and output size of a convolution along one axis.

    The arguments are those of :func:`course_utils.shapes.conv_output_size`, which checks them.

    Examples
    --------
    >>> w = compute_windows(8, 3, stride=2)
    >>> w.starts, w.output_size, w.unused
    ((0, 2, 4), 3, (7,))
    >>> compute_windows(6, 3, stride=2, padding="SAME").pads
    (0, 1)
    """
    output_size = shapes.conv_output_size(input_size, kernel_size, stride, padding, dilation)
    mode, pads = padding_mode(padding)
    if mode == "same":
        pads = shapes.same_padding(input_size, kernel_size, stride, dilation)
    eff = shapes.effective_kernel_size(kernel_size, dilation)
    starts = tuple(range(0, input_size + sum(pads) - eff + 1, stride))
    read = {start + tap * dilation - pads[0] for start in starts for tap in range(kernel_size)}
    unused = tuple(i for i in range(input_size) if i not in read)
    return Windows(
        *(int(v) for v in (input_size, kernel_size, stride, dilation)),
        mode, pads, eff, starts, output_size, unused,
    )  # fmt: skip


def describe_windows(windows: Windows) -> str:
    """Write the output-size formula with the numbers of ``windows`` filled in, one step a line.

    Examples
    --------
    >>> print(describe_windows(compute_windows(8, 3, stride=2)))
    F' = F + (F − 1)(D − 1) = 3 + 2·0 = 3
    output = floor((W + P_before + P_after − F')/S) + 1 = floor((8 + 0 + 0 − 3)/2) + 1 = 2 + 1 = 3
    input pixels never read: 7
    """
    if not isinstance(windows, Windows):
        raise TypeError(f"windows must come from compute_windows(), got {type(windows).__name__}")
    w, (before, after) = windows, windows.pads
    f, d, eff, size, s = w.kernel_size, w.dilation, w.effective_kernel_size, w.input_size, w.stride
    lines = [f"F' = F + (F − 1)(D − 1) = {f} + {f - 1}·{d - 1} = {eff}"]
    if w.padding == "same":
        lines.append(
            f"'same': output = ceil(W/S) = ceil({size}/{s}) = {w.output_size}; padding = "
            f"max(({w.output_size} − 1)·{s} + {eff} − {size}, 0) = {before + after} "
            f"→ ({before}, {after})"
        )
    span = size + before + after - eff
    lines.append(
        f"output = floor((W + P_before + P_after − F')/S) + 1 = "
        f"floor(({size} + {before} + {after} − {eff})/{s}) + 1 = {span // s} + 1 = {w.output_size}"
    )
    if windows.unused:
        lines.append("input pixels never read: " + ", ".join(map(str, windows.unused)))
    return "\n".join(lines)
