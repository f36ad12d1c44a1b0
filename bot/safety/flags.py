"""Crises and treatment injuries flagged for staff: the urgent part of the staff queue.

The channels flag every crisis they see (category, channel, conversation id, time; never the
patient's words). A conversation that keeps writing about the same crisis is flagged once per
REPEAT_MINUTES, so the queue shows people, not messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.clinic.database import DONE, OPEN, SafetyFlag

REPEAT_MINUTES = 30


@dataclass(frozen=True)
class FlagView:
    id: int
    category: str
    channel: str
    conversation_id: str
    status: str
    created_at: datetime


def _view(row: SafetyFlag) -> FlagView:
    return FlagView(row.id, row.category, row.channel, row.conversation_id, row.status, row.created_at)


def flag_crisis(engine: Engine, category: str, channel: str, conversation_id: str, now: datetime | None = None) -> bool:
    """Flag a crisis for staff; False when this conversation was flagged for it just before."""
    now = now or datetime.now(UTC)
    with Session(engine) as session, session.begin():
        recent = session.scalar(
            select(SafetyFlag.id).where(
                SafetyFlag.conversation_id == conversation_id,
                SafetyFlag.category == category,
                SafetyFlag.created_at >= now - timedelta(minutes=REPEAT_MINUTES),
            )
        )
        if recent is not None:
            return False
        session.add(
            SafetyFlag(category=category, channel=channel, conversation_id=conversation_id, status=OPEN, created_at=now)
        )
    return True


def recent_crisis(engine: Engine, conversation_id: str, now: datetime | None = None) -> str | None:
    """The category of this conversation's latest crisis in the last REPEAT_MINUTES, or None."""
    now = now or datetime.now(UTC)
    with Session(engine) as session, session.begin():
        return session.scalar(
            select(SafetyFlag.category)
            .where(
                SafetyFlag.conversation_id == conversation_id,
                SafetyFlag.created_at >= now - timedelta(minutes=REPEAT_MINUTES),
            )
            .order_by(SafetyFlag.created_at.desc(), SafetyFlag.id.desc())
            .limit(1)
        )


def list_flags(engine: Engine, status: str | None = OPEN) -> list[FlagView]:
    """Flags (open ones by default), newest first."""
    query = select(SafetyFlag).order_by(SafetyFlag.created_at.desc(), SafetyFlag.id.desc())
    if status is not None:
        query = query.where(SafetyFlag.status == status)
    with Session(engine) as session, session.begin():
        return [_view(row) for row in session.scalars(query)]


def close_flag(engine: Engine, flag_id: int) -> FlagView:
    """Staff followed the flag up. Raises LookupError for an unknown id."""
    with Session(engine) as session, session.begin():
        row = session.get(SafetyFlag, flag_id)
        if row is None:
            raise LookupError(f"no safety flag {flag_id}")
        row.status = DONE
        return _view(row)
