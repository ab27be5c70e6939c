"""Training throughput of the lecture 2/3 net: low-level tf.function loop vs Keras fit.

    python benchmarks/bench_training.py            # every variant, oneDNN off in a subprocess
    python benchmarks/bench_training.py --variant lowlevel keras   # some variants only

Every variant runs with op determinism on, as the lectures do (course_utils.setup), except
the XLA ones, which Keras only compiles with it off. The net is course_utils.models' lecture-2
net (from Stanford CS 20's lecture note 7): conv 5×5×32 SAME → pool → conv 5×5×64 SAME → pool
→ dense 1,024 → dropout 0.5 → dense 10, on 28×28 MNIST digits, batch 128, Adam. Images/s
are measured over whole steps (forward, backward, update) on data already in memory, after a
warm-up. FLOPs are counted from the layer shapes: forward
F, backward 2F minus the first layer's input gradient, so a step costs 3F − F_conv1 per image.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time

import numpy as np
from common import ROOT, machine, matmul_peak, save, start_tf, table

from course_utils import models

BATCH, STEPS = 128, 80  # 10,240 images a measurement: long enough to hide per-call overhead
_SHAPES = models.lecture2_variable_shapes()
_H = models.INPUT_SHAPE[0]  # each SAME conv keeps the size, each 2×2 pool halves it
LAYERS = {  # name: (input shape of one image, kernel shape)
    "conv1 28×28×1→32, 5×5": (models.INPUT_SHAPE, _SHAPES["conv1_kernel"]),
    "conv2 14×14×32→64, 5×5": (
        (_H // 2, _H // 2, _SHAPES["conv1_bias"][0]),
        _SHAPES["conv2_kernel"],
    ),
    "dense 3,136→1,024": ((), _SHAPES["fc_kernel"]),
    "dense 1,024→10": ((), _SHAPES["out_kernel"]),
}
MACS = {  # forward multiply-adds per image: one kernel product per output position
    name: math.prod(image[:2]) * math.prod(kernel) for name, (image, kernel) in LAYERS.items()
}
FORWARD = 2 * sum(MACS.values())
STEP_FLOPS_PER_IMAGE = 3 * FORWARD - 2 * MACS["conv1 28×28×1→32, 5×5"]
VARIANTS = ["lowlevel", "lowlevel_xla", "keras", "keras_xla", "keras_spe16"]


def build_keras(keras, jit_compile=False, steps_per_execution=1):
    """The lecture 2/3 net (course_utils.models), compiled with Adam as in lecture 3."""
    model = models.build_lecture2_keras()
    model.compile(
        optimizer=keras.optimizers.Adam(1e-3),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        jit_compile=jit_compile,
        steps_per_execution=steps_per_execution,
    )
    return model


def lowlevel_step(tf, keras, jit_compile=False):
    """The lecture 2 training step: tf.Variables, tf.nn ops, GradientTape, Adam."""
    net = models.Lecture2Net(seed=0)
    params = net.trainable_variables
    optimizer = keras.optimizers.Adam(1e-3)

    @tf.function(jit_compile=jit_compile)
    def step(x, y):
        with tf.GradientTape() as tape:
            logits = net(x, training=True)
            loss = tf.reduce_mean(
                tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
            )
        optimizer.apply_gradients(zip(tape.gradient(loss, params), params, strict=True))
        return loss

    return step


def measure(variant: str) -> float:
    """Return images/s for one variant."""
    tf = start_tf()  # seeds and turns op determinism on, as in the lectures
    if variant.endswith("xla") or os.environ.get("BENCH_DETERMINISM") == "0":
        # Keras ignores jit_compile=True (with a warning) while op determinism is on.
        from tensorflow.python.framework import config as tf_config  # no public getter/setter

        tf_config.disable_op_determinism()
    import keras

    from course_utils import data

    (x, y), _ = data.load_mnist("shipped", verbose=False)
    x = (x[:, :, :, None] / 255).astype(np.float32)
    y = y.astype(np.int32)
    # 8,000 digits in memory, repeated: every variant reads the same batches
    ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(BATCH, drop_remainder=True)
    ds = ds.cache().repeat().prefetch(2)
    if variant.startswith("lowlevel"):
        step = lowlevel_step(tf, keras, jit_compile=variant.endswith("xla"))
        batches = iter(ds)

        def run(steps):
            for _ in range(steps):
                loss = step(*next(batches))
            float(loss)
    else:
        model = build_keras(
            keras,
            jit_compile=variant == "keras_xla",
            steps_per_execution=16 if variant == "keras_spe16" else 1,
        )

        def run(steps):
            model.fit(ds, epochs=1, steps_per_epoch=steps, verbose=0)

    run(32)  # warm-up: tracing, compilation, the cache
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        run(STEPS)
        best = min(best, time.perf_counter() - start)
    return BATCH * STEPS / best


def layer_rates(tf) -> list[dict]:
    """Forward time of each conv layer alone (tf.function, batch 128)."""
    rng = np.random.default_rng(0)
    rows = []
    for name, (image, w_shape) in list(LAYERS.items())[:2]:  # the two conv layers
        shape = (BATCH, *image)
        x = tf.constant(rng.standard_normal(shape, dtype=np.float32))
        w = tf.constant(rng.standard_normal(w_shape, dtype=np.float32))
        f = tf.function(lambda x=x, w=w: tf.nn.conv2d(x, w, 1, "SAME"))
        from common import best_time

        seconds = best_time(lambda f=f: f().numpy())
        rows.append({"layer": name, "gflops": 2 * MACS[name] * BATCH / seconds / 1e9})
    return rows


def plot(runs: list[dict], cpu: str):
    """Bar chart of images/s per training loop and setting, saved beside the JSON results."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from common import RESULTS

    labels = [f"{r['variant']}\n({r['setting']})" for r in runs]
    fig, ax = plt.subplots(figsize=(max(6, 0.9 * len(runs)), 4))
    ax.bar(range(len(runs)), [r["images_per_s"] for r in runs], color="tab:blue")
    ax.set_xticks(range(len(runs)), labels, rotation=45, ha="right", fontsize=8)
    ax.set_ylabel("training images/s (batch 128)")
    ax.set_title(f"Lecture 2/3 net, {cpu}", fontsize=9)
    fig.tight_layout()
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "throughput.png"
    fig.savefig(path, dpi=100)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--variant", nargs="*", default=None)
    parser.add_argument("--json", action="store_true", help="print raw JSON (used internally)")
    args = parser.parse_args()
    if args.json:
        print(json.dumps({v: measure(v) for v in args.variant}))
        return

    tf = start_tf()
    peak = matmul_peak(tf)
    rates = layer_rates(tf)
    for row in rates:
        row["of_peak"] = row["gflops"] / peak["tf_gflops"]
    runs = []
    # Each setting runs in its own process: TF reads these variables once, at start-up.
    settings = [
        ("default", {}),
        ("oneDNN off", {"TF_ENABLE_ONEDNN_OPTS": "0"}),
        ("inter-op threads 1", {"TF_NUM_INTEROP_THREADS": "1"}),
        ("intra-op threads 1", {"TF_NUM_INTRAOP_THREADS": "1"}),
        ("op determinism off", {"BENCH_DETERMINISM": "0"}),
    ]
    for label, extra_env in settings:
        variants = args.variant or (VARIANTS if label == "default" else ["lowlevel", "keras"])
        cmd = [sys.executable, __file__, "--json", "--variant", *variants]
        out = subprocess.run(
            cmd, capture_output=True, text=True, check=True, env={**os.environ, **extra_env}
        ).stdout
        for variant, ips in json.loads(out.strip().splitlines()[-1]).items():
            gflops = ips * STEP_FLOPS_PER_IMAGE / 1e9
            runs.append(
                {
                    "setting": label,
                    "variant": variant,
                    "images_per_s": ips,
                    "gflops": gflops,
                    "of_peak": gflops / peak["tf_gflops"],
                }
            )
    default = {r["variant"]: r["images_per_s"] for r in runs if r["setting"] == "default"}
    ratio = default.get("lowlevel", 0) / default["keras"] if "keras" in default else None
    result = {
        "machine": machine(),
        "matmul_peak": peak,
        "layers": rates,
        "runs": runs,
        "lowlevel_over_keras": ratio,
        "step_flops_per_image": STEP_FLOPS_PER_IMAGE,
    }
    print(f"## Training throughput, batch {BATCH} ({result['machine']['cpu']})\n")
    print(f"TF float32 matmul peak: {peak['tf_gflops']:.0f} GFLOP/s; ")
    print(f"a training step costs {STEP_FLOPS_PER_IMAGE / 1e6:.1f} MFLOP per image\n")
    print(table(rates, [("layer", "conv layer, forward", "s"), ("gflops", "GFLOP/s", ".0f"),
                        ("of_peak", "of matmul peak", ".2f")]))  # fmt: skip
    print()
    print(
        table(
            runs,
            [
                ("setting", "setting", "s"),
                ("variant", "training loop", "s"),
                ("images_per_s", "images/s", ",.0f"),
                ("gflops", "GFLOP/s", ".0f"),
                ("of_peak", "of matmul peak", ".2f"),
            ],
        )
    )
    if ratio is not None:
        print(f"\nlow-level tf.function loop / Keras fit: {ratio:.2f}×")
    save("training", result)
    print(f"plot: {plot(runs, result['machine']['cpu']).relative_to(ROOT)}")


if __name__ == "__main__":
    main()
