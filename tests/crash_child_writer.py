"""Child process of ``test_crash_campaign.py``: writes to a real database until it is SIGKILLed.

    python tests/crash_child_writer.py run    DB WORKDIR OFFICER_ID ITEM_IDS GEN SEED
    python tests/crash_child_writer.py zygote DB WORKDIR OFFICER_ID ITEM_IDS

``run`` opens the database with ``open_database`` and loops over a seeded mix of
- an import of a small generated CSV (``plan_import`` + ``apply_import``: all or nothing), every
  row's description tagged ``imp <batch> row <j>/<n>``;
- a single time entry added (``add_entry``, description ``add <marker>``) or edited
  (``update_entry``, description ``upd <marker>``);
- an autosave of an agenda item's notes (``set_agenda_notes``) appending a line ``[<marker>] …``.

Protocol on stdout, one whole line per ``os.write`` (atomic on a pipe):
``READY <gen>`` once the database is open; ``BEGIN <kind> …`` before each operation;
``COMMITTED <kind> …`` after it returned (committed):
    BEGIN import <batch> <n>           COMMITTED import <batch> <n>
    BEGIN add <marker>                 COMMITTED add <marker> <entry id>
    BEGIN update <entry id> <marker>   COMMITTED update <entry id> <marker>
    BEGIN notes <item id> <marker>     COMMITTED notes <item id> <marker>
``ERROR <text>`` when something unexpected happens (the traceback goes to stderr).

``zygote`` imports everything once, then forks one ``run`` child per ``RUN <gen> <seed>`` line on
stdin (``PID <gen> <pid>`` when forked, ``EXIT <gen> <signal or code>`` once it is dead), so that
each of the campaign's many children starts in milliseconds instead of a second and a half of
imports. A forked child opens its own connections; the zygote never opens the database.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import sqlite3
import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.db import hours as h  # noqa: E402
from app.db import meetings as m  # noqa: E402
from app.db.hours_import import apply_import, plan_import  # noqa: E402
from app.db.migrate import open_database  # noqa: E402
from app.db.models import AgendaItem, Officer  # noqa: E402
from app.domain.hours import EntryInput  # noqa: E402

FIRST_DAY = dt.date(1990, 1, 2)
PER_DAY = 32  # entries per day at most: 32 × 0:30 stays under the 24-hour rule
MARKER = re.compile(r"^\[(\S+)\] ", re.MULTILINE)


def say(line: str) -> None:
    os.write(1, (line + "\n").encode())


class Writer:
    def __init__(
        self, db_path: Path, workdir: Path, officer_id: int, items: list[int], gen: int, seed: int
    ) -> None:
        self.db = open_database(db_path)
        self.workdir = workdir
        self.officer_id = officer_id
        self.items = items
        self.gen = gen
        self.rng = random.Random(seed)
        self.n = 0
        with self.db.read() as s:
            self.officer_email = s.get(Officer, officer_id).email
        con = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
        try:
            last = con.execute(
                "SELECT max(entry_date) FROM time_entry WHERE officer_id = ?", (officer_id,)
            ).fetchone()[0]
            self.editable = {
                i: dt.date.fromisoformat(d)
                for i, d in con.execute(
                    "SELECT id, entry_date FROM time_entry WHERE officer_id = ? "
                    "AND (description LIKE 'add %' OR description LIKE 'upd %')",
                    (officer_id,),
                )
            }
        finally:
            con.close()
        self.first_day = dt.date.fromisoformat(last) + dt.timedelta(days=1) if last else FIRST_DAY
        self.slot = 0

    def next_day(self) -> dt.date:
        day = self.first_day + dt.timedelta(days=self.slot // PER_DAY)
        self.slot += 1
        return day

    def marker(self, kind: str) -> str:
        self.n += 1
        return f"g{self.gen}{kind}{self.n}"

    # -- the four operations
    def import_batch(self) -> None:
        batch = self.marker("i")
        rows = self.rng.randint(1, 60)
        path = self.workdir / f"{batch}.csv"
        lines = ["Fecha;Horas;Descripción"]
        lines += [
            f"{self.next_day():%Y-%m-%d};0,25;imp {batch} row {j}/{rows}"
            for j in range(1, rows + 1)
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        plan = plan_import(self.db, path, officer=self.officer_email)
        if not plan.ok or len(plan.entries) != rows:
            raise RuntimeError(f"unexpected import plan: {plan.summary()}")
        say(f"BEGIN import {batch} {rows}")
        inserted = apply_import(self.db, plan)
        assert inserted == rows
        say(f"COMMITTED import {batch} {rows}")
        path.unlink()

    def add(self) -> None:
        marker = self.marker("a")
        day = self.next_day()
        data = EntryInput(self.officer_id, day, 15, "other", None, f"add {marker}")
        say(f"BEGIN add {marker}")
        entry_id, _warnings = h.add_entry(self.db, data)
        say(f"COMMITTED add {marker} {entry_id}")
        self.editable[entry_id] = day

    def update(self) -> None:
        if not self.editable:
            self.add()
            return
        entry_id = self.rng.choice(sorted(self.editable))
        marker = self.marker("u")
        minutes = self.rng.choice((15, 30))
        data = EntryInput(
            self.officer_id, self.editable[entry_id], minutes, "other", None, f"upd {marker}"
        )
        say(f"BEGIN update {entry_id} {marker}")
        h.update_entry(self.db, entry_id, data)
        say(f"COMMITTED update {entry_id} {marker}")

    def notes(self) -> None:
        item = self.rng.choice(self.items)
        marker = self.marker("n")
        with self.db.read() as s:
            current = s.get(AgendaItem, item).notes or ""
        text = current + f"[{marker}] autosaved while typing, line {self.n} <ok> & more\n"
        say(f"BEGIN notes {item} {marker}")
        m.set_agenda_notes(self.db, item, text)
        say(f"COMMITTED notes {item} {marker}")

    def loop(self) -> None:
        say(f"READY {self.gen}")
        while True:
            r = self.rng.random()
            if r < 0.3:
                self.import_batch()
            elif r < 0.55:
                self.add()
            elif r < 0.75:
                self.update()
            else:
                self.notes()


def run(argv: list[str]) -> int:
    db_path, workdir = Path(argv[0]), Path(argv[1])
    officer_id, items = int(argv[2]), [int(x) for x in argv[3].split(",")]
    gen, seed = int(argv[4]), int(argv[5])
    try:
        Writer(db_path, workdir, officer_id, items, gen, seed).loop()
    except BaseException as err:  # reported to the parent, which fails the test
        traceback.print_exc()
        say(f"ERROR {type(err).__name__}: {err}".replace("\n", " "))
        return 1
    return 0


def zygote(argv: list[str]) -> int:
    say("ZYGOTE READY")
    for line in sys.stdin:
        parts = line.split()
        if not parts or parts[0] == "QUIT":
            break
        gen, seed = int(parts[1]), int(parts[2])
        pid = os.fork()
        if pid == 0:  # the child: run until killed
            code = 1
            try:
                code = run([*argv, str(gen), str(seed)])
            finally:
                os._exit(code)
        say(f"PID {gen} {pid}")
        _pid, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status):
            say(f"EXIT {gen} signal {os.WTERMSIG(status)}")
        else:
            say(f"EXIT {gen} code {os.WEXITSTATUS(status)}")
    return 0


if __name__ == "__main__":
    mode, rest = sys.argv[1], sys.argv[2:]
    sys.exit(zygote(rest) if mode == "zygote" else run(rest))
