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
    **kwargs,
):
    """Draw one colour bar beside ``axes`` for the scale ``cmap`` from ``vmin`` to ``vmax``.

    For a gallery whose tiles share one meaning of colour but not one range of values (each
    tile stretched to its own range), give ``ticklabels`` that say so, e.g. ``["its min",
    "its max"]``. Extra keywords go to ``Figure.colorbar`` (``shrink``, ``pad``, ...).

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
    """
    import matplotlib as mpl

    if not vmax > vmin:
        raise ValueError(f"vmax must be > vmin, got vmin={vmin!r}, vmax={vmax!r}")
    if ticklabels is not None and (ticks is None or len(ticks) != len(ticklabels)):
        raise ValueError("ticklabels needs ticks, one label per tick")
    mappable = mpl.cm.ScalarMappable(mpl.colors.Normalize(vmin, vmax), cmap)
    if not hasattr(axes, "get_position"):  # several axes: the bar spans them all
        axes = [ax for ax in np.ravel(np.asarray(axes, dtype=object))]
    bar = fig.colorbar(mappable, ax=axes, label=label, **kwargs)
    if ticks is not None:
        bar.set_ticks(list(ticks), labels=None if ticklabels is None else list(ticklabels))
    return bar
