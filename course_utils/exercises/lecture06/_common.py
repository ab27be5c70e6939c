"""Shared helpers and constants of the exercises of lecture 06: the problems' data
and the functions that compute reference answers and typical mistakes."""

from __future__ import annotations

from functools import cache

import numpy as np

from course_utils import fields, shapes
from course_utils.exercises.forms import plain_value

# 06.1 ------------------------------------------------------------------------------------
#: The lecture's net along one axis: conv1, pool1, conv2, pool2, conv3.
NET_LAYERS = [(3, 1, "same"), (2, 2, "valid"), (3, 1, "same"), (2, 2, "valid"), (3, 1, "same")]


def _rows(index: int = 1, layers=NET_LAYERS) -> tuple[int, int]:
    position = fields.receptive_field_position(layers, 28, index)
    return position.start, position.stop


def _rows_without_padding() -> tuple[int, int]:
    return _rows(1, [(k, s, "valid") for k, s, _ in NET_LAYERS[:-1]] + [(3, 1, "valid")])


def _is_field_position(value) -> bool:
    return type(value).__name__ == "FieldPosition"


# 06.2 ------------------------------------------------------------------------------------
def _occlusion_rows() -> int:
    return shapes.conv_output_size(28, 5, 3)


def _is_fraction(value, target: float) -> bool:
    return isinstance(value, float | np.floating) and abs(float(value) - target) < 1e-6


# 06.3 ------------------------------------------------------------------------------------
#: (image size, patch size, stride) of the cases a student's occlusion function must pass;
#: 7 with patch 3 at stride 2 tells a window that stops at the edge from one that passes it.
CASES = [(6, 2, 2), (7, 3, 2), (5, 3, 1)]


@cache
def _models():
    """Two small models with fixed random weights, one linear and one with a ReLU conv."""
    import keras

    rng = np.random.default_rng(6)
    models = []
    for size in sorted({c[0] for c in CASES}):
        linear = keras.Sequential(
            [keras.Input((size, size, 1)), keras.layers.Flatten(), keras.layers.Dense(3)]
        )
        conv = keras.Sequential(
            [
                keras.Input((size, size, 1)),
                keras.layers.Conv2D(4, 3, padding="same", activation="relu"),
                keras.layers.Flatten(),
                keras.layers.Dense(3),
            ]
        )
        for model in (linear, conv):
            model.set_weights([rng.normal(size=w.shape) for w in model.get_weights()])
            models.append((size, model))
    return models


def _problems():
    rng = np.random.default_rng(60)
    for size, patch, stride in CASES:
        for model_size, model in _models():
            if model_size == size:
                image = rng.uniform(0.2, 1, (size, size, 1)).astype("float32")
                yield model, image, 1, patch, stride


def _occlusion(model, image, class_index, patch_size, stride, *, variant=None):
    """The occlusion map, or a typical wrong version of it (``variant``)."""
    from course_utils import saliency

    if variant == "past edge":  # windows start at every stride, the last ones overhang
        size = image.shape[0]
        starts = range(0, size, stride)
        base = saliency.compute_class_scores(model, image[None], class_index)[0]
        out = np.empty((len(starts), len(starts)))
        for i, r in enumerate(starts):
            for j, c in enumerate(starts):
                copy = image.copy()
                copy[r : r + patch_size, c : c + patch_size] = 0
                out[i, j] = base - saliency.compute_class_scores(model, copy[None], class_index)[0]
        return out
    if variant in _GENERAL:
        return _occlusion_general(
            model, image, class_index, patch_size, stride, **_GENERAL[variant]
        )
    step = 1 if variant == "stride 1" else stride
    result = saliency.compute_occlusion_map(
        model, image[None], class_index, patch_size=patch_size, stride=step
    )
    if variant == "batched":
        return result
    result = result[0]
    base = saliency.compute_class_scores(model, image[None], class_index)[0]
    return {
        None: result,
        "stride 1": result,
        "covered score": base - result,
        "flipped": -result,
        "transposed": result.T,
    }[variant]


def _occlusion_general(
    model,
    image,
    class_index,
    patch_size,
    stride,
    *,
    fill=0.0,
    short=False,
    restore=True,
    probabilities=False,
):
    """Occlusion written out, with one typical bug switched on by a keyword."""
    import keras

    def score(x):
        logits = np.asarray(model(x[None]))[0]
        return float(
            keras.ops.softmax(logits)[class_index] if probabilities else logits[class_index]
        )

    size = image.shape[0]
    n = (size - patch_size) // stride + (0 if short else 1)
    base = score(image)
    out = np.zeros((n, n))
    covered = image.copy()
    for i in range(n):
        for j in range(n):
            if restore:
                covered = image.copy()
            r, c = i * stride, j * stride
            covered[r : r + patch_size, c : c + patch_size] = (
                image.mean() if fill == "mean" else fill
            )
            out[i, j] = base - score(covered)
    return out


#: Typical bugs of a written-out occlusion function, as keywords of _occlusion_general.
_GENERAL = {
    "one short": {"short": True},
    "fill mean": {"fill": "mean"},
    "fill 0.5": {"fill": 0.5},
    "fill 1": {"fill": 1.0},
    "not restored": {"restore": False},
    "probabilities": {"probabilities": True},
}


def _gives_any(function, variants) -> bool:
    return any(_gives(function, v) for v in variants)


def _occlusion_solution(model, image, class_index, patch_size, stride):
    """The reference answer, written as a student would."""
    from course_utils import saliency

    size = image.shape[0]
    n = (size - patch_size) // stride + 1
    base = saliency.compute_class_scores(model, image[None], class_index)[0]
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            copy = image.copy()
            copy[i * stride : i * stride + patch_size, j * stride : j * stride + patch_size] = 0
            out[i, j] = base - saliency.compute_class_scores(model, copy[None], class_index)[0]
    return out


def _wrong(variant: str):
    return lambda model, image, c, p, s: _occlusion(model, image, c, p, s, variant=variant)


def _gives(function, variant=None) -> bool:
    """Whether ``function`` returns ``variant``'s map (None: the right one) in every case."""
    for model, image, c, p, s in _problems():
        value = np.asarray(plain_value(function(model, image.copy(), c, p, s)), np.float64)
        want = _occlusion(model, image, c, p, s, variant=variant)
        if value.shape != want.shape or not np.allclose(value, want, atol=1e-4):
            return False
    return True


def _returns_extra_axes(function) -> bool:
    model, image, c, p, s = next(_problems())
    value = np.asarray(plain_value(function(model, image.copy(), c, p, s)))
    want = _occlusion(model, image, c, p, s)
    return value.ndim > 2 and value.size == want.size


# 06.4 ------------------------------------------------------------------------------------
GRAD_CAM_A = np.stack([[[1, 0], [2, 1]], [[0, 3], [1, 0]]], axis=-1).astype(np.float32)
GRAD_CAM_G = np.stack([[[2, 0], [1, 1]], [[-1, -3], [-2, -2]]], axis=-1).astype(np.float32)


def _grad_cam() -> np.ndarray:
    """Grad-CAM of a model whose conv layer outputs A and whose score is Σ G·A (so the
    gradient with respect to A is G), computed by ``saliency.compute_grad_cam``."""
    import keras

    from course_utils import saliency

    model = keras.Sequential(
        [
            keras.Input((2, 2, 2)),
            keras.layers.Conv2D(2, 1, use_bias=False, name="conv"),  # the identity
            keras.layers.Flatten(),
            keras.layers.Dense(1, use_bias=False),
        ]
    )
    model.set_weights([np.eye(2).reshape(1, 1, 2, 2), GRAD_CAM_G.reshape(8, 1)])
    return saliency.compute_grad_cam(model, GRAD_CAM_A[None], 0, "conv")[0].astype(np.float64)


def _grad_cam_variant(weights="mean", relu=True) -> np.ndarray:
    if weights == "mean":
        combined = (GRAD_CAM_G.mean(axis=(0, 1)) * GRAD_CAM_A).sum(-1)
    elif weights == "sum":
        combined = (GRAD_CAM_G.sum(axis=(0, 1)) * GRAD_CAM_A).sum(-1)
    elif weights == "positive":  # only the positive channel weights kept
        combined = (np.maximum(GRAD_CAM_G.mean(axis=(0, 1)), 0) * GRAD_CAM_A).sum(-1)
    elif weights == "positive gradients":  # negative gradients dropped before the mean
        combined = (np.maximum(GRAD_CAM_G, 0).mean(axis=(0, 1)) * GRAD_CAM_A).sum(-1)
    elif weights == "elementwise":
        combined = (GRAD_CAM_G * GRAD_CAM_A).sum(-1)
    else:  # no weights: the channels' plain sum
        combined = GRAD_CAM_A.sum(-1)
    return np.maximum(combined, 0) if relu else combined


# 06.5 ------------------------------------------------------------------------------------
def _image_control() -> float:
    from course_utils import sanity_checks

    image = np.random.default_rng(5).uniform(size=(28, 28))
    return sanity_checks.rank_correlation(image, image)  # the map ignores the weights


# 06.6 ------------------------------------------------------------------------------------
def _fgsm_norm(order=None) -> float:
    return float(np.linalg.norm(np.full(28 * 28, 0.05), ord=order))


def _fgsm_norm_of(pixels: int) -> float:
    """The L2 norm of ``pixels`` changes of 0.05 each (the 28 of one row: a mistake)."""
    return float(np.linalg.norm(np.full(pixels, 0.05)))
