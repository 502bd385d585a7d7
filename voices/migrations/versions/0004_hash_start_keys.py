"""hash start keys

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 00:40:00

The welcome form's start key used to be stored in plain text; now only a keyed hash is
(voices.respond.pages.start_key_hash). A migration has no secret key, so an existing key
becomes an unkeyed SHA-256 of itself: it can never match again, which costs nothing,
because a start key only finds its response for ten minutes (a double tap), and the
plain key is gone from the database.
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

BATCH = 500


def _retired(key: str) -> str:
    return hashlib.sha256(("retired-start-key:" + key).encode()).hexdigest()


def upgrade() -> None:
    connection = op.get_bind()
    response = sa.table("response", sa.column("id", sa.Integer), sa.column("start_key", sa.String))
    last = 0
    while True:
        rows = connection.execute(
            sa.select(response.c.id, response.c.start_key)
            .where(response.c.id > last)
            .order_by(response.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        for row_id, key in rows:
            connection.execute(
                response.update().where(response.c.id == row_id).values(start_key=_retired(key))
            )
        last = rows[-1][0]


def downgrade() -> None:
    # A hash cannot be turned back into the key; the hashed values still fit the column.
    pass
