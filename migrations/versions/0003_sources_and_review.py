"""sources, snapshots, versions, proposals, reviewers

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    op.create_table('reviewer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviewer')),
    sa.UniqueConstraint('username', name=op.f('uq_reviewer_username'))
    )
    op.create_table('source_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.String(length=64), nullable=False),
    sa.Column('document_id', sa.String(length=100), nullable=False),
    sa.Column('edition_id', sa.String(length=64), nullable=True),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('document_type', sa.String(length=64), nullable=False),
    sa.Column('criteria', sa.JSON(), nullable=False),
    sa.Column('declaration_hash', sa.String(length=64), nullable=False),
    sa.Column('last_fetch_at', sa.DateTime(), nullable=True),
    sa.Column('last_success_at', sa.DateTime(), nullable=True),
    sa.Column('status', sa.Enum('never', 'unchanged', 'changed', 'new', 'failed', name='fetch_status', native_enum=False, length=32), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('etag', sa.String(length=500), nullable=True),
    sa.Column('last_modified', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_source_document_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_source_document')),
    sa.UniqueConstraint('product_id', 'document_id', name='uq_source_document_key')
    )
    op.create_table('snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('body', sa.LargeBinary(), nullable=False),
    sa.Column('content_type', sa.String(length=200), nullable=False),
    sa.Column('charset', sa.String(length=64), nullable=True),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('fetched_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['source_document.id'], name=op.f('fk_snapshot_source_id_source_document'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_snapshot')),
    sa.UniqueConstraint('source_id', 'sha256', name='uq_snapshot_content')
    )
    op.create_table('document_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('snapshot_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('declaration_hash', sa.String(length=64), nullable=False),
    sa.Column('technical', sa.Boolean(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['snapshot_id'], ['snapshot.id'], name=op.f('fk_document_version_snapshot_id_snapshot'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['source_id'], ['source_document.id'], name=op.f('fk_document_version_source_id_source_document'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_version'))
    )
    with op.batch_alter_table('document_version', schema=None) as batch_op:
        batch_op.create_index('ix_document_version_source', ['source_id', 'recorded_at'], unique=False)

    op.create_table('proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.String(length=64), nullable=False),
    sa.Column('edition_id', sa.String(length=64), nullable=True),
    sa.Column('criterion_id', sa.String(length=64), nullable=False),
    sa.Column('level_id', sa.String(length=64), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('rule_id', sa.String(length=100), nullable=False),
    sa.Column('current_level_id', sa.String(length=64), nullable=True),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('snapshot_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('previous_version_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('pending', 'accepted', 'rejected', 'superseded', name='proposal_status', native_enum=False, length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by', sa.String(length=200), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['previous_version_id'], ['document_version.id'], name=op.f('fk_proposal_previous_version_id_document_version'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_proposal_product_id_product'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['snapshot_id'], ['snapshot.id'], name=op.f('fk_proposal_snapshot_id_snapshot'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['source_id'], ['source_document.id'], name=op.f('fk_proposal_source_id_source_document'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['version_id'], ['document_version.id'], name=op.f('fk_proposal_version_id_document_version'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal'))
    )
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.create_index('ix_proposal_fact', ['product_id', 'edition_id', 'criterion_id', 'status'], unique=False)

    


def downgrade() -> None:
    
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_fact')

    op.drop_table('proposal')
    with op.batch_alter_table('document_version', schema=None) as batch_op:
        batch_op.drop_index('ix_document_version_source')

    op.drop_table('document_version')
    op.drop_table('snapshot')
    op.drop_table('source_document')
    op.drop_table('reviewer')
    
