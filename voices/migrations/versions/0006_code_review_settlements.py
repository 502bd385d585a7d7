"""code review settlements

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 03:58:00

Settling a disagreement between reviewers is recorded on the agreed review itself, with
what the review said before, so the agreement figures can always be those of the two
codings as first made.
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('code_review', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('settlements', sa.JSON(), nullable=False, server_default='[]')
        )


def downgrade() -> None:
    with op.batch_alter_table('code_review', schema=None) as batch_op:
        batch_op.drop_column('settlements')
