"""What a trained classifier looks at: gradient saliency, SmoothGrad, Grad-CAM, occlusion.

Each method takes a Keras model that maps an NHWC batch to class scores (use logits: a
softmax saturates, and its gradients vanish with it), a batch of images and a class index
per image. ``course_utils.sanity_checks`` holds the tests that keep the maps honest.
TensorFlow is imported inside the functions, so importing this module does not load it.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from course_utils._validate import integer, is_int, padding_name
from course_utils.shapes import conv_output_size, same_padding

__all__ = [
    "TopPatches",
    "compute_class_scores",
    "compute_grad_cam",
    "compute_gradient_saliency",
    "compute_occlusion_map",
    "compute_smoothgrad",
    "find_top_patches",
    "show_heat_maps",
]


def _images(images) -> np.ndarray:
    x = np.asarray(images)
    if x.dtype.kind not in "biuf":
        raise TypeError(f"images must be a numeric array, got dtype {x.dtype}")
    if x.ndim != 4:
        raise ValueError(f"images must be a rank-4 NHWC batch (N, H, W, C), got shape {x.shape}")
    return x.astype(np.float32)


def _classes(class_index, x: np.ndarray, model) -> np.ndarray:
    """One class index per image: an int for all of them, or a sequence of N ints."""
    n, n_classes = len(x), int(model(x[:1], training=False).shape[-1])
    what = f"an int in [0, {n_classes - 1}] or a sequence of {n} of them"
    values = [class_index] * n if is_int(class_index) else class_index
    if isinstance(values, str) or np.ndim(values) != 1:
        raise TypeError(f"class_index must be {what}, got {class_index!r}")
    if len(values) != n:
        raise ValueError(f"class_index must be {what}, got {len(values)} of them")
    for v in values:
        integer("class_index", v, 0, below=n_classes, what=what)
    return np.asarray(values, dtype=np.int32)


def _scores(model, x, classes):
    """The score of each image's class, ``model(x)[i, classes[i]]``, as a tensor."""
    import tensorflow as tf

    out = model(x, training=False)
    return tf.gather(out, classes, axis=1, batch_dims=1)


def compute_class_scores(model, images, class_index) -> np.ndarray:
    """Return each image's score for its class, ``model(images)[n, class_index[n]]``.

    Examples
    --------
    >>> import keras
    >>> model = keras.Sequential([keras.Input((1, 2, 1)), keras.layers.Flatten(),
    ...     keras.layers.Dense(2, kernel_initializer="ones")])
    >>> compute_class_scores(model, np.ones((3, 1, 2, 1)), [0, 1, 1])
    array([2., 2., 2.], dtype=float32)
    """
    x = _images(images)
    classes = _classes(class_index, x, model)
    return _scores(model, x, classes).numpy()


def compute_gradient_saliency(model, images, class_index) -> np.ndarray:
    """Return the gradient of each image's class score with respect to its pixels.

    The map is signed and has the images' shape ``(N, H, W, C)``; take ``abs`` and the
    maximum over channels for a magnitude map. For a linear model ``w·x + b`` it is ``w``.

    Examples
    --------
    >>> import keras
    >>> model = keras.Sequential([keras.Input((2, 2, 1)), keras.layers.Flatten(),
    ...     keras.layers.Dense(1, kernel_initializer="ones")])
    >>> compute_gradient_saliency(model, np.zeros((1, 2, 2, 1)), 0)[0, ..., 0]
    array([[1., 1.],
           [1., 1.]], dtype=float32)
    """
    import tensorflow as tf

    x = _images(images)
    classes = _classes(class_index, x, model)
    xt = tf.convert_to_tensor(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        score = tf.reduce_sum(_scores(model, xt, classes))
    return tape.gradient(score, xt).numpy()


def compute_smoothgrad(
    model, images, class_index, *, samples: int = 25, noise: float = 0.15, seed: int = 0
) -> np.ndarray:
    """Return SmoothGrad: the gradient saliency averaged over noisy copies of each image.

    The noise is Gaussian with a standard deviation of ``noise`` times each image's range
    (max − min), as in Smilkov et al. (2017); ``samples`` copies, drawn with ``seed``.

    Examples
    --------
    >>> import keras
    >>> model = keras.Sequential([keras.Input((1, 2, 1)), keras.layers.Flatten(),
    ...     keras.layers.Dense(1, kernel_initializer="ones")])
    >>> compute_smoothgrad(model, np.zeros((1, 1, 2, 1)), 0, samples=3).ravel()
    array([1., 1.], dtype=float32)
    """
    x = _images(images)
    samples = integer("samples", samples, 1)
    what = "a number >= 0 (a fraction of each image's range)"
    if isinstance(noise, bool) or not isinstance(noise, int | float):
        raise TypeError(f"noise must be {what}, got {noise!r}")
    if not noise >= 0:
        raise ValueError(f"noise must be {what}, got {noise!r}")
    rng = np.random.default_rng(seed)
    spread = (x.max(axis=(1, 2, 3)) - x.min(axis=(1, 2, 3)))[:, None, None, None]
    total = np.zeros_like(x)
    for _ in range(samples):
        noisy = x + rng.standard_normal(x.shape).astype(np.float32) * noise * spread
        total += compute_gradient_saliency(model, noisy, class_index)
    return total / samples


def compute_grad_cam(model, images, class_index, layer_name: str) -> np.ndarray:
    """Return Grad-CAM maps ``(N, h, w)`` at the resolution of the conv layer ``layer_name``.

    Each channel ``k`` of the layer's output ``A`` gets the weight ``α_k``, the mean over
    positions of ``∂score/∂A_k``; the map is ``ReLU(Σ_k α_k A_k)`` (Selvaraju et al., 2017).

    Examples
    --------
    >>> import keras
    >>> model = keras.Sequential([keras.Input((3, 3, 1)),
    ...     keras.layers.Conv2D(1, 1, kernel_initializer="ones", name="conv"),
    ...     keras.layers.GlobalAveragePooling2D(),
    ...     keras.layers.Dense(1, kernel_initializer="ones")])
    >>> compute_grad_cam(model, np.eye(3)[None, ..., None], 0, "conv")[0]
    array([[0.11111111, 0.        , 0.        ],
           [0.        , 0.11111111, 0.        ],
           [0.        , 0.        , 0.11111111]], dtype=float32)
    """
    import keras
    import tensorflow as tf

    x = _images(images)
    layer = _conv_layer(model, layer_name)
    classes = _classes(class_index, x, model)
    probe = keras.Model(model.inputs[0], [layer.output, model.outputs[0]])
    with tf.GradientTape() as tape:
        maps, out = probe(tf.convert_to_tensor(x), training=False)
        score = tf.reduce_sum(tf.gather(out, classes, axis=1, batch_dims=1))
    alpha = tf.reduce_mean(tape.gradient(score, maps), axis=(1, 2), keepdims=True)
    return tf.nn.relu(tf.reduce_sum(alpha * maps, axis=-1)).numpy()


def _conv_layer(model, layer_name: str):
    names = [layer.name for layer in model.layers]
    if not isinstance(layer_name, str) or layer_name not in names:
        raise ValueError(
            f"layer_name must be one of the model's layers {names}, got {layer_name!r}"
        )
    layer = model.get_layer(layer_name)
    if len(layer.output.shape) != 4:
        raise ValueError(
            f"layer_name must name a layer with (N, h, w, channels) outputs; {layer_name!r} "
            f"gives shape {tuple(layer.output.shape)}"
        )
    return layer


def compute_occlusion_map(
    model,
    images,
    class_index,
    *,
    patch_size: int,
    stride: int = 1,
    padding: str = "valid",
    value: float = 0.0,
) -> np.ndarray:
    """Return how much each image's class score drops when a patch covers each position.

    The patch slides like a convolution's window, so the map has ``conv_output_size(H,
    patch_size, stride, padding)`` rows (and likewise columns); with ``"same"`` a window
    that overhangs the image covers only its part inside. Entry ``[n, i, j]`` is
    ``score(image) − score(image with the window at (i, j) set to value)``.

    Examples
    --------
    >>> import keras
    >>> model = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Flatten(),
    ...     keras.layers.Dense(1, kernel_initializer="ones")])
    >>> compute_occlusion_map(model, np.ones((1, 4, 4, 1)), 0, patch_size=2, stride=2)[0]
    array([[4., 4.],
           [4., 4.]], dtype=float32)
    """
    x = _images(images)
    n, height, width, _ = x.shape
    classes = _classes(class_index, x, model)
    patch_size = integer("patch_size", patch_size, 1)
    stride = integer("stride", stride, 1)
    padding = padding_name(padding)
    windows = []
    for size in (height, width):
        out = conv_output_size(size, patch_size, stride, padding)
        before = same_padding(size, patch_size, stride)[0] if padding == "same" else 0
        starts = [i * stride - before for i in range(out)]
        windows.append([(max(s, 0), min(s + patch_size, size)) for s in starts])
    base = _scores(model, x, classes).numpy()
    result = np.empty((n, len(windows[0]), len(windows[1])), np.float32)
    for k in range(n):
        copies = []
        for r0, r1 in windows[0]:
            for c0, c1 in windows[1]:
                copy = x[k].copy()
                copy[r0:r1, c0:c1, :] = value
                copies.append(copy)
        scores = _scores(model, np.stack(copies), np.full(len(copies), classes[k])).numpy()
        result[k] = base[k] - scores.reshape(result.shape[1:])
    return result


class TopPatches(NamedTuple):
    """The k strongest activations of one channel: image index, row, column and value."""

    image: np.ndarray
    row: np.ndarray
    col: np.ndarray
    value: np.ndarray


def find_top_patches(model, images, layer_name: str, channel: int, k: int = 9) -> TopPatches:
    """Return the ``k`` (image, row, col) positions where ``channel`` of a layer fires most.

    Rows and columns are in the layer's output grid; ``fields.receptive_field_position``
    turns them into the input pixels each one sees. Ties go to the earlier position.

    Examples
    --------
    >>> import keras
    >>> model = keras.Sequential([keras.Input((2, 2, 1)),
    ...     keras.layers.Conv2D(1, 1, kernel_initializer="ones", name="conv")])
    >>> top = find_top_patches(model, np.arange(8.0).reshape(2, 2, 2, 1), "conv", 0, k=2)
    >>> top.image, top.row, top.col, top.value
    (array([1, 1]), array([1, 1]), array([1, 0]), array([7., 6.], dtype=float32))
    """
    import keras

    x = _images(images)
    layer = _conv_layer(model, layer_name)
    channels = int(layer.output.shape[-1])
    channel = integer("channel", channel, 0, below=channels, what=f"an int in [0, {channels - 1}]")
    maps = keras.Model(model.inputs[0], layer.output)(x, training=False).numpy()[..., channel]
    k = integer("k", k, 1, below=maps.size + 1, what=f"an int in [1, {maps.size}]")
    order = np.argsort(-maps.ravel(), kind="stable")[:k]
    image, row, col = np.unravel_index(order, maps.shape)
    return TopPatches(image, row, col, maps.ravel()[order])


def show_heat_maps(images, maps, *, titles=None, signed: bool = False, size: float = 2.0):
    """Draw each image above its heat map, each map with its own colour bar; return the figure.

    Magnitudes use ``magma``; ``signed=True`` uses the diverging ``RdBu_r`` centred on 0.

    Examples
    --------
    >>> fig = show_heat_maps(np.zeros((2, 4, 4, 1)), np.ones((2, 4, 4)))
    >>> len(fig.axes)  # two images, two maps, two colour bars
    6
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt

    x, m = _images(images), np.asarray(maps, np.float64)
    if m.shape != x.shape[:3]:
        raise ValueError(f"maps must have shape {x.shape[:3]} (N, H, W), got {m.shape}")
    n = len(x)
    fig, axes = plt.subplots(2, n, figsize=(size * n * 1.2, size * 2), squeeze=False)
    for k in range(n):
        axes[0, k].imshow(x[k, ..., 0] if x.shape[-1] == 1 else x[k], cmap="gray")
        limit = np.abs(m[k]).max() or 1.0
        shown = axes[1, k].imshow(
            m[k],
            cmap="RdBu_r" if signed else "magma",
            vmin=-limit if signed else None,
            vmax=limit if signed else None,
        )
        fig.colorbar(shown, ax=axes[1, k], fraction=0.046, pad=0.04)
        if titles is not None:
            axes[0, k].set_title(titles[k])
        for ax in axes[:, k]:
            ax.set_axis_off()
    fig.tight_layout()
    return fig
