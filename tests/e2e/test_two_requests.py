"""A message that asks a question and for a visit gets the answer and then the booking form."""

from __future__ import annotations

from tests.e2e.conftest import new_sender, texts

INSURANCE_ANSWER = "Medicare chose not to pay"  # utter_faq/cost_insurance (data/en/responses/faq.yml)
PARKING_ANSWER = "100 Example Street"  # utter_faq/location, with the clinic's address
FIRST_BOOKING_QUESTION = "what is your full name?"  # utter_ask_patient_name, compared in lower case


def test_insurance_and_next_tuesday_get_the_answer_then_the_booking_form(servers):
    sender = new_sender()
    reply = texts(servers.say(sender, "does insurance cover it, and can I come next Tuesday?")).lower()
    assert INSURANCE_ANSWER.lower() in reply and FIRST_BOOKING_QUESTION in reply
    assert reply.index(INSURANCE_ANSWER.lower()) < reply.index(FIRST_BOOKING_QUESTION)
    # The booking form carries on as usual.
    assert "mobile number" in texts(servers.say(sender, "Mary Jones"))


def test_the_booking_asked_first_still_gets_the_answer_first(servers):
    reply = texts(servers.say(new_sender(), "I'd like to book a consultation. Is there parking?")).lower()
    assert PARKING_ANSWER.lower() in reply and FIRST_BOOKING_QUESTION in reply
    assert reply.index(PARKING_ANSWER.lower()) < reply.index(FIRST_BOOKING_QUESTION)


def test_one_question_gets_only_the_answer(servers):
    reply = texts(servers.say(new_sender(), "does insurance cover it?")).lower()
    assert INSURANCE_ANSWER.lower() in reply and FIRST_BOOKING_QUESTION not in reply
