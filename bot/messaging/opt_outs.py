"""Who has texted STOP. Plain SQLAlchemy, no Rasa: the SMS channel asks here before sending."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.clinic.database import SmsOptOut


def is_opted_out(engine: Engine, phone: str) -> bool:
    with Session(engine) as session, session.begin():
        return session.get(SmsOptOut, phone) is not None


def opt_out(engine: Engine, phone: str) -> bool:
    """Record a STOP. True when the number was not opted out before."""
    try:
        with Session(engine) as session, session.begin():
            if session.get(SmsOptOut, phone) is not None:
                return False
            session.add(SmsOptOut(phone=phone))
        return True
    except IntegrityError:  # a second STOP from the same number, at the same moment
        return False


def opt_in(engine: Engine, phone: str) -> bool:
    """Record a START. True when the number was opted out before."""
    with Session(engine) as session, session.begin():
        removed = session.execute(
            delete(SmsOptOut).where(SmsOptOut.phone == phone).execution_options(synchronize_session=False)
        ).rowcount
        return removed > 0
