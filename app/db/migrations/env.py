"""Alembic environment. Migrations are run by ``app.db.migrate``, never by hand-written SQL."""

from alembic import context

from app.db.fts import include_in_autogenerate
from app.db.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move tables instead
        compare_type=True,
        include_name=include_in_autogenerate,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():  # pragma: no cover - the app never renders SQL scripts
    raise SystemExit("ClusterDesk migrations run online only (app.db.migrate).")
run_migrations_online()
