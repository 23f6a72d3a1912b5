"""tag: cause category and key phrases per contact tag

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-24

Written on the ``journeys`` branch next to the ``service`` branch's 0002: at merge, point ``down_revision``
at "0002" so the chain stays linear (the columns do not depend on anything 0002 adds).
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0001'
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
