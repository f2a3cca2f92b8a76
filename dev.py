#!/usr/bin/env python3
"""Set up and run wirelint's development tasks with nothing but Python 3.10+.

    python3 dev.py demo    # create .venv, install wirelint, check the bundled examples/
    python3 dev.py test    # create .venv, install wirelint + test tools, run the whole test suite
    python3 dev.py lint    # ruff and mypy, as the project's pre-commit config runs them
    python3 dev.py bench   # the benchmarks in bench/ on a regular install (figures, not pass/fail)
    python3 dev.py bench audit [args]   # bench/audit.py: `wirelint audit` on 100,000 articles

The virtual environment is reused; it is reinstalled when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".dev-stamp"


def ensure_venv(extras: str) -> None:
    if sys.version_info < (3, 10):  # noqa: UP036 - dev.py runs under whatever python3 is on the machine
        sys.exit(f"wirelint needs Python 3.10 or newer; this is {sys.version.split()[0]}")
    if not PYTHON.exists():
        print(f"dev.py: creating {VENV.relative_to(ROOT)}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    have = STAMP.read_text().split() if STAMP.exists() else []
    if want in have:
        return
    print(f"dev.py: installing wirelint{extras} into {VENV.relative_to(ROOT)}", flush=True)
    run([str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", f".{extras}"])
    STAMP.write_text("\n".join([*have, want]) + "\n")


def run(cmd: list[str]) -> int:
    code = subprocess.call(cmd, cwd=ROOT)
    if code not in (0,):
        raise SystemExit(code)
    return code


def demo() -> int:
    ensure_venv("")
    cmd = [str(BIN / "wirelint"), "check", "examples"]
    print("$ wirelint check examples", flush=True)
    code = subprocess.call(cmd, cwd=ROOT)
    # Exit 1 means "violations found": the examples include non-compliant stories on purpose.
    return 0 if code in (0, 1) else code


def test() -> int:
    ensure_venv("[test]")
    return subprocess.call([str(PYTHON), "-m", "pytest", *sys.argv[2:]], cwd=ROOT)


def lint() -> int:
    ensure_venv("[test]")
    run([str(BIN / "ruff"), "check", "linter", "tests", "bench", "dev.py"])
    run([str(BIN / "ruff"), "format", "--check", "--diff", "linter"])
    run([str(BIN / "mypy")])
    return 0


def bench() -> int:
    """Measure a regular (non-editable) install, as pip and pre-commit install it: an
    editable install adds an import hook to every start, and PYTHONDONTWRITEBYTECODE in
    some shells would leave the checkout's modules uncompiled."""
    bench_venv = ROOT / ".venv-bench"
    bench_bin = bench_venv / ("Scripts" if os.name == "nt" else "bin")
    bench_python = bench_bin / ("python.exe" if os.name == "nt" else "python")
    if not bench_python.exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(bench_venv)
    print("dev.py: installing this checkout into .venv-bench (regular install)", flush=True)
    run([str(bench_python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--force-reinstall", "."])
    args = sys.argv[2:]
    script = "bench/run.py"
    if args[:1] == ["audit"]:
        script, args = "bench/audit.py", args[1:]
    return subprocess.call([str(bench_python), script, *args], cwd=ROOT)


TASKS = {"demo": demo, "test": test, "lint": lint, "bench": bench}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in TASKS:
        sys.exit(f"usage: python3 dev.py {{{'|'.join(TASKS)}}} [args]")
    sys.exit(TASKS[sys.argv[1]]())
