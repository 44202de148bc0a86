"""Generate a large ClusterDesk database for the benchmarks: N officers × Y years of entries.

The schema comes from the real migrations; the rows go in with raw sqlite3 ``executemany`` (the
fastest way in, so generation does not dominate the benchmark run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import time
from pathlib import Path

from app.db.migrate import open_database
from app.domain import vocab

ACTIVITIES = list(vocab.ACTIVITIES)


def generate(
    path: Path,
    *,
    officers: int = 200,
    years: int = 10,
    entries: int = 1_000_000,
    last_year: int = 2026,
    seed: int = 7,
) -> dict[str, float]:
    if path.exists():
        path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    started = time.perf_counter()
    open_database(path).dispose()
    rnd = random.Random(seed)
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous = OFF")
    con.executemany(
        "INSERT INTO cluster (id, name, short_name, sector, kind, cross_border, contact_name, "
        "contact_email, website, esca_label, archived, notes) "
        "VALUES (?, ?, ?, '', 'cluster', 0, '', '', '', 'none', 0, '')",
        [(i, f"Cluster {i}", f"C{i:02d}") for i in range(1, 23)],
    )
    con.executemany(
        "INSERT INTO officer (id, name, email, role, active, phone, notes) "
        "VALUES (?, ?, ?, 'officer', 1, '', '')",
        [(i, f"Officer {i:03d}", f"officer{i}@example.org") for i in range(1, officers + 1)],
    )
    first_year = last_year - years + 1
    per = entries // (officers * years)
    rows = []
    for officer in range(1, officers + 1):
        for year in range(first_year, last_year + 1):
            days = sorted(rnd.randrange(0, 365) for _ in range(per))
            for day in days:
                rows.append(
                    (
                        officer,
                        (dt.date(year, 1, 1) + dt.timedelta(days=day)).isoformat(),
                        rnd.choice((15, 30, 45, 60, 90, 120)),
                        rnd.randint(1, 22),
                        rnd.choice(ACTIVITIES),
                        f"Work item {rnd.randint(1, 10_000)}",
                    )
                )
    con.executemany(
        "INSERT INTO time_entry (officer_id, entry_date, minutes, cluster_id, activity, description) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )
    con.commit()
    con.execute("ANALYZE")
    con.close()
    return {"entries": len(rows), "seconds": time.perf_counter() - started}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("path", type=Path)
    ap.add_argument("--entries", type=int, default=1_000_000)
    ap.add_argument("--officers", type=int, default=200)
    ap.add_argument("--years", type=int, default=10)
    a = ap.parse_args()
    out = generate(a.path, officers=a.officers, years=a.years, entries=a.entries)
    print(f"{out['entries']:,} entries in {out['seconds']:.1f} s → {a.path}")


if __name__ == "__main__":
    main()
