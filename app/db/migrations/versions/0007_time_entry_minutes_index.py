"""hours: an index on time_entry.minutes so sorting a million entries by hours is instant

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_time_entry_minutes", "time_entry", ["minutes"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_time_entry_minutes", table_name="time_entry")
