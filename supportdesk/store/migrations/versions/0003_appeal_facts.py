"""Each appeal keeps the facts a report needs (first accepted, by whom, after which offer;
first answered; finished; offers missed; the score), kept up to date as its steps are written, so a
month's report reads one row per appeal instead of grouping every step. Filled here from
the steps already written."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"

def upgrade() -> None:
    with op.batch_alter_table("appeals") as table:
        table.add_column(sa.Column("accepted_at", sa.Float))
        table.add_column(sa.Column("accepted_by", sa.Text))
        table.add_column(sa.Column("offer_at", sa.Float))
        table.add_column(sa.Column("responded_at", sa.Float))
        table.add_column(sa.Column("finished_at", sa.Float))
        table.add_column(sa.Column("missed", sa.Integer, nullable=False, server_default="0"))
        table.add_column(sa.Column("score", sa.Integer))
    op.execute("UPDATE appeals SET "
               "accepted_at = (SELECT MIN(e.at) FROM events e WHERE e.appeal_id = appeals.id "
               "AND e.kind = 'accepted'), "
               "responded_at = (SELECT MIN(e.at) FROM events e "
               "WHERE e.appeal_id = appeals.id AND e.kind = 'first_response'), "
               "finished_at = (SELECT MIN(e.at) FROM events e WHERE e.appeal_id = appeals.id "
               "AND e.kind = 'finished'), "
               "missed = (SELECT COUNT(*) FROM events e WHERE e.appeal_id = appeals.id "
               "AND e.kind = 'offer_missed'), "
               "score = (SELECT r.score FROM ratings r WHERE r.appeal_id = appeals.id)")
    op.execute("UPDATE appeals SET accepted_by = (SELECT e.actor FROM events e "
               "WHERE e.appeal_id = appeals.id AND e.kind = 'accepted' "
               "ORDER BY e.at, e.id LIMIT 1) WHERE accepted_at IS NOT NULL")
    op.execute("UPDATE appeals SET offer_at = (SELECT MAX(e.at) FROM events e "
               "WHERE e.appeal_id = appeals.id AND e.kind = 'offered' "
               "AND e.actor = appeals.accepted_by AND e.at <= appeals.accepted_at) "
               "WHERE accepted_at IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("appeals") as table:
        for column in ("score", "missed", "finished_at", "responded_at", "offer_at", "accepted_by",
                       "accepted_at"):
            table.drop_column(column)
