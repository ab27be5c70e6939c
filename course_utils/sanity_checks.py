"""Sanity checks for saliency maps (Adebayo et al., *Sanity Checks for Saliency Maps*, 2018).

A map that explains a model should change when the model's learned weights are destroyed
(``randomise_weights`` and ``rank_correlation``), and deleting the pixels it ranks first
should lower the class score faster than deleting random pixels
(``compute_deletion_curve``). TensorFlow is imported inside the functions that need it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from course_utils._validate import integer, is_int
from course_utils.saliency import compute_class_scores

__all__ = ["compute_deletion_curve", "randomise_weights", "rank_correlation"]


def compute_deletion_curve(
    model, images, class_index, attribution, *, counts: int | Sequence[int] = 10, value=0.0
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(counts, scores)``: each image's class score as its top pixels are deleted.

    Pixels are deleted (all channels set to ``value``) in decreasing order of
    ``attribution`` (``(N, H, W)``; ties keep reading order). A faithful map makes the
    score fall faster than a random order does (Samek et al., 2017). ``counts`` is a
    list of pixel counts, or a number of evenly spaced steps from 0 to ``H·W``.

    Examples
    --------
    >>> import keras
    >>> model = keras.Sequential([keras.Input((1, 3, 1)), keras.layers.Flatten(),
    ...     keras.layers.Dense(1, kernel_initializer="ones")])
    >>> compute_deletion_curve(model, np.ones((1, 1, 3, 1)), 0, [[[0.1, 0.9, 0.5]]], counts=3)
    (array([0, 1, 2, 3]), array([[3., 2., 1., 0.]], dtype=float32))
    """
    compute_class_scores(model, images, class_index)  # checks every argument it takes
    x = np.asarray(images, np.float32)
    n, height, width, _ = x.shape
    a = np.asarray(attribution, dtype=np.float64)
    if a.shape != (n, height, width):
        raise ValueError(f"attribution must have shape {(n, height, width)}, got {a.shape}")
    pixels = height * width
    if is_int(counts):
        steps = integer("counts", counts, 1)
        counts = np.round(np.linspace(0, pixels, steps + 1)).astype(int)
    counts = np.asarray([integer("counts", c, 0, below=pixels + 1) for c in counts])
    order = np.argsort(-a.reshape(n, -1), axis=1, kind="stable")
    scores = np.empty((n, len(counts)), np.float32)
    for j, count in enumerate(counts):
        deleted = x.reshape(n, pixels, -1).copy()
        np.put_along_axis(deleted, order[:, :count, None], value, axis=1)
        scores[:, j] = compute_class_scores(model, deleted.reshape(x.shape), class_index)
    return counts, scores


def _ranks(values: np.ndarray) -> np.ndarray:
    """Ranks 1..n along the last axis, tied values sharing their mean rank."""
    order = np.argsort(values, kind="stable")
    ranks = np.empty(values.shape)
    ranks[order] = np.arange(1, len(values) + 1)
    unique, inverse = np.unique(values, return_inverse=True)
    sums = np.bincount(inverse, weights=ranks, minlength=len(unique))
    return (sums / np.bincount(inverse))[inverse]


def rank_correlation(a, b, *, batched: bool = False) -> float | np.ndarray:
    """Return Spearman's rank correlation of two maps (ties get their mean rank).

    The Pearson correlation of the ranks, as in ``scipy.stats.spearmanr``; ``nan`` when
    either map is constant. With ``batched=True`` the first axis indexes images and one
    correlation per image comes back.

    Examples
    --------
    >>> rank_correlation([1, 2, 3, 4], [10, 20, 30, 40])
    1.0
    >>> rank_correlation([1, 2, 2, 3], [3, 2, 2, 1])
    -1.0
    >>> round(rank_correlation([1, 2, 3, 4], [1, 3, 2, 4]), 3)
    0.8
    """
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    if batched:
        return np.array([rank_correlation(p, q) for p, q in zip(a, b, strict=True)])
    if a.size < 2:
        raise ValueError(f"a and b must hold at least 2 values, got {a.size}")
    ra, rb = _ranks(a.ravel()) - (a.size + 1) / 2, _ranks(b.ravel()) - (a.size + 1) / 2
    denominator = np.sqrt((ra**2).sum() * (rb**2).sum())
    return float((ra * rb).sum() / denominator) if denominator else float("nan")


def randomise_weights(model, seed: int = 0):
    """Return a copy of ``model`` whose learned structure is destroyed, for the sanity check.

    Every weight array is replaced by Gaussian noise with that array's own mean and
    standard deviation, so activations keep their scale; the original is not changed.
    """
    import keras

    rng = np.random.default_rng(seed)
    copy = keras.models.clone_model(model)
    copy.set_weights(
        [rng.normal(w.mean(), w.std(), w.shape).astype(w.dtype) for w in model.get_weights()]
    )
    return copy
