"""Text messages as Twilio delivers them: signed webhooks in, texts out through a local
stand-in for Twilio's REST API (see conftest.py)."""

from __future__ import annotations

import json
import re

from sqlalchemy import select
from sqlalchemy.orm import Session
from twilio.request_validator import RequestValidator

from bot.clinic.database import SmsOptOut, make_engine
from tests.e2e.conftest import CLINIC, TWILIO, twilio_form
from tests.e2e.test_booking import a_weekday_ahead, in_words

CLINIC_NAME = CLINIC["CLINIC_NAME"]
REFERENCE = re.compile(r"reference code is ([A-Z0-9]{6})")


def joined(texts: list[str]) -> str:
    return "\n".join(texts)


def opted_out_numbers(servers) -> set[str]:
    engine = make_engine(servers.env["DATABASE_URL"])
    try:
        with Session(engine) as session:
            return set(session.scalars(select(SmsOptOut.phone)))
    finally:
        engine.dispose()


def test_a_question_by_text_is_answered_and_the_first_text_names_the_clinic(servers):
    phone = "+16175550101"
    first = servers.text(phone, "Does the treatment hurt?")
    assert first and first[0].startswith(CLINIC_NAME)
    assert "needles" in joined(first)
    later = servers.text(phone, "How long does a session take?")
    assert later and not any(CLINIC_NAME + ":" in text for text in later)


def test_a_greeting_offers_numbered_choices_and_a_number_picks_one(servers):
    phone = "+16175550102"
    greeting = joined(servers.text(phone, "hello"))
    assert CLINIC_NAME in greeting and not greeting.startswith(CLINIC_NAME + ":")  # named once
    assert "Reply 1 for Is it safe?" in greeting and "Reply 3 for What does it cost?" in greeting
    assert "(" not in greeting.split("Reply 1")[1]  # no payloads shown
    safe = joined(servers.text(phone, "1"))
    assert "numb" in safe.lower() and "Reply 1" not in safe


def test_booking_by_text_with_numbered_answers(servers):
    phone = "+16175550142"
    start = a_weekday_ahead(7, hour=9)  # 7 days: the weekday and the date agree (see test_booking)
    assert "full name" in joined(servers.text(phone, "I'd like to book an appointment"))
    assert "mobile number" in joined(servers.text(phone, "Helen Carter"))
    assert "day and time" in joined(servers.text(phone, "617-555-0142"))
    reason = joined(servers.text(phone, in_words(start)))
    assert "what would you like the visit to be about" in reason.lower() and "Reply 1 for Skip" in reason
    status = joined(servers.text(phone, "1"))
    assert "been to the clinic before" in status and "Reply 1 for First visit" in status
    assert "contact you" in joined(servers.text(phone, "1"))
    assert "email" in joined(servers.text(phone, "yes"))  # "yes" is a carrier keyword only after STOP
    summary = joined(servers.text(phone, "1"))
    assert "Helen Carter" in summary and "Reply 1 for Yes, send it" in summary
    done = joined(servers.text(phone, "1"))
    reference = REFERENCE.search(done).group(1)

    listing = servers.staff("appointments", "list", "--json")
    entry = next(a for a in json.loads(listing.stdout) if a["reference"] == reference)
    assert entry["name"] == "Helen Carter" and entry["phone"] == "+16175550142"
    assert entry["new_patient"] is True and not entry["reason"]

    # "cancel" inside a sentence is the assistant's business, not a carrier keyword.
    assert "reference code" in joined(servers.text(phone, "I want to cancel my appointment"))
    assert phone not in opted_out_numbers(servers)


def test_stop_silences_the_number_until_start(servers):
    phone = "+16175550103"
    servers.text(phone, "hello")
    confirmation = servers.text(phone, "STOP")
    assert len(confirmation) == 1 and "START" in confirmation[0] and "\n" not in confirmation[0]
    assert phone in opted_out_numbers(servers)
    assert servers.text(phone, "Does the treatment hurt?") == []
    assert servers.text(phone, "help") == []
    assert servers.text(phone, "stop") == []  # confirmed once only
    welcome = servers.text(phone, "Start")
    assert len(welcome) == 1 and CLINIC_NAME in welcome[0]
    assert phone not in opted_out_numbers(servers)
    assert "needles" in joined(servers.text(phone, "Does the treatment hurt?"))


def test_cancel_alone_is_a_carrier_keyword(servers):
    phone = "+16175550104"
    assert len(servers.text(phone, " cancel ")) == 1
    assert phone in opted_out_numbers(servers)
    assert len(servers.text(phone, "yes")) == 1  # after a STOP, YES opts back in
    assert phone not in opted_out_numbers(servers)


def test_keywords_twilio_already_answered_are_recorded_but_not_answered_twice(servers):
    phone = "+16175550108"
    assert servers.text(phone, "STOP", OptOutType="STOP") == []
    assert phone in opted_out_numbers(servers)
    assert servers.text(phone, "hello") == []
    assert servers.text(phone, "START", OptOutType="START") == []
    assert phone not in opted_out_numbers(servers)
    assert servers.text(phone, "HELP", OptOutType="HELP") == []
    assert CLINIC_NAME in joined(servers.text(phone, "hello"))


def test_help_gives_the_clinic_name_and_phone(servers):
    [reply] = servers.text("+16175550105", "HELP")
    assert CLINIC_NAME in reply and CLINIC["CLINIC_PHONE"] in reply


def test_unsigned_and_wrongly_signed_requests_are_refused(servers):
    phone = "+16175550106"
    form = twilio_form(phone, "Does the treatment hurt?")
    validator = RequestValidator(TWILIO["TWILIO_AUTH_TOKEN"])
    local_url = f"{servers.rasa_url}/webhooks/sms/webhook"
    wrong = [
        None,
        "",
        RequestValidator("not-the-token").compute_signature(TWILIO["TWILIO_WEBHOOK_URL"], form),
        validator.compute_signature(local_url, form),  # the URL the server sees is not the one Twilio signs
        validator.compute_signature(TWILIO["TWILIO_WEBHOOK_URL"], {**form, "Body": "something else"}),
    ]
    for signature in wrong:
        assert servers.post_sms(form, signature) == 403
    assert servers.twilio.texts_to(phone) == []
    log = servers.log_path.read_text()
    assert "refused unsigned Twilio request" in log
    assert phone not in log


def test_logs_hold_no_phone_numbers_or_texts(servers):
    phone = "+16175550107"
    servers.text(phone, "My feet burn every night")
    servers.text(phone, "STOP")
    log = servers.log_path.read_text()
    for secret in (phone, "6175550107", "My feet burn every night", "Helen Carter", "+16175550142"):
        assert secret not in log, f"patient data in the server logs: {secret!r}"
