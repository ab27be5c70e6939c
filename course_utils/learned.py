"""What a trained convnet learned (lecture 2): its filters and its feature maps.

Matplotlib only, no TensorFlow; ``course_utils.plotting`` re-exports every name.
"""

from __future__ import annotations

import math

import numpy as np

from course_utils._colorbar import add_colorbar
from course_utils._validate import integer

__all__ = ["show_feature_maps", "show_filters"]


_SCALES = ("shared", "each")


def _show_grid(
    planes: np.ndarray, ncols: int, size: float, title, cmap: str, *, signed, scale, label
):
    """Draw ``planes`` (n, h, w) as a grid of untitled tiles with ONE colour bar.

    ``scale="shared"``: one colour scale for every tile (symmetric around 0 if ``signed``),
    and the bar gives its values. ``scale="each"``: every tile stretched to its own range
    (``±`` its largest ``|value|`` if ``signed``), and the bar says so in its tick labels.
    """
    import matplotlib.pyplot as plt

    if scale not in _SCALES:
        raise ValueError(f"scale must be one of {_SCALES}, got {scale!r}")
    ncols = integer("ncols", ncols, 1)
    ncols = min(ncols, len(planes))
    nrows = math.ceil(len(planes) / ncols)
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(ncols * size + 1.0, nrows * size),  # + 1 inch: the colour bar
        squeeze=False,
        layout="constrained",
    )
    for ax in axes.flat[len(planes) :]:
        ax.remove()
    tiles = list(axes.flat[: len(planes)])
    biggest = float(np.abs(planes).max()) or 1.0
    if scale == "shared":
        low, high = (-biggest, biggest) if signed else (float(planes.min()), float(planes.max()))
        high = high if high > low else low + 1.0
    for plane, ax in zip(planes, tiles, strict=True):
        if scale == "each":
            limit = float(np.abs(plane).max()) or 1.0
            span = {"vmin": -limit, "vmax": limit} if signed else {}
        else:
            span = {"vmin": low, "vmax": high}
        ax.imshow(plane, cmap=cmap, **span)
        ax.set_xticks([])
        ax.set_yticks([])
    if scale == "shared":
        fig.colorbar(tiles[0].images[0], ax=tiles, label=label, pad=0.01)
    elif signed:
        add_colorbar(
            fig,
            tiles,
            cmap=cmap,
            vmin=-1,
            vmax=1,
            pad=0.01,
            label=f"{label}, per tile",
            ticks=[-1, 0, 1],
            ticklabels=["−its max", "0", "+its max"],
        )
    else:
        add_colorbar(
            fig,
            tiles,
            cmap=cmap,
            vmin=0,
            vmax=1,
            pad=0.01,
            label=f"{label}, per tile",
            ticks=[0, 1],
            ticklabels=["its min", "its max"],
        )
    if title:
        fig.suptitle(title)
    return fig


def show_filters(
    kernel,
    *,
    in_channel: int = 0,
    ncols: int = 8,
    size: float = 0.9,
    title=None,
    scale: str = "shared",
):
    """Show the filters of a conv kernel ``(kh, kw, in_channels, filters)`` as heat maps.

    Red is positive, blue negative, white zero. With ``scale="shared"`` (the default) every
    filter is drawn on one colour scale symmetric around 0, read off the one colour bar, so
    filters can be compared; ``scale="each"`` stretches each filter to its own ``±max``
    (the bar then says so). Only one input channel is drawn (``in_channel``), so for a first
    layer on grey images every filter appears whole.

    Examples
    --------
    >>> fig = show_filters(np.random.default_rng(0).normal(size=(5, 5, 1, 6)), ncols=3)
    >>> len(fig.axes)  # 6 filters and the colour bar
    7
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
    return _show_grid(
        planes, ncols, size, title, "RdBu_r", signed=True, scale=scale, label="weight"
    )


def show_feature_maps(
    maps,
    *,
    max_maps: int = 32,
    ncols: int = 8,
    size: float = 0.9,
    title=None,
    scale: str = "each",
):
    """Show the channels of one feature map ``(h, w, channels)`` (or ``(1, h, w, channels)``).

    With ``scale="each"`` (the default) every channel is stretched to its own grey scale, so
    a weak but structured response stays visible, and the one colour bar says so (``its
    min`` to ``its max``); ``scale="shared"`` draws all on one scale, read off the bar.

    Examples
    --------
    >>> fig = show_feature_maps(np.zeros((1, 14, 14, 40)), max_maps=16)
    >>> len(fig.axes)  # 16 maps and the colour bar
    17
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
    return _show_grid(
        planes, ncols, size, title, "gray", signed=False, scale=scale, label="activation"
    )
