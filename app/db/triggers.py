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


# --------------------------------------------------------------------------- assessments
ASSESSMENT_FINAL = "ASSESSMENT_FINAL"
TEMPLATE_IN_USE = "TEMPLATE_IN_USE"

_FINAL = "(SELECT status FROM assessment WHERE id = {r}.assessment_id) = 'final'"
_SECTION_USED = "EXISTS (SELECT 1 FROM assessment WHERE template_id = {t})"
_SECTION_TEMPLATE = "(SELECT template_id FROM template_section WHERE id = {s})"
_CRITERION_TEMPLATE = (
    "(SELECT s.template_id FROM template_criterion c JOIN template_section s "
    "ON s.id = c.section_id WHERE c.id = {c})"
)


def _lock_triggers() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for table in ("assessment_score", "assessment_section_note"):
        out[f"trg_{table}_final_insert"] = (
            f"BEFORE INSERT ON {table} WHEN " + _FINAL.format(r="NEW"),
            ASSESSMENT_FINAL,
        )
        out[f"trg_{table}_final_update"] = (
            f"BEFORE UPDATE ON {table} WHEN " + _FINAL.format(r="OLD"),
            ASSESSMENT_FINAL,
        )
        out[f"trg_{table}_final_delete"] = (
            f"BEFORE DELETE ON {table} WHEN " + _FINAL.format(r="OLD"),
            ASSESSMENT_FINAL,
        )
    out["trg_assessment_final_update"] = (
        "BEFORE UPDATE ON assessment WHEN OLD.status = 'final'",
        ASSESSMENT_FINAL,
    )
    out["trg_assessment_final_delete"] = (
        "BEFORE DELETE ON assessment WHEN OLD.status = 'final'",
        ASSESSMENT_FINAL,
    )
    # a template version that scored an assessment is frozen
    for event, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
        e = event.lower()
        out[f"trg_template_section_used_{e}"] = (
            f"BEFORE {event} ON template_section WHEN "
            + _SECTION_USED.format(t=f"{row}.template_id"),
            TEMPLATE_IN_USE,
        )
        out[f"trg_template_criterion_used_{e}"] = (
            f"BEFORE {event} ON template_criterion WHEN "
            + _SECTION_USED.format(t=_SECTION_TEMPLATE.format(s=f"{row}.section_id")),
            TEMPLATE_IN_USE,
        )
        out[f"trg_criterion_level_used_{e}"] = (
            f"BEFORE {event} ON criterion_level WHEN "
            + _SECTION_USED.format(t=_CRITERION_TEMPLATE.format(c=f"{row}.criterion_id")),
            TEMPLATE_IN_USE,
        )
    out["trg_assessment_template_used_update"] = (
        "BEFORE UPDATE ON assessment_template WHEN "
        + _SECTION_USED.format(t="OLD.id")
        + " AND (NEW.name IS NOT OLD.name OR NEW.version IS NOT OLD.version"
        " OR NEW.level_labels IS NOT OLD.level_labels)",
        TEMPLATE_IN_USE,
    )
    out["trg_assessment_template_used_delete"] = (
        "BEFORE DELETE ON assessment_template WHEN " + _SECTION_USED.format(t="OLD.id"),
        TEMPLATE_IN_USE,
    )
    return out


def create_assessment_lock_triggers(conn: Connection) -> None:
    """Final assessments and the template versions they were scored with cannot change."""
    for name, (when, code) in _lock_triggers().items():
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        conn.exec_driver_sql(
            f"CREATE TRIGGER {name} {when} BEGIN SELECT RAISE(ABORT, '{code}'); END"
        )


def drop_assessment_lock_triggers(conn: Connection) -> None:
    for name in _lock_triggers():
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
