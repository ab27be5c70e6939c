"""One colour bar for a set of axes (matplotlib only): the scale a heat map is read with.

Private: :mod:`course_utils.plotting` re-exports :func:`add_colorbar`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def add_colorbar(
    fig,
    axes,
    *,
    cmap: str,
    vmin: float,
    vmax: float,
    label: str,
    ticks: Sequence[float] | None = None,
    ticklabels: Sequence[str] | None = None,
    levels: int | None = None,
    **kwargs,
):
    """Draw one colour bar beside ``axes`` for the scale ``cmap`` from ``vmin`` to ``vmax``.

    For a gallery whose tiles share one meaning of colour but not one range of values (each
    tile stretched to its own range), give ``ticklabels`` that say so, e.g. ``["its min",
    "its max"]``. For a map of a few values (a mask of 0 and 1), ``levels`` cuts the colour
    map into that many flat steps: give ``vmin``/``vmax`` half a step beyond the first and
    last value and one tick per value. Extra keywords go to ``Figure.colorbar``
    (``shrink``, ``pad``, ...).

    Returns
    -------
    matplotlib.colorbar.Colorbar

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, axes = plt.subplots(1, 2, layout="constrained")
    >>> bar = add_colorbar(fig, axes, cmap="gray", vmin=0, vmax=1, label="share",
    ...                    ticks=[0, 1], ticklabels=["none", "all"])
    >>> [t.get_text() for t in bar.ax.get_yticklabels()], bar.ax.get_ylabel()
    (['none', 'all'], 'share')
    >>> mask = add_colorbar(fig, axes, cmap="gray", vmin=-0.5, vmax=1.5, label="in the mask",
    ...                     levels=2, ticks=[0, 1], ticklabels=["no", "yes"])
    >>> mask.cmap.N  # two flat steps: black and white
    2
    """
    import matplotlib as mpl

    if not vmax > vmin:
        raise ValueError(f"vmax must be > vmin, got vmin={vmin!r}, vmax={vmax!r}")
    if ticklabels is not None and (ticks is None or len(ticks) != len(ticklabels)):
        raise ValueError("ticklabels needs ticks, one label per tick")
    if levels is not None:
        if not (isinstance(levels, int) and levels >= 2):
            raise ValueError(f"levels must be an int >= 2 or None, got {levels!r}")
        cmap = mpl.colormaps[cmap].resampled(levels)
    mappable = mpl.cm.ScalarMappable(mpl.colors.Normalize(vmin, vmax), cmap)
    if not hasattr(axes, "get_position"):  # several axes: the bar spans them all
        axes = [ax for ax in np.ravel(np.asarray(axes, dtype=object))]
    bar = fig.colorbar(mappable, ax=axes, label=label, **kwargs)
    if ticks is not None:
        bar.set_ticks(list(ticks), labels=None if ticklabels is None else list(ticklabels))
    return bar


def add_mask_colorbar(fig, label: str, names: Sequence[str] = ("zero", "non-zero"), axes=None):
    """Draw a two-step grey colour bar (black, white) for masks drawn in grey; return it.

    ``names`` name black and white; ``axes`` (default: every axes of ``fig``) are the
    panels the bar stands beside.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, axes = plt.subplots(1, 2, layout="constrained")
    >>> bar = add_mask_colorbar(fig, "gradient")
    >>> [t.get_text() for t in bar.ax.get_yticklabels()], bar.cmap.N
    (['zero', 'non-zero'], 2)
    """
    if len(names) != 2:
        raise ValueError(f"names must name black and white, got {names!r}")
    return add_colorbar(
        fig,
        fig.axes if axes is None else axes,
        cmap="gray",
        vmin=-0.5,
        vmax=1.5,
        levels=2,
        label=label,
        ticks=[0, 1],
        ticklabels=names,
        shrink=0.5,
        pad=0.02,
    )
