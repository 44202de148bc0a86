"""The packages `make dist` built: libraries, the .deb (installed, upgraded, removed), the .tar.gz,
the Windows installer and the size budget. Run by `make dist-check` after `make dist`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tarfile
from functools import cache
from pathlib import Path

import buildinfo
import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUIRED_DEPENDS = {"libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0"}
SIZE_BUDGET_BYTES = 200_000_000  # the aim for the unpacked bundle: 200 MB


def sh(*args: str | Path, **kwargs) -> str:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{' '.join(map(str, args))}: {result.stderr}"
    return result.stdout


def elf_files(bundle: Path) -> list[Path]:
    found = []
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as fh:
                if fh.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def ldd(path: Path, bundle: Path) -> dict[str, str | None]:
    """soname -> resolved path (None when not found), as the frozen app's loader sees it: the
    bootloader puts _internal on the library path."""
    env = {**os.environ, "LD_LIBRARY_PATH": str(bundle / "_internal")}
    out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env).stdout
    deps: dict[str, str | None] = {}
    for line in out.splitlines():
        match = re.match(r"\s*(\S+) => (not found|(\S+) \(0x)", line)
        if match:
            deps[match.group(1)] = None if match.group(2) == "not found" else match.group(3)
    return deps


def test_no_bundled_binary_misses_a_library(bundle: Path) -> None:
    files = elf_files(bundle)
    plugins = [f for f in files if "/Qt/plugins/" in str(f)]
    assert any(f.name == "libqxcb.so" for f in plugins), "the xcb platform plugin is not bundled"
    assert any(f.name == "libqsvgicon.so" for f in plugins), "the SVG icon engine is not bundled"
    missing = {
        f"{f.relative_to(bundle)}: {name}"
        for f in files
        for name, where in ldd(f, bundle).items()
        if where is None
    }
    assert not missing, "\n".join(sorted(missing))


@cache
def package_of(path: str) -> str:
    """The Debian package owning a library file (trying the /usr-merged spelling too)."""
    real = os.path.realpath(path)
    candidates = {path, real}
    for p in list(candidates):
        if p.startswith("/usr/lib/"):
            candidates.add(p[len("/usr") :])
        elif p.startswith("/lib/"):
            candidates.add("/usr" + p)
    for candidate in candidates:
        result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0:
            return result.stdout.split(":", 1)[0].strip()
    raise AssertionError(f"no Debian package owns {path}")


@cache
def package_field(package: str, field: str) -> str:
    result = subprocess.run(
        ["dpkg-query", "-W", f"-f=${{{field}}}", package], capture_output=True, text=True
    )
    return result.stdout if result.returncode == 0 else ""


def depends_closure(packages: list[str]) -> set[str]:
    """The packages, and everything they depend on, as installed here."""
    seen: set[str] = set()
    todo = list(packages)
    while todo:
        package = todo.pop()
        if package in seen:
            continue
        seen.add(package)
        fields = package_field(package, "Depends") + "," + package_field(package, "Pre-Depends")
        for clause in fields.split(","):
            for alternative in clause.split("|"):
                name = alternative.strip().split(" ")[0].split(":")[0]
                if name:
                    todo.append(name)
    return seen


def test_system_libraries_come_from_declared_packages(bundle: Path) -> None:
    """Every library the bundle takes from the system belongs to a package the .deb depends on
    (directly or through them) or to Debian's required base system."""
    closure = depends_closure([d.split(" ")[0] for d in buildinfo.DEB_DEPENDS])
    inside = str(bundle.resolve())
    undeclared: dict[str, set[str]] = {}
    for f in elf_files(bundle):
        for name, where in ldd(f, bundle).items():
            if where is None or os.path.realpath(where).startswith(inside):
                continue
            package = package_of(where)
            base = package_field(package, "Priority") == "required" or (
                package_field(package, "Essential") == "yes"
            )
            if package not in closure and not base:
                undeclared.setdefault(package, set()).add(name)
    assert not undeclared, f"add to DEB_DEPENDS in installer/buildinfo.py: {undeclared}"


def test_size_of_the_bundle_and_archives(bundle: Path, deb: Path, tarball: Path) -> None:
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    unpacked = sum(p.stat().st_size for p in files)
    print(
        f"\nbundle: {unpacked / 1e6:.1f} MB ({unpacked / 2**20:.1f} MiB) in {len(files)} files; "
        f".tar.gz {tarball.stat().st_size / 1e6:.1f} MB; .deb {deb.stat().st_size / 1e6:.1f} MB"
    )
    assert unpacked <= SIZE_BUDGET_BYTES, f"bundle is {unpacked / 1e6:.1f} MB, budget 200 MB"


def test_no_dangling_links_in_the_bundle(bundle: Path) -> None:
    dangling = [p for p in bundle.rglob("*") if p.is_symlink() and not p.exists()]
    assert not dangling, dangling


def glibc_needs(path: Path) -> set[tuple[int, ...]]:
    out = sh("objdump", "-T", path)
    return {tuple(map(int, v.split("."))) for v in re.findall(r"GLIBC_(\d+(?:\.\d+)+)", out)}


def test_declared_glibc_covers_every_binary(bundle: Path) -> None:
    """The .deb's libc6 (>= X) is at least the newest glibc symbol version any binary needs."""
    declared = tuple(map(int, buildinfo.GLIBC_MIN.split(".")))
    needs = {f.relative_to(bundle): max(glibc_needs(f), default=(0,)) for f in elf_files(bundle)}
    newest = max(needs.values())
    print(f"\nnewest glibc symbol version needed: {'.'.join(map(str, newest))}")
    too_new = {str(f): v for f, v in needs.items() if v > declared}
    assert not too_new, f"raise GLIBC_MIN in installer/buildinfo.py: {too_new}"
    assert newest == declared, f"GLIBC_MIN {buildinfo.GLIBC_MIN} is higher than needed {newest}"


# --- the .deb -------------------------------------------------------------------------------


def control(deb: Path) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in sh("dpkg-deb", "-f", deb).splitlines():
        if line and not line.startswith(" "):
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields


def test_deb_metadata(deb: Path) -> None:
    fields = control(deb)
    assert fields["Package"] == "clusterdesk"
    assert fields["Version"] == buildinfo.version()
    depends = {d.strip().split(" ")[0] for d in fields["Depends"].split(",")}
    assert depends >= REQUIRED_DEPENDS, REQUIRED_DEPENDS - depends
    # "mode owner size date time path[ -> target]": keep the paths.
    contents = {line.split(None, 5)[5] for line in sh("dpkg-deb", "-c", deb).splitlines()}
    for path in (
        "./opt/clusterdesk/clusterdesk",
        "./usr/share/applications/clusterdesk.desktop",
        "./usr/share/icons/hicolor/48x48/apps/clusterdesk.png",
        "./usr/share/icons/hicolor/scalable/apps/clusterdesk.svg",
        "./usr/bin/clusterdesk -> ../../opt/clusterdesk/clusterdesk",
    ):
        assert path in contents, path
    # Nothing outside /opt/clusterdesk and /usr: no home folder, no data, no /etc.
    stray = [p for p in contents if not p.startswith(("./opt/clusterdesk", "./usr/"))]
    assert sorted(stray) == ["./", "./opt/"], stray


def test_desktop_files_validate(deb: Path, tmp_path: Path) -> None:
    sh("dpkg-deb", "-x", deb, tmp_path)
    desktop = tmp_path / "usr/share/applications/clusterdesk.desktop"
    sh("desktop-file-validate", desktop)
    entry = desktop.read_text(encoding="utf-8")
    assert "\nExec=clusterdesk\n" in entry and "\nIcon=clusterdesk\n" in entry


@pytest.fixture
def dpkg_root(tmp_path: Path) -> Path:
    """An empty dpkg database in a folder: install and remove without touching this system."""
    root = tmp_path / "root"
    admin = root / "var/lib/dpkg"
    for sub in ("info", "updates", "triggers"):
        (admin / sub).mkdir(parents=True)
    for name in ("status", "available"):
        (admin / name).touch()
    return root


def dpkg(root: Path, *args: str | Path) -> str:
    # Dependencies are checked against this system in test_system_libraries_...; the empty
    # database here has none installed, hence --force-depends.
    return sh(
        "dpkg",
        f"--root={root}",
        "--force-not-root",
        "--force-depends",
        "--force-script-chrootless",
        "--log=/dev/null",
        *args,
    )


def repack_with_version(deb: Path, version: str, out: Path) -> Path:
    """The same package under another version number: an upgrade to install over the first."""
    stage = out / f"stage-{version}"
    sh("dpkg-deb", "-R", deb, stage)
    control_file = stage / "DEBIAN/control"
    control_file.write_text(
        re.sub(r"(?m)^Version: .*$", f"Version: {version}", control_file.read_text()),
    )
    target = out / f"clusterdesk_{version}.deb"
    sh("dpkg-deb", "--root-owner-group", "-Znone", "--build", stage, target)
    return target


def test_deb_installs_upgrades_and_removes_keeping_user_data(
    deb: Path, dpkg_root: Path, tmp_path: Path, home: Path
) -> None:
    dpkg(dpkg_root, "-i", deb)
    installed = dpkg_root / "usr/bin/clusterdesk"
    assert installed.is_symlink()
    # The command on the PATH (a symlink into /opt) starts the frozen app.
    out = sh(installed, "--version", env={**os.environ, "CLUSTERDESK_HOME": str(home)})
    assert out.strip() == f"ClusterDesk {buildinfo.version()}"

    # The user's data, in their own folder, as the installed app wrote it.
    db = home / "data" / "clusterdesk.sqlite"
    db.parent.mkdir(parents=True)
    env = {**os.environ, "CLUSTERDESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    sh(installed, "--db", db, "demo", env=env)
    before = db.read_bytes()

    upgrade = repack_with_version(deb, buildinfo.version() + "+1", tmp_path)
    dpkg(dpkg_root, "-i", upgrade)
    status = sh("dpkg-query", f"--admindir={dpkg_root}/var/lib/dpkg", "-W", "clusterdesk")
    assert status.split() == ["clusterdesk", buildinfo.version() + "+1"]
    assert sh(installed, "--db", db, "check", env=env).startswith("OK")

    dpkg(dpkg_root, "--purge", "clusterdesk")
    assert not (dpkg_root / "opt/clusterdesk").exists()
    assert not installed.exists() and not installed.is_symlink()
    assert not (dpkg_root / "usr/share/applications/clusterdesk.desktop").exists()
    assert db.read_bytes() == before, "removing the package changed the user's database"


# --- the .tar.gz ----------------------------------------------------------------------------


def desktop_quoted(path: str) -> str:
    """A path as a quoted Exec argument (Desktop Entry spec: quote escapes, then string escapes)."""
    quoted = re.sub(r'([\\"`$])', r"\\\1", path)
    return quoted.replace("\\", "\\\\").replace("%", "%%")


def test_tarball_runs_and_adds_a_menu_entry(
    tarball: Path, bundle: Path, tmp_path: Path, home: Path
) -> None:
    with tarfile.open(tarball) as tar:
        names = tar.getnames()
        assert all(n == "clusterdesk" or n.startswith("clusterdesk/") for n in names)
        extras = {"clusterdesk.desktop", "clusterdesk.png", "install-desktop-entry.sh"}
        assert {n.split("/", 1)[1] for n in names if n.count("/") == 1} >= extras
        bundled = {str(p.relative_to(bundle.parent)) for p in bundle.rglob("*")}
        assert set(names) - {"clusterdesk"} == bundled | {f"clusterdesk/{e}" for e in extras}
        assert all(m.uid == 0 and m.gid == 0 for m in tar.getmembers())
        where = tmp_path / 'R&D 100% "Mis" $programas'  # characters the menu entry must escape
        tar.extractall(where, filter="tar")
    folder = where / "clusterdesk"
    out = sh(folder / "clusterdesk", "--version", env={**os.environ, "CLUSTERDESK_HOME": str(home)})
    assert out.strip() == f"ClusterDesk {buildinfo.version()}"

    data_home = tmp_path / "xdg"
    env = {**os.environ, "XDG_DATA_HOME": str(data_home), "HOME": str(tmp_path)}
    typo = subprocess.run(
        [str(folder / "install-desktop-entry.sh"), "--remvoe"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert typo.returncode == 2 and "unknown option '--remvoe'" in typo.stderr
    assert not data_home.exists()  # a mistyped option changes nothing
    sh(folder / "install-desktop-entry.sh", env=env)
    entry = data_home / "applications/clusterdesk.desktop"
    sh("desktop-file-validate", entry)
    exec_line = next(
        x for x in entry.read_text(encoding="utf-8").splitlines() if x.startswith("Exec=")
    )
    assert exec_line == 'Exec="' + desktop_quoted(f"{folder}/clusterdesk") + '"', exec_line
    assert (data_home / "icons/hicolor/256x256/apps/clusterdesk.png").exists()
    sh(folder / "install-desktop-entry.sh", "--remove", env=env)
    assert not entry.exists()


# --- Windows --------------------------------------------------------------------------------


def test_nsis_script_compiled(bundle: Path) -> None:
    """`make dist` compile-checks the NSIS script with Debian's makensis; the result is a
    Windows executable carrying the NSIS stub."""
    setup = ROOT / "build" / "nsis-check" / "ClusterDesk-setup-check.exe"
    assert setup.exists(), f"{setup} is missing: `make dist` compiles it"
    data = setup.read_bytes()
    assert data[:2] == b"MZ" and b"Nullsoft" in data
    assert shutil.which("7z"), "7z (Debian package p7zip-full) is missing"
    listing = sh("7z", "l", "-slt", setup)
    paths = {line[len("Path = ") :] for line in listing.splitlines() if line.startswith("Path = ")}
    for expected in ("ClusterDesk.exe", "clusterdesk.ico", "Uninstall ClusterDesk.exe"):
        assert expected in paths, (expected, sorted(paths)[:20])
    # The whole payload: every file of the bundle is in the installer.
    payload = {str(p.relative_to(bundle)) for p in (bundle / "_internal").rglob("*") if p.is_file()}
    assert payload <= paths, sorted(payload - paths)[:10]


def test_only_the_qt_modules_the_app_uses_are_bundled(bundle: Path) -> None:
    pyside = bundle / "_internal" / "PySide6"
    bindings = {p.name.split(".")[0] for p in pyside.glob("Qt*.abi3.so")}
    assert bindings == {
        "QtCore",
        "QtGui",
        "QtWidgets",
        "QtNetwork",  # the single-instance local socket
        "QtSvg",  # the window icon
        "QtOpenGL",  # imported by pyqtgraph
        "QtOpenGLWidgets",
    }
    qt_libs = {p.name for p in (pyside / "Qt" / "lib").glob("libQt6*")}
    assert not {n for n in qt_libs if re.match(r"libQt6(Qml|Quick|Pdf|WebEngine|Multimedia)", n)}
