"""assessments: final assessments and used template versions are frozen by triggers

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from alembic import op

from app.db.triggers import create_assessment_lock_triggers, drop_assessment_lock_triggers

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_assessment_lock_triggers(op.get_bind())


def downgrade() -> None:
    drop_assessment_lock_triggers(op.get_bind())
