"""Small plotting helpers shared by the notebooks (matplotlib only, no TensorFlow).

Each helper returns the matplotlib ``Figure`` so a notebook cell can end with it or
save it; call ``plt.show()`` or end the cell with ``;`` to draw without the repr.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

__all__ = ["confusion_matrix", "show_confusion_matrix", "show_images"]


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
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(ncols * size, nrows * (size + 0.25)), squeeze=False
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
    fig.tight_layout()
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
