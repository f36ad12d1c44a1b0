"""Content rules for the FAQ answers in data/en/responses/faq.yml.

These checks keep the answers honest and short so they cannot silently regress:
every contract topic is answered, answers are 2-4 short sentences plus one offer,
no forbidden claims, no invented clinic facts, an honest research answer, and no
advice to stop or change medication.
"""

import re
from pathlib import Path

import pytest
import yaml
from faq_sentences import PLACEHOLDER_RE, sentences  # tests/faq_sentences.py

FAQ_FILE = Path(__file__).resolve().parents[1] / "data" / "en" / "responses" / "faq.yml"

# The FAQ-topic contract (spec/intents.md). Hard-coded on purpose: the spec lives outside
# the project and is not read at test time.
CONTRACT_TOPICS = [
    "what_is_neuropathy",
    "neuropathy_symptoms",
    "how_it_works",
    "what_is_photobiomodulation",
    "atp",
    "circulation",
    "inflammation",
    "nerve_regrowth",
    "diabetic_neuropathy",
    "research",
    "balance_sensation",
    "safety",
    "side_effects",
    "vs_medication",
    "non_invasive",
    "lasting_relief",
    "cost_insurance",
    "sessions",
    "candidacy",
    "hours",
    "location",
    "contact",
]
# Added by the project (README's intents table): what the clinic offers.
ADDED_TOPICS = ["services"]
CONTRACT_KEYS = {f"utter_faq/{topic}" for topic in CONTRACT_TOPICS + ADDED_TOPICS}

# Topics whose facts come from the clinic's settings, and their slot placeholder.
PLACEHOLDERS = {
    "utter_faq/cost_insurance": "{clinic_prices_text}",
    "utter_faq/sessions": "{clinic_sessions_text}",
    "utter_faq/hours": "{clinic_hours_text}",
    "utter_faq/location": "{clinic_location_text}",
    "utter_faq/contact": "{clinic_contact_text}",
}
# How many sentences of our own (besides placeholder and offer) each may add.
MAX_OWN_SENTENCES = {
    "utter_faq/cost_insurance": 2,
    "utter_faq/sessions": 1,
    "utter_faq/hours": 0,
    "utter_faq/location": 0,
    "utter_faq/contact": 2,  # where to turn in an emergency: 911, and 988
}
# Numbers that are sourced facts (not clinic values); any other digit is an invented fact.
ALLOWED_NUMBERS = {
    "utter_faq/cost_insurance": {"2006"},  # Medicare decision
    "utter_faq/research": {"2004", "27"},  # Leonard et al., Diabetes Care 2004
    "utter_faq/contact": {"911", "988"},  # emergency numbers (evidence.md)
}

BOOK_OFFER = re.compile(r"^Would you like to book a consultation\b[^?]*\?$")
QUESTION_OFFER = "Is there anything else you'd like to know?"

FORBIDDEN = re.compile(
    r"\bcur(e|es|ed|ing)\b"
    r"|\bfda\b"
    r"|\bfda[- ]?approved\b"
    r"|\bclinically[- ]proven\b"
    r"|\bguarantee\w*"
    r"|\b100\s*%"
    r"|\bpainless\b|\bpain[- ]free\b|\b(doesn't|does not|won't|will not) hurt\b",
    re.IGNORECASE,
)

MEDICINE = re.compile(r"\b(medicines?|medications?|pills?|drugs?|doses?|prescriptions?)\b", re.I)
CHANGE_VERB = re.compile(
    r"\b(stop|stopping|quit|quitting|reduce|reducing|lower|lowering|change|changing|"
    r"cut (back|down)|come off|coming off|taper|skip|switch|swap|wean)\b",
    re.I,
)
MED_ADVICE = re.compile(
    r"\b(stop taking|quit taking|reduce your|lower your|cut (back|down) (on )?your|"
    r"come off your|skip your|taper (off )?your|no longer need your)\b",
    re.I,
)
REFERRAL = re.compile(r"talk to the doctor who prescribed", re.I)


def load_responses():
    with FAQ_FILE.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, dict), "faq.yml must be a YAML mapping"
    assert str(data.get("version")) == "3.1"
    responses = data.get("responses")
    assert isinstance(responses, dict) and responses, "faq.yml needs a responses: mapping"
    return responses


RESPONSES = load_responses()
ALL_TEXTS = [
    (key, i, variation["text"])
    for key, variations in RESPONSES.items()
    for i, variation in enumerate(variations or [])
    if isinstance(variation, dict) and "text" in variation
]
TEXT_IDS = [f"{key}#{i}" for key, i, _ in ALL_TEXTS]


def is_offer(sentence):
    return bool(BOOK_OFFER.match(sentence)) or sentence == QUESTION_OFFER


# --- the contract -----------------------------------------------------------------------


def test_every_contract_topic_is_answered():
    missing = CONTRACT_KEYS - set(RESPONSES)
    assert not missing, f"missing FAQ answers: {sorted(missing)}"


def test_no_unknown_keys():
    unknown = set(RESPONSES) - CONTRACT_KEYS
    assert not unknown, f"unknown FAQ keys (typo or not in the contract): {sorted(unknown)}"


@pytest.mark.parametrize("key", sorted(CONTRACT_KEYS))
def test_each_topic_has_one_or_two_text_variations(key):
    variations = RESPONSES.get(key)
    assert isinstance(variations, list) and 1 <= len(variations) <= 2, key
    for variation in variations:
        # Text only, and for an answer that ends by offering a booking, that offer as metadata
        # (actions/offers.py takes it up when the patient says yes).
        assert isinstance(variation, dict) and set(variation) <= {"text", "metadata"}, key
        assert variation.get("metadata", {"offer": "booking_form"}) == {"offer": "booking_form"}, key
        assert isinstance(variation["text"], str) and variation["text"].strip(), key


# --- shape: short answers, one offer at the end --------------------------------------------


@pytest.mark.parametrize("key,i,text", ALL_TEXTS, ids=TEXT_IDS)
def test_sentence_count_and_final_offer(key, i, text):
    parts = sentences(text)
    if key in PLACEHOLDERS:
        # placeholder (one sentence) + at most N own sentences + the offer
        assert 2 <= len(parts) <= 2 + MAX_OWN_SENTENCES[key], (key, parts)
    else:
        assert 3 <= len(parts) <= 5, (key, len(parts), parts)
    assert parts[-1].endswith("?"), f"{key}: last sentence must be a question (offer)"
    assert is_offer(parts[-1]), f"{key}: last sentence must be one of the two offers: {parts[-1]!r}"


@pytest.mark.parametrize("key,i,text", ALL_TEXTS, ids=TEXT_IDS)
def test_exactly_one_offer_never_both(key, i, text):
    parts = sentences(text)
    offers = [p for p in parts if is_offer(p)]
    assert len(offers) == 1, (key, offers)
    # no other questions before the offer
    assert not any(p.endswith("?") for p in parts[:-1]), (key, parts)
    lowered = text.lower()
    both = "book a consultation?" in lowered and "anything else you'd like to know" in lowered
    assert not both, key


def test_offers_alternate_between_booking_and_questions():
    first_texts = [RESPONSES[f"utter_faq/{t}"][0]["text"] for t in CONTRACT_TOPICS]
    booking = sum(1 for t in first_texts if BOOK_OFFER.match(sentences(t)[-1]))
    questions = sum(1 for t in first_texts if sentences(t)[-1] == QUESTION_OFFER)
    assert booking + questions == len(first_texts)
    assert abs(booking - questions) <= 2, (booking, questions)


@pytest.mark.parametrize("topic", ["research", "candidacy"])
def test_research_and_candidacy_offer_a_consultation(topic):
    for variation in RESPONSES[f"utter_faq/{topic}"]:
        assert BOOK_OFFER.match(sentences(variation["text"])[-1]), topic


# --- claims ---------------------------------------------------------------------------------


@pytest.mark.parametrize("key,i,text", ALL_TEXTS, ids=TEXT_IDS)
def test_no_forbidden_claims(key, i, text):
    match = FORBIDDEN.search(text)
    assert match is None, f"{key}: forbidden claim {match.group(0)!r}"


def test_forbidden_pattern_uses_word_boundaries():
    assert FORBIDDEN.search("It may cure you") and FORBIDDEN.search("CURES neuropathy")
    assert FORBIDDEN.search("it is FDA-approved") and FORBIDDEN.search("fda approved")
    assert FORBIDDEN.search("Clinically proven") and FORBIDDEN.search("results guaranteed")
    assert FORBIDDEN.search("we guarantee it") and FORBIDDEN.search("100% effective")
    assert not FORBIDDEN.search("a secure site")
    assert not FORBIDDEN.search("we procure supplies")
    assert not FORBIDDEN.search("accurate and curious")


@pytest.mark.parametrize("key,i,text", ALL_TEXTS, ids=TEXT_IDS)
def test_no_invented_numbers(key, i, text):
    """Clinic facts come from settings; the only numbers are sourced dates and counts."""
    numbers = set(re.findall(r"\d+", text))
    extra = numbers - ALLOWED_NUMBERS.get(key, set())
    assert not extra, f"{key}: unexpected numbers {sorted(extra)}"
    assert "$" not in text, key


@pytest.mark.parametrize("key", sorted(PLACEHOLDERS))
def test_clinic_fact_topics_use_their_placeholder(key):
    for variation in RESPONSES[key]:
        text = variation["text"]
        assert PLACEHOLDERS[key] in text, key
        # the placeholder stands alone, separated by spaces (or at the start)
        assert re.search(r"(^|\s)" + re.escape(PLACEHOLDERS[key]) + r"\s", text), key
        assert set(PLACEHOLDER_RE.findall(text)) == {PLACEHOLDERS[key]}, key


@pytest.mark.parametrize("key,i,text", ALL_TEXTS, ids=TEXT_IDS)
def test_placeholders_only_in_clinic_fact_topics(key, i, text):
    if key not in PLACEHOLDERS:
        assert not PLACEHOLDER_RE.search(text), key


def test_cost_answer_mentions_medicare_and_private_plans():
    for variation in RESPONSES["utter_faq/cost_insurance"]:
        text = variation["text"]
        assert "Medicare" in text and "2006" in text
        assert re.search(r"\bnot\b", text), "Medicare does not cover it"
        assert re.search(r"\bprivate\b", text, re.I) and re.search(r"\bvar(y|ies)\b", text, re.I)


def test_research_answer_is_honest_about_mixed_evidence():
    for variation in RESPONSES["utter_faq/research"]:
        text = variation["text"].lower()
        # the positive small studies
        assert re.search(r"\bsmall\b", text) and "2004" in text and "27" in text
        assert re.search(r"\b(better|improved|hopeful|positive)\b", text)
        # the larger controlled trials that found nothing
        assert re.search(r"\blarger\b", text)
        assert re.search(r"\b(sham|placebo)\b", text)
        assert re.search(r"\bno (difference|better)\b", text)
        assert re.search(r"\bmixed\b", text)


def test_diabetic_answer_is_hedged():
    for variation in RESPONSES["utter_faq/diabetic_neuropathy"]:
        text = variation["text"].lower()
        assert re.search(r"\bmay\b", text)
        assert re.search(r"\b(mixed|vary|differ)\b", text)


def test_lasting_relief_is_hedged_without_promises():
    for variation in RESPONSES["utter_faq/lasting_relief"]:
        text = variation["text"]
        assert re.search(r"\bvar(y|ies)\b", text, re.I)
        assert re.search(r"\bsome patients\b", text, re.I)
        for sentence in sentences(text):
            if re.search(r"\b(can't|cannot|can not|no one can) promise\b", sentence, re.I):
                continue  # a sentence that declines to promise is fine
            assert not re.search(
                r"\b(permanent\w*|forever|for good|will (last|work|help)|guarantee\w*)\b", sentence, re.I
            ), sentence
            assert not re.search(r"\b(within|after|in) (a |\w+ )?(days?|weeks?|months?)\b", sentence, re.I), sentence


def test_non_invasive_does_not_claim_painless():
    for variation in RESPONSES["utter_faq/non_invasive"]:
        text = variation["text"].lower()
        for word in ("needles", "surgery", "cuts"):
            assert word in text
        assert "what a session feels like" in text
        assert not re.search(r"\b(no pain|never hurts?|nothing to feel|painless)\b", text)


def test_safety_side_effects_and_candidacy_defer_to_a_clinician():
    for topic in ("safety", "side_effects", "candidacy"):
        for variation in RESPONSES[f"utter_faq/{topic}"]:
            assert re.search(r"\bclinician\b", variation["text"], re.I), topic
    for variation in RESPONSES["utter_faq/side_effects"]:
        assert not re.search(r"\bno (side effects|risks?)\b", variation["text"], re.I)


def test_candidacy_never_clears_or_rules_out():
    for variation in RESPONSES["utter_faq/candidacy"]:
        text = variation["text"].lower()
        assert "consultation" in text
        for condition in ("pregnan", "pacemaker", "implant", "cancer", "wound", "light", "epilepsy"):
            assert condition in text, condition
        assert not re.search(r"\byou (are|aren't|are not) (a )?(good |suitable )?candidate\b", text)
        assert not re.search(r"\b(can't|cannot|should not|shouldn't) (have|get|use) (it|this|the therapy)\b", text)


# --- medication -----------------------------------------------------------------------------


@pytest.mark.parametrize("key,i,text", ALL_TEXTS, ids=TEXT_IDS)
def test_no_advice_to_stop_or_change_medication(key, i, text):
    for sentence in sentences(text):
        if MED_ADVICE.search(sentence) or (MEDICINE.search(sentence) and CHANGE_VERB.search(sentence)):
            assert REFERRAL.search(sentence), f"{key}: medication advice without referral: {sentence!r}"


def test_medication_check_catches_advice():
    def flagged(sentence):
        return bool(
            (MED_ADVICE.search(sentence) or (MEDICINE.search(sentence) and CHANGE_VERB.search(sentence)))
            and not REFERRAL.search(sentence)
        )

    assert flagged("You can stop taking your pills.")
    assert flagged("Many people reduce your dose over time.")
    assert flagged("You may be able to come off your medicine.")
    assert not flagged("If you want to stop a medicine, talk to the doctor who prescribed it.")
    assert not flagged("Many pain medicines can cause side effects.")


def test_vs_medication_refers_to_the_prescriber():
    for variation in RESPONSES["utter_faq/vs_medication"]:
        assert REFERRAL.search(variation["text"])
        assert re.search(r"\bdrug-free\b", variation["text"], re.I)
