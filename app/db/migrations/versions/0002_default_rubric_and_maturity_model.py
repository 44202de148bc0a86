"""Load the default rubric and maturity model shipped in app/resources/templates.

Self-contained on purpose: it names only the columns it writes, so later schema changes do not
break it. The files it reads are versioned (``*_v1.json``) and never edited; a new version of the
rubric ships as a new file loaded by a new migration or by the template editor.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

import json
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEMPLATES = Path(__file__).resolve().parents[3] / "resources" / "templates"

template = sa.table(
    "assessment_template",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("version", sa.Integer),
    sa.column("description", sa.Text),
    sa.column("level_labels", sa.JSON),
)
section = sa.table(
    "template_section",
    sa.column("id", sa.Integer),
    sa.column("template_id", sa.Integer),
    sa.column("position", sa.Integer),
    sa.column("name", sa.String),
    sa.column("description", sa.Text),
)
criterion = sa.table(
    "template_criterion",
    sa.column("id", sa.Integer),
    sa.column("section_id", sa.Integer),
    sa.column("position", sa.Integer),
    sa.column("code", sa.String),
    sa.column("name", sa.String),
    sa.column("description", sa.Text),
    sa.column("weight", sa.Float),
)
criterion_level = sa.table(
    "criterion_level",
    sa.column("criterion_id", sa.Integer),
    sa.column("level", sa.Integer),
    sa.column("descriptor", sa.Text),
)
model = sa.table(
    "maturity_model",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("version", sa.Integer),
    sa.column("description", sa.Text),
    sa.column("level_labels", sa.JSON),
)
dimension = sa.table(
    "maturity_dimension",
    sa.column("id", sa.Integer),
    sa.column("model_id", sa.Integer),
    sa.column("position", sa.Integer),
    sa.column("name", sa.String),
    sa.column("description", sa.Text),
)
maturity_level = sa.table(
    "maturity_level",
    sa.column("dimension_id", sa.Integer),
    sa.column("level", sa.Integer),
    sa.column("descriptor", sa.Text),
)


def _insert(conn: sa.Connection, table: sa.TableClause, **values: object) -> int:
    return conn.execute(table.insert().values(**values).returning(table.c.id)).scalar_one()


def upgrade() -> None:
    conn = op.get_bind()
    rubric = json.loads((TEMPLATES / "rubric_v1.json").read_text(encoding="utf-8"))
    t_id = _insert(
        conn,
        template,
        name=rubric["name"],
        version=rubric["version"],
        description=rubric["description"],
        level_labels=rubric["level_labels"],
    )
    for s_pos, sec in enumerate(rubric["sections"]):
        s_id = _insert(
            conn,
            section,
            template_id=t_id,
            position=s_pos,
            name=sec["name"],
            description=sec["description"],
        )
        for c_pos, crit in enumerate(sec["criteria"]):
            c_id = _insert(
                conn,
                criterion,
                section_id=s_id,
                position=c_pos,
                code=crit["code"],
                name=crit["name"],
                description=crit["description"],
                weight=crit["weight"],
            )
            conn.execute(
                criterion_level.insert(),
                [
                    {"criterion_id": c_id, "level": lvl, "descriptor": text}
                    for lvl, text in enumerate(crit["levels"])
                ],
            )

    mat = json.loads((TEMPLATES / "maturity_v1.json").read_text(encoding="utf-8"))
    m_id = _insert(
        conn,
        model,
        name=mat["name"],
        version=mat["version"],
        description=mat["description"],
        level_labels=mat["level_labels"],
    )
    for d_pos, dim in enumerate(mat["dimensions"]):
        d_id = _insert(
            conn,
            dimension,
            model_id=m_id,
            position=d_pos,
            name=dim["name"],
            description=dim["description"],
        )
        conn.execute(
            maturity_level.insert(),
            [
                {"dimension_id": d_id, "level": lvl, "descriptor": text}
                for lvl, text in enumerate(dim["levels"], start=1)
            ],
        )


def downgrade() -> None:
    conn = op.get_bind()
    conn.execute(
        sa.text("DELETE FROM maturity_model WHERE name = 'SPRI cluster maturity' AND version = 1")
    )
    conn.execute(
        sa.text(
            "DELETE FROM assessment_template WHERE name = 'SPRI action-plan assessment' AND version = 1"
        )
    )
