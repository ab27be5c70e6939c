# ruff: noqa
"""Prototype for lecture 06 (NOT landed): measures what the notebook would state."""

import time

import numpy as np

import course_utils as cu
from course_utils import saliency as sal
from course_utils import sanity_checks as sc
from course_utils.fields import describe_model_layers, receptive_field_position

env = cu.setup(seed=42)
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras import layers  # noqa: E402

t0 = time.perf_counter()
(x_train, y_train), (x_test, y_test) = cu.load_fashion_mnist(verbose=False)
x_train = (x_train[:20000, ..., None] / 255).astype("float32")
y_train = y_train[:20000]
x_test = (x_test[..., None] / 255).astype("float32")


def build():
    return keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            layers.Conv2D(16, 3, padding="same", activation="relu", name="conv1"),
            layers.MaxPooling2D(2, name="pool1"),
            layers.Conv2D(32, 3, padding="same", activation="relu", name="conv2"),
            layers.MaxPooling2D(2, name="pool2"),
            layers.Conv2D(32, 3, padding="same", activation="relu", name="conv3"),
            layers.Flatten(name="flatten"),
            layers.Dense(64, activation="relu", name="penultimate"),
            layers.Dense(10, name="logits"),
        ]
    )


net = build()
init_filters = net.get_layer("conv1").get_weights()[0].copy()
net.compile(
    "adam", keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"]
)
t = time.perf_counter()
net.fit(x_train, y_train, epochs=2, batch_size=128, verbose=0)
print(f"train {time.perf_counter() - t:.1f}s")
_, acc = net.evaluate(x_test, y_test, verbose=0)
print("test acc", round(acc, 4))
trained = net.get_layer("conv1").get_weights()[0]
print("filter change rel", np.linalg.norm(trained - init_filters) / np.linalg.norm(init_filters))

x = x_test[:16]
y = y_test[:16]
t = time.perf_counter()
g = sal.compute_gradient_saliency(net, x, y)
print("grad", time.perf_counter() - t)
t = time.perf_counter()
sg = sal.compute_smoothgrad(net, x, y, samples=20)
print("sg", time.perf_counter() - t)
t = time.perf_counter()
cam = sal.compute_grad_cam(net, x, y, "conv3")
print("cam", time.perf_counter() - t, cam.shape)
t = time.perf_counter()
occ = sal.compute_occlusion_map(net, x, y, patch_size=4, stride=2)
print("occ", time.perf_counter() - t, occ.shape)
t = time.perf_counter()
top = sal.find_top_patches(net, x_test[:2000], "conv3", 0)
print("top", time.perf_counter() - t)
print(receptive_field_position(describe_model_layers(net, "conv3"), 28, int(top.row[0])))

rand = sc.randomise_weights(net, seed=0)
mag = lambda m: np.abs(m).max(axis=-1)
cam_up = lambda c: tf.image.resize(c[..., None], (28, 28)).numpy()[..., 0]
for name, fn in [
    ("grad", lambda m: mag(sal.compute_gradient_saliency(m, x, y))),
    ("smoothgrad", lambda m: mag(sal.compute_smoothgrad(m, x, y, samples=20))),
    ("gradcam", lambda m: sal.compute_grad_cam(m, x, y, "conv3")),
    ("occlusion", lambda m: sal.compute_occlusion_map(m, x, y, patch_size=4, stride=2)),
]:
    a, b = fn(net), fn(rand)
    r = sc.rank_correlation(a, b, batched=True)
    print(
        name,
        "rank corr trained vs random: median",
        np.nanmedian(r).round(3),
        "max",
        np.nanmax(r).round(3),
        "nan",
        np.isnan(r).sum(),
    )

rng = np.random.default_rng(0)
attrs = {
    "grad": mag(g),
    "smoothgrad": mag(sg),
    "gradcam": cam_up(cam),
    "random": rng.random((16, 28, 28)),
}
for name, a in attrs.items():
    counts, s = sc.compute_deletion_curve(net, x, y, a, counts=[0, 20, 50, 100, 200])
    print(name, "deletion mean scores", s.mean(axis=0).round(2))

# PCA of penultimate
pen = keras.Model(net.inputs[0], net.get_layer("penultimate").output)
h = pen(x_test[:2000]).numpy()
h = h - h.mean(0)
u, s_, vt = np.linalg.svd(h, full_matrices=False)
z = h @ vt[:2].T
cent = np.array([z[y_test[:2000] == c].mean(0) for c in range(10)])
d = np.linalg.norm(cent[:, None] - cent[None], axis=-1)
print("explained", (s_[:2] ** 2 / (s_**2).sum()).round(3))
print(
    "dist shirt(6)-tshirt(0)",
    d[6, 0].round(2),
    "shirt-coat(4)",
    d[6, 4].round(2),
    "pullover(2)-coat",
    d[2, 4].round(2),
    "median",
    np.median(d[np.triu_indices(10, 1)]).round(2),
)

# FGSM
xt = tf.convert_to_tensor(x_test[:500])
yt = y_test[:500]
with tf.GradientTape() as tape:
    tape.watch(xt)
    loss = keras.losses.sparse_categorical_crossentropy(yt, net(xt), from_logits=True)
sign = tf.sign(tape.gradient(loss, xt)).numpy()
pred0 = net(xt).numpy().argmax(1)
for eps in [0.01, 0.02, 0.05, 0.1]:
    adv = np.clip(x_test[:500] + eps * sign, 0, 1)
    p = net(adv).numpy().argmax(1)
    ok = pred0 == yt
    print("eps", eps, "flip rate among correct", ((p != yt) & ok).sum() / ok.sum())
print(f"total {time.perf_counter() - t0:.1f}s", env)
