"""The command line: no sub-command starts the GUI; a sub-command runs headless.

Every command shares app/db and app/domain with the GUI (Calibre's ``calibredb`` model).
User errors print one line on stderr and exit 1; no traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from app import __version__
from app.config import resolve_db_path
from app.errors import KnownError

logger = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="clusterdesk",
        description="ClusterDesk: hours, board meetings, assessments and maturity profiles "
        "for SPRI's Cluster Liaison Officers. Without a command, the window opens.",
    )
    p.add_argument("--version", action="version", version=f"ClusterDesk {__version__}")
    p.add_argument(
        "--db",
        metavar="PATH",
        help="database file (default: $CLUSTERDESK_DB, else the platform data folder)",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("demo", help="fill an empty database with realistic demo data")

    shots = sub.add_parser("screenshots", help="render every main page to DIR/<page>.png")
    shots.add_argument("--out", required=True, metavar="DIR", help="folder for the PNG files")
    shots.add_argument("--size", default="1280x800", help="window size, WIDTHxHEIGHT")

    sub.add_parser("check", help="schema version and integrity check of the database file")

    for noun in ("officers", "clusters"):
        n = sub.add_parser(noun, help=f"{noun} in the database")
        nsub = n.add_subparsers(dest="action", metavar="ACTION", required=True)
        lst = nsub.add_parser("list", help=f"list the {noun}")
        lst.add_argument("--json", action="store_true", help="a JSON array instead of a table")
    return p


def _json_default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _print_json(rows: list[dict[str, Any]]) -> None:
    json.dump(rows, sys.stdout, ensure_ascii=False, indent=2, default=_json_default)
    sys.stdout.write("\n")


def _print_table(header: Sequence[str], rows: list[Sequence[Any]]) -> None:
    text = [[("" if v is None else str(v)) for v in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in text]) for i, h in enumerate(header)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip())
    for r in text:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from app.config import app_paths, ensure_private_dir
    from app.db.migrate import open_database

    path = resolve_db_path(args.db)
    if path == app_paths().default_db:
        ensure_private_dir(path.parent)
    return open_database(path)


def cmd_demo(args: argparse.Namespace) -> int:
    from app.db.demo import load_demo

    db = _open(args)

    def progress(percent: int, message: str) -> None:
        print(f"{percent:3d}% {message}", file=sys.stderr)

    result = load_demo(db, progress=progress)
    db.dispose()
    parts = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in asdict(result).items())
    print(f"Demo data loaded into {db.path}: {parts}.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from app.db.health import check_file

    report = check_file(resolve_db_path(args.db))
    print(report.describe())
    return 0


def cmd_screenshots(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        raise KnownError(
            f"--size takes WIDTHxHEIGHT, such as 1280x800, not “{args.size}”."
        ) from None
    from app.views.screenshots import render_pages

    db = _open(args)
    paths = render_pages(db, Path(args.out), (width, height))
    db.dispose()
    for p in paths:
        print(p)
    return 0


def cmd_officers(args: argparse.Namespace) -> int:
    from app.db.directory import list_officers

    db = _open(args)
    rows = list_officers(db)
    db.dispose()
    if args.json:
        _print_json(
            [
                {
                    **asdict(r),
                    "clusters": list(r.clusters),
                    "target_hours_this_year": r.target_hours,
                }
                for r in rows
            ]
        )
    else:
        _print_table(
            ["id", "name", "email", "role", "active", "clusters"],
            [
                (r.id, r.name, r.email, r.role, "yes" if r.active else "no", ", ".join(r.clusters))
                for r in rows
            ],
        )
    return 0


def cmd_clusters(args: argparse.Namespace) -> int:
    from app.db.directory import list_clusters

    db = _open(args)
    rows = list_clusters(db)
    db.dispose()
    if args.json:
        _print_json([{**asdict(r), "officers": list(r.officers)} for r in rows])
    else:
        _print_table(
            ["id", "short name", "name", "kind", "contact e-mail", "liaison"],
            [
                (r.id, r.short_name, r.name, r.kind, r.contact_email, ", ".join(r.officers))
                for r in rows
            ],
        )
    return 0


COMMANDS = {
    "demo": cmd_demo,
    "check": cmd_check,
    "screenshots": cmd_screenshots,
    "officers": cmd_officers,
    "clusters": cmd_clusters,
}


def run(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    if args.command is None:
        from app.gui import run_gui

        return run_gui(resolve_db_path(args.db))
    from app.logging_setup import setup_logging

    setup_logging()
    try:
        return COMMANDS[args.command](args)
    except KnownError as err:
        print(f"clusterdesk: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("clusterdesk: interrupted", file=sys.stderr)
        return 130
