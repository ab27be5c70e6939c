"""Small plotting helpers shared by the notebooks (matplotlib only, no TensorFlow).

Each helper returns the matplotlib ``Figure`` so a notebook cell can end with it or
save it; call ``plt.show()`` or end the cell with ``;`` to draw without the repr.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

__all__ = [
    "confusion_matrix",
    "find_confused_pairs",
    "show_confusion_matrix",
    "show_feature_maps",
    "show_filters",
    "show_history",
    "show_images",
    "show_images_to_scale",
    "show_kernel",
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
    if isinstance(ncols, bool) or not isinstance(ncols, int) or ncols < 1:
        raise ValueError(f"ncols must be an int >= 1, got {ncols!r}")
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


def confusion_matrix(y_true, y_pred, num_classes: int = 10) -> np.ndarray:
    """Return counts ``m[true, predicted]`` as an int array of shape ``(k, k)``.

    Examples
    --------
    >>> confusion_matrix([0, 1, 1], [0, 1, 0], num_classes=2).tolist()
    [[1, 0], [1, 1]]
    """
    y_true, y_pred = np.asarray(y_true).ravel(), np.asarray(y_pred).ravel()
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has {y_true.size} labels but y_pred has {y_pred.size}")
    both = np.concatenate([y_true, y_pred])
    if both.size and (both.min() < 0 or both.max() >= num_classes):
        raise ValueError(f"labels must lie in [0, num_classes={num_classes})")
    return np.bincount(
        y_true.astype(np.int64) * num_classes + y_pred.astype(np.int64), minlength=num_classes**2
    ).reshape(num_classes, num_classes)


def show_confusion_matrix(y_true, y_pred, class_names: Sequence[str], *, title: str | None = None):
    """Plot the confusion matrix with class names and counts in each cell; return the Figure.

    Examples
    --------
    >>> fig = show_confusion_matrix([0, 1, 1], [0, 1, 0], ["cat", "dog"])
    >>> fig.axes[0].get_xlabel()
    'predicted'
    """
    import matplotlib.pyplot as plt

    k = len(class_names)
    matrix = confusion_matrix(y_true, y_pred, num_classes=k)
    fig, ax = plt.subplots(figsize=(0.55 * k + 2.5, 0.55 * k + 2))
    ax.imshow(matrix, cmap="Blues")
    for (i, j), count in np.ndenumerate(matrix):
        colour = "white" if count > matrix.max() / 2 else "black"
        ax.text(j, i, str(count), ha="center", va="center", fontsize=7, color=colour)
    ax.set_xticks(range(k), class_names, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(k), class_names, fontsize=8)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


def show_kernel(kernel, *, title: str | None = None, ax=None, fmt: str = "{:.3g}"):
    """Draw a 2-D kernel as a heat map with each weight written in its cell; return the Figure.

    Positive weights are red, negative blue, zero white, on a colour scale symmetric
    around 0, so kernels can be compared at a glance.

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

    Examples
    --------
    >>> fig = show_kernel([[0, -1, 0], [-1, 5, -1], [0, -1, 0]])
    >>> fig.axes[0].get_title()
    'weights sum to 1'
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
        fig, ax = plt.subplots(figsize=(0.5 * kw + 0.6, 0.5 * kh + 0.6))
    else:
        fig = ax.figure
    limit = float(np.abs(weights).max()) or 1.0
    ax.imshow(weights, cmap="RdBu_r", vmin=-limit, vmax=limit)
    for (i, j), value in np.ndenumerate(weights):
        colour = "white" if abs(value) > 0.6 * limit else "black"  # readable on dark cells
        ax.text(j, i, fmt.format(value + 0.0), ha="center", va="center", fontsize=8, color=colour)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title if title is not None else f"weights sum to {weights.sum() + 0.0:.3g}")
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


# --- lecture 2: what a trained convnet learned ---


def _show_grid(planes: np.ndarray, ncols: int, size: float, title, cmap: str, symmetric: bool):
    """Draw ``planes`` (n, h, w) as a grid of untitled tiles, one colour scale per tile."""
    import matplotlib.pyplot as plt

    if isinstance(ncols, bool) or not isinstance(ncols, int) or ncols < 1:
        raise ValueError(f"ncols must be an int >= 1, got {ncols!r}")
    ncols = min(ncols, len(planes))
    nrows = math.ceil(len(planes) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(ncols * size, nrows * size), squeeze=False)
    for ax in axes.flat[len(planes) :]:
        ax.remove()
    for plane, ax in zip(planes, axes.flat, strict=False):
        limit = float(np.abs(plane).max()) or 1.0
        span = {"vmin": -limit, "vmax": limit} if symmetric else {}
        ax.imshow(plane, cmap=cmap, **span)
        ax.set_xticks([])
        ax.set_yticks([])
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def show_filters(kernel, *, in_channel: int = 0, ncols: int = 8, size: float = 0.9, title=None):
    """Show the filters of a conv kernel ``(kh, kw, in_channels, filters)`` as heat maps.

    Red is positive, blue negative, white zero; each filter gets its own symmetric scale.
    Only one input channel is drawn (``in_channel``), so for a first layer on grey images
    every filter appears whole.

    Examples
    --------
    >>> fig = show_filters(np.random.default_rng(0).normal(size=(5, 5, 1, 6)), ncols=3)
    >>> len(fig.axes)
    6
    """
    weights = np.asarray(kernel, dtype=np.float64)
    if weights.ndim != 4 or weights.size == 0:
        raise ValueError(
            f"kernel must be a non-empty (kh, kw, in_channels, filters) array, got {weights.shape}"
        )
    if isinstance(in_channel, bool) or not isinstance(in_channel, int):
        raise TypeError(f"in_channel must be an int, got {in_channel!r}")
    if not 0 <= in_channel < weights.shape[2]:
        raise ValueError(f"in_channel must be in [0, {weights.shape[2]}), got {in_channel}")
    planes = np.moveaxis(weights[:, :, in_channel, :], -1, 0)
    return _show_grid(planes, ncols, size, title, "RdBu_r", symmetric=True)


def show_feature_maps(maps, *, max_maps: int = 32, ncols: int = 8, size: float = 0.9, title=None):
    """Show the channels of one feature map ``(h, w, channels)`` (or ``(1, h, w, channels)``).

    Each channel gets its own grey scale, so a weak but structured response stays visible.

    Examples
    --------
    >>> fig = show_feature_maps(np.zeros((1, 14, 14, 40)), max_maps=16)
    >>> len(fig.axes)
    16
    """
    values = np.asarray(maps, dtype=np.float64)
    if values.ndim == 4 and values.shape[0] == 1:
        values = values[0]
    if values.ndim != 3 or values.size == 0:
        raise ValueError(
            f"maps must be a non-empty (h, w, channels) or (1, h, w, channels) array, "
            f"got shape {np.shape(maps)}"
        )
    if isinstance(max_maps, bool) or not isinstance(max_maps, int) or max_maps < 1:
        raise ValueError(f"max_maps must be an int >= 1, got {max_maps!r}")
    planes = np.moveaxis(values[:, :, :max_maps], -1, 0)
    return _show_grid(planes, ncols, size, title, "gray", symmetric=False)


def show_history(history, metrics: Sequence[str] = ("loss", "accuracy"), *, title=None):
    """Plot learning curves, training and validation, from a Keras ``History``; return the Figure.

    ``history`` is what ``model.fit`` returns, or its ``.history`` dict of per-epoch lists.

    Examples
    --------
    >>> fig = show_history({"loss": [0.9, 0.5], "val_loss": [1.0, 0.7], "accuracy": [0.7, 0.8]})
    >>> [ax.get_ylabel() for ax in fig.axes], [len(ax.lines) for ax in fig.axes]
    (['loss', 'accuracy'], [2, 1])
    """
    import matplotlib.pyplot as plt

    logs = getattr(history, "history", history)
    if not isinstance(logs, dict):
        raise TypeError(f"history must be a keras History or a dict, got {type(history).__name__}")
    if isinstance(metrics, str) or not metrics:
        raise ValueError(f"metrics must be a non-empty sequence of names, got {metrics!r}")
    missing = [m for m in metrics if not logs.get(m)]
    if missing:
        raise ValueError(f"history has no {missing[0]!r}; it has {sorted(logs)}")
    fig, axes = plt.subplots(1, len(metrics), figsize=(4.2 * len(metrics), 3.2), squeeze=False)
    for ax, name in zip(axes.flat, metrics, strict=True):
        for key, label in ((name, "training"), (f"val_{name}", "validation")):
            if logs.get(key):
                ax.plot(range(1, len(logs[key]) + 1), logs[key], marker="o", label=label)
        ax.set_xlabel("epoch")
        ax.set_ylabel(name)
        ax.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def find_confused_pairs(matrix, class_names: Sequence[str] | None = None, top: int = 5) -> list:
    """Return the ``top`` largest off-diagonal cells of a confusion matrix, largest first.

    Each item is ``(true, predicted, count)``, with class names when given.

    Examples
    --------
    >>> find_confused_pairs([[5, 2, 0], [4, 6, 1], [0, 0, 9]], "abc", top=2)
    [('b', 'a', 4), ('a', 'b', 2)]
    """
    matrix = np.asarray(matrix)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.size == 0:
        raise ValueError(f"matrix must be a square (k, k) array, got shape {matrix.shape}")
    if class_names is not None and len(class_names) != len(matrix):
        raise ValueError(f"class_names has {len(class_names)} names for {len(matrix)} classes")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ValueError(f"top must be an int >= 1, got {top!r}")
    cells = [(int(matrix[i, j]), i, j) for i, j in np.ndindex(matrix.shape) if i != j]
    cells.sort(key=lambda c: (-c[0], c[1], c[2]))  # ties: in row-major order, for stable output
    names = list(class_names) if class_names is not None else list(range(len(matrix)))
    return [(names[i], names[j], count) for count, i, j in cells[:top]]
