"""Facts the PyInstaller spec, the package recipes and their tests share.

Kept free of PyInstaller imports so that the tests (and the shell recipes, through
``python installer/buildinfo.py version``) can read the same values the spec uses.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "ClusterDesk"
PUBLISHER = "SPRI"
BUNDLE_ID = "eus.spri.clusterdesk"
DESCRIPTION = "Workbench of SPRI's Cluster Liaison Officers: hours, board meetings, assessments"

# Qt modules ClusterDesk does not use. PyInstaller's PySide6 hook follows imports, so most are
# never collected; naming them also keeps optional imports (printing, QML) from pulling their Qt
# libraries and plugins in. QtOpenGL and QtOpenGLWidgets stay: pyqtgraph imports them always.
QT_EXCLUDES = [
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2",
    "PySide6.QtPrintSupport",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtUiTools",
    "PySide6.QtXml",
    "PySide6.QtConcurrent",
    "PySide6.QtDBus",
    "PySide6.QtStateMachine",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtSvgWidgets",
]

# Python packages that are installed beside the app (tests, tools, optional extras of the
# libraries) but that the app never imports. pandas is a project dependency for analysis
# scripts; the app itself does not import it, and openpyxl's optional DataFrame helpers would
# otherwise pull its 80 MB in.
PY_EXCLUDES = [
    "pandas",
    "tkinter",
    "_tkinter",
    "matplotlib",
    "IPython",
    "jupyter_rfb",
    "pytest",
    "pytestqt",
    "hypothesis",
    "pypdf",
    "ruff",
    "pyqtgraph.opengl",
    "pyqtgraph.examples",
    "pyqtgraph.jupyter",
    "pyqtgraph.canvas",
    "pyqtgraph.flowchart",
    "pyqtgraph.console",
    "OpenGL",
    "scipy",
    "cupy",
    "numba",
    "h5py",
    "PIL._avif",  # reportlab reads PNG and JPEG; AVIF support alone is 5 MB of libavif
    "PIL.AvifImagePlugin",
    # numpy loads random lazily; pyqtgraph touches it only in scatter-plot jitter (unused here).
    "numpy.random",
    # East-Asian codecs: imports are UTF-8 or Windows-1252 (cp1252) files.
    "_codecs_jp",
    "_codecs_hk",
    "_codecs_cn",
    "_codecs_kr",
    "_codecs_tw",
    "_codecs_iso2022",
    "_multibytecodec",
    # No network: without _ssl and _hashlib, libssl and libcrypto (5 MB) stay out; hashlib
    # falls back to Python's own md5/sha1/sha2/blake2 (ReportLab's md5, the lock's sha256).
    "ssl",
    "_ssl",
    "_hashlib",
    "readline",  # a GUI has no interactive prompt (and it pulls libreadline and libtinfo)
    "PyQt5",
    "PyQt6",
    "PySide2",
]

# Debian packages the bundled Qt needs from the system (the xcb platform plugin and its
# friends); the .deb declares them and tests/dist checks every library the bundle links to.
# The newest glibc symbol version the bundle needs (libpython and the wheels); the smoke test
# reads every binary's version needs and fails when this is too low.
GLIBC_MIN = "2.35"

DEB_DEPENDS = [
    f"libc6 (>= {GLIBC_MIN})",
    "libstdc++6",
    "libgcc-s1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxkbcommon-x11-0",
    "libxcb-image0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-randr0",
    "libxcb-xfixes0",
    "libxcb-sync1",
    "libxcb-xkb1",
    "libxcb-shm0",
    "libxcb-render0",
    "libxcb1",
    "libx11-xcb1",
    "libxkbcommon0",
    "libfontconfig1",
    "libfreetype6",
    "libegl1",
    "libgl1",
    "libglib2.0-0",
    "libdbus-1-3",
    "libwayland-client0",  # the Wayland platform plugin, for GNOME and KDE Wayland sessions
    "libwayland-cursor0",
    "libwayland-egl1",
    "libgssapi-krb5-2",  # QtNetwork links it (ClusterDesk uses only its local sockets)
    "libuuid1",
    "fonts-dejavu-core",
]


# Libraries of the Linux desktop stack that the frozen app takes from the system rather than
# from the build machine (PyInstaller would copy them): X11/xcb and the keyboard map, fonts,
# GLib, D-Bus, Kerberos (QtNetwork) and what they pull in. Matched on the file name.
LINUX_SYSTEM_LIBS = re.compile(
    r"^lib("
    r"X11|X11-xcb|Xau|Xdmcp|Xext|Xrender|Xi|Xfixes|xcb(-[a-z0-9-]+)?|xkbcommon(-x11)?"
    r"|fontconfig|freetype|expat|png16|uuid"
    r"|glib-2\.0|gio-2\.0|gobject-2\.0|gmodule-2\.0|gthread-2\.0|pcre2-8|ffi|mount|blkid|selinux"
    r"|dbus-1|systemd|gcrypt|gpg-error|lz4|cap|zstd|lzma|bsd|md"
    r"|gssapi_krb5|krb5|krb5support|k5crypto|com_err|keyutils"
    r"|GL|EGL|GLX|GLdispatch|OpenGL|wayland-(client|cursor|egl)"
    # The C++ runtime: system GL drivers loaded into the process need the system's (newest)
    # one; a copy from the build machine, first on the library path, would shadow it.
    r"|stdc\+\+|gcc_s"
    # OpenSSL: only Python's ssl/hashlib (excluded above) and Qt's TLS plugins (dropped below)
    # would load it; PyInstaller's QtNetwork hook copies it regardless.
    r"|ssl|crypto"
    # Only the GTK theme plugin (dropped below) needs these.
    r"|atk-1\.0|cairo|cairo-gobject|pango-1\.0|pangocairo-1\.0|pangoft2-1\.0|gdk_pixbuf-2\.0"
    r"|pixman-1|fribidi|thai|datrie|graphite2|harfbuzz|jpeg|brotlicommon|brotlidec"
    r")\.so(\.\d+)*$"
)

# Qt plugin folders (under PySide6/Qt/plugins) the app never loads on a desktop.
LINUX_DROPPED_PLUGINS = (
    "egldeviceintegrations",
    "generic",
    "networkinformation",
    "tls",
    "platforms/libqeglfs.so",
    "platforms/libqlinuxfb.so",
    "platforms/libqminimalegl.so",
    "platforms/libqvkkhrdisplay.so",
    "platforms/libqvnc.so",
    "platformthemes/libqgtk3.so",  # needs GTK 3; the XDG portal theme serves GNOME and KDE
    # Image formats nothing in ClusterDesk reads (its icons are SVG, ICO and PNG).
    "imageformats/libqtiff.so",
    "imageformats/libqwebp.so",
    "imageformats/libqtga.so",
    "imageformats/libqwbmp.so",
)


def keep_linux_binary(dest: str) -> bool:
    """Whether a binary PyInstaller collected (by its path in the bundle) ships on Linux."""
    path = dest.replace("\\", "/")
    name = path.rsplit("/", 1)[-1]
    vendored = re.search(r"-[0-9a-f]{8}\.so", name)  # a wheel's own copy (Pillow's, numpy's)
    if "/" not in path and not vendored and LINUX_SYSTEM_LIBS.match(name):
        return False
    if name.lower().startswith("libqt6eglfs"):
        return False
    plugins = "PySide6/Qt/plugins/"
    if path.startswith(plugins):
        rel = path[len(plugins) :]
        return not any(rel == d or rel.startswith(d + "/") for d in LINUX_DROPPED_PLUGINS)
    return True


def version() -> str:
    """The version in pyproject.toml, the single source for every package."""
    with open(ROOT / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]["version"]


def exe_name(platform: str = sys.platform) -> str:
    """The frozen executable's name: ``ClusterDesk.exe`` on Windows, ``clusterdesk`` elsewhere."""
    return "ClusterDesk" if platform == "win32" else "clusterdesk"


def windows_version(ver: str | None = None) -> tuple[int, int, int, int]:
    """The four numbers of a Windows version resource: ``1.2.3rc1`` -> (1, 2, 3, 0)."""
    ver = ver or version()
    numbers = []
    for part in re.split(r"[.+]", ver)[:4]:
        digits = re.match(r"\d+", part)
        if not digits:
            break
        numbers.append(int(digits.group()))
    return tuple((numbers + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


def info_plist(ver: str | None = None) -> dict[str, object]:
    """The macOS Info.plist of ClusterDesk.app."""
    ver = ver or version()
    return {
        "CFBundleName": APP_NAME,
        "CFBundleDisplayName": APP_NAME,
        "CFBundleIdentifier": BUNDLE_ID,
        "CFBundleExecutable": exe_name("darwin"),
        "CFBundlePackageType": "APPL",
        "CFBundleShortVersionString": ver,
        "CFBundleVersion": ver,
        "CFBundleIconFile": "clusterdesk.icns",
        "CFBundleDevelopmentRegion": "es",
        "CFBundleLocalizations": ["es", "eu", "en"],
        "LSMinimumSystemVersion": "12.0",
        "LSApplicationCategoryType": "public.app-category.business",
        "NSHighResolutionCapable": True,
        "NSRequiresAquaSystemAppearance": False,
        "NSHumanReadableCopyright": f"© {PUBLISHER}",
    }


if __name__ == "__main__":
    # `python installer/buildinfo.py version|depends` for the shell recipes.
    what = sys.argv[1] if len(sys.argv) > 1 else "version"
    if what == "version":
        print(version())
    elif what == "depends":
        print(", ".join(DEB_DEPENDS))
    elif what == "packages":  # the package names alone, for apt-get
        print(" ".join(d.split(" ")[0] for d in DEB_DEPENDS))
    else:
        raise SystemExit(f"unknown question {what!r}: ask 'version', 'depends' or 'packages'")
