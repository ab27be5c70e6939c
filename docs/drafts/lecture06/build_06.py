# ruff: noqa
"""Build the DRAFT of lecture 06 (not landed; see the lec06 report for what remains)."""

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

cells = []


def md(text, slide="-"):
    cell = new_markdown_cell(text.strip())
    cell.metadata["slideshow"] = {"slide_type": slide}
    if slide == "notes":
        cell.metadata["jupyter"] = {"source_hidden": True}
    cells.append(cell)


def code(text, slide="-", tags=None):
    cell = new_code_cell(text.strip())
    cell.metadata["slideshow"] = {"slide_type": slide}
    if tags:
        cell.metadata["tags"] = tags
    cells.append(cell)


md(
    """
# Inside a trained convnet
*See what a small Fashion-MNIST convnet responds to, and test whether each picture means anything.*

**Learning objectives.** After this notebook you can:
- show a convnet's filters and feature maps, and find the test patches that excite one channel most, cut out with that channel's receptive field;
- compute gradient saliency, SmoothGrad, Grad-CAM and occlusion maps from the ops up;
- hold each map to two sanity checks (weight randomisation and deletion) and say which passes;
- measure where classes sit in the penultimate layer, and flip predictions with FGSM.

**Prerequisites:** lecture 03 (training a Keras convnet) and lecture 04 (output sizes and receptive fields).
**Run time:** DRAFT, not measured yet.
""",
    "slide",
)
md("## Setup", "slide")
code(
    """
import time

import matplotlib.pyplot as plt
import numpy as np

import course_utils as cu
from course_utils import fields, saliency, sanity_checks

env = cu.setup(seed=42)
import keras
import tensorflow as tf
from keras import layers
"""
)
md(
    """
## A model to look inside

Train a small convnet for two epochs on 20,000 Fashion-MNIST images: three 3×3 conv layers,
two pools, a 64-unit penultimate layer and 10 logits.
""",
    "slide",
)
code(
    """
(x_train, y_train), (x_test, y_test) = cu.load_fashion_mnist(verbose=False)
x_train = (x_train[:20_000, ..., None] / 255).astype("float32")
y_train = y_train[:20_000]
x_test = (x_test[..., None] / 255).astype("float32")
print(f"train {x_train.shape}, test {x_test.shape}")
"""
)
code(
    """
def build_net():
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(16, 3, padding="same", activation="relu", name="conv1"),
        layers.MaxPooling2D(2, name="pool1"),
        layers.Conv2D(32, 3, padding="same", activation="relu", name="conv2"),
        layers.MaxPooling2D(2, name="pool2"),
        layers.Conv2D(32, 3, padding="same", activation="relu", name="conv3"),
        layers.Flatten(name="flatten"),
        layers.Dense(64, activation="relu", name="penultimate"),
        layers.Dense(10, name="logits"),
    ])


net = build_net()
filters_at_init = net.get_layer("conv1").get_weights()[0].copy()
net.count_params()
""",
    "subslide",
)
code(
    """
net.compile(
    "adam",
    keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
start = time.perf_counter()
net.fit(x_train, y_train, epochs=2, batch_size=128, verbose=0)
seconds = time.perf_counter() - start
_, accuracy = net.evaluate(x_test, y_test, verbose=0)
assert accuracy > 0.78
print(f"2 epochs in {seconds:.0f} s on {env.cpu}; test accuracy {accuracy:.1%}")
""",
    "subslide",
    ["nbval-ignore-output"],
)
md(
    """
## Filters before and after training

Compare the first layer's 16 filters at initialisation and after training, on one colour scale.
""",
    "slide",
)
code(
    """
filters = net.get_layer("conv1").get_weights()[0]
change = np.linalg.norm(filters - filters_at_init) / np.linalg.norm(filters_at_init)
assert change > 0.1
fig, axes = plt.subplots(2, 16, figsize=(10, 1.6))
limit = max(np.abs(filters).max(), np.abs(filters_at_init).max())
for row, kernel in enumerate((filters_at_init, filters)):
    for k in range(16):
        shown = axes[row, k].imshow(kernel[..., 0, k], cmap="RdBu_r", vmin=-limit, vmax=limit)
        axes[row, k].set_axis_off()
fig.colorbar(shown, ax=axes, shrink=0.8)
print(f"relative change of the conv1 weights: {change:.2f}")
""",
    "-",
    ["nbval-ignore-output"],
)
md(
    """
## The patches that excite one channel most

`saliency.find_top_patches` finds the nine strongest positions of a channel of `conv3` over
2,000 test images; `fields.receptive_field_position` turns each position into the input
pixels it sees.
""",
    "slide",
)
code(
    """
stack = fields.describe_model_layers(net, "conv3")
top = saliency.find_top_patches(net, x_test[:2000], "conv3", channel=0, k=9)
boxes = [
    (fields.receptive_field_position(stack, 28, int(r)),
     fields.receptive_field_position(stack, 28, int(c)))
    for r, c in zip(top.row, top.col, strict=True)
]
print(stack)
boxes[0]
""",
)
md(
    """
## Saliency: four maps for the same images

Compute the vanilla gradient, SmoothGrad (20 noisy copies), Grad-CAM on `conv3` and a 4×4
occlusion map at stride 2 for eight test images and their true classes.
""",
    "slide",
)
code(
    """
x, y = x_test[:8], y_test[:8]
maps = {
    "gradient": np.abs(saliency.compute_gradient_saliency(net, x, y)).max(axis=-1),
    "SmoothGrad": np.abs(saliency.compute_smoothgrad(net, x, y, samples=20)).max(axis=-1),
    "Grad-CAM": saliency.compute_grad_cam(net, x, y, "conv3"),
    "occlusion": saliency.compute_occlusion_map(net, x, y, patch_size=4, stride=2),
}
{name: m.shape for name, m in maps.items()}
""",
)
code(
    """
assert maps["occlusion"].shape[1] == cu.conv_output_size(28, 4, 2)
up = {n: tf.image.resize(m[..., None], (28, 28)).numpy()[..., 0] for n, m in maps.items()}
fig = saliency.show_heat_maps(x[:4], up["SmoothGrad"][:4], size=1.5)
""",
    "subslide",
)
md(
    """
## Sanity check 1: randomise the weights

A map that explains the trained model must change when the learned weights are destroyed.
Compare each map with the same map of a randomised copy by Spearman's rank correlation.
""",
    "slide",
)
code(
    """
random_net = sanity_checks.randomise_weights(net, seed=0)
random_maps = {
    "gradient": np.abs(saliency.compute_gradient_saliency(random_net, x, y)).max(axis=-1),
    "SmoothGrad": np.abs(
        saliency.compute_smoothgrad(random_net, x, y, samples=20)
    ).max(axis=-1),
    "Grad-CAM": saliency.compute_grad_cam(random_net, x, y, "conv3"),
    "occlusion": saliency.compute_occlusion_map(random_net, x, y, patch_size=4, stride=2),
}
for name in maps:
    r = sanity_checks.rank_correlation(maps[name], random_maps[name], batched=True)
    print(f"{name:<10} median rank correlation {np.nanmedian(r):+.2f}")
""",
    "-",
    ["nbval-ignore-output"],
)
md(
    """
## Sanity check 2: delete the top pixels

Delete the pixels each map ranks first and watch the class score; a random ranking is the
baseline.
""",
    "slide",
)
code(
    """
rng = np.random.default_rng(0)
orders = {**up, "random": rng.random((8, 28, 28))}
curves = {}
for name, attribution in orders.items():
    counts, scores = sanity_checks.compute_deletion_curve(
        net, x, y, attribution, counts=[0, 25, 50, 100, 200]
    )
    curves[name] = scores.mean(axis=0)
    print(f"{name:<10}", np.round(curves[name], 1))
""",
    "-",
    ["nbval-ignore-output"],
)
md(
    """
## The penultimate layer, in two dimensions

Project 2,000 test images' 64 penultimate activations onto their first two principal
components (NumPy's SVD), coloured by class.
""",
    "slide",
)
code(
    """
penultimate = keras.Model(net.inputs[0], net.get_layer("penultimate").output)
h = penultimate(x_test[:2000]).numpy()
h = h - h.mean(axis=0)
_, s, vt = np.linalg.svd(h, full_matrices=False)
z = h @ vt[:2].T
centres = np.array([z[y_test[:2000] == c].mean(axis=0) for c in range(10)])
distance = np.linalg.norm(centres[:, None] - centres[None], axis=-1)
print(f"first two components explain {(s[:2] ** 2).sum() / (s**2).sum():.0%}")
""",
    "-",
    ["nbval-ignore-output"],
)
md(
    """
## What the net relies on: FGSM

Move every pixel by ε in the direction that raises the loss (the sign of its gradient) and
count how many correctly classified test images change class.
""",
    "slide",
)
code(
    """
xs, ys = tf.convert_to_tensor(x_test[:500]), y_test[:500]
with tf.GradientTape() as tape:
    tape.watch(xs)
    loss = keras.losses.sparse_categorical_crossentropy(ys, net(xs), from_logits=True)
step = tf.sign(tape.gradient(loss, xs)).numpy()
correct = net(xs).numpy().argmax(axis=1) == ys
for eps in (0.01, 0.02, 0.05, 0.1):
    adversarial = np.clip(x_test[:500] + eps * step, 0, 1)
    flipped = (net(adversarial).numpy().argmax(axis=1) != ys) & correct
    print(f"ε = {eps:<4}: {flipped.sum() / correct.sum():.0%} of the correct ones flip")
""",
    "-",
    ["nbval-ignore-output"],
)
md(
    """
## Summary

DRAFT: bullets mirroring the objectives go here once the prose is final.
""",
    "slide",
)
md("## Exercises\n\nDRAFT: exercises 06.1–06.5 are not written yet.", "slide")

nb = new_notebook(cells=cells)
nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
nb.metadata["language_info"] = {"name": "python"}
nbformat.write(nb, "docs/drafts/lecture06/06_inside_a_convnet.ipynb")
