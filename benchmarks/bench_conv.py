"""Convolution implementations side by side: loop, NumPy, tf.nn.conv2d eager / tf.function / XLA.

    python benchmarks/bench_conv.py

Three workloads: seed 001's 5×5 toy example, the grey Grace Hopper photo with a 3×3 kernel,
and lecture 2's second conv layer on a batch of 128 MNIST images (14×14×32 → 64, 5×5,
SAME). Prints time, speed-up over the Python loop and GFLOP/s (2·multiply-adds counted from
the shapes), and the fraction of the float32 matmul peak measured in the same run.
"""

from __future__ import annotations

import time

import numpy as np
from common import best_time, machine, matmul_peak, save, start_tf, table

from course_utils import conv


def _flops(x_shape, w_shape, out_shape) -> int:
    n, oh, ow, cout = out_shape
    kh, kw, cin, _ = w_shape
    return 2 * n * oh * ow * kh * kw * cin * cout


def _loop_time(x, w, padding) -> tuple[float, bool]:
    """Time corr2d over every (image, in, out) pair; extrapolate from a sample if too slow."""
    pad = [(0, 0)] * 4
    if padding == "SAME":
        kh, kw = w.shape[:2]
        pad = [(0, 0), ((kh - 1) // 2, kh // 2), ((kw - 1) // 2, kw // 2), (0, 0)]
    xp = np.pad(x, pad)
    pairs = [
        (n, ci, co)
        for n in range(x.shape[0])
        for ci in range(x.shape[3])
        for co in range(w.shape[3])
    ]
    sample = pairs[:64]
    start = time.perf_counter()
    for n, ci, co in sample:
        conv.corr2d(xp[n, :, :, ci], w[:, :, ci, co])
    per_pair = (time.perf_counter() - start) / len(sample)
    return per_pair * len(pairs), len(sample) < len(pairs)


def run() -> dict:
    tf = start_tf()
    import matplotlib.cbook as cbook
    import matplotlib.image as mpimg

    from course_utils import data

    rng = np.random.default_rng(0)
    toy_x = np.array(
        [[1, 1, 1, 0, 0], [0, 1, 1, 1, 0], [0, 0, 1, 1, 1], [0, 0, 1, 1, 0], [0, 1, 1, 0, 0]],
        np.float32,
    )[None, :, :, None]
    toy_w = np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]], np.float32)[:, :, None, None]
    with cbook.get_sample_data("grace_hopper.jpg") as fh:
        photo = mpimg.imread(fh).astype(np.float32).mean(axis=2) / 255
    photo_x = photo[None, :, :, None]
    photo_w = np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], np.float32)[:, :, None, None]
    (x_train, _), _ = data.load_mnist("shipped", verbose=False)
    # layer-2 input: 128 MNIST images pooled to 14×14 and spread over 32 channels
    pooled = x_train[:128].reshape(128, 14, 2, 14, 2).mean(axis=(2, 4)).astype(np.float32) / 255
    layer_x = pooled[..., None] * rng.standard_normal((1, 1, 1, 32), dtype=np.float32)
    layer_w = rng.standard_normal((5, 5, 32, 64), dtype=np.float32) * 0.05

    peak = matmul_peak(tf)
    workloads = [
        ("toy 5×5, 3×3 kernel", toy_x, toy_w, "VALID"),
        (f"photo {photo.shape[0]}×{photo.shape[1]}, 3×3", photo_x, photo_w, "VALID"),
        ("MNIST layer 2, batch 128, 14×14×32→64, 5×5", layer_x, layer_w, "SAME"),
    ]
    rows = []
    for name, x, w, padding in workloads:
        tx, tw = tf.constant(x), tf.constant(w)
        out_shape = tf.nn.conv2d(tx, tw, 1, padding).shape
        flops = _flops(x.shape, w.shape, out_shape)

        def forward(tx=tx, tw=tw, p=padding):
            return tf.nn.conv2d(tx, tw, 1, p)

        graph, xla = tf.function(forward), tf.function(forward, jit_compile=True)
        expected = tf.nn.conv2d(tx, tw, 1, padding).numpy()
        np.testing.assert_allclose(
            conv.conv2d(x, w, padding=padding), expected, rtol=1e-4, atol=1e-4
        )
        loop_t, extrapolated = _loop_time(x, w, padding)
        times = {
            "loop corr2d" + (" (extrapolated)" if extrapolated else ""): loop_t,
            "NumPy conv2d": best_time(lambda x=x, w=w, p=padding: conv.conv2d(x, w, padding=p)),
            "tf.nn.conv2d eager": best_time(lambda f=forward: f().numpy()),
            "tf.function": best_time(lambda f=graph: f().numpy()),
            "tf.function(jit_compile=True)": best_time(lambda f=xla: f().numpy()),
        }
        for impl, seconds in times.items():
            rows.append(
                {
                    "workload": name,
                    "impl": impl,
                    "ms": seconds * 1e3,
                    "speedup": loop_t / seconds,
                    "gflops": flops / seconds / 1e9,
                    "of_peak": flops / seconds / 1e9 / peak["tf_gflops"],
                }
            )
    return {"machine": machine(), "matmul_peak": peak, "rows": rows}


def main() -> None:
    result = run()
    peak = result["matmul_peak"]
    print(f"## Convolution implementations ({result['machine']['cpu']})\n")
    print(
        f"float32 matmul peak: NumPy {peak['numpy_gflops']:.0f} GFLOP/s, "
        f"TF {peak['tf_gflops']:.0f} GFLOP/s\n"
    )
    print(
        table(
            result["rows"],
            [
                ("workload", "workload", "s"),
                ("impl", "implementation", "s"),
                ("ms", "time (ms)", ".3g"),
                ("speedup", "× loop", ",.0f"),
                ("gflops", "GFLOP/s", ".2f"),
                ("of_peak", "of TF matmul peak", ".2f"),
            ],
        )
    )
    save("conv", result)


if __name__ == "__main__":
    main()
