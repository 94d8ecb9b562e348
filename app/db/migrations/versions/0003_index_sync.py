"""Index sync marker: the directory time up to which each alias is in step.

Revision ID: 0003_index_sync
Revises: 0002_directory
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_index_sync"
down_revision = "0002_directory"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "index_sync",
        sa.Column("alias", sa.Text(), primary_key=True),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("site_updated_at", "site", ["updated_at"])


def downgrade() -> None:
    op.drop_index("site_updated_at", table_name="site")
    op.drop_table("index_sync")
