"""Render the ClusterDesk application icon, in every size the platforms need, from one SVG.

Usage::

    python installer/make_icons.py OUTDIR

writes::

    OUTDIR/png/clusterdesk-{16,24,32,48,64,128,256,512,1024}.png
    OUTDIR/clusterdesk.ico      Windows: 16, 24, 32, 48, 64, 128 and 256 px, each its own render
    OUTDIR/clusterdesk.icns     macOS: Pillow's writer stores 32, 64, 128, 256, 512 and 1024 px
    OUTDIR/hicolor/<N>x<N>/apps/clusterdesk.png   N = 16 ... 512 (Linux /usr/share/icons/hicolor)
    OUTDIR/hicolor/scalable/apps/clusterdesk.svg  a copy of the source

Every PNG is rendered from the vector source at its own size (QtSvg, antialiased, transparent
background); nothing is a downscale of a bigger bitmap. Importing this module has no side effects,
so the PyInstaller spec and the tests can call :func:`make_icons` directly.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path
from typing import Any

SOURCE = Path(__file__).resolve().parent.parent / "app" / "resources" / "icons" / "clusterdesk.svg"
NAME = "clusterdesk"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (32, 64, 128, 256, 512, 1024)  # what Pillow's ICNS writer stores (16@2x = 32 ...)
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

_qt_app: Any = None  # keeps the QGuiApplication created here alive


def _ensure_gui_app() -> None:
    """A QGuiApplication must exist before painting; reuse the running one, else start one."""
    global _qt_app
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _qt_app = QGuiApplication([sys.argv[0] if sys.argv else "make_icons"])


def _load_renderer(source: Path) -> Any:
    from PySide6.QtSvg import QSvgRenderer

    if not source.is_file():
        raise SystemExit(f"make_icons: icon source {source} not found")
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid() or renderer.viewBoxF().isEmpty():
        raise SystemExit(f"make_icons: icon source {source} is not a valid SVG image")
    return renderer


def _render_png(renderer: Any, size: int, target: Path) -> None:
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QImage, QPainter

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        renderer.render(painter, QRectF(0, 0, size, size))
    finally:
        painter.end()
    # Straight (non-premultiplied) alpha is what PNG stores.
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    if not image.save(str(target), "PNG"):
        raise SystemExit(f"make_icons: cannot write {target}")


def make_icons(out_dir: Path, source: Path = SOURCE) -> dict[str, Path]:
    """Render ``source`` into every icon file the installers need, under ``out_dir``.

    Returns the written files by key: ``"png-<N>"`` for each size in :data:`PNG_SIZES`,
    ``"ico"``, ``"icns"``, ``"hicolor-<N>"`` for each size in :data:`HICOLOR_SIZES`,
    ``"hicolor-scalable"`` (the SVG copy) and ``"hicolor"`` (the theme folder to install).

    Raises :class:`SystemExit` naming the file when ``source`` is missing or is not an SVG image
    that QtSvg can render.
    """
    from PIL import Image

    out_dir = Path(out_dir)
    source = Path(source)
    _ensure_gui_app()
    renderer = _load_renderer(source)

    written: dict[str, Path] = {}
    png_dir = out_dir / "png"
    png_dir.mkdir(parents=True, exist_ok=True)
    for size in PNG_SIZES:
        target = png_dir / f"{NAME}-{size}.png"
        _render_png(renderer, size, target)
        written[f"png-{size}"] = target

    images: dict[int, Image.Image] = {}
    for size in PNG_SIZES:
        with Image.open(written[f"png-{size}"]) as im:
            images[size] = im.convert("RGBA")

    # ICO: the largest frame is the base image; Pillow takes each listed size from the
    # append_images frame of exactly that size instead of shrinking the base image.
    ico = out_dir / f"{NAME}.ico"
    images[256].save(
        ico,
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != 256],
    )
    written["ico"] = ico

    # ICNS: Pillow matches append_images by width; sizes not supplied would be resized from the
    # base image, so supply every size it writes.
    icns = out_dir / f"{NAME}.icns"
    images[1024].save(
        icns, format="ICNS", append_images=[images[s] for s in ICNS_SIZES if s != 1024]
    )
    written["icns"] = icns

    hicolor = out_dir / "hicolor"
    for size in HICOLOR_SIZES:
        target = hicolor / f"{size}x{size}" / "apps" / f"{NAME}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(written[f"png-{size}"], target)
        written[f"hicolor-{size}"] = target
    scalable = hicolor / "scalable" / "apps" / f"{NAME}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, scalable)
    written["hicolor-scalable"] = scalable
    written["hicolor"] = hicolor
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, metavar="OUTDIR", help="folder to write into")
    parser.add_argument(
        "--source", type=Path, default=SOURCE, help=f"SVG to render (default: {SOURCE})"
    )
    args = parser.parse_args(argv)
    written = make_icons(args.out_dir, args.source)
    print(f"make_icons: wrote {len(written) - 1} files under {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
