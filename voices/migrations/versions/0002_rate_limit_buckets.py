"""rate limit buckets

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 16:40:13.080905
"""

from alembic import op
import sqlalchemy as sa



revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('rate_limit_bucket',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('window_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )



def downgrade() -> None:

    op.drop_table('rate_limit_bucket')

