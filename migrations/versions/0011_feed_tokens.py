"""reviewers may hold a secret token for the admin events feed, stored as its SHA-256 only

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07

A feed reader cannot log in, so /admin/events.atom also accepts a per-reviewer token in its
address. Only the token's hash is kept: a copy of the database does not open the feed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reviewer") as batch:
        batch.add_column(sa.Column("feed_token_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("feed_token_created_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reviewer") as batch:
        batch.drop_column("feed_token_created_at")
        batch.drop_column("feed_token_hash")
