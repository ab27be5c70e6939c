"""Classic fixed 3×3 image kernels, the filters people used before kernels were learned.

Each kernel is written for cross-correlation, the operation ``tf.nn.conv2d`` computes
(the kernel is not flipped): ``out[i, j] = sum(window * kernel)``. So ``sobel_left`` gives
a large positive output where the left side of the window is brighter than the right.

What the weights add up to tells you what a kernel does to a flat (uniform) patch of
value ``v``: the output is ``v * kernel.sum()``. Blurs and the sharpen kernel sum to 1 and
keep the brightness; edge detectors sum to 0 and turn flat regions black.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["KERNELS", "KERNEL_NAMES", "describe_kernel", "get_kernel", "stack_kernels"]


def _frozen(rows, scale: float = 1.0) -> np.ndarray:
    kernel = np.asarray(rows, dtype=np.float32) * np.float32(scale)
    kernel.setflags(write=False)  # shared module constants: callers get copies to edit
    return kernel


_SOBEL_TOP = [[1, 2, 1], [0, 0, 0], [-1, -2, -1]]

#: Name → read-only ``(3, 3)`` float32 kernel. Use :func:`get_kernel` for an editable copy.
KERNELS: dict[str, np.ndarray] = {
    "identity": _frozen([[0, 0, 0], [0, 1, 0], [0, 0, 0]]),
    "box_blur": _frozen(np.ones((3, 3)), 1 / 9),
    "gaussian_blur": _frozen([[1, 2, 1], [2, 4, 2], [1, 2, 1]], 1 / 16),
    "sharpen": _frozen([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
    "laplacian": _frozen([[0, 1, 0], [1, -4, 1], [0, 1, 0]]),
    "edge": _frozen([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]),
    "sobel_top": _frozen(_SOBEL_TOP),
    "sobel_bottom": _frozen(np.flipud(_SOBEL_TOP)),
    "sobel_left": _frozen(np.transpose(_SOBEL_TOP)),
    "sobel_right": _frozen(np.fliplr(np.transpose(_SOBEL_TOP))),
    "emboss": _frozen([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]]),
}

#: The kernel names, in the order the notebooks show them.
KERNEL_NAMES: tuple[str, ...] = tuple(KERNELS)

_DESCRIPTIONS = {
    "identity": "copies the centre pixel: the output equals the input",
    "box_blur": "averages the 3×3 neighbourhood with equal weights",
    "gaussian_blur": "a weighted average that trusts the centre most: a softer blur",
    "sharpen": "the pixel plus (4× itself minus its 4 neighbours): boosts local contrast",
    "laplacian": "the 4 neighbours minus 4× the centre: responds to edges in every direction",
    "edge": "8× the centre minus its 8 neighbours: outlines, zero on flat regions",
    "sobel_top": "bright above, dark below gives a positive output: horizontal edges",
    "sobel_bottom": "bright below, dark above gives a positive output: horizontal edges",
    "sobel_left": "bright on the left, dark on the right gives a positive output: vertical edges",
    "sobel_right": "bright on the right, dark on the left gives a positive output: vertical edges",
    "emboss": "a diagonal difference plus the pixel itself: a raised, relief look",
}


def _check_name(name: object) -> str:
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, one of {', '.join(KERNEL_NAMES)}; got {name!r}")
    if name not in KERNELS:
        raise ValueError(f"unknown kernel {name!r}; valid names are: {', '.join(KERNEL_NAMES)}")
    return name


def get_kernel(name: str) -> np.ndarray:
    """Return an editable float32 copy of the kernel called ``name``.

    Parameters
    ----------
    name : str
        One of :data:`KERNEL_NAMES`.

    Raises
    ------
    ValueError
        For an unknown name; the message lists the valid names.

    Examples
    --------
    >>> get_kernel("sharpen")
    array([[ 0., -1.,  0.],
           [-1.,  5., -1.],
           [ 0., -1.,  0.]], dtype=float32)
    >>> float(get_kernel("box_blur").sum())
    1.0
    """
    return KERNELS[_check_name(name)].copy()


def describe_kernel(name: str) -> str:
    """Return one line on what the kernel does, with the sum of its weights.

    Examples
    --------
    >>> describe_kernel("laplacian")
    'laplacian (sum 0): the 4 neighbours minus 4× the centre: responds to edges in every direction'
    """
    total = float(KERNELS[_check_name(name)].sum())
    return f"{name} (sum {total:g}): {_DESCRIPTIONS[name]}"


def stack_kernels(names: Sequence[str]) -> np.ndarray:
    """Stack named kernels into one HWIO filter bank of shape ``(3, 3, 1, len(names))``.

    One ``tf.nn.conv2d`` call with this bank applies every kernel to a grey image at
    once: output channel ``k`` is the image filtered with ``names[k]``.

    Examples
    --------
    >>> stack_kernels(["identity", "edge"]).shape
    (3, 3, 1, 2)
    """
    if isinstance(names, str) or not isinstance(names, Sequence):
        raise TypeError(f"names must be a list of kernel names, got {names!r}")
    if not names:
        raise ValueError("names must hold at least one kernel name, got an empty list")
    return np.stack([get_kernel(n) for n in names], axis=-1)[:, :, np.newaxis, :]
