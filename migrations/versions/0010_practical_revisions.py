"""practical facts become revisions: in force from recorded_at until superseded_at

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

Rows stored before this revision count from the day their quote was read (or from the upgrade,
when they have no evidence), the same rule a load applies to a fact it sees for the first time.
"""

from __future__ import annotations

from datetime import UTC, datetime, time

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("practical_fact") as batch:
        batch.add_column(sa.Column("recorded_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("superseded_at", sa.DateTime(), nullable=True))
    now = datetime.now(UTC).replace(tzinfo=None)  # stored as naive UTC, like every time column
    facts = sa.table("practical_fact", sa.column("id", sa.Integer()), sa.column("recorded_at", sa.DateTime()), sa.column("seen_on", sa.Date()))
    bind = op.get_bind()
    for row_id, seen_on in bind.execute(sa.select(facts.c.id, facts.c.seen_on)).all():
        recorded = datetime.combine(seen_on, time.min) if seen_on is not None else now
        bind.execute(facts.update().where(facts.c.id == row_id).values(recorded_at=min(recorded, now)))
    with op.batch_alter_table("practical_fact") as batch:
        batch.alter_column("recorded_at", existing_type=sa.DateTime(), nullable=False)
        batch.create_index("ix_practical_fact_product_in_force", ["product_id", "superseded_at"])


def downgrade() -> None:
    op.execute("DELETE FROM practical_fact WHERE superseded_at IS NOT NULL")
    with op.batch_alter_table("practical_fact") as batch:
        batch.drop_index("ix_practical_fact_product_in_force")
        batch.drop_column("superseded_at")
        batch.drop_column("recorded_at")
