"""products, editions, fact revisions, observations

Revision ID: 0001
Revises: 
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    op.create_table('product',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('full_name', sa.String(length=400), nullable=False),
    sa.Column('vendor_company', sa.String(length=400), nullable=False),
    sa.Column('jurisdiction', sa.String(length=2), nullable=True),
    sa.Column('jurisdiction_note', sa.Text(), nullable=False),
    sa.Column('website', sa.String(length=2000), nullable=False),
    sa.Column('category', sa.Enum('consumer-app', 'business-messenger', 'collaboration-suite', 'self-hostable', name='category', native_enum=False, length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product'))
    )
    op.create_table('edition',
    sa.Column('product_id', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('name_nl', sa.String(length=200), nullable=True),
    sa.Column('hosting', sa.Enum('vendor-cloud', 'self-hosted', 'on-premises', 'partner-hosted', name='hosting', native_enum=False, length=32), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_edition_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('product_id', 'id', name=op.f('pk_edition'))
    )
    op.create_table('fact_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.String(length=64), nullable=False),
    sa.Column('edition_id', sa.String(length=64), nullable=True),
    sa.Column('criterion_id', sa.String(length=64), nullable=False),
    sa.Column('status', sa.Enum('verified', 'unverified', 'unknown', name='fact_status', native_enum=False, length=32), nullable=False),
    sa.Column('level_id', sa.String(length=64), nullable=True),
    sa.Column('confidence', sa.Enum('high', 'medium', 'low', name='confidence', native_enum=False, length=32), nullable=False),
    sa.Column('explanation_en', sa.Text(), nullable=True),
    sa.Column('explanation_nl', sa.Text(), nullable=True),
    sa.Column('quote', sa.Text(), nullable=True),
    sa.Column('source_url', sa.String(length=2000), nullable=True),
    sa.Column('source_date', sa.String(length=100), nullable=True),
    sa.Column('seen_on', sa.Date(), nullable=True),
    sa.Column('source_type', sa.String(length=100), nullable=True),
    sa.Column('seen_in', sa.Text(), nullable=True),
    sa.Column('research_value', sa.String(length=200), nullable=True),
    sa.Column('history', sa.JSON(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('proposal_id', sa.Integer(), nullable=True),
    sa.Column('snapshot_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status != 'unknown' OR level_id IS NULL", name=op.f('ck_fact_revision_unknown_has_no_level')),
    sa.CheckConstraint("status != 'verified' OR (level_id IS NOT NULL AND quote IS NOT NULL AND source_url IS NOT NULL)", name=op.f('ck_fact_revision_verified_has_evidence')),
    sa.ForeignKeyConstraint(['previous_id'], ['fact_revision.id'], name=op.f('fk_fact_revision_previous_id_fact_revision'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_fact_revision_product_id_product'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fact_revision'))
    )
    with op.batch_alter_table('fact_revision', schema=None) as batch_op:
        batch_op.create_index('ix_fact_revision_key', ['product_id', 'edition_id', 'criterion_id', 'recorded_at'], unique=False)

    op.create_table('observation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=100), nullable=False),
    sa.Column('criterion_id', sa.String(length=64), nullable=True),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('confidence', sa.Enum('high', 'medium', 'low', name='confidence', native_enum=False, length=32), nullable=False),
    sa.Column('explanation_en', sa.Text(), nullable=True),
    sa.Column('explanation_nl', sa.Text(), nullable=True),
    sa.Column('quote', sa.Text(), nullable=True),
    sa.Column('source_url', sa.String(length=2000), nullable=True),
    sa.Column('source_date', sa.String(length=100), nullable=True),
    sa.Column('seen_on', sa.Date(), nullable=True),
    sa.Column('source_type', sa.String(length=100), nullable=True),
    sa.Column('seen_in', sa.Text(), nullable=True),
    sa.Column('history', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_observation_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_observation'))
    )
    


def downgrade() -> None:
    
    op.drop_table('observation')
    with op.batch_alter_table('fact_revision', schema=None) as batch_op:
        batch_op.drop_index('ix_fact_revision_key')

    op.drop_table('fact_revision')
    op.drop_table('edition')
    op.drop_table('product')
    
