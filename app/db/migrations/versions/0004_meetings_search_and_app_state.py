"""meetings: full-text search (FTS5 + triggers) and the app_state table for live-meeting recovery

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.fts import create_search_index, drop_search_index

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "app_state",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_state")),
    )
    create_search_index(op.get_bind())


def downgrade() -> None:
    drop_search_index(op.get_bind())
    op.drop_table("app_state")
