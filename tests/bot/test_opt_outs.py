"""STOP and START are remembered in the appointments database, and survive a patient purge."""

from bot.clinic.privacy import purge_patient
from bot.messaging.opt_outs import is_opted_out, opt_in, opt_out

PHONE, OTHER = "+16175550199", "+12125550123"


def test_stop_then_start(engine):
    assert not is_opted_out(engine, PHONE)
    assert opt_out(engine, PHONE) is True
    assert is_opted_out(engine, PHONE) and not is_opted_out(engine, OTHER)
    assert opt_out(engine, PHONE) is False  # already opted out: nothing new to confirm
    assert opt_in(engine, PHONE) is True
    assert not is_opted_out(engine, PHONE)
    assert opt_in(engine, PHONE) is False


def test_purging_a_patient_keeps_the_opt_out(engine, settings):
    opt_out(engine, PHONE)
    purge_patient(engine, PHONE, settings)
    assert is_opted_out(engine, PHONE)
