"""The build facts the PyInstaller spec and the package recipes share (installer/buildinfo.py).

These run in `make test`; the frozen bundle itself is tested by `make dist-check`.
"""

from __future__ import annotations

import ast
import plistlib
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "installer"))

import buildinfo  # noqa: E402


def test_version_is_pyprojects() -> None:
    with open(ROOT / "pyproject.toml", "rb") as fh:
        assert buildinfo.version() == tomllib.load(fh)["project"]["version"]


def test_executable_names() -> None:
    assert buildinfo.exe_name("win32") == "ClusterDesk"  # PyInstaller adds .exe
    assert buildinfo.exe_name("linux") == "clusterdesk"
    assert buildinfo.exe_name("darwin") == "clusterdesk"


@pytest.mark.parametrize(
    ("version", "numbers"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("1.2.3rc1", (1, 2, 3, 0)),
        ("2.0", (2, 0, 0, 0)),
        ("1.2.3.4.5", (1, 2, 3, 4)),
        ("0.1.0+local", (0, 1, 0, 0)),
    ],
)
def test_windows_version_numbers(version: str, numbers: tuple[int, ...]) -> None:
    assert buildinfo.windows_version(version) == numbers


def test_info_plist_is_a_valid_property_list() -> None:
    plist = plistlib.loads(plistlib.dumps(buildinfo.info_plist("1.2.3")))
    assert plist["CFBundleShortVersionString"] == "1.2.3"
    assert plist["CFBundleIdentifier"] == "eus.spri.clusterdesk"
    assert plist["CFBundleExecutable"] == "clusterdesk"
    assert plist["CFBundlePackageType"] == "APPL"
    assert plist["NSHighResolutionCapable"] is True
    assert plist["CFBundleIconFile"].endswith(".icns")


def test_required_xcb_packages_are_declared() -> None:
    required = {"libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0"}
    assert required <= set(buildinfo.DEB_DEPENDS)
    assert len(set(buildinfo.DEB_DEPENDS)) == len(buildinfo.DEB_DEPENDS)


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("libX11.so.6", False),  # the system's, matching the display server
        ("libxcb-cursor.so.0", False),
        ("libfontconfig.so.1", False),
        ("libglib-2.0.so.0", False),
        ("libxcb-9065bb12.so.1.1.0", True),  # Pillow's own copy, renamed by auditwheel
        ("libfreetype-57f805ba.so.6.20.6", True),
        ("libsqlite3.so.0", True),
        ("libssl.so.3", False),
        ("libcrypto.so.3", False),
        ("libstdc++.so.6", False),  # Python's SQLite (FTS5) travels with Python
        ("libpython3.11.so.1.0", True),
        ("PySide6/Qt/lib/libQt6Core.so.6", True),
        ("PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6", False),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", True),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
    ],
)
def test_linux_binary_selection(dest: str, kept: bool) -> None:
    assert buildinfo.keep_linux_binary(dest) is kept


def imported_modules(source: Path) -> set[str]:
    tree = ast.parse(source.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def excluded_imports(sources: list[Path]) -> list[str]:
    excluded = buildinfo.PY_EXCLUDES + buildinfo.QT_EXCLUDES
    return [
        f"{source.name}: {name}"
        for source in sources
        for name in sorted(imported_modules(source))
        if any(name == e or name.startswith(e + ".") for e in excluded)
    ]


def test_app_never_imports_what_the_bundle_leaves_out() -> None:
    """The frozen app would fail with ModuleNotFoundError where the source tree works."""
    offenders = excluded_imports(sorted((ROOT / "app").rglob("*.py")))
    assert not offenders, offenders


def test_the_import_scan_finds_an_excluded_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import numpy as np\nimport pandas as pd\nfrom PySide6.QtQml import QQmlEngine\n",
        encoding="utf-8",
    )
    assert excluded_imports([sample]) == [
        "sample.py: PySide6.QtQml",
        "sample.py: PySide6.QtQml.QQmlEngine",
        "sample.py: pandas",
    ]


def test_app_version_from_an_uninstalled_source_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib.metadata import PackageNotFoundError

    import app

    def not_installed(name: str) -> str:
        raise PackageNotFoundError(name)

    monkeypatch.setattr(app, "version", not_installed)
    assert app._version() == buildinfo.version()
