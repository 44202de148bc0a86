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
    ratios = [v / f for _, v, f, _ in RESULTS if f]
    print(f"\n{len(RESULTS)} benchmarks, median ratio {statistics.median(ratios):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
