"""An appeal's accept time counts from the offer still open when it was accepted: 0003 took
the last offer to the same person, so taking an appeal from the queue after an offer to
them had run out counted from that old offer. Recomputed for what was written before."""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.execute("UPDATE appeals SET offer_at = (SELECT MAX(e.at) FROM events e "
               "WHERE e.appeal_id = appeals.id AND e.kind = 'offered' "
               "AND e.actor = appeals.accepted_by AND e.at <= appeals.accepted_at "
               "AND NOT EXISTS (SELECT 1 FROM events f WHERE f.appeal_id = appeals.id "
               "AND f.actor = appeals.accepted_by "
               "AND f.kind IN ('offer_missed', 'offer_declined') AND f.id > e.id "
               "AND f.at <= appeals.accepted_at)) "
               "WHERE accepted_at IS NOT NULL")


def downgrade() -> None:
    pass  # (the old figure was wrong; nothing to restore)
