"""The application icon: one SVG source rendered to every PNG, .ico, .icns and hicolor size."""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest
from PIL import Image
from PySide6.QtWidgets import QApplication

from app.config import RESOURCES

ROOT = Path(__file__).resolve().parent.parent
ICON_SVG = RESOURCES / "icons" / "clusterdesk.svg"
SVG_NS = "{http://www.w3.org/2000/svg}"


def _load_make_icons() -> ModuleType:
    """installer/ is not a package: load the script by path, as the PyInstaller spec would."""
    spec = importlib.util.spec_from_file_location(
        "make_icons", ROOT / "installer" / "make_icons.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


mi = _load_make_icons()


@pytest.fixture(scope="module")
def icons(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    # qapp first: make_icons must reuse the running QApplication, never start a
    # QGuiApplication that later widget tests would then inherit.
    return mi.make_icons(tmp_path_factory.mktemp("icons"))


def _rgba(path: Path) -> Image.Image:
    with Image.open(path) as im:
        return im.convert("RGBA")


def test_source_is_the_app_resource_and_plain_svg() -> None:
    assert mi.SOURCE == ICON_SVG
    root = ET.parse(ICON_SVG).getroot()
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("viewBox") == "0 0 1024 1024"
    tags = {el.tag.removeprefix(SVG_NS) for el in root.iter()}
    assert not tags & {"style", "filter", "text", "font", "image", "foreignObject"}, tags


def test_every_png_is_rendered_at_its_size(icons: dict[str, Path]) -> None:
    assert mi.PNG_SIZES == (16, 24, 32, 48, 64, 128, 256, 512, 1024)
    for size in mi.PNG_SIZES:
        path = icons[f"png-{size}"]
        assert path == path.parent.parent / "png" / f"clusterdesk-{size}.png"
        im = _rgba(path)
        assert im.size == (size, size), path
        alpha_min, alpha_max = im.getchannel("A").getextrema()
        assert alpha_max == 255, f"{path} is fully transparent"
        assert alpha_min == 0, f"{path} has no transparent background"
        assert im.getpixel((0, 0))[3] == 0, f"{path}: the rounded corner should be transparent"


def test_the_16px_icon_is_not_blank(icons: dict[str, Path]) -> None:
    im = _rgba(icons["png-16"])
    pixels = [im.getpixel((x, y)) for y in range(16) for x in range(16)]
    opaque = [px for px in pixels if px[3] == 255]
    assert len(opaque) >= 16 * 16 // 2, "the tile should cover most of the 16 px icon"
    # The motif must survive at 16 px: the teal tile, white nodes/desk, the amber hub.
    assert any(r < 60 and 70 < g < 120 and 90 < b < 140 for r, g, b, _ in opaque), "no tile"
    assert any(min(r, g, b) > 220 for r, g, b, _ in opaque), "no white motif"
    assert any(r > 200 and 150 < g < 200 and b < 100 for r, g, b, _ in opaque), "no amber hub"


def test_ico_holds_every_size_each_its_own_render(icons: dict[str, Path]) -> None:
    ico = icons["ico"]
    assert ico.name == "clusterdesk.ico"
    with Image.open(ico) as im:
        assert im.format == "ICO"
        assert set(im.info["sizes"]) == {(s, s) for s in mi.ICO_SIZES}
        expected = {(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)}
        assert set(im.ico.sizes()) == expected
        for size in mi.ICO_SIZES:
            frame = im.ico.getimage((size, size)).convert("RGBA")
            assert frame.size == (size, size)
            # Byte-identical to the PNG rendered at that size, so not a downscale of 256 px.
            assert frame.tobytes() == _rgba(icons[f"png-{size}"]).tobytes(), size


def test_icns_holds_the_retina_sizes_up_to_1024(icons: dict[str, Path]) -> None:
    icns = icons["icns"]
    assert icns.name == "clusterdesk.icns"
    with Image.open(icns) as im:
        assert im.format == "ICNS"
        # Pillow's writer stores ic07-ic14: 128/256/512 at 1x, 16/32/128/256/512 at 2x.
        assert set(im.info["sizes"]) == {
            (128, 128, 1),
            (256, 256, 1),
            (512, 512, 1),
            (16, 16, 2),
            (32, 32, 2),
            (128, 128, 2),
            (256, 256, 2),
            (512, 512, 2),
        }
        assert im.size == (1024, 1024)
        im.load()
        assert im.convert("RGBA").tobytes() == _rgba(icons["png-1024"]).tobytes()
        for width, height, scale in im.info["sizes"]:
            pixels = width * scale
            # Each entry is the render at that pixel size, not Pillow's resize of the 1024.
            entry = im.icns.getimage((width, height, scale)).convert("RGBA")
            assert entry.size == (pixels, pixels)
            assert entry.tobytes() == _rgba(icons[f"png-{pixels}"]).tobytes(), pixels


def test_hicolor_theme_layout(icons: dict[str, Path]) -> None:
    hicolor = icons["hicolor"]
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        path = hicolor / f"{size}x{size}" / "apps" / "clusterdesk.png"
        assert icons[f"hicolor-{size}"] == path
        assert _rgba(path).size == (size, size)
    assert not (hicolor / "1024x1024").exists()
    scalable = hicolor / "scalable" / "apps" / "clusterdesk.svg"
    assert icons["hicolor-scalable"] == scalable
    assert scalable.read_bytes() == ICON_SVG.read_bytes()


def test_missing_source_names_the_file(qapp: QApplication, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "icon.svg"
    with pytest.raises(SystemExit, match="icon source .* not found") as exc:
        mi.make_icons(tmp_path / "out", missing)
    assert str(missing) in str(exc.value)
    assert not (tmp_path / "out" / "clusterdesk.ico").exists()


def test_unrenderable_source_names_the_file(qapp: QApplication, tmp_path: Path) -> None:
    broken = tmp_path / "broken.svg"
    broken.write_text("this is not an SVG image", encoding="utf-8")
    with pytest.raises(SystemExit, match="not a valid SVG") as exc:
        mi.make_icons(tmp_path / "out", broken)
    assert str(broken) in str(exc.value)


def test_command_line(qapp: QApplication, tmp_path: Path) -> None:
    out = tmp_path / "dist-icons"
    assert mi.main([str(out)]) == 0
    assert (out / "clusterdesk.ico").is_file()
    assert (out / "clusterdesk.icns").is_file()
    assert _rgba(out / "png" / "clusterdesk-1024.png").size == (1024, 1024)
