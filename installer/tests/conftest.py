"""Fixtures of the installer smoke tests (`make dist-check`): they test what `make dist` built.

These tests run the frozen program, never the source tree's Python modules: a missing data file,
hidden import or Qt plugin in the bundle fails here even though the ordinary suite passes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installer"))

import buildinfo  # noqa: E402

DIST = ROOT / "dist"
BUNDLE = DIST / "clusterdesk"
EXE = BUNDLE / buildinfo.exe_name()


def _require(path: Path) -> Path:
    # A missing artefact is a failure, not a skip: dist-check runs after `make dist`.
    assert path.exists(), f"{path} is missing: run `make dist` first"
    return path


@pytest.fixture(scope="session")
def exe() -> Path:
    return _require(EXE)


@pytest.fixture(scope="session")
def bundle() -> Path:
    return _require(BUNDLE)


@pytest.fixture(scope="session")
def deb() -> Path:
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()
    return _require(DIST / f"clusterdesk_{buildinfo.version()}_{arch}.deb")


@pytest.fixture(scope="session")
def tarball() -> Path:
    return _require(DIST / f"clusterdesk-{buildinfo.version()}-linux-{os.uname().machine}.tar.gz")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A fresh per-test home for the frozen app's folders (never the real user's data)."""
    return tmp_path / "home"


@pytest.fixture
def run_frozen(home: Path) -> Iterator[object]:
    """Run the frozen executable headless with its folders in `home`; returns the result."""

    def run(*args: str, exe_path: Path = EXE, timeout: float = 120) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CLUSTERDESK_", "QT_"))}
        env.update(CLUSTERDESK_HOME=str(home), QT_QPA_PLATFORM="offscreen", LC_ALL="C.UTF-8")
        return subprocess.run(
            [str(exe_path), *args], capture_output=True, text=True, env=env, timeout=timeout
        )

    yield run
