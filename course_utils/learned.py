"""What a trained convnet learned (lecture 2): its filters and its feature maps.

Matplotlib only, no TensorFlow; ``course_utils.plotting`` re-exports every name.
"""

from __future__ import annotations

import math

import numpy as np

from course_utils._validate import integer

__all__ = ["show_feature_maps", "show_filters"]


def _show_grid(planes: np.ndarray, ncols: int, size: float, title, cmap: str, symmetric: bool):
    """Draw ``planes`` (n, h, w) as a grid of untitled tiles, one colour scale per tile."""
    import matplotlib.pyplot as plt

    ncols = integer("ncols", ncols, 1)
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
    channels = weights.shape[2]
    in_channel = integer(
        "in_channel", in_channel, 0, below=channels, what=f"an int in [0, {channels})"
    )
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
    max_maps = integer("max_maps", max_maps, 1)
    planes = np.moveaxis(values[:, :, :max_maps], -1, 0)
    return _show_grid(planes, ncols, size, title, "gray", symmetric=False)
