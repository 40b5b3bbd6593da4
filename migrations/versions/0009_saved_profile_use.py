"""saved profiles record when their link was first opened again, so unused ones can be pruned

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

Profiles saved before this revision count as opened again: their links may already be quoted in
procurement files, and nothing recorded says otherwise.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("custom_profile") as batch:
        batch.add_column(sa.Column("first_reopened_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE custom_profile SET first_reopened_at = created_at")


def downgrade() -> None:
    with op.batch_alter_table("custom_profile") as batch:
        batch.drop_column("first_reopened_at")
