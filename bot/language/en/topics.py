"""How each question topic is offered to a patient as a button when the assistant is unsure."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    title: str  # what the button says
    payload: str  # what pressing it sends: a plain question, or an intent for actions


CHOICES: dict[str, Choice] = {
    "faq/what_is_neuropathy": Choice("What is neuropathy?", "What is neuropathy?"),
    "faq/neuropathy_symptoms": Choice("Symptoms of neuropathy", "What are the symptoms of neuropathy?"),
    "faq/how_it_works": Choice("How the therapy works", "How does infrared light therapy help nerves?"),
    "faq/what_is_photobiomodulation": Choice("What is photobiomodulation?", "What is photobiomodulation?"),
    "faq/atp": Choice("Cell energy (ATP)", "What does ATP have to do with it?"),
    "faq/circulation": Choice("Blood flow", "Does the light improve blood flow?"),
    "faq/inflammation": Choice("Inflammation", "Does it help with inflammation?"),
    "faq/nerve_regrowth": Choice("Nerve growth", "Can nerves grow back with this therapy?"),
    "faq/diabetic_neuropathy": Choice("Diabetic neuropathy", "Does it help diabetic neuropathy?"),
    "faq/research": Choice("Research and evidence", "What does the research say?"),
    "faq/balance_sensation": Choice("Balance and feeling", "Can it help my balance and numbness?"),
    "faq/safety": Choice("Is it safe?", "Is infrared light therapy safe?"),
    "faq/side_effects": Choice("Side effects", "Are there any side effects?"),
    "faq/vs_medication": Choice("Therapy or pills?", "Is it an option instead of pain pills?"),
    "faq/services": Choice("What the clinic offers", "What does the clinic offer?"),
    "faq/non_invasive": Choice("Needles or surgery?", "Does the treatment involve needles or surgery?"),
    "faq/lasting_relief": Choice("How long relief lasts", "How long does the relief last?"),
    "faq/cost_insurance": Choice("Cost and insurance", "How much does it cost, and does insurance cover it?"),
    "faq/sessions": Choice("What a visit is like", "How long is a session and how many do I need?"),
    "faq/candidacy": Choice("Is it right for me?", "Who is a good candidate for the therapy?"),
    "faq/hours": Choice("Opening hours", "What are your opening hours?"),
    "faq/location": Choice("Address and directions", "Where is the clinic?"),
    "faq/contact": Choice("Phone and website", "What is the clinic's phone number?"),
    "book_appointment": Choice("Book a visit", "/book_appointment"),
    "reschedule_appointment": Choice("Move my visit", "/reschedule_appointment"),
    "cancel_appointment": Choice("Cancel my visit", "/cancel_appointment"),
    "check_appointment": Choice("Check my visit", "/check_appointment"),
    "human_handoff": Choice("Talk to a person", "/human_handoff"),
}

TALK_TO_A_PERSON = CHOICES["human_handoff"]


def likeliest_choices(ranked: list[tuple[str, float]], limit: int = 3) -> list[Choice]:
    """The best `limit` offerable topics from (topic, confidence) pairs, best first.

    Topics that make no sense as a button (greetings, "yes", fallback) are skipped, and so
    is the call-back choice, which the caller always adds itself.
    """
    offerable = [(topic, score) for topic, score in ranked if topic in CHOICES and topic != "human_handoff"]
    offerable.sort(key=lambda pair: pair[1], reverse=True)
    return [CHOICES[topic] for topic, _ in offerable[:limit]]
