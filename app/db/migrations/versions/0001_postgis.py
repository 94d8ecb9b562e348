"""Enable PostGIS in the directory database.

Revision ID: 0001_postgis
Revises:
Create Date: 2026-11-23
"""

from alembic import op

revision = "0001_postgis"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("create extension if not exists postgis")


def downgrade() -> None:
    op.execute("drop extension if exists postgis")
