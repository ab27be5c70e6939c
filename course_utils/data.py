"""Load MNIST and Fashion-MNIST from the best source on this machine, offline or online.

Both loaders return ``((x_train, y_train), (x_test, y_test))`` exactly like
``keras.datasets`` (uint8 images of shape ``(n, 28, 28)``, uint8 labels), and say
which source they used. With ``source="auto"`` they try, in order:

1. ``course_data_dir``: ``$COURSE_DATA_DIR/mnist.npz`` or ``$COURSE_DATA_DIR/fashion-mnist/``;
2. ``keras_cache``: the same layout under ``$KERAS_HOME/datasets`` (default ``~/.keras``),
   only read, never written;
3. ``debian``: the Debian package ``dataset-fashion-mnist`` (Fashion-MNIST only; the folder
   can be moved with ``COURSE_DEBIAN_DIR``, e.g. to a non-existent one to test the fallback);
4. ``download``: an earlier download in the course cache, or a new one when online
   (never when ``COURSE_OFFLINE=1``; at most about 5 s to find out that we are offline);
5. ``shipped``: the real subsets in the repository's ``data/`` folder.

Every file is checked against a known SHA-256 before use. A file that fails gets a
:class:`DataFileError` that names it and says how to fix it; the loader never
deletes, moves or overwrites a file it did not write.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import socket
import threading
import urllib.request
import zlib
from pathlib import Path

import numpy as np

__all__ = [
    "FASHION_CLASSES",
    "MNIST_CLASSES",
    "SOURCES",
    "DataFileError",
    "LoadedData",
    "describe_sources",
    "load_fashion_mnist",
    "load_mnist",
    "sha256_of",
]

FASHION_CLASSES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)  # fmt: skip
MNIST_CLASSES = tuple(str(d) for d in range(10))
SOURCES = ("course_data_dir", "keras_cache", "debian", "download", "shipped")

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEBIAN_FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")  # COURSE_DEBIAN_DIR overrides
DOWNLOAD_BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
PROBE_TIMEOUT_S = 4.0

# Keras' own hash of mnist.npz (keras/src/datasets/mnist.py).
MNIST_NPZ_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
# Fashion-MNIST: SHA-256 of the *uncompressed* IDX bytes. Distributors re-gzip the files
# (Debian's .gz bytes differ from upstream's), but the content is the same everywhere.
FASHION_IDX_SHA256 = {
    "train-images-idx3-ubyte": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    "train-labels-idx1-ubyte": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    "t10k-images-idx3-ubyte": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    "t10k-labels-idx1-ubyte": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
}
# The subsets shipped in data/ (rebuilt byte for byte by scripts/build_data.py).
SHIPPED_SHA256 = {
    "mnist_10k.npz": "d6a30a8ce9143242cb37227fba14d5a8674f2eca8f8e824b8a5555f73527e2d8",
    "fashion_mnist_subset.npz": "1fd8e3403139c3f91c0adbc3643e0631e938b2344deae15012f2dbb606a69e00",
}
_SHIPPED_FILE = {"mnist": "mnist_10k.npz", "fashion_mnist": "fashion_mnist_subset.npz"}
_TITLE = {"mnist": "MNIST", "fashion_mnist": "Fashion-MNIST"}


class DataFileError(ValueError):
    """A data file is corrupt, truncated or not the expected data set."""


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


def sha256_of(path: Path | str, *, gunzip: bool = False) -> str:
    """Return the SHA-256 hex digest of a file (of its uncompressed bytes if ``gunzip``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> _ = p.write_bytes(b"abc")
    >>> sha256_of(p)[:16]
    'ba7816bf8f01cfea'
    """
    digest = hashlib.sha256()
    opener = gzip.open if gunzip else open
    with opener(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pretty(path: Path) -> str:
    """Show a path without the user's home directory in it (notebook outputs are shared)."""
    home = Path.home()
    try:
        return "~/" + str(path.relative_to(home))
    except ValueError:
        pass
    try:
        return str(path.relative_to(DATA_DIR.parent))
    except ValueError:
        return str(path)


def _verify(path: Path, expected: str, *, gunzip: bool = False, fix: str = "") -> None:
    try:
        found = sha256_of(path, gunzip=gunzip)
    except (OSError, EOFError, zlib.error) as err:
        raise DataFileError(
            f"{path} could not be read ({err}); it is corrupt or truncated. "
            f"The file was left untouched. {fix}"
        ) from None
    if found != expected:
        what = "uncompressed content" if gunzip else "file"
        raise DataFileError(
            f"{path} is not the expected file: the SHA-256 of its {what} is\n"
            f"  {found}\nbut the course expects\n  {expected}\n"
            f"It is corrupt, truncated or a different data set, and was left untouched. {fix}"
        )


def _fix_hint(path: Path) -> str:
    return (
        f"Fix: move {path.name} aside (or delete it yourself) so the loader can use the next "
        "source, or pass source='shipped' to use the subset that ships with the course."
    )


# --- where each data set can be found -------------------------------------------------


def _keras_datasets_dir() -> Path:
    return Path(os.environ.get("KERAS_HOME", Path.home() / ".keras")).expanduser() / "datasets"


def _debian_dir() -> Path:
    return Path(os.environ.get("COURSE_DEBIAN_DIR", DEBIAN_FASHION_DIR)).expanduser()


def _cache_dir() -> Path:
    default = Path.home() / ".cache" / "convolutions-in-tensorflow"
    return Path(os.environ.get("COURSE_CACHE_DIR", default)).expanduser()


def _offline() -> bool:
    return os.environ.get("COURSE_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


def _candidates(name: str, source: str) -> Path | None:
    """Return the file (MNIST) or folder (Fashion-MNIST) a local source holds, if present."""
    if source == "course_data_dir":
        root = os.environ.get("COURSE_DATA_DIR")
        if not root:
            return None
        base = Path(root).expanduser()
    elif source == "keras_cache":
        base = _keras_datasets_dir()
    elif source == "debian":
        if name != "fashion_mnist":
            return None
        folder = _debian_dir()
        files = [folder / f"{stem}.gz" for stem in FASHION_IDX_SHA256]
        return folder if all(f.is_file() for f in files) else None
    elif source == "download":
        base = _cache_dir()
    else:
        raise AssertionError(source)
    if name == "mnist":
        path = base / "mnist.npz"
        return path if path.is_file() else None
    folder = base / "fashion-mnist"
    files = [folder / f"{stem}.gz" for stem in FASHION_IDX_SHA256]
    return folder if all(f.is_file() for f in files) else None


def describe_sources() -> dict[str, str]:
    """Say, for each data set, which source ``source="auto"`` would use (no network, no hashing).

    Examples
    --------
    >>> sorted(describe_sources())
    ['Fashion-MNIST', 'MNIST']
    """
    found = {}
    for name, title in _TITLE.items():
        for source in SOURCES[:4]:
            if source == "debian" and name == "mnist":
                continue
            path = _candidates(name, source)
            if path is not None:
                found[title] = f"full set from {source} ({_pretty(path)})"
                break
        else:
            online = "" if _offline() else " (a download is tried first when online)"
            found[title] = f"shipped subset (data/{_SHIPPED_FILE[name]}){online}"
    return found


# --- network --------------------------------------------------------------------------


def _network_available(url: str = DOWNLOAD_BASE, timeout: float = PROBE_TIMEOUT_S) -> bool:
    """Return whether the download host answers, waiting at most about ``timeout`` seconds.

    DNS look-ups ignore socket timeouts, so the probe runs in a daemon thread that is
    abandoned if it takes too long.
    """
    if _offline():
        return False
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
        _verify(part, expected, gunzip=gunzip, fix=f"The download from {url} was bad; try again.")
        os.replace(part, dest)  # dest did not exist: we only download what is missing
    finally:
        part.unlink(missing_ok=True)  # our own partial file, never a user's
    return dest


# --- loading --------------------------------------------------------------------------


def _read_idx(path: Path, stem: str) -> np.ndarray:
    _verify(path, FASHION_IDX_SHA256[stem], gunzip=True, fix=_fix_hint(path))
    raw = gzip.decompress(path.read_bytes())
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims).copy()


def _read_npz(path: Path, expected: str, fix: str) -> tuple:
    _verify(path, expected, fix=fix)
    with np.load(path, allow_pickle=False) as npz:
        arrays = [npz[k] for k in ("x_train", "y_train", "x_test", "y_test")]
    return (arrays[0], arrays[1]), (arrays[2], arrays[3])


def _load_from(name: str, source: str) -> LoadedData | None:
    """Load ``name`` from one source; ``None`` when that source does not have it."""
    if source == "shipped":
        path = DATA_DIR / _SHIPPED_FILE[name]
        if not path.is_file():
            return None
        fix = "Fix: restore it with `git checkout -- data/` (it is part of the repository)."
        train, test = _read_npz(path, SHIPPED_SHA256[path.name], fix)
        return LoadedData(train, test, source=source, location=_pretty(path), full=False)
    if source == "debian" and name == "mnist":
        return None
    found = _candidates(name, source)
    if found is None and source == "download" and _network_available():
        found = _fetch(name)
    if found is None:
        return None
    if name == "mnist":
        train, test = _read_npz(found, MNIST_NPZ_SHA256, _fix_hint(found))
    else:
        x = {stem: _read_idx(found / f"{stem}.gz", stem) for stem in FASHION_IDX_SHA256}
        train = (x["train-images-idx3-ubyte"], x["train-labels-idx1-ubyte"])
        test = (x["t10k-images-idx3-ubyte"], x["t10k-labels-idx1-ubyte"])
    return LoadedData(train, test, source=source, location=_pretty(found), full=True)


def _fetch(name: str) -> Path:
    cache = _cache_dir()
    if name == "mnist":
        return _download(DOWNLOAD_BASE + "mnist.npz", cache / "mnist.npz", MNIST_NPZ_SHA256)
    folder = cache / "fashion-mnist"
    for stem, expected in FASHION_IDX_SHA256.items():
        if not (folder / f"{stem}.gz").is_file():
            _download(DOWNLOAD_BASE + f"{stem}.gz", folder / f"{stem}.gz", expected, gunzip=True)
    return folder


def _load(name: str, source: str, verbose: bool) -> LoadedData:
    if not isinstance(source, str) or source not in ("auto", *SOURCES):
        raise ValueError(f"source must be 'auto' or one of {SOURCES}, got {source!r}")
    if source == "debian" and name == "mnist":
        raise ValueError("source='debian' has only Fashion-MNIST; for MNIST use another source")
    if source == "download" and _offline():
        raise ValueError("source='download' cannot work while COURSE_OFFLINE=1 is set; unset it")
    order = SOURCES if source == "auto" else (source,)
    for candidate in order:
        loaded = _load_from(name, candidate)
        if loaded is not None:
            if verbose:
                print(f"{_TITLE[name]}: {loaded.describe()}")
            return loaded
    hints = {
        "course_data_dir": "set COURSE_DATA_DIR to a folder holding mnist.npz / fashion-mnist/",
        "keras_cache": f"put the files under {_pretty(_keras_datasets_dir())}",
        "debian": "install it with `sudo apt-get install dataset-fashion-mnist`",
        "download": "connect to the internet, or unset COURSE_OFFLINE",
        "shipped": "restore data/ with `git checkout -- data/`",
    }
    raise FileNotFoundError(f"{_TITLE[name]} was not found in source {source!r}: {hints[source]}.")


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
