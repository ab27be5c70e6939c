"""Small plotting helpers shared by the notebooks (matplotlib only, no TensorFlow).

Each helper returns the matplotlib ``Figure`` so a notebook cell can end with it or
save it; call ``plt.show()`` or end the cell with ``;`` to draw without the repr.

This module draws images, kernels and sliding windows, and gives a heat map or a gallery
of them its colour bar (:func:`add_colorbar`); it re-exports the figures of what a
trained net learned (:mod:`course_utils.learned`) and of how well it does
(:mod:`course_utils.evaluation`), so ``plotting.<name>`` reaches every figure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from course_utils._colorbar import add_colorbar, add_mask_colorbar
from course_utils._validate import integer
from course_utils.evaluation import (
    confusion_matrix,
    find_confused_pairs,
    show_confusion_matrix,
    show_history,
)
from course_utils.learned import show_feature_maps, show_filters
from course_utils.windows import Windows

__all__ = [
    "add_colorbar",
    "add_mask_colorbar",
    "confusion_matrix",
    "find_confused_pairs",
    "show_confusion_matrix",
    "show_feature_maps",
    "show_filters",
    "show_history",
    "show_images",
    "show_images_to_scale",
    "show_input_output",
    "show_kernel",
    "show_kernels",
    "show_windows",
]


def show_images(
    images,
    labels: Sequence | None = None,
    class_names: Sequence[str] | None = None,
    *,
    ncols: int = 8,
    size: float = 1.3,
    title: str | None = None,
    cmap: str = "gray",
):
    """Show a grid of images, each titled with its label (or class name).

    Parameters
    ----------
    images : array_like
        ``(n, h, w)`` grey images or ``(n, h, w, c)`` with ``c`` 1 or 3.
    labels : sequence, optional
        One label per image; integers are looked up in ``class_names`` when given.
    class_names : sequence of str, optional
        Names for integer labels, e.g. ``course_utils.FASHION_CLASSES``.
    ncols : int, default 8
        Images per row.
    size : float, default 1.3
        Width and height of one image, in inches.
    title : str, optional
        A title over the whole grid.

    Examples
    --------
    >>> fig = show_images(np.zeros((3, 28, 28), np.uint8), labels=[0, 1, 2], ncols=3)
    >>> len(fig.axes)
    3
    """
    import matplotlib.pyplot as plt

    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim not in (3, 4) or len(images) == 0:
        raise ValueError(
            f"images must be a non-empty (n, h, w) or (n, h, w, c) array, got shape {images.shape}"
        )
    if labels is not None and len(labels) != len(images):
        raise ValueError(f"labels has {len(labels)} items but images has {len(images)}")
    ncols = integer("ncols", ncols, 1)
    ncols = min(ncols, len(images))
    nrows = math.ceil(len(images) / ncols)
    # constrained layout leaves room for every title and the suptitle (tight_layout does not)
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(ncols * size, nrows * (size + 0.3) + (0.4 if title else 0)),
        squeeze=False,
        layout="constrained",
    )
    for ax in axes.flat[len(images) :]:
        ax.remove()
    for i, ax in enumerate(axes.flat[: len(images)]):
        ax.imshow(images[i], cmap=cmap if images.ndim == 3 else None)
        ax.set_xticks([])
        ax.set_yticks([])
        if labels is not None:
            label = labels[i]
            if class_names is not None and isinstance(label, int | np.integer):
                label = class_names[int(label)]
            ax.set_title(str(label), fontsize=8)
    if title:
        fig.suptitle(title)
    return fig


def show_kernel(
    kernel,
    *,
    title: str | None = None,
    ax=None,
    fmt: str = "{:.3g}",
    colorbar: bool = True,
):
    """Draw a 2-D kernel as a heat map with each weight written in its cell; return the Figure.

    Positive weights are red, negative blue, zero white, on a colour scale symmetric
    around 0 (``±`` the largest ``|weight|``), shown by a colour bar beside it.

    Parameters
    ----------
    kernel : array_like, shape (kh, kw)
        The weights.
    title : str, optional
        Axes title; by default the sum of the weights.
    ax : matplotlib Axes, optional
        Draw into this Axes instead of a new figure.
    fmt : str, default "{:.3g}"
        Format of the numbers written in the cells.
    colorbar : bool, default True
        Draw the colour bar. A gallery of kernels passes False and draws one bar for all
        (:func:`show_kernels` does).

    Examples
    --------
    >>> fig = show_kernel([[0, -1, 0], [-1, 5, -1], [0, -1, 0]])
    >>> fig.axes[0].get_title(), fig.axes[1].get_ylabel()  # the kernel, its colour bar
    ('weights sum to 1', 'weight')
    """
    import matplotlib.pyplot as plt

    weights = np.asarray(kernel)
    if weights.dtype.kind not in "biuf":
        raise TypeError(f"kernel must hold numbers, got dtype {weights.dtype}")
    if weights.ndim != 2 or weights.size == 0:
        raise ValueError(f"kernel must be a non-empty 2-D (kh, kw) array, got {weights.shape}")
    weights = weights.astype(np.float64)
    if ax is None:
        kh, kw = weights.shape
        fig, ax = plt.subplots(figsize=(0.5 * kw + (1.5 if colorbar else 0.6), 0.5 * kh + 0.6))
    else:
        fig = ax.figure
    limit = float(np.abs(weights).max()) or 1.0
    image = ax.imshow(weights, cmap="RdBu_r", vmin=-limit, vmax=limit)
    for (i, j), value in np.ndenumerate(weights):
        colour = "white" if abs(value) > 0.6 * limit else "black"  # readable on dark cells
        ax.text(j, i, fmt.format(value + 0.0), ha="center", va="center", fontsize=8, color=colour)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title if title is not None else f"weights sum to {weights.sum() + 0.0:.3g}")
    if colorbar:
        fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="weight")
    return fig


def show_kernels(kernels: Mapping, *, ncols: int = 6, size: float = 1.75, fmt: str = "{:.3g}"):
    """Draw named 2-D kernels side by side, each titled with its name and sum; one colour bar.

    Each kernel keeps its own symmetric scale (``±`` its largest ``|weight|``; a blur of
    1/9 and a sharpen of 5 would not both show on one scale) and has its weights written in
    its cells; the one colour bar says what a colour means: the weight divided by its
    kernel's largest ``|weight|``.

    Parameters
    ----------
    kernels : mapping of str to array_like
        ``{name: (kh, kw) weights}``.
    ncols : int, default 6
        Kernels per row.
    size : float, default 1.75
        Width and height of one kernel, in inches.
    fmt : str, default "{:.3g}"
        Format of the numbers written in the cells.

    Examples
    --------
    >>> fig = show_kernels({"identity": np.eye(3), "minus": -np.ones((3, 3))}, ncols=2)
    >>> [ax.get_title() for ax in fig.axes]
    ['identity (sum 3)', 'minus (sum -9)', '']
    """
    import matplotlib.pyplot as plt

    if not isinstance(kernels, Mapping) or not kernels:
        raise ValueError("kernels must be a non-empty mapping {name: (kh, kw) weights}")
    ncols = min(integer("ncols", ncols, 1), len(kernels))
    nrows = math.ceil(len(kernels) / ncols)
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(ncols * size + 0.9, nrows * (size + 0.2)),  # + 0.9 inch: the colour bar
        squeeze=False,
        layout="constrained",
    )
    for ax in axes.flat[len(kernels) :]:
        ax.remove()
    tiles = list(axes.flat[: len(kernels)])
    for ax, (name, weights) in zip(tiles, kernels.items(), strict=True):
        total = float(np.asarray(weights, dtype=np.float64).sum()) + 0.0
        show_kernel(weights, ax=ax, title=f"{name} (sum {total:g})", fmt=fmt, colorbar=False)
        ax.title.set_fontsize(9)
    add_colorbar(
        fig,
        tiles,
        cmap="RdBu_r",
        vmin=-1,
        vmax=1,
        pad=0.01,
        label="weight ÷ its kernel's largest |weight|",
        ticks=[-1, 0, 1],
        ticklabels=["−1", "0", "1"],
    )
    return fig


def show_images_to_scale(images, titles: Sequence[str] | None = None, *, scale: float = 0.01):
    """Show 2-D images of different sizes side by side, each drawn to the same pixel scale.

    A stride-2 output then looks half as wide as its input, which is the point.

    Parameters
    ----------
    images : sequence of array_like
        Grey ``(h, w)`` or colour ``(h, w, 3)`` images; sizes may differ.
    titles : sequence of str, optional
        One title per image; the shape is added below each.
    scale : float, default 0.01
        Inches per pixel.

    Examples
    --------
    >>> fig = show_images_to_scale([np.zeros((20, 20)), np.zeros((10, 10))], ["in", "out"])
    >>> [ax.get_title() for ax in fig.axes]
    ['in\\n20×20', 'out\\n10×10']
    """
    import matplotlib.pyplot as plt

    if isinstance(images, np.ndarray) and images.ndim == 2:
        images = [images]
    pictures = [np.asarray(image) for image in images]
    if not pictures:
        raise ValueError("images must hold at least one image, got none")
    for k, picture in enumerate(pictures):
        if picture.ndim not in (2, 3) or picture.size == 0:
            raise ValueError(f"images[{k}] must be a non-empty (h, w) or (h, w, 3) array")
    if titles is not None and len(titles) != len(pictures):
        raise ValueError(f"titles has {len(titles)} items but images has {len(pictures)}")
    if not scale > 0:
        raise ValueError(f"scale must be > 0 (inches per pixel), got {scale!r}")
    widths = [p.shape[1] for p in pictures]
    height = max(p.shape[0] for p in pictures)
    fig, axes = plt.subplots(
        1,
        len(pictures),
        figsize=(sum(widths) * scale + 0.4 * len(pictures), height * scale + 0.7),
        gridspec_kw={"width_ratios": widths},
        squeeze=False,
    )
    for k, (ax, picture) in enumerate(zip(axes[0], pictures, strict=True)):
        ax.imshow(picture, cmap="gray" if picture.ndim == 2 else None)
        ax.set_xlim(-0.5, picture.shape[1] - 0.5)
        ax.set_ylim(height - 0.5, -0.5)  # same vertical scale for all: small images sit on top
        ax.axis("off")
        label = f"{picture.shape[0]}×{picture.shape[1]}"
        ax.set_title(f"{titles[k]}\n{label}" if titles is not None else label, fontsize=9)
    return fig


def show_windows(windows: Windows, *, ax=None):
    """Draw one row of the input (padding hatched, pixels never read in red), then each window.

    Returns the matplotlib Figure (8×3.6 inches when ``ax`` is None, whatever the sizes).

    Examples
    --------
    >>> from course_utils.windows import compute_windows
    >>> fig = show_windows(compute_windows(7, 3, padding="same"))
    >>> len(fig.axes[0].patches)  # 9 padded pixels + 7 windows of 3 taps
    30
    """
    import matplotlib.pyplot as plt

    if not isinstance(windows, Windows):
        raise TypeError(f"windows must come from compute_windows(), got {type(windows).__name__}")
    if ax is not None and not hasattr(ax, "add_patch"):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.6))
    w, (before, after) = windows, windows.pads
    padded = before + w.input_size + after
    for col in range(padded):
        pad = not before <= col < before + w.input_size
        ax.add_patch(plt.Rectangle((col, 0), 1, 1, fc="0.85" if pad else "white", ec="k",
                                   hatch="//" if pad else None))  # fmt: skip
        label = "0" if pad else str(col - before)
        colour = "0.4" if pad else ("red" if col - before in w.unused else "k")
        ax.text(col + 0.5, 0.5, label, ha="center", va="center", fontsize=8, color=colour)
    for row, start in enumerate(w.starts, 1):
        for tap in range(w.kernel_size):
            x = start + tap * w.dilation + 0.1
            ax.add_patch(plt.Rectangle((x, -row), 0.8, 0.7, color=f"C{(row - 1) % 10}"))
        ax.text(-0.3, -row + 0.35, f"out {row - 1}", ha="right", va="center", fontsize=8)
    ax.set_xlim(-2.6, padded + 0.2)
    ax.set_ylim(-len(w.starts) - 0.2, 1.1)
    ax.axis("off")
    ax.set_title(
        f"W={w.input_size}, F={w.kernel_size}, S={w.stride}, D={w.dilation}, "
        f"pads ({before}, {after}) → {w.output_size} output pixels",
        fontsize=10,
    )
    return ax.figure


def show_input_output(image, result, value_range, *, width=6.0, height=2.6):
    """Draw a filter's input and output side by side, to one pixel scale and one value range.

    The kernel explorer's picture. Both panels get the same inches per image pixel, the
    largest that fits the two side by side in ``width`` × ``height`` inches, so a strided
    output looks as small as it is. They share no axes (each shows its own pixel
    coordinates) but share the grey scale ``value_range = (vmin, vmax)``, shown by one
    colour bar.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = show_input_output(np.ones((4, 6)), 2 * np.ones((2, 3)), (1.0, 2.0))
    >>> [ax.images[0].get_clim() for ax in fig.axes[:2]]
    [(1.0, 2.0), (1.0, 2.0)]
    >>> input_ax, output_ax = fig.axes[:2]  # 6 and 3 pixels wide: one half as wide
    >>> round(float(output_ax.get_position().width / input_ax.get_position().width), 6)
    0.5
    """
    import matplotlib.pyplot as plt

    pictures = {"input": np.asarray(image), "output": np.asarray(result)}
    low, high = value_range
    tallest = max(p.shape[0] for p in pictures.values())
    inch = min(width / sum(p.shape[1] for p in pictures.values()), height / tallest)
    margin, bar = 0.6, 0.15  # inches: room for tick labels or a title; the colour bar
    fig_w = sum(margin + p.shape[1] * inch for p in pictures.values()) + 0.3 + bar + 0.9
    fig_h = tallest * inch + 2 * margin
    fig = plt.figure(figsize=(fig_w, fig_h))
    left = 0.0
    for title, picture in pictures.items():  # boxes in inches, aligned at the top
        h, w = picture.shape[0] * inch, picture.shape[1] * inch
        box = ((left + margin) / fig_w, 1 - (margin + h) / fig_h, w / fig_w, h / fig_h)
        shown = fig.add_axes(box).imshow(picture, cmap="gray", vmin=low, vmax=high)
        shown.axes.set_title(f"{title} {picture.shape[0]}×{picture.shape[1]}")
        left += margin + w
    box = ((left + 0.3) / fig_w, margin / fig_h, bar / fig_w, 1 - 2 * margin / fig_h)
    fig.colorbar(shown, cax=fig.add_axes(box), label="value (one scale for both)")
    return fig
