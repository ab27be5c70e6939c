"""Test-suite time: a cold setup (new venv + pinned install), then each part of `make test` warm.

    python benchmarks/bench_tests.py [--skip-cold]

Cold `make test` = cold setup + ruff + unit tests + nbval; warm = the same without the setup
(make skips it when requirements.txt and pyproject.toml are unchanged). The nbval part is
timed notebook by notebook in bench_notebooks.py; here it runs once, as in `make test`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import NBVAL, RESULTS, ROOT, machine, save, start_tf, table

BIN = Path(sys.executable).parent


def _timed(cmd, **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, **kwargs)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-cold", action="store_true")
    parser.add_argument(
        "--reuse-notebooks", action="store_true", help="take the nbval time from notebooks.json"
    )
    args = parser.parse_args()
    rows = []
    if not args.skip_cold:
        with tempfile.TemporaryDirectory() as tmp:
            venv = Path(tmp) / "venv"
            base = shutil.which("python3") or sys.executable
            seconds = _timed([base, "-m", "venv", str(venv)])
            seconds += _timed(
                [venv / "bin/python", "-m", "pip", "install", "-q", "-r", ROOT / "requirements.txt"]
            )
            rows.append(
                {"part": "cold setup: venv + pinned install (pip cache warm)", "s": seconds}
            )
    rows.append({"part": "ruff check .", "s": _timed([BIN / "ruff", "check", "."], cwd=ROOT)})
    unit = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests", "course_utils"]
    rows.append({"part": "unit tests + doctests", "s": _timed(unit, cwd=ROOT)})
    earlier = RESULTS / "notebooks.json"
    if args.reuse_notebooks and earlier.exists():  # make bench has just timed them
        nbval_s = json.loads(earlier.read_text())["total_s"]
        rows.append({"part": "nbval, every notebook (from bench_notebooks.py)", "s": nbval_s})
    else:
        nbval = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", NBVAL, "notebooks"]
        rows.append({"part": "nbval, every notebook", "s": _timed(nbval, cwd=ROOT)})
    browser = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "browser",
               "tests/test_browser.py"]  # fmt: skip
    rows.append({"part": "browser tests", "s": _timed(browser, cwd=ROOT)})
    warm = sum(r["s"] for r in rows if not r["part"].startswith("cold"))
    rows.append({"part": "make test, warm (sum)", "s": warm})
    if not args.skip_cold:
        rows.append({"part": "make test, cold (sum)", "s": warm + rows[0]["s"]})
    start_tf()
    info = machine()
    print(f"## Test-suite time ({info['cpu']})\n")
    print(table(rows, [("part", "part", "s"), ("s", "seconds", ".0f")]))
    save("tests", {"machine": info, "rows": rows})


if __name__ == "__main__":
    main()
