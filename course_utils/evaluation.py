"""How well a classifier does: confusion matrix, most confused pairs, learning curves.

Matplotlib only, no TensorFlow; ``course_utils.plotting`` re-exports every name.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from course_utils._validate import integer

__all__ = ["confusion_matrix", "find_confused_pairs", "show_confusion_matrix", "show_history"]


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

    Colours: viridis, with a colour bar of the counts.

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
    image = ax.imshow(matrix, cmap="viridis")  # perceptually uniform, dark = few
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="count")
    for (i, j), count in np.ndenumerate(matrix):
        colour = "black" if count > matrix.max() / 2 else "white"  # readable on viridis
        ax.text(j, i, str(count), ha="center", va="center", fontsize=7, color=colour)
    ax.set_xticks(range(k), class_names, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(k), class_names, fontsize=8)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


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
    top = integer("top", top, 1)
    cells = [(int(matrix[i, j]), i, j) for i, j in np.ndindex(matrix.shape) if i != j]
    cells.sort(key=lambda c: (-c[0], c[1], c[2]))  # ties: in row-major order, for stable output
    names = list(class_names) if class_names is not None else list(range(len(matrix)))
    return [(names[i], names[j], count) for count, i, j in cells[:top]]
