"""tag: cause category and key phrases per contact tag

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24

Written next to the API's 0002/0003 and chained after them at merge (the columns depend on nothing they add).
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tag', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cause', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('cause_phrases', sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f('ix_tag_cause'), ['cause'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('tag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tag_cause'))
        batch_op.drop_column('cause_phrases')
        batch_op.drop_column('cause')
