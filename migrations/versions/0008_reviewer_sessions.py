"""reviewer session versions (revocation) and one reviewer per name whatever the case

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

Fails on a database that already holds two reviewers whose names differ only in case; rename
or remove one of them first (``msgcompare users`` cannot create such pairs any more).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reviewer") as batch:
        batch.add_column(sa.Column("session_version", sa.Integer(), nullable=False, server_default="0"))
    op.create_index("uq_reviewer_username_lower", "reviewer", [sa.text("lower(username)")], unique=True)


def downgrade() -> None:
    op.drop_index("uq_reviewer_username_lower", table_name="reviewer")
    with op.batch_alter_table("reviewer") as batch:
        batch.drop_column("session_version")
