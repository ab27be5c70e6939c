"""The Makefile: `make help` lists every target, and nbval's flags live in one file."""

import re
import shutil
import subprocess

import pytest
from support import ROOT

MAKEFILE = (ROOT / "Makefile").read_text()
TARGETS = re.findall(r"^([a-z][a-z-]*):(?!=)", MAKEFILE, re.MULTILINE)


def test_every_target_is_phony_and_documented():
    assert {"help", "lab", "test", "lint", "unit", "nbval"} <= set(TARGETS)
    phony = set(" ".join(re.findall(r"^\.PHONY:(.*)$", MAKEFILE, re.MULTILINE)).split())
    assert set(TARGETS) <= phony, set(TARGETS) - phony
    undocumented = [t for t in TARGETS if not re.search(rf"^{t}:.*## ", MAKEFILE, re.MULTILINE)]
    assert not undocumented, f"targets without a `## ` description: {undocumented}"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_help_lists_every_target():
    out = subprocess.run(
        ["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    listed = re.findall(r"^  make (\S+)", out.stdout, re.MULTILINE)
    assert listed == TARGETS


def test_the_nbval_flags_are_written_once():
    args = (ROOT / "tests" / "nbval.args").read_text().split()
    assert args[:2] == ["--nbval", "--nbval-current-env"]
    assert (ROOT / args[args.index("--nbval-sanitize-with") + 1]).exists()
    files = [ROOT / "Makefile", ROOT / "pyproject.toml", *ROOT.glob("*.md"), *ROOT.glob("*/*.md")]
    for folder in ("benchmarks", "scripts", "tests", ".ci"):
        files += (ROOT / folder).rglob("*")
    elsewhere = [
        p.relative_to(ROOT)
        for p in files
        if p.is_file()
        and "__pycache__" not in p.parts  # pytest's compiled copy of this test has the flag
        and p.name not in ("test_make.py", "nbval.args")
        and "--nbval-sanitize-with" in p.read_text(errors="ignore")
    ]
    assert not elsewhere, f"nbval flags written outside tests/nbval.args: {elsewhere}"
