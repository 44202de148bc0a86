"""ClusterDesk benchmarks: each figure is reported beside its floor measured in the same run.

    python -m bench.run [--db PATH] [--entries N] [--quick]

Targets (issue "Hours", Speed), on 1,000,000 entries (200 officers × 10 years):
- progress for every officer for one year ≤ 2× a raw sqlite3 GROUP BY on the same file;
- the Hours page shows its first rows ≤ 300 ms after being opened, process < 400 MB peak;
- importing a 100,000-row CSV ≤ 5 s, reported beside a raw executemany of the same rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.generate import generate

RESULTS: list[tuple[str, float, float, str]] = []


def best_of(fn: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def report(name: str, value: float, floor: float, target: str) -> None:
    RESULTS.append((name, value, floor, target))
    ratio = value / floor if floor else float("inf")
    print(
        f"{name:<46} {value * 1000:9.1f} ms   floor {floor * 1000:9.1f} ms   "
        f"ratio {ratio:5.2f}   target {target}"
    )


def bench_progress(db_path: Path, year: int) -> None:
    from app.db.hours import progress_for_year
    from app.db.migrate import open_database

    db = open_database(db_path)
    as_of = dt.date(year, 11, 29)

    def ours() -> None:
        progress_for_year(db, year, as_of)

    def raw() -> None:
        con = sqlite3.connect(db_path)
        con.execute(
            "SELECT officer_id, SUM(minutes) FROM time_entry "
            "WHERE entry_date >= ? AND entry_date <= ? GROUP BY officer_id",
            (f"{year}-01-01", as_of.isoformat()),
        ).fetchall()
        con.close()

    ours()  # warm the page cache for both
    raw()
    report("progress, every officer, one year", best_of(ours), best_of(raw), "≤ 2× floor")
    db.dispose()


WORDS = [
    "presupuesto",
    "plan",
    "estratégico",
    "internacionalización",
    "reunión",
    "consejo",
    "socios",
    "proyecto",
    "europeo",
    "talento",
    "formación",
    "digitalización",
    "ciberseguridad",
    "energía",
    "hidrógeno",
    "movilidad",
    "misión",
    "comercial",
    "budget",
    "board",
    "members",
    "strategy",
    "innovation",
    "cooperation",
    "SMEs",
    "working",
    "group",
    "assessment",
]


def make_meetings_db(path: Path, meetings: int = 10_000, seed: int = 3) -> None:
    """A database with ``meetings`` meetings, each with agenda notes, decisions and actions."""
    import random

    from app.db.migrate import open_database

    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    open_database(path).dispose()
    rnd = random.Random(seed)

    def sentence(n: int) -> str:
        return " ".join(rnd.choice(WORDS) for _ in range(n))

    con = sqlite3.connect(path)
    con.executemany(
        "INSERT INTO cluster (id, name, short_name, sector, kind, cross_border, contact_name, "
        "contact_email, website, esca_label, archived, notes) "
        "VALUES (?, ?, ?, '', 'cluster', 0, '', '', '', 'none', 0, '')",
        [(i, f"Cluster {i}", f"C{i:02d}") for i in range(1, 23)],
    )
    start = dt.datetime(2016, 1, 1, 10)
    con.executemany(
        "INSERT INTO meeting (id, cluster_id, kind, title, starts_at, location, online, notes, closed) "
        "VALUES (?, ?, 'board', ?, ?, '', 0, ?, 1)",
        [
            (
                i,
                rnd.randint(1, 22),
                f"Reunión del consejo {i}",
                (start + dt.timedelta(hours=7 * i)).isoformat(" "),
                sentence(40),
            )
            for i in range(1, meetings + 1)
        ],
    )
    con.executemany(
        "INSERT INTO agenda_item (meeting_id, position, title, notes) VALUES (?, ?, ?, ?)",
        [(i, k, sentence(4), sentence(120)) for i in range(1, meetings + 1) for k in range(4)],
    )
    con.executemany(
        "INSERT INTO decision (meeting_id, position, text) VALUES (?, 0, ?)",
        [(i, sentence(15)) for i in range(1, meetings + 1)],
    )
    con.executemany(
        "INSERT INTO action_item (meeting_id, description, status) VALUES (?, ?, 'open')",
        [(i, sentence(12)) for i in range(1, meetings + 1)],
    )
    con.commit()
    con.close()


def bench_search(path: Path) -> None:
    from app.db.meetings import search
    from app.db.migrate import open_database

    if not path.exists():
        print("generating 10,000 meetings for the search benchmark …", flush=True)
        make_meetings_db(path)
    db = open_database(path)
    queries = ["reunion", "internacionalizacion europeo", "hidrogeno", "ciber", "budget plan"]

    def ours() -> None:
        for q in queries:
            search(db, q)

    def raw() -> None:
        con = sqlite3.connect(path)
        for q in queries:
            match = " ".join(f'"{w}"*' for w in q.split())
            con.execute(
                "SELECT meeting_id, snippet(meeting_fts, 0, '[', ']', '…', 12) FROM meeting_fts "
                "WHERE meeting_fts MATCH ? ORDER BY rowid DESC LIMIT 200",
                (match,),
            ).fetchall()
        con.close()

    ours()
    raw()
    n = len(queries)
    report(
        "meeting search, 10,000 meetings (per query)",
        best_of(ours) / n,
        best_of(raw) / n,
        "≤ 50 ms",
    )
    db.dispose()


def make_maturity_db(path: Path, clusters: int = 200, years: int = 10, seed: int = 5) -> None:
    """``clusters`` clusters with one maturity profile a year for ``years`` years."""
    import random

    from app.db.migrate import open_database

    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    open_database(path).dispose()
    rnd = random.Random(seed)
    con = sqlite3.connect(path)
    model_id = con.execute("SELECT id FROM maturity_model ORDER BY id LIMIT 1").fetchone()[0]
    dims = [
        r[0]
        for r in con.execute("SELECT id FROM maturity_dimension WHERE model_id = ?", (model_id,))
    ]
    con.executemany(
        "INSERT INTO cluster (id, name, short_name, sector, kind, cross_border, contact_name, "
        "contact_email, website, esca_label, archived, notes) "
        "VALUES (?, ?, ?, '', 'cluster', 0, '', '', '', 'none', 0, '')",
        [(i, f"Cluster {i}", f"C{i:03d}") for i in range(1, clusters + 1)],
    )
    profiles, scores = [], []
    pid = 0
    for c in range(1, clusters + 1):
        for y in range(years):
            pid += 1
            profiles.append(
                (
                    pid,
                    c,
                    model_id,
                    f"{2017 + y}-05-01",
                    rnd.choice(["emerging", "growth", "mature"]),
                )
            )
            scores += [(pid, d, rnd.randint(1, 5)) for d in dims]
    con.executemany(
        "INSERT INTO maturity_profile (id, cluster_id, model_id, assessed_on, stage, notes) VALUES (?, ?, ?, ?, ?, '')",
        profiles,
    )
    con.executemany(
        "INSERT INTO maturity_score (profile_id, dimension_id, level, note, evidence) VALUES (?, ?, ?, '', '')",
        scores,
    )
    con.commit()
    con.close()


def bench_scoreboard(path: Path) -> None:
    from app.db.maturity import scoreboard
    from app.db.migrate import open_database

    if not path.exists():
        print("generating 200 clusters × 10 years of maturity profiles …", flush=True)
        make_maturity_db(path)
    db = open_database(path)

    def ours() -> None:
        scoreboard(db)

    def raw() -> None:
        con = sqlite3.connect(path)
        con.execute(
            "SELECT p.cluster_id, s.dimension_id, s.level FROM maturity_profile p "
            "JOIN maturity_score s ON s.profile_id = p.id "
            "WHERE p.assessed_on = (SELECT max(assessed_on) FROM maturity_profile q WHERE q.cluster_id = p.cluster_id)"
        ).fetchall()
        con.close()

    ours()
    raw()
    report(
        "maturity scoreboard query, 200 × 10 years",
        best_of(ours),
        best_of(raw),
        "(part of the page)",
    )
    db.dispose()
    first, bare, _, _ = probe_page("maturity", path)
    report("Maturity page shows the scoreboard", first / 1000, bare / 1000, "≤ 300 ms")


def bench_import(workdir: Path, rows: int = 100_000) -> None:
    """Import a 100,000-row Spanish CSV (``;``, decimal commas, dd/mm/yyyy, Windows-1252)."""
    import random
    import shutil

    from app.db import directory as d
    from app.db.hours_import import apply_import, plan_import
    from app.db.migrate import open_database
    from app.domain.records import ClusterInput, OfficerInput

    workdir.mkdir(parents=True, exist_ok=True)
    template = workdir / "import-template.sqlite"
    for p in workdir.glob("import-*.sqlite*"):
        p.unlink()
    db = open_database(template)
    officers = [
        d.create_officer(db, OfficerInput(f"Técnico {i}", f"tecnico{i}@example.org"))
        for i in range(8)
    ]
    for i in range(10):
        d.create_cluster(db, ClusterInput(f"Clúster {i}", f"CL{i}"))
    db.dispose()
    del officers
    rnd = random.Random(11)
    acts = ["Reunión de junta", "Preparación", "Grupo de trabajo", "Evaluación", "Viaje", "Otros"]
    csv_path = workdir / "import-100k.csv"
    lines = ["Fecha;Técnico;Clúster;Actividad;Horas;Descripción"]
    raw_rows = []
    per_day: dict[tuple[int, dt.date], int] = {}
    while len(lines) <= rows:
        officer = rnd.randrange(8)
        day = dt.date(2016, 1, 1) + dt.timedelta(days=rnd.randrange(3650))
        if per_day.get((officer, day), 0) >= 4:
            continue  # at most 4 entries of ≤ 2.5 h per officer and day: every day under 24 h
        per_day[(officer, day)] = per_day.get((officer, day), 0) + 1
        minutes = rnd.choice((30, 60, 90, 120, 150))
        cluster = rnd.randrange(10)
        text = f"Tarea nº {len(lines)}"  # unique: no row is a duplicate of another
        hours = (
            f"{minutes // 60},{50 if minutes % 60 else 0}".replace(",0", "")
            if minutes % 60
            else str(minutes // 60)
        )
        lines.append(
            f"{day:%d/%m/%Y};Técnico {officer};CL{cluster};{acts[len(lines) % 6]};{hours};{text}"
        )
        raw_rows.append((officer + 1, day.isoformat(), minutes, cluster + 1, "other", text))
    csv_path.write_text("\n".join(lines) + "\n", encoding="cp1252")

    def fresh(name: str) -> Path:
        target = workdir / f"import-{name}.sqlite"
        for p in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
            p.unlink(missing_ok=True)
        shutil.copy(template, target)
        return target

    def ours_once() -> float:
        target = fresh("ours")
        db = open_database(target)
        t = time.perf_counter()
        plan = plan_import(db, csv_path, today=dt.date(2026, 11, 29))
        assert not plan.problems, plan.problems[:3]
        apply_import(db, plan)
        elapsed = time.perf_counter() - t
        db.dispose()
        return elapsed

    def raw_once() -> float:
        target = fresh("raw")
        con = sqlite3.connect(target)
        t = time.perf_counter()
        con.executemany(
            "INSERT INTO time_entry (officer_id, entry_date, minutes, cluster_id, activity, description) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            raw_rows,
        )
        con.commit()
        elapsed = time.perf_counter() - t
        con.close()
        return elapsed

    ours = min(ours_once() for _ in range(2))
    raw = min(raw_once() for _ in range(2))
    report(f"import {rows:,}-row CSV (plan + apply)", ours, raw, "≤ 5 s")


def probe_page(which: str, db_path: Path) -> tuple[float, float, float, float]:
    """Open a page in a fresh process (so the time includes the first connection and the memory
    is its own): (first shown ms, bare window ms, all loaded ms, peak RSS MB)."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [sys.executable, "-m", "bench.page_probe", which, str(db_path), tmp],
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        ).stdout.split()
    first, bare, everything, rss = (float(x) for x in out)
    return first, bare, everything, rss


def bench_hours_page(db_path: Path) -> None:
    """The Hours page on the 1M-entry database."""
    first, bare, everything, rss = probe_page("hours", db_path)
    report("Hours page: first rows shown", first / 1000, bare / 1000, "≤ 300 ms")
    print(
        f"{'Hours page: every id and the totals loaded':<46} {everything:9.1f} ms   peak RSS {rss:.0f} MB (target < 400 MB)"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--db", type=Path, default=Path("/tmp/clusterdesk-bench.sqlite"))
    ap.add_argument("--entries", type=int, default=1_000_000)
    ap.add_argument("--regenerate", action="store_true", help="rebuild the database first")
    a = ap.parse_args(argv)
    if a.regenerate or not a.db.exists():
        print(f"generating {a.entries:,} entries in {a.db} …", flush=True)
        out = generate(a.db, entries=a.entries)
        print(f"  done in {out['seconds']:.1f} s", flush=True)
    bench_progress(a.db, 2026)
    bench_hours_page(a.db)
    bench_search(a.db.with_name(a.db.stem + "-meetings.sqlite"))
    bench_scoreboard(a.db.with_name(a.db.stem + "-maturity.sqlite"))
    bench_import(a.db.parent / "clusterdesk-bench-import")
    ratios = [v / f for _, v, f, _ in RESULTS if f]
    print(f"\n{len(RESULTS)} benchmarks, median ratio {statistics.median(ratios):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
