"""retention settings per organisation

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 08:45:00

How long an organisation keeps unfinished responses (and their resume codes), and how long a
named response keeps the child's name and reference before `voices purge` removes them.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "unfinished_retention_days", sa.Integer(), nullable=False, server_default="30"
            )
        )
        batch_op.add_column(
            sa.Column("named_retention_days", sa.Integer(), nullable=False, server_default="365")
        )


def downgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("named_retention_days")
        batch_op.drop_column("unfinished_retention_days")
