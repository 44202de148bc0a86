"""SQLite triggers that enforce rules no code path may bypass (GUI, import, CLI, scripts).

Closed years: a time entry dated in a year listed in ``year_closure`` cannot be inserted,
changed or deleted. The message starts with ``CLOSED_YEAR`` so the data layer can explain it.

Alembic's batch mode rebuilds a table without its triggers: a migration that batch-alters
``time_entry`` must call ``create_closed_year_triggers`` again afterwards.
"""

from __future__ import annotations

from sqlalchemy import Connection

CLOSED_YEAR = "CLOSED_YEAR"

_CLOSED = "EXISTS (SELECT 1 FROM year_closure WHERE year = CAST(substr({d}, 1, 4) AS INTEGER))"

TRIGGERS = {
    "trg_time_entry_closed_insert": (
        "BEFORE INSERT ON time_entry WHEN " + _CLOSED.format(d="NEW.entry_date")
    ),
    "trg_time_entry_closed_update": (
        "BEFORE UPDATE ON time_entry WHEN "
        + _CLOSED.format(d="OLD.entry_date")
        + " OR "
        + _CLOSED.format(d="NEW.entry_date")
    ),
    "trg_time_entry_closed_delete": (
        "BEFORE DELETE ON time_entry WHEN " + _CLOSED.format(d="OLD.entry_date")
    ),
}


def create_closed_year_triggers(conn: Connection) -> None:
    if conn.dialect.name != "sqlite":  # pragma: no cover - PostgreSQL gets its own rules
        raise NotImplementedError("closed-year triggers exist for SQLite only")
    for name, when in TRIGGERS.items():
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        conn.exec_driver_sql(
            f"CREATE TRIGGER {name} {when} "
            f"BEGIN SELECT RAISE(ABORT, '{CLOSED_YEAR}: the year is closed'); END"
        )


def drop_closed_year_triggers(conn: Connection) -> None:
    for name in TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
