"""Plain helpers the test modules import (fixtures live in conftest.py)."""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def load_script(name: str) -> ModuleType:
    """Import ``scripts/<name>.py`` as the module ``name`` (scripts/ is not a package).

    It is registered in ``sys.modules`` first, as an import would: dataclasses look their
    module up there.
    """
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def run_without_tensorflow(code: str) -> str:
    """Run ``code`` in a fresh Python where importing tensorflow or keras fails; return stdout.

    Fails the test, with the child's stderr, if the code raises.
    """
    import subprocess

    blocker = "import sys; sys.modules['tensorflow'] = None; sys.modules['keras'] = None\n"
    result = subprocess.run(
        [sys.executable, "-c", blocker + code], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()
