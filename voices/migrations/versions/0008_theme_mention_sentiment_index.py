"""theme mention sentiment index

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 06:00:00

The findings page's sentiment balance per theme (GROUP BY theme, sentiment) read from an
index alone instead of every theme_mention row.
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("theme_mention", schema=None) as batch_op:
        batch_op.create_index(
            "ix_theme_mention_sentiment",
            ["consultation_id", "framework", "theme", "sentiment"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("theme_mention", schema=None) as batch_op:
        batch_op.drop_index("ix_theme_mention_sentiment")
