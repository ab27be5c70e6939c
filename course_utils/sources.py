"""Where the course's data sets can be: one table of sources, and what each one holds here.

:data:`SOURCE_TABLE` has one row per source, in the order ``source="auto"`` tries them:
its name, the data sets it can hold and how to fill it (the hint that error messages
give). :func:`locate` says whether a source holds a data set on this machine, without
reading or hashing anything; :mod:`course_utils.data` does the loading.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from course_utils.datafiles import DataFileError, verify_file

__all__ = [
    "DEBIAN_FASHION_DIR",
    "FASHION_STEMS",
    "SHIPPED_FILES",
    "SHIPPED_SHA256",
    "SOURCES",
    "SOURCE_BY_NAME",
    "SOURCE_TABLE",
    "TITLES",
    "Source",
    "cache_dir",
    "check_shipped_files",
    "debian_dir",
    "describe_sources",
    "hint_for",
    "is_offline",
    "keras_datasets_dir",
    "locate",
    "pretty_path",
    "shipped_dir",
]

TITLES = {"mnist": "MNIST", "fashion_mnist": "Fashion-MNIST"}


@dataclass(frozen=True)
class Source:
    """One place a data set can come from: its name, what it holds, and how to fill it."""

    name: str
    datasets: tuple[str, ...]
    hint: str  # how to get the data there; {keras} is the Keras cache folder


SOURCE_TABLE = (
    Source("course_data_dir", ("mnist", "fashion_mnist"),
           "set COURSE_DATA_DIR to a folder holding mnist.npz / fashion-mnist/"),
    Source("keras_cache", ("mnist", "fashion_mnist"), "put the files under {keras}"),
    Source("debian", ("fashion_mnist",),
           "install it with `sudo apt-get install dataset-fashion-mnist`"),
    Source("download", ("mnist", "fashion_mnist"),
           "connect to the internet, or unset COURSE_OFFLINE"),
    Source("shipped", ("mnist", "fashion_mnist"),
           "reinstall the course package (its wheel or the repository), or in a clone "
           "restore data/ with `git checkout -- data/`"),
)  # fmt: skip
SOURCES = tuple(row.name for row in SOURCE_TABLE)

SOURCE_BY_NAME = {row.name: row for row in SOURCE_TABLE}

DEBIAN_FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")  # COURSE_DEBIAN_DIR overrides
# The four IDX files of Fashion-MNIST, as gzipped by every distributor ("<stem>.gz").
FASHION_STEMS = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)
# The shipped subsets (rebuilt byte for byte by scripts/build_data.py), by data set.
SHIPPED_FILES = {"mnist": "mnist_10k.npz", "fashion_mnist": "fashion_mnist_subset.npz"}
SHIPPED_SHA256 = {
    "mnist_10k.npz": "d6a30a8ce9143242cb37227fba14d5a8674f2eca8f8e824b8a5555f73527e2d8",
    "fashion_mnist_subset.npz": "1fd8e3403139c3f91c0adbc3643e0631e938b2344deae15012f2dbb606a69e00",
}
# Where the package sits: site-packages in an install, the repository in a clone.
_PACKAGE_PARENT = Path(__file__).resolve().parent.parent


def shipped_dir():
    """Return the folder of the shipped subsets, as an ``importlib.resources`` traversable.

    In a clone (the package beside ``pyproject.toml``), that is the clone's ``data/``, the
    one copy of the files. An installed package (a wheel or ``pip install .``) carries them
    as the package data ``course_utils._data``, read with :mod:`importlib.resources`.

    Examples
    --------
    >>> (shipped_dir() / "mnist_10k.npz").is_file()
    True
    """
    if (_PACKAGE_PARENT / "pyproject.toml").is_file() and (_PACKAGE_PARENT / "data").is_dir():
        return _PACKAGE_PARENT / "data"
    try:
        return resources.files("course_utils._data")
    except ModuleNotFoundError:  # an install without its data: the loaders say it is missing
        return Path(__file__).resolve().parent / "_data"


def cache_dir() -> Path:
    """Return the user's cache folder for downloads: ``COURSE_CACHE_DIR``, else the XDG one.

    Examples
    --------
    >>> cache_dir().name == "convolutions-in-tensorflow" or "COURSE_CACHE_DIR" in os.environ
    True
    """
    if os.environ.get("COURSE_CACHE_DIR"):
        return Path(os.environ["COURSE_CACHE_DIR"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser() / "convolutions-in-tensorflow"


def keras_datasets_dir() -> Path:
    """Return the Keras cache of data sets, ``$KERAS_HOME/datasets`` (default ``~/.keras``)."""
    return Path(os.environ.get("KERAS_HOME", Path.home() / ".keras")).expanduser() / "datasets"


def debian_dir() -> Path:
    """Return the Debian Fashion-MNIST folder, moved by ``COURSE_DEBIAN_DIR`` if that is set."""
    return Path(os.environ.get("COURSE_DEBIAN_DIR", DEBIAN_FASHION_DIR)).expanduser()


def is_offline() -> bool:
    """Return whether ``COURSE_OFFLINE`` forbids the network (``1``, ``true``, ``yes``, ``on``)."""
    return os.environ.get("COURSE_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


def pretty_path(path) -> str:
    """Show a path without machine-specific folders (notebook outputs are shared)."""
    path = Path(str(path))
    for base, prefix in ((_PACKAGE_PARENT, ""), (Path.home(), "~/")):
        try:
            return prefix + str(path.relative_to(base))
        except ValueError:
            pass
    return str(path)


def locate(name: str, source: str):
    """Return ``(file or folder, "")`` if ``source`` holds ``name`` here, else ``(None, why)``."""
    if name not in SOURCE_BY_NAME[source].datasets:
        return None, f"has no {TITLES[name]}"
    if source == "shipped":
        path = shipped_dir() / SHIPPED_FILES[name]
        return (path, "") if path.is_file() else (None, f"{pretty_path(path)} is missing")
    if source == "course_data_dir" and not os.environ.get("COURSE_DATA_DIR"):
        return None, "COURSE_DATA_DIR is not set"
    if source == "debian":
        folder = debian_dir()
    else:
        base = {
            "course_data_dir": lambda: Path(os.environ["COURSE_DATA_DIR"]).expanduser(),
            "keras_cache": keras_datasets_dir,
            "download": cache_dir,
        }[source]()
        if name == "mnist":
            path = base / "mnist.npz"
            return (path, "") if path.is_file() else (None, f"no {pretty_path(path)}")
        folder = base / "fashion-mnist"
    complete = all((folder / f"{stem}.gz").is_file() for stem in FASHION_STEMS)
    return (folder, "") if complete else (None, f"no {pretty_path(folder)}/*-ubyte.gz")


def describe_sources() -> dict[str, str]:
    """Say, for each data set, which source ``source="auto"`` would use (no network, no hashing).

    Examples
    --------
    >>> sorted(describe_sources())
    ['Fashion-MNIST', 'MNIST']
    """
    found = {}
    for name, title in TITLES.items():
        for source in SOURCES[:-1]:
            path, _ = locate(name, source)
            if path is not None:
                found[title] = f"full set from {source} ({pretty_path(path)})"
                break
        else:
            online = "" if is_offline() else " (a download is tried first when online)"
            where = pretty_path(shipped_dir() / SHIPPED_FILES[name])
            found[title] = f"shipped subset ({where}){online}"
    return found


def check_shipped_files() -> dict[str, DataFileError | FileNotFoundError | None]:
    """Check every shipped subset against its SHA-256: ``{shown path: None or the error}``.

    Examples
    --------
    >>> list(check_shipped_files().values())
    [None, None]
    """
    results = {}
    for fname, expected in SHIPPED_SHA256.items():
        with resources.as_file(shipped_dir() / fname) as path:
            try:
                verify_file(path, expected, fix=f"Fix: {SOURCE_BY_NAME['shipped'].hint}.")
            except (DataFileError, FileNotFoundError) as err:
                results[pretty_path(path)] = err
            else:
                results[pretty_path(path)] = None
    return results


def hint_for(source: str) -> str:
    """Return how to get the data into ``source`` (the hint of its :data:`SOURCE_TABLE` row).

    Examples
    --------
    >>> hint_for("debian")
    'install it with `sudo apt-get install dataset-fashion-mnist`'
    """
    return SOURCE_BY_NAME[source].hint.format(keras=pretty_path(keras_datasets_dir()))
