"""The command line: no sub-command starts the GUI; a sub-command runs headless.

Every command shares app/db and app/domain with the GUI (Calibre's ``calibredb`` model).
User errors print one line on stderr and exit 1; no traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
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

    bk = sub.add_parser("backup", help="a checked backup (into the rotation, or to FILE)")
    bk.add_argument("file", nargs="?", help="write the backup here instead (never overwritten)")
    rs = sub.add_parser("restore", help="replace the database with a backup (backs up first)")
    rs.add_argument("file", help="the backup file to restore")
    bks = sub.add_parser("backups", help="the backups beside the database")
    bksub = bks.add_subparsers(dest="action", metavar="ACTION", required=True)
    bkl = bksub.add_parser("list", help="every backup with its date, reason and check")
    bkl.add_argument("--json", action="store_true", help="a JSON array instead of a table")

    for noun in ("officers", "clusters"):
        n = sub.add_parser(noun, help=f"{noun} in the database")
        nsub = n.add_subparsers(dest="action", metavar="ACTION", required=True)
        lst = nsub.add_parser("list", help=f"list the {noun}")
        lst.add_argument("--json", action="store_true", help="a JSON array instead of a table")
    hours = sub.add_parser("hours", help="time entries: progress, import, export, reports")
    hsub = hours.add_subparsers(dest="action", metavar="ACTION", required=True)
    prog = hsub.add_parser("progress", help="every officer's hours against the target")
    prog.add_argument("--year", type=int, required=True, help="the year, e.g. 2026")
    prog.add_argument("--as-of", type=_iso_date, help="YYYY-MM-DD (default: today)")
    prog.add_argument("--json", action="store_true", help="a JSON array instead of a table")
    imp = hsub.add_parser("import", help="import a CSV or XLSX file of hours (all or nothing)")
    imp.add_argument("file", help="the .csv or .xlsx file")
    imp.add_argument("--officer", help="officer (name or e-mail) for files without that column")
    imp.add_argument("--sheet", help="the sheet of an .xlsx file (default: the first)")
    imp.add_argument("--dry-run", action="store_true", help="check the file, write nothing")
    exp = hsub.add_parser("export", help="export time entries to .csv or .xlsx")
    exp.add_argument("file", help="the file to write (.csv or .xlsx)")
    exp.add_argument("--year", type=int, help="only this year")
    exp.add_argument("--officer", help="only this officer (name or e-mail)")
    rep = hsub.add_parser("report", help="PDF: an officer's statement or the programme summary")
    rep.add_argument("--year", type=int, required=True, help="the year, e.g. 2026")
    rep.add_argument("--pdf", required=True, metavar="FILE", help="the PDF file to write")
    rep.add_argument("--officer", help="the officer (name or e-mail); all officers if omitted")
    rep.add_argument("--as-of", type=_iso_date, help="YYYY-MM-DD (default: today)")
    meet = sub.add_parser("meetings", help="board meetings: list, minutes")
    msub = meet.add_subparsers(dest="action", metavar="ACTION", required=True)
    mlist = msub.add_parser("list", help="meetings, newest first")
    mlist.add_argument("--cluster", type=int, metavar="ID", help="only this cluster's meetings")
    mlist.add_argument("--json", action="store_true", help="a JSON array instead of a table")
    mins = msub.add_parser("minutes", help="the minutes of a meeting as PDF (and an e-mail draft)")
    mins.add_argument("id", type=int, help="the meeting id (see meetings list)")
    mins.add_argument("--pdf", required=True, metavar="FILE", help="the PDF file to write")
    mins.add_argument("--eml", metavar="FILE", help="also write an e-mail draft with the PDF")

    acts = sub.add_parser("actions", help="action items of all meetings")
    asub = acts.add_subparsers(dest="action", metavar="ACTION", required=True)
    alist = asub.add_parser("list", help="action items, earliest due first")
    alist.add_argument("--open", action="store_true", help="only open items")
    alist.add_argument("--overdue", action="store_true", help="only open items past their due date")
    alist.add_argument("--json", action="store_true", help="a JSON array instead of a table")
    asm = sub.add_parser("assessments", help="action-plan assessments: list, report, export")
    asub2 = asm.add_subparsers(dest="action", metavar="ACTION", required=True)
    aslist = asub2.add_parser("list", help="assessments with status and overall score")
    aslist.add_argument("--year", type=int, help="only this plan year")
    aslist.add_argument("--json", action="store_true", help="a JSON array instead of a table")
    asrep = asub2.add_parser("report", help="an assessment as PDF (and an e-mail draft)")
    asrep.add_argument("id", type=int, help="the assessment id (see assessments list)")
    asrep.add_argument("--pdf", required=True, metavar="FILE", help="the PDF file to write")
    asrep.add_argument("--eml", metavar="FILE", help="also write an e-mail draft with the PDF")
    asexp = asub2.add_parser("export", help="one year's scores to XLSX, one row per cluster")
    asexp.add_argument("--year", type=int, required=True, help="the plan year")
    asexp.add_argument("--xlsx", required=True, metavar="FILE", help="the .xlsx file to write")
    mat = sub.add_parser("maturity", help="cluster maturity: latest profiles, reports, scoreboard")
    matsub = mat.add_subparsers(dest="action", metavar="ACTION", required=True)
    matlist = matsub.add_parser("list", help="the latest maturity profile of every cluster")
    matlist.add_argument("--json", action="store_true", help="a JSON array instead of a table")
    matrep = matsub.add_parser("report", help="a cluster's maturity profile as PDF")
    matrep.add_argument("cluster_id", type=int, metavar="CLUSTER_ID", help="see clusters list")
    matrep.add_argument("--pdf", required=True, metavar="FILE", help="the PDF file to write")
    matboard = matsub.add_parser("scoreboard", help="all clusters × dimensions as PDF and/or XLSX")
    matboard.add_argument("--pdf", metavar="FILE", help="the PDF file to write")
    matboard.add_argument("--xlsx", metavar="FILE", help="the .xlsx file to write")
    return p


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date (YYYY-MM-DD)") from None


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


def cmd_backup(args: argparse.Namespace) -> int:
    from app.config import backup_dir_for
    from app.db.backup import backup_now, backup_to, prune

    path = resolve_db_path(args.db)
    if not path.exists():
        raise KnownError(f"There is no database at {path}.")
    if args.file:
        out = backup_to(path, Path(args.file))
    else:
        out = backup_now(path)
        prune(backup_dir_for(path))
    print(f"Backup written to {out}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from app.db.backup import restore
    from app.single_instance import InstanceLock, describe_holder

    path = resolve_db_path(args.db)
    lock = InstanceLock(path)
    if not lock.acquire():
        raise KnownError(describe_holder(lock.holder()) + " Close it before restoring.")
    try:
        safety = restore(path, Path(args.file))
    finally:
        lock.release()
    print(f"Restored {args.file} into {path}.")
    if safety is not None:
        print(f"The data it replaced is kept in {safety}")
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    from app.db.backup import list_backups

    rows = list_backups(resolve_db_path(args.db))
    if args.json:
        _print_json(
            [
                {
                    "path": str(i.path),
                    "taken_at": i.taken_at,
                    "reason": i.reason,
                    "size": i.size,
                    "revision": i.revision,
                    "ok": i.ok,
                    "problem": i.problem,
                }
                for i in rows
            ]
        )
    else:
        _print_table(
            ["taken", "reason", "size", "schema", "check", "file"],
            [
                (
                    f"{i.taken_at:%Y-%m-%d %H:%M}" if i.taken_at else "",
                    i.reason,
                    f"{i.size / 1_048_576:.1f} MB",
                    i.revision or "",
                    "ok" if i.ok else (i.problem or "damaged"),
                    i.path.name,
                )
                for i in rows
            ],
        )
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


def find_officer(db, text: str) -> int:  # type: ignore[no-untyped-def]
    """The id of the officer named ``text`` (name or e-mail, ignoring case and accents)."""
    from app.db.directory import list_officers
    from app.domain.text import fold

    wanted = fold(text.strip())
    matches = [o for o in list_officers(db) if wanted in (fold(o.name), fold(o.email))]
    if len(matches) == 1:
        return matches[0].id
    if not matches:
        raise KnownError(f"No officer is called “{text}” (give a name or an e-mail address).")
    raise KnownError(f"Several officers match “{text}”; give the e-mail address.")


def cmd_hours(args: argparse.Namespace) -> int:
    db = _open(args)
    try:
        return HOURS_ACTIONS[args.action](db, args)
    finally:
        db.dispose()


def _hours_progress(db, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from app.db.hours import progress_for_year

    rows = progress_for_year(db, args.year, args.as_of)
    if args.json:
        _print_json(
            [
                {
                    "officer_id": r.officer_id,
                    "officer": r.officer,
                    "year": r.progress.year,
                    "as_of": r.progress.as_of,
                    "target": r.progress.target,
                    "logged": round(r.progress.logged, 2),
                    "expected": round(r.progress.expected, 2),
                    "projected": round(r.progress.projected, 2),
                    "needed_per_month": round(r.progress.needed_per_month, 2),
                    "status": r.progress.status_label,
                }
                for r in rows
            ]
        )
    else:
        _print_table(
            ["officer", "progress"],
            [(r.officer, r.progress.sentence()) for r in rows],
        )
    return 0


def _hours_import(db, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from app.db.hours_import import run_import_command

    return run_import_command(
        db, Path(args.file), args.officer, args.dry_run, sys.stdout, sys.stderr, sheet=args.sheet
    )


def _hours_export(db, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from app.domain.records_hours import EntryFilter
    from app.reports.hours_export import export_entries

    officer_id = find_officer(db, args.officer) if args.officer else None
    f = EntryFilter(officer_id=officer_id, year=args.year, sort="date", descending=False)
    n = export_entries(db, f, Path(args.file))
    print(f"{n:,} entries written to {args.file}")
    return 0


def _hours_report(db, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    target = Path(args.pdf)
    officer_id = find_officer(db, args.officer) if args.officer else None
    from app.reports.hours_pdf import officer_statement, programme_summary

    if officer_id is not None:
        officer_statement(db, officer_id, args.year, target, as_of=args.as_of)
    else:
        programme_summary(db, args.year, target, as_of=args.as_of)
    print(f"Report written to {target}")
    return 0


def cmd_meetings(args: argparse.Namespace) -> int:
    from app.db import meetings as m

    db = _open(args)
    try:
        if args.action == "list":
            rows = m.list_meetings(db, cluster_id=args.cluster)
            if args.json:
                _print_json(
                    [
                        {
                            "id": r.id,
                            "cluster_id": r.cluster_id,
                            "cluster": r.cluster_short_name,
                            "kind": r.kind,
                            "title": r.title,
                            "start": r.starts_at,
                            "end": r.ends_at,
                            "location": r.location,
                            "open_action_items": r.open_actions,
                        }
                        for r in rows
                    ]
                )
            else:
                _print_table(
                    ["id", "start", "cluster", "kind", "title", "open actions"],
                    [
                        (
                            r.id,
                            f"{r.starts_at:%Y-%m-%d %H:%M}",
                            r.cluster_short_name,
                            r.kind,
                            r.title,
                            r.open_actions,
                        )
                        for r in rows
                    ],
                )
            return 0
        detail = m.get_meeting(db, args.id)  # a clear message for an unknown id
        if args.eml and not detail.cluster_contact_email:
            raise KnownError(
                f"{detail.meeting.cluster_short_name} has no contact e-mail; add one on the "
                "Clusters page before writing an e-mail draft."
            )
        from app.reports.minutes_pdf import write_minutes

        pdf = write_minutes(db, args.id, Path(args.pdf))
        print(f"Minutes written to {pdf}")
        if args.eml:
            from app.reports.email_draft import minutes_draft

            eml = minutes_draft(db, args.id, pdf, Path(args.eml))
            print(f"E-mail draft written to {eml}")
        return 0
    finally:
        db.dispose()


def cmd_actions(args: argparse.Namespace) -> int:
    from app.db.meetings import list_actions
    from app.domain.records_meetings import DUE_STATE_LABELS

    db = _open(args)
    try:
        today = dt.date.today()
        rows = list_actions(db, open_only=args.open, overdue_only=args.overdue, today=today)
    finally:
        db.dispose()
    if args.json:
        _print_json(
            [
                {
                    "id": r.id,
                    "meeting_id": r.meeting_id,
                    "meeting": r.meeting_title,
                    "cluster": r.cluster_short_name,
                    "description": r.description,
                    "owner": r.owner_name,
                    "due_date": r.due_date,
                    "status": r.status,
                    "due_state": DUE_STATE_LABELS[r.due_state(today)],
                }
                for r in rows
            ]
        )
    else:
        _print_table(
            ["id", "due", "state", "cluster", "owner", "what"],
            [
                (
                    r.id,
                    r.due_date or "",
                    DUE_STATE_LABELS[r.due_state(today)],
                    r.cluster_short_name,
                    r.owner_name,
                    r.description[:60],
                )
                for r in rows
            ],
        )
    return 0


def cmd_assessments(args: argparse.Namespace) -> int:
    from app.db import assessments as a

    db = _open(args)
    try:
        if args.action == "list":
            rows = a.list_assessments(db, year=args.year)
            if args.json:
                _print_json(
                    [
                        {
                            "id": r.id,
                            "cluster_id": r.cluster_id,
                            "cluster": r.cluster_short_name,
                            "year": r.plan_year,
                            "version": r.version,
                            "status": r.status,
                            "overall": None if r.overall is None else round(r.overall, 1),
                            "previous_overall": None
                            if r.previous_overall is None
                            else round(r.previous_overall, 1),
                            "scored": r.scored,
                            "criteria": r.criteria,
                            "assessor": r.assessor_name,
                        }
                        for r in rows
                    ]
                )
            else:
                from app.domain.scoring import format_change, format_percent

                _print_table(
                    ["id", "year", "cluster", "v", "status", "overall", "change", "scored"],
                    [
                        (
                            r.id,
                            r.plan_year,
                            r.cluster_short_name,
                            r.version,
                            r.status,
                            format_percent(r.overall),
                            format_change(r.overall, r.previous_overall),
                            f"{r.scored}/{r.criteria}",
                        )
                        for r in rows
                    ],
                )
            return 0
        if args.action == "report":
            detail = a.get_assessment(db, args.id)  # a clear message for an unknown id
            if args.eml and not detail.cluster_contact_email:
                raise KnownError(
                    f"{detail.row.cluster_short_name} has no contact e-mail; add one on the "
                    "Clusters page before writing an e-mail draft."
                )
            from app.reports.assessment_pdf import write_assessment_pdf

            pdf = write_assessment_pdf(db, args.id, Path(args.pdf))
            print(f"Assessment written to {pdf}")
            if args.eml:
                from app.reports.assessment_email import assessment_draft

                eml = assessment_draft(db, args.id, pdf, Path(args.eml))
                print(f"E-mail draft written to {eml}")
            return 0
        from app.reports.assessment_export import export_year_xlsx

        out = export_year_xlsx(db, args.year, Path(args.xlsx))
        print(f"Scores of {args.year} written to {out}")
        return 0
    finally:
        db.dispose()


def cmd_maturity(args: argparse.Namespace) -> int:
    from app.db import maturity as mt

    db = _open(args)
    try:
        if args.action == "list":
            board = mt.scoreboard(db)
            rows = [r for r in board.rows if r.profile_id is not None]
            if args.json:
                _print_json(
                    [
                        {
                            "cluster_id": r.cluster_id,
                            "cluster": r.cluster_short_name,
                            "date": r.assessed_on,
                            "stage": r.stage,
                            "levels": {
                                dim: r.levels[dim] for dim in board.dimensions if dim in r.levels
                            },
                        }
                        for r in rows
                    ]
                )
            else:
                _print_table(
                    [
                        "id",
                        "cluster",
                        "date",
                        "stage",
                        *[f"D{i + 1}" for i in range(len(board.dimensions))],
                    ],
                    [
                        (
                            r.cluster_id,
                            r.cluster_short_name,
                            r.assessed_on,
                            r.stage,
                            *[r.levels.get(dim, "–") for dim in board.dimensions],
                        )
                        for r in rows
                    ],
                )
                for i, dim in enumerate(board.dimensions, start=1):
                    print(f"D{i} = {dim}")
            return 0
        if args.action == "report":
            from app.db.directory import get_cluster
            from app.reports.maturity_pdf import write_profile_pdf

            get_cluster(db, args.cluster_id)  # a clear message for an unknown id
            out = write_profile_pdf(db, args.cluster_id, Path(args.pdf))
            print(f"Maturity profile written to {out}")
            return 0
        if not args.pdf and not args.xlsx:
            raise KnownError("Give --pdf FILE and/or --xlsx FILE for the scoreboard.")
        if args.pdf:
            from app.reports.maturity_pdf import write_scoreboard_pdf

            print(f"Scoreboard written to {write_scoreboard_pdf(db, Path(args.pdf))}")
        if args.xlsx:
            from app.reports.maturity_export import write_scoreboard_xlsx

            print(f"Scoreboard written to {write_scoreboard_xlsx(db, Path(args.xlsx))}")
        return 0
    finally:
        db.dispose()


HOURS_ACTIONS = {
    "progress": _hours_progress,
    "import": _hours_import,
    "export": _hours_export,
    "report": _hours_report,
}

COMMANDS = {
    "demo": cmd_demo,
    "check": cmd_check,
    "screenshots": cmd_screenshots,
    "officers": cmd_officers,
    "clusters": cmd_clusters,
    "hours": cmd_hours,
    "meetings": cmd_meetings,
    "actions": cmd_actions,
    "assessments": cmd_assessments,
    "maturity": cmd_maturity,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "backups": cmd_backups,
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
    except BrokenPipeError:  # `clusterdesk ... | head`: the reader went away, not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
