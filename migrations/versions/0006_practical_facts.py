"""practical facts (price, platforms, guest access…), vendor domains, audit fields on evidence

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TOPICS = ("price", "free-tier", "platforms", "guest-access", "certification", "headquarters", "dutch-ui")


def upgrade() -> None:
    with op.batch_alter_table("product") as batch:
        batch.add_column(sa.Column("domains", sa.JSON(), nullable=False, server_default="[]"))
    for table in ("fact_revision", "observation"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("checked_on", sa.Date(), nullable=True))
            batch.add_column(sa.Column("checked", sa.Text(), nullable=True))
    op.create_table(
        "practical_fact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.String(length=64), nullable=True),
        sa.Column("topic", sa.Enum(*TOPICS, name="practical_topic", native_enum=False, length=32), nullable=False),
        sa.Column("status", sa.Enum("verified", "unverified", "unknown", name="fact_status", native_enum=False, length=32), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("explanation_en", sa.Text(), nullable=True),
        sa.Column("explanation_nl", sa.Text(), nullable=True),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("source_url", sa.String(length=2000), nullable=True),
        sa.Column("source_date", sa.String(length=100), nullable=True),
        sa.Column("seen_on", sa.Date(), nullable=True),
        sa.Column("source_type", sa.String(length=100), nullable=True),
        sa.Column("seen_in", sa.Text(), nullable=True),
        sa.Column("checked_on", sa.Date(), nullable=True),
        sa.Column("checked", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status != 'verified' OR (value IS NOT NULL AND quote IS NOT NULL AND source_url IS NOT NULL)",
            name=op.f("ck_practical_fact_verified_practical_has_evidence"),
        ),
        sa.ForeignKeyConstraint(["product_id"], ["product.id"], name=op.f("fk_practical_fact_product_id_product"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practical_fact")),
    )


def downgrade() -> None:
    op.drop_table("practical_fact")
    for table in ("observation", "fact_revision"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("checked")
            batch.drop_column("checked_on")
    with op.batch_alter_table("product") as batch:
        batch.drop_column("domains")
