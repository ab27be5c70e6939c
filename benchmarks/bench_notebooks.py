"""Wall time of each lecture notebook, executed the way CI executes it (pytest + nbval).

    python benchmarks/bench_notebooks.py [notebooks/NN_name.ipynb ...]

Budgets: at most 3 minutes for any lecture and 10 minutes for the whole course, on a
2-core CPU. The total is also the time of the nbval part of `make test`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from common import NBVAL, ROOT, machine, save, start_tf, table

LECTURE_BUDGET_S, COURSE_BUDGET_S = 180, 600


def notebook_paths(argv: list[str]) -> list[Path]:
    """The notebooks named in ``argv`` (absolute), or every lecture; exits on a bad name."""
    parser = argparse.ArgumentParser(
        description="Time each lecture notebook under nbval, as CI runs it."
    )
    parser.add_argument(
        "notebooks", nargs="*", type=Path, help="notebooks to time (default: every lecture)"
    )
    args = parser.parse_args(argv)
    for path in args.notebooks:
        if path.suffix != ".ipynb" or not path.is_file():
            parser.error(
                f"notebooks: {str(path)!r} is not a notebook file; give paths such as "
                "notebooks/03_keras_convnet.ipynb, or none for every lecture"
            )
    return [p.resolve() for p in args.notebooks] or sorted(
        (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")
    )


def main() -> None:
    paths = notebook_paths(sys.argv[1:])
    rows = []
    for path in paths:
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", NBVAL, str(path)]
        start = time.perf_counter()
        result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        rows.append(
            {
                "notebook": path.name,
                "seconds": seconds,
                "passed": "yes" if result.returncode == 0 else "NO",
                "budget": "ok" if seconds <= LECTURE_BUDGET_S else "OVER",
            }
        )
        print(f"{path.name}: {seconds:.0f} s", file=sys.stderr)
    total = sum(r["seconds"] for r in rows)
    start_tf()
    info = machine()
    # Set by emulate_cpu.py: this run was on an emulated slower CPU, not on info["cpu"] itself.
    emulated = os.environ.get("COURSE_EMULATED_CPU")
    if emulated:
        info["emulated"] = emulated
    where = f"emulated {emulated}, on {info['cpu']}" if emulated else info["cpu"]
    print(f"## Notebook run times under nbval ({where})\n")
    print(
        table(
            rows,
            [
                ("notebook", "notebook", "s"),
                ("seconds", "seconds", ".0f"),
                ("passed", "nbval passed", "s"),
                ("budget", "≤ 180 s", "s"),
            ],
        )
    )
    verdict = "within" if total <= COURSE_BUDGET_S else "OVER"
    print(f"\nwhole course: {total:.0f} s ({verdict} the {COURSE_BUDGET_S} s budget)")
    save(
        "notebooks-emulated" if emulated else "notebooks",
        {"machine": info, "rows": rows, "total_s": total},
    )


if __name__ == "__main__":
    main()
