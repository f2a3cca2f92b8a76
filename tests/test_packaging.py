"""The wheel carries the shipped policies, and an installed wirelint finds them from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import ROOT


def test_wheel_ships_policies_and_finds_them_from_any_folder(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("wirelint-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {"linter/policies/ap.yaml", "linter/policies/reuters.yaml", "linter/cli.py"} <= set(names)
    assert not [n for n in names if n.startswith(("tests/", "bench/", "examples/"))]

    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-m", "linter", "policy", "list"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    # The policies come from the installed copy, not from this checkout.
    assert f"({site / 'linter' / 'policies' / 'ap.yaml'})" in result.stdout
