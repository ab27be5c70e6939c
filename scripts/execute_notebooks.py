"""Execute notebooks top to bottom in place, the way CI re-executes them with nbval.

    python scripts/execute_notebooks.py notebooks/*.ipynb

Each notebook runs in a fresh kernel of this interpreter, with ``notebooks/`` as the
working directory, and is saved with its outputs. The run fails, and the notebook is
left as it was, when a cell raises (unless tagged ``raises-exception``) or writes to
stderr: stderr output is machine-specific noise that nbval cannot compare.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert.preprocessors import CoalesceStreamsPreprocessor

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def execute(path: Path, timeout: int) -> float:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
    )
    client.execute(env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    # A busy kernel may deliver one print in two stream messages; store it as JupyterLab
    # shows it (one output per stream), so the committed file does not depend on timing.
    nb, _ = CoalesceStreamsPreprocessor().preprocess(nb, {})
    elapsed = time.perf_counter() - start
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                raise SystemExit(
                    f"{path}: cell {index} wrote to stderr; fix the cause (or silence it) "
                    f"and run again:\n{output['text'][:2000]}"
                )
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.metadata.pop("widgets", None)  # widget state is per-run noise; the kernel rebuilds it
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--timeout", type=int, default=900, help="seconds per cell")
    args = parser.parse_args(argv)
    for path in args.notebooks:
        seconds = execute(path, args.timeout)
        print(f"{path}: executed in {seconds:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
