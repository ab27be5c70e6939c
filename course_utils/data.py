"""Load MNIST and Fashion-MNIST from the best source on this machine, offline or online.

Both loaders return ``((x_train, y_train), (x_test, y_test))`` exactly like
``keras.datasets`` (uint8 images of shape ``(n, 28, 28)``, uint8 labels), and say
which source they used. With ``source="auto"`` they try the rows of :data:`SOURCE_TABLE`
in order:

1. ``course_data_dir``: ``$COURSE_DATA_DIR/mnist.npz`` or ``$COURSE_DATA_DIR/fashion-mnist/``;
2. ``keras_cache``: the same layout under ``$KERAS_HOME/datasets`` (default ``~/.keras``),
   only read, never written;
3. ``debian``: the Debian package ``dataset-fashion-mnist`` (Fashion-MNIST only; the folder
   can be moved with ``COURSE_DEBIAN_DIR``, e.g. to a non-existent one to test the fallback);
4. ``download``: an earlier download in the user's cache folder (``COURSE_CACHE_DIR``), or
   a new one when online (never when ``COURSE_OFFLINE=1``; at most about 5 s to find out
   that we are offline);
5. ``shipped``: the real subsets that ship with the package (:func:`shipped_dir`).

Every file is checked against a known SHA-256 before use. A file that fails gets a
:class:`DataFileError` that names it and says how to fix it; the loader never deletes,
moves or overwrites a file it did not write, and never writes into the installed package.
"""

from __future__ import annotations

import os
import socket
import threading
import urllib.request
from importlib import resources
from pathlib import Path

from course_utils.datafiles import DataFileError, read_idx_gz, read_npz, sha256_of, verify_file
from course_utils.sources import (
    DEBIAN_FASHION_DIR,
    FASHION_STEMS,
    SHIPPED_FILES,
    SHIPPED_SHA256,
    SOURCE_BY_NAME,
    SOURCE_TABLE,
    SOURCES,
    TITLES,
    cache_dir,
    check_shipped_files,
    describe_sources,
    hint_for,
    is_offline,
    locate,
    pretty_path,
    shipped_dir,
)

__all__ = [
    "DEBIAN_FASHION_DIR",
    "FASHION_CLASSES",
    "MNIST_CLASSES",
    "SHIPPED_SHA256",
    "SOURCES",
    "SOURCE_TABLE",
    "DataFileError",
    "DataNotFoundError",
    "LoadedData",
    "cache_dir",
    "check_shipped_files",
    "describe_sources",
    "load_fashion_mnist",
    "load_mnist",
    "read_fashion_folder",
    "sha256_of",
    "shipped_dir",
]

FASHION_CLASSES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)  # fmt: skip
MNIST_CLASSES = tuple(str(d) for d in range(10))
DOWNLOAD_BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
PROBE_TIMEOUT_S = 4.0
# Keras' own hash of mnist.npz (keras/src/datasets/mnist.py).
MNIST_NPZ_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
# Fashion-MNIST: SHA-256 of the *uncompressed* IDX bytes. Distributors re-gzip the files
# (Debian's .gz bytes differ from upstream's), but the content is the same everywhere.
FASHION_IDX_SHA256 = dict(
    zip(
        FASHION_STEMS,
        (
            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
        ),
        strict=True,
    )
)


class DataNotFoundError(FileNotFoundError):
    """No source has the data set; the message lists every source tried and how to fill it."""


class LoadedData(tuple):
    """``((x_train, y_train), (x_test, y_test))``, plus where the data came from.

    Unpacks exactly like the tuple ``keras.datasets`` returns; the extra attributes
    are ``source`` (one of :data:`SOURCES`), ``location`` and ``full`` (whether it is
    the complete data set or a shipped subset).
    """

    source: str
    location: str
    full: bool

    def __new__(cls, train, test, *, source: str, location: str, full: bool):
        self = super().__new__(cls, (train, test))
        self.source, self.location, self.full = source, location, full
        return self

    def describe(self) -> str:
        (x_train, _), (x_test, _) = self
        kind = "full set" if self.full else "shipped subset"
        return (
            f"{len(x_train):,} train + {len(x_test):,} test images, {kind}, "
            f"from {self.source} ({self.location})"
        )


# --- network --------------------------------------------------------------------------


def _network_available(url: str = DOWNLOAD_BASE, timeout: float | None = None) -> bool:
    """Return whether the download host answers, waiting at most ``timeout`` + 1 seconds.

    ``timeout`` defaults to ``PROBE_TIMEOUT_S`` as it is when called. DNS look-ups ignore
    socket timeouts, so the probe runs in a daemon thread that is abandoned if it takes
    too long.
    """
    if is_offline():
        return False
    timeout = PROBE_TIMEOUT_S if timeout is None else timeout
    host = urllib.request.urlparse(url).hostname or ""
    port = urllib.request.urlparse(url).port or 443
    result: list[bool] = []

    def probe() -> None:
        try:
            socket.create_connection((host, port), timeout=timeout).close()
            result.append(True)
        except OSError:
            result.append(False)

    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    thread.join(timeout + 1.0)
    return bool(result and result[0])


def _download(url: str, dest: Path, expected: str, *, gunzip: bool = False) -> Path:
    """Download ``url`` to ``dest`` (a new file), verify it, and only then give it its name."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    try:
        with urllib.request.urlopen(url, timeout=30) as response, open(part, "wb") as out:
            for block in iter(lambda: response.read(1 << 20), b""):
                out.write(block)
        fix = f"The download from {url} was bad; try again."
        verify_file(part, expected, gunzip=gunzip, fix=fix)
        os.replace(part, dest)  # dest did not exist: we only download what is missing
    finally:
        part.unlink(missing_ok=True)  # our own partial file, never a user's
    return dest


def _fetch(name: str) -> Path:
    if name == "mnist":
        return _download(DOWNLOAD_BASE + "mnist.npz", cache_dir() / "mnist.npz", MNIST_NPZ_SHA256)
    folder = cache_dir() / "fashion-mnist"
    for stem, expected in FASHION_IDX_SHA256.items():
        if not (folder / f"{stem}.gz").is_file():
            _download(DOWNLOAD_BASE + f"{stem}.gz", folder / f"{stem}.gz", expected, gunzip=True)
    return folder


# --- loading --------------------------------------------------------------------------


def _fix_hint(path: Path) -> str:
    return (
        f"Fix: move {path.name} aside (or delete it yourself) so the loader can use the next "
        "source, or pass source='shipped' to use the subset that ships with the course."
    )


def read_fashion_folder(folder: Path) -> dict:
    """Read the four Fashion-MNIST IDX ``.gz`` files of ``folder``, each checked by SHA-256.

    Returns ``{stem: uint8 array}`` for the stems of :data:`FASHION_IDX_SHA256`.
    """
    arrays = {}
    for stem, expected in FASHION_IDX_SHA256.items():
        path = Path(folder) / f"{stem}.gz"
        verify_file(path, expected, gunzip=True, fix=_fix_hint(path))
        arrays[stem] = read_idx_gz(path)
    return arrays


def _load_from(name: str, source: str):
    """Load ``name`` from one source; ``(None, why not)`` when that source does not have it."""
    found, why = locate(name, source)
    if found is None and source == "download":
        if is_offline():
            return None, why + "; COURSE_OFFLINE=1 is set, so no download was tried"
        if not _network_available():
            return None, why + f"; {DOWNLOAD_BASE} did not answer"
        found = _fetch(name)
    if found is None:
        return None, why
    if source == "shipped":
        with resources.as_file(found) as path:
            fname = SHIPPED_FILES[name]
            verify_file(path, SHIPPED_SHA256[fname], fix=f"Fix: {hint_for('shipped')}.")
            train, test = read_npz(path)
        where = pretty_path(found)
        return LoadedData(train, test, source=source, location=where, full=False), ""
    if name == "mnist":
        verify_file(found, MNIST_NPZ_SHA256, fix=_fix_hint(found))
        train, test = read_npz(found)
    else:
        x = read_fashion_folder(found)
        train = (x["train-images-idx3-ubyte"], x["train-labels-idx1-ubyte"])
        test = (x["t10k-images-idx3-ubyte"], x["t10k-labels-idx1-ubyte"])
    return LoadedData(train, test, source=source, location=pretty_path(found), full=True), ""


def _load(name: str, source: str, verbose: bool) -> LoadedData:
    if not isinstance(source, str) or source not in ("auto", *SOURCES):
        raise ValueError(f"source must be 'auto' or one of {SOURCES}, got {source!r}")
    if source != "auto" and name not in SOURCE_BY_NAME[source].datasets:
        has = ", ".join(TITLES[n] for n in SOURCE_BY_NAME[source].datasets)
        raise ValueError(f"source={source!r} has only {has}; for {TITLES[name]} use another source")
    if source == "download" and is_offline():
        raise ValueError("source='download' cannot work while COURSE_OFFLINE=1 is set; unset it")
    tried = []
    for candidate in SOURCES if source == "auto" else (source,):
        loaded, why = _load_from(name, candidate)
        if loaded is not None:
            if verbose:
                print(f"{TITLES[name]}: {loaded.describe()}")
            return loaded
        tried.append((SOURCE_BY_NAME[candidate], why))
    if source != "auto":
        why, fix = tried[0][1], hint_for(source)
        title = TITLES[name]
        raise DataNotFoundError(f"{title} was not found in source {source!r} ({why}): {fix}.")
    lines = [f"  - {row.name}: {why}" for row, why in tried]
    fixes = [f"  - {row.name}: {hint_for(row.name)}" for row, why in tried if name in row.datasets]
    raise DataNotFoundError(
        f"{TITLES[name]} was not found in any source. Tried, in this order:\n"
        + "\n".join(lines)
        + "\nTo get the data, do one of these:\n"
        + "\n".join(fixes)
    )


def load_mnist(source: str = "auto", *, verbose: bool = True) -> LoadedData:
    """Load MNIST digits as ``((x_train, y_train), (x_test, y_test))``, like ``keras.datasets``.

    Full MNIST (60,000 + 10,000) comes from a local copy or a download; offline without
    one, you get the shipped 10,000 real digits split 8,000/2,000 (see ``data/README.md``).

    Parameters
    ----------
    source : str, default "auto"
        ``"auto"`` tries :data:`SOURCES` in order; any one of them forces that source.
    verbose : bool, default True
        Print one line that says which source was used.

    Examples
    --------
    >>> (x_train, y_train), (x_test, y_test) = load_mnist("shipped", verbose=False)
    >>> x_train.shape, x_train.dtype, y_test.shape
    ((8000, 28, 28), dtype('uint8'), (2000,))
    """
    return _load("mnist", source, verbose)


def load_fashion_mnist(source: str = "auto", *, verbose: bool = True) -> LoadedData:
    """Load Fashion-MNIST as ``((x_train, y_train), (x_test, y_test))``, like ``keras.datasets``.

    Class names are in :data:`FASHION_CLASSES`. The shipped fallback is a stratified
    real subset: 10,000 training and 2,000 test images from the official splits.

    Examples
    --------
    >>> (x_train, y_train), (x_test, y_test) = load_fashion_mnist("shipped", verbose=False)
    >>> x_train.shape, FASHION_CLASSES[int(y_train[0])] in FASHION_CLASSES
    ((10000, 28, 28), True)
    """
    return _load("fashion_mnist", source, verbose)
