"""Full-text search over meetings with SQLite FTS5, kept in step by triggers (data layer, not views).

One FTS row per searchable text: a meeting's title and notes, an agenda item's title and notes,
a decision, an action item. ``remove_diacritics 2`` makes "reunion" find "reunión".

Alembic's batch mode rebuilds a table without its triggers: a migration that batch-alters one of
the source tables must call ``create_search_index`` again afterwards.
"""

from __future__ import annotations

from sqlalchemy import Connection

FTS_TABLE = "meeting_fts"

# (source table, kind stored in the index, meeting id expression, text expression)
SOURCES = {
    "meeting": ("meeting", "{r}.id", "{r}.title || ' ' || {r}.notes"),
    "agenda_item": ("agenda", "{r}.meeting_id", "{r}.title || ' ' || {r}.notes"),
    "decision": ("decision", "{r}.meeting_id", "{r}.text"),
    "action_item": ("action", "{r}.meeting_id", "{r}.description"),
}


def _statements() -> list[str]:
    out = [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
        "body, kind UNINDEXED, ref_id UNINDEXED, meeting_id UNINDEXED, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    ]
    for table, (kind, meeting_expr, text_expr) in SOURCES.items():
        new_meeting, new_text = meeting_expr.format(r="NEW"), text_expr.format(r="NEW")
        insert = (
            f"INSERT INTO {FTS_TABLE} (body, kind, ref_id, meeting_id) "
            f"VALUES ({new_text}, '{kind}', NEW.id, {new_meeting});"
        )
        remove = f"DELETE FROM {FTS_TABLE} WHERE kind = '{kind}' AND ref_id = OLD.id;"
        out += [
            f"CREATE TRIGGER IF NOT EXISTS trg_fts_{table}_insert AFTER INSERT ON {table} "
            f"BEGIN {insert} END",
            f"CREATE TRIGGER IF NOT EXISTS trg_fts_{table}_update AFTER UPDATE ON {table} "
            f"BEGIN {remove} {insert} END",
            f"CREATE TRIGGER IF NOT EXISTS trg_fts_{table}_delete AFTER DELETE ON {table} "
            f"BEGIN {remove} END",
        ]
    return out


def create_search_index(conn: Connection) -> None:
    """Create the FTS table and its triggers, and index what the tables already hold."""
    if conn.dialect.name != "sqlite":  # pragma: no cover - PostgreSQL would use tsvector
        raise NotImplementedError("meeting search exists for SQLite only")
    for stmt in _statements():
        conn.exec_driver_sql(stmt)
    conn.exec_driver_sql(f"DELETE FROM {FTS_TABLE}")
    for table, (kind, meeting_expr, text_expr) in SOURCES.items():
        conn.exec_driver_sql(
            f"INSERT INTO {FTS_TABLE} (body, kind, ref_id, meeting_id) "
            f"SELECT {text_expr.format(r='t')}, '{kind}', t.id, {meeting_expr.format(r='t')} "
            f"FROM {table} AS t"
        )


def drop_search_index(conn: Connection) -> None:
    for table in SOURCES:
        for event in ("insert", "update", "delete"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS trg_fts_{table}_{event}")
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def include_in_autogenerate(name: str | None, type_: str, *_args: object) -> bool:
    """Alembic ``include_name`` hook: the FTS table and its shadow tables are not ORM models."""
    return not (type_ == "table" and name is not None and name.startswith(FTS_TABLE))
