"""Session start, clarifying low-confidence messages, and taking up offers."""

from __future__ import annotations

import re

import pytest

from actions.clarify import ActionClarify
from actions.offers import ActionTakeUpOffer
from actions.session import ActionSessionStart
from tests.actions.conftest import make_tracker, responses, run, slot_values

UNSURE = {
    "ranking": [
        {"name": "faq", "confidence": 0.3},
        {"name": "book_appointment", "confidence": 0.2},
        {"name": "greet", "confidence": 0.1},
        {"name": "nlu_fallback", "confidence": 0.35},
    ],
    "response_selector": {
        "faq": {
            "ranking": [
                {"intent_response_key": "faq/safety", "confidence": 0.8},
                {"intent_response_key": "faq/side_effects", "confidence": 0.15},
            ]
        }
    },
}


def test_session_start_loads_the_clinic_facts_with_staff_offers_for_empty_ones(domain):
    _, events = run(ActionSessionStart(), make_tracker(), domain)
    slots = slot_values(events)
    assert slots["clinic_name"] == "Riverside Neuropathy Clinic"
    assert "(555) 010-0199" in slots["clinic_phone_text"]
    assert "100 Example Street" in slots["clinic_location_text"]
    assert "staff" in slots["clinic_prices_text"] and "$" not in slots["clinic_prices_text"]
    assert all(value for value in slots.values())  # never None: responses would say "None"


def test_low_confidence_offers_the_likeliest_topics_and_a_person(domain):
    tracker = make_tracker(
        "hmm the light thing",
        intent="nlu_fallback",
        ranking=UNSURE["ranking"],
        response_selector=UNSURE["response_selector"],
    )
    dispatcher, _ = run(ActionClarify(), tracker, domain)
    titles = [button["title"] for button in dispatcher.messages[0]["buttons"]]
    assert titles == ["Is it safe?", "Book a visit", "Side effects", "Talk to a person"]


def test_a_second_miss_in_a_row_offers_a_person(domain):
    earlier = [
        {"event": "user", "text": "hmm"},
        {"event": "action", "name": "action_clarify"},
        {"event": "bot", "text": "Did you mean one of these?"},
        {"event": "action", "name": "action_listen"},
    ]
    tracker = make_tracker("blah", intent="nlu_fallback", events=earlier)
    dispatcher, _ = run(ActionClarify(), tracker, domain)
    assert responses(dispatcher) == ["utter_still_not_understood"]


def said(response: str, text: str = "") -> dict:
    """A reply as Rasa records it: the response used is in its metadata."""
    return {"event": "bot", "text": text, "metadata": {"utter_action": response}}


@pytest.mark.parametrize("response", ["utter_faq/sessions", "utter_faq/candidacy", "utter_medical_advice"])
def test_yes_after_a_booking_offer_starts_booking(domain, response):
    earlier = [said(response)]
    _, events = run(ActionTakeUpOffer(), make_tracker("yes", intent="affirm", events=earlier), domain)
    assert any(e["event"] == "followup" and e["name"] == "booking_form" for e in events)


def test_yes_after_a_call_back_offer_starts_the_call_back(domain):
    _, events = run(
        ActionTakeUpOffer(), make_tracker("yes", intent="affirm", events=[said("utter_cost_again")]), domain
    )
    assert any(e["event"] == "followup" and e["name"] == "callback_form" for e in events)


def test_the_offer_comes_from_the_response_not_from_the_words_said(domain):
    earlier = [said("utter_faq/hours", "Would you like to book a consultation?")]
    dispatcher, events = run(ActionTakeUpOffer(), make_tracker("yes", intent="affirm", events=earlier), domain)
    assert responses(dispatcher) == ["utter_ask_question"] and events == []


def test_every_answer_ending_in_a_booking_offer_says_so_in_its_metadata_and_a_pause_offers_its_form():
    import yaml

    from tests.actions.conftest import ROOT

    answers = {
        **yaml.safe_load((ROOT / "data/en/responses/faq.yml").read_text())["responses"],
        **yaml.safe_load((ROOT / "data/en/responses/replies.yml").read_text())["responses"],
    }
    for key, variations in answers.items():
        if key.endswith("_paused"):  # they offer to carry their own form on (the next test)
            assert [(v.get("metadata") or {}).get("offer") for v in variations] == [
                key[len("utter_") : -len("_paused")] + "_form"
            ]
            continue
        for variation in variations:
            last = re.split(r"(?<=[.?!])\s+", variation.get("text", "").strip())[-1]
            offers_booking = last.endswith("?") and "Would you like to book" in last
            assert offers_booking == ((variation.get("metadata") or {}).get("offer") == "booking_form"), key


def test_yes_after_an_invitation_to_ask_invites_the_question(domain):
    earlier = [said("utter_faq/hours", "Is there anything else you'd like to know?")]
    dispatcher, events = run(ActionTakeUpOffer(), make_tracker("yes", intent="affirm", events=earlier), domain)
    assert responses(dispatcher) == ["utter_ask_question"] and events == []


def test_once_safe_a_yes_carries_the_paused_form_on_even_after_the_crisis_reply_again(domain):
    earlier = [
        said("utter_emergency", "This may be an emergency."),
        said("utter_booking_paused", "I've paused what we were doing."),
        said("utter_emergency", "This may be an emergency."),
    ]
    _, events = run(ActionTakeUpOffer(), make_tracker("/affirm", intent="affirm", events=earlier), domain)
    assert [e.get("name") for e in events] == ["booking_form"], events
