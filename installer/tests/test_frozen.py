"""Smoke test of the frozen app in dist/clusterdesk: the command line, headless work, a real window.

Run by `make dist-check` (CI) after `make dist`; see installer/tests/conftest.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import buildinfo
import pytest
from PIL import Image, ImageGrab
from pypdf import PdfReader

from app.db.migrate import head_revision  # the newest migration of the source tree

ROOT = Path(__file__).resolve().parents[2]


def test_version_matches_pyproject(exe: Path, bundle: Path, run_frozen) -> None:
    # The version comes from the package metadata shipped in the bundle (no pyproject there).
    version = buildinfo.version()
    assert (bundle / "_internal" / f"clusterdesk-{version}.dist-info" / "METADATA").exists()
    result = run_frozen("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"ClusterDesk {buildinfo.version()}"


def test_help_lists_the_same_commands_as_main_py(exe: Path, run_frozen) -> None:
    frozen = run_frozen("--help")
    source = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "main.py"), "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert frozen.returncode == 0 and source.returncode == 0, frozen.stderr + source.stderr
    assert "hours" in frozen.stdout and "assessments" in frozen.stdout
    assert frozen.stdout == source.stdout


def test_headless_demo_and_assessment_pdf(tmp_path: Path, run_frozen) -> None:
    db = tmp_path / "new folder" / "clusterdesk.sqlite"
    db.parent.mkdir()
    demo = run_frozen("--db", str(db), "demo")
    assert demo.returncode == 0, demo.stderr
    assert "Demo data loaded" in demo.stdout

    # The bundled Alembic migrations ran to the newest revision of the source tree.
    with sqlite3.connect(db) as con:
        (revision,) = con.execute("SELECT version_num FROM alembic_version").fetchone()
        (rubric_rows,) = con.execute("SELECT count(*) FROM template_criterion").fetchone()
    assert revision.startswith(head_revision())
    assert rubric_rows > 0  # the rubric template JSON shipped in app/resources was loaded
    check = run_frozen("--db", str(db), "check")
    assert check.returncode == 0 and "integrity ok" in check.stdout, check.stdout + check.stderr

    listing = run_frozen("--db", str(db), "assessments", "list", "--json")
    assert listing.returncode == 0, listing.stderr
    final = next(a for a in json.loads(listing.stdout) if a["status"] == "final")
    pdf = tmp_path / "assessment.pdf"
    report = run_frozen(
        "--db", str(db), "assessments", "report", str(final["id"]), "--pdf", str(pdf)
    )
    assert report.returncode == 0, report.stderr
    reader = PdfReader(pdf)
    text = "".join(page.extract_text() for page in reader.pages)
    assert final["cluster"] in text and str(final["year"]) in text
    # The bundled DejaVu fonts are embedded (ñ and € print), not a base-14 fallback.
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        if "/BaseFont" in font
    }
    assert any("DejaVu" in f for f in fonts), fonts


def test_every_page_renders_offscreen(tmp_path: Path, run_frozen) -> None:
    db = tmp_path / "clusterdesk.sqlite"
    assert run_frozen("--db", str(db), "demo").returncode == 0
    shots = tmp_path / "shots"
    result = run_frozen("--db", str(db), "screenshots", "--out", str(shots))
    assert result.returncode == 0, result.stderr
    pages = sorted(p.stem for p in shots.glob("*.png"))
    assert pages == sorted(
        ["dashboard", "hours", "meetings", "assessments", "maturity", "clusters", "officers"]
    )
    for png in shots.glob("*.png"):
        with Image.open(png) as im:
            colours = im.convert("RGB").resize((64, 40)).getcolors(64 * 40)
        assert colours is not None and len(colours) > 20, f"{png.name} looks blank"


# --- a real window on a virtual X screen (the xcb platform, as on a Linux desktop) -----------


@pytest.fixture
def xvfb() -> Iterator[str]:
    """An Xvfb server on a free display; yields its DISPLAY."""
    assert shutil.which("Xvfb"), "Xvfb is missing: run scripts/dist-deps.sh"
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    assert number.isdigit(), "Xvfb did not start"
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def xdotool(display: str, *args: str, timeout: float = 30) -> str:
    result = subprocess.run(
        ["xdotool", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "DISPLAY": display},
        timeout=timeout,
    )
    assert result.returncode == 0, f"xdotool {' '.join(args)}: {result.stderr}"
    return result.stdout


def quit_with_ctrl_q(display: str, window: str, app: subprocess.Popen) -> str:
    """Quit as a user does: the File menu's shortcut on the focused window; the app's output.
    An app still running 30 s later is killed and the test fails."""
    try:
        xdotool(display, "windowfocus", "--sync", window)
        xdotool(display, "key", "--clearmodifiers", "ctrl+q")
        output, _ = app.communicate(timeout=30)
    finally:
        if app.poll() is None:
            app.send_signal(signal.SIGKILL)
            app.wait()
    text = output.decode(errors="replace")
    assert app.returncode == 0, text
    return text


def test_window_appears_under_xvfb_and_quits(
    tmp_path: Path, home: Path, xvfb: str, run_frozen, exe: Path
) -> None:
    db = tmp_path / "clusterdesk.sqlite"
    assert run_frozen("--db", str(db), "demo").returncode == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLUSTERDESK_", "QT_"))}
    env.update(DISPLAY=xvfb, QT_QPA_PLATFORM="xcb", CLUSTERDESK_HOME=str(home), LC_ALL="C.UTF-8")
    app = subprocess.Popen(
        [str(exe), "--db", str(db)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        # The main window, mapped and titled, within 60 s (first start unpacks nothing: onedir).
        window = xdotool(
            xvfb, "search", "--sync", "--onlyvisible", "--name", "^ClusterDesk", timeout=60
        ).split()[0]
        geometry = xdotool(xvfb, "getwindowgeometry", window)
        width, height = map(int, re.search(r"Geometry: (\d+)x(\d+)", geometry).groups())
        assert width >= 800 and height >= 500, geometry
        time.sleep(1.5)  # let the first page paint
        shot = ImageGrab.grab(xdisplay=xvfb)
        shot.save(tmp_path / "xvfb-window.png")
        colours = shot.convert("RGB").resize((128, 80)).getcolors(128 * 80)
        assert colours is not None and len(colours) > 30, "the window painted nothing"
    except BaseException:  # a failed check: do not leave the window behind
        app.kill()
        app.wait()
        raise
    quit_with_ctrl_q(xvfb, window, app)
    log = (home / "logs" / "clusterdesk.log").read_text(encoding="utf-8")
    assert "CRITICAL" not in log and "Traceback" not in log, log[-3000:]


def test_first_start_of_an_installed_app_offers_demo_data(
    tmp_path: Path, xvfb: str, exe: Path
) -> None:
    """A newly installed ClusterDesk on a new account: no --db, no CLUSTERDESK_HOME. The welcome
    offer appears, Return loads the demo data, and the database is where the README says:
    the platformdirs data folder (~/.local/share/ClusterDesk)."""
    user_home = tmp_path / "officer"
    user_home.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CLUSTERDESK_", "QT_", "XDG_")) and k != "HOME"
    }
    env.update(HOME=str(user_home), DISPLAY=xvfb, QT_QPA_PLATFORM="xcb", LC_ALL="C.UTF-8")
    db = user_home / ".local" / "share" / "ClusterDesk" / "clusterdesk.sqlite"
    app = subprocess.Popen([str(exe)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        welcome = xdotool(
            xvfb,
            "search",
            "--sync",
            "--onlyvisible",
            "--name",
            "^Welcome to ClusterDesk",
            timeout=60,
        ).split()[0]
        xdotool(xvfb, "windowfocus", "--sync", welcome)
        xdotool(xvfb, "key", "Return")  # the default button: Load demo data

        deadline = time.monotonic() + 90
        officers = 0
        while time.monotonic() < deadline and officers == 0:
            time.sleep(0.5)
            if db.exists():
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as con:
                    try:
                        (officers,) = con.execute("SELECT count(*) FROM officer").fetchone()
                    except sqlite3.OperationalError:  # the schema is still being created
                        officers = 0
        assert officers >= 8, f"no demo data in {db} after 90 s"
        time.sleep(1)  # let the progress dialog close and the pages reload

        window = xdotool(
            xvfb, "search", "--onlyvisible", "--name", "^ClusterDesk", timeout=30
        ).split()[0]
    except BaseException:  # a failed check: do not leave the window behind
        app.kill()
        app.wait()
        raise
    quit_with_ctrl_q(xvfb, window, app)
    # The other platformdirs folders: the log under ~/.local/state, backups beside the database.
    assert (user_home / ".local" / "state" / "ClusterDesk" / "log" / "clusterdesk.log").exists()
    assert (db.parent / "backups").is_dir()
