"""The claims ledger (data/en/claims.yml) against the assistant's answers: the FAQ answers
(data/en/responses/faq.yml) and the replies in data/en/responses/replies.yml that state a fact about health, the
therapy, emergencies or phone numbers (each variation of utter_emergency, keyed by its crisis
category, and the replies in DOMAIN_REPLIES).

Every sentence of every answer is in the ledger and every ledger sentence is in an answer;
each factual sentence cites its passage (an evidence quote must be word for word in
data/en/sources/evidence.md, the project's copy of the evidence notes; an article quote is
checked only for being there, since the article is not copied into the project). Every
answer also stays free of overclaiming words and reads at grade 8 or lower.
"""

import re
from pathlib import Path

import pytest
import textstat
import yaml
from faq_sentences import PLACEHOLDER_RE, SENTENCE_PLACEHOLDER_RE, load_replies, sentences

ROOT = Path(__file__).resolve().parents[1]
FAQ_FILE = ROOT / "data" / "en" / "responses" / "faq.yml"
REPLIES_FILE = ROOT / "data" / "en" / "responses" / "replies.yml"
LEDGER_FILE = ROOT / "data" / "en" / "claims.yml"
EVIDENCE_FILE = ROOT / "data" / "en" / "sources" / "evidence.md"

SOURCES = {"article", "evidence"}
KINDS = {"fact", "offer", "placeholder", "referral", "disclaimer", "courtesy", "service"}
FIELDS = {"sentence", "kind", "source", "quote", "note"}
MAX_GRADE = 8

# Whole words, any case. "heal" and "heals" are caught, "health", "healthy" and "healing"
# are not; "proven" also covers "clinically proven", but not "unproven".
FORBIDDEN = re.compile(
    r"\b(?:cures?|heals?|repairs?|regrows?|permanent|guaranteed"
    r"|fda[\s\u2010-\u2014-]*approved|clinically\s+proven|proven)\b",
    re.IGNORECASE,
)
REFERS_TO_PERSON = re.compile(r"\b(clinician|doctor|staff)\b", re.IGNORECASE)
DECLINES = re.compile(r"\b(can't|cannot|can not|not)\b", re.IGNORECASE)
# A courtesy is a short greeting, thanks or word of sympathy, and nothing more.
COURTESY = re.compile(r"^(?:Hello|Hi|Thank you|Thanks|You're welcome|Take care|I'm (?:so )?sorry)\b")
MAX_COURTESY_WORDS = 8
# A service sentence says what the assistant or the clinic is, does or offers: in the first
# person or naming the clinic, with no number and no word of effect (it claims no result).
SPEAKS_FOR_ITSELF = re.compile(r"\b(?:I|I'm|I've|I'll|me|we|us|our)\b|\{clinic_name\}")
CLAIMS_AN_EFFECT = re.compile(
    r"\b(?:may|might|helps?|eas(?:e|es|ing)|reliev\w*|relief|improv\w*|pain|better|results?|effective\w*)\b",
    re.IGNORECASE,
)

# The replies.yml replies with a fact about health, the therapy, emergencies or phone numbers,
# besides every variation of utter_emergency. Replies that only ask for a detail, or only
# carry the clinic's own placeholders ({reach_person_text}), need no ledger entry.
DOMAIN_REPLIES = {
    "utter_greet",
    "utter_bot_challenge",
    "utter_medical_advice",
    "utter_other_services",
    "utter_share_condition",
    "utter_booking_paused",
    "utter_lookup_paused",
    "utter_callback_paused",
    "utter_goodbye[suicide]",
}
CRISIS_REPLY = "utter_emergency"
# Replies with one variation per crisis category, each in the ledger: the crisis reply, and the
# check-in after it ("I'm ok now", channels/common.py).
BY_CRISIS_CATEGORY = {CRISIS_REPLY, "utter_crisis_check_in"}
# A replies.yml reply that mentions one of these must be in the ledger, or in NOT_FACTUAL
# with the reason it states no fact: so a new reply with "call 911" cannot slip past.
SOUNDS_FACTUAL = re.compile(
    r"\b(?:911|988|\d{3}[-\s]\d{3}[-\s]\d{4}|emergenc\w*|crisis|suicid\w*|overdose|poison\w*|burns?"
    r"|blisters?|pain|nerves?|neuropathy|therapy|treatments?|medicines?|medications?|medical"
    r"|clinicians?|doctors?|nurses?|health|safe|danger)\b",
    re.IGNORECASE,
)
NOT_FACTUAL = {
    "utter_out_of_scope": "says what the assistant can help with; names the therapy, claims nothing about it",
    "utter_invalid_phone": "asks again for the patient's number; 212 555 0123 is an example (555-01xx is reserved)",
}
# How a name placeholder reads in the reading-grade check: the clinic's name as the settings
# give it when none is set (bot/settings.py); a sentence placeholder is left out.
NAME_READS_AS = {"{clinic_name}": "the clinic"}
# Replies over the grade that this ledger's editors may not reword (replies.yml is not theirs):
# an expected failure, strict, so the test says so once the reply is fixed.
KNOWN_OVER_GRADE: dict[str, str] = {}  # key -> why it may read above grade 8 for now (strict xfail)


def normalise(text):
    """Line breaks and runs of spaces count as one space (evidence.md wraps its lines)."""
    return re.sub(r"\s+", " ", text).strip()


def response_of(key):
    """utter_emergency[suicide] -> utter_emergency"""
    return key.split("[", 1)[0]


def is_covered(key):
    return response_of(key) in BY_CRISIS_CATEGORY or key in DOMAIN_REPLIES


DOMAIN = load_replies(REPLIES_FILE)


def load_answers():
    answers = load_replies(FAQ_FILE)
    answers.update({key: texts for key, texts in DOMAIN.items() if is_covered(key)})
    return answers


def load_ledger():
    with LEDGER_FILE.open(encoding="utf-8") as fh:
        ledger = yaml.safe_load(fh)
    assert isinstance(ledger, dict), "claims.yml must map answer keys to lists of sentences"
    return ledger


ANSWERS = load_answers()
LEDGER = load_ledger()
ALL_TEXTS = [(key, i, text) for key, texts in ANSWERS.items() for i, text in enumerate(texts)]
TEXT_IDS = [f"{key}#{i}" for key, i, _ in ALL_TEXTS]
LEDGER_ENTRIES = [(key, n, entry) for key, entries in LEDGER.items() for n, entry in enumerate(entries or [])]
ENTRY_IDS = [f"{key}#{n}" for key, n, _ in LEDGER_ENTRIES]


def kind_of(entry):
    return entry.get("kind", "fact")


def quotes_of(entry):
    quote = entry.get("quote")
    return quote if isinstance(quote, list) else [quote]


# --- the ledger matches the answers -----------------------------------------------------


def test_the_domain_replies_are_there():
    """A reply named here that replies.yml no longer has would silently leave the ledger."""
    missing = sorted(DOMAIN_REPLIES - set(DOMAIN))
    assert not missing, f"DOMAIN_REPLIES names replies replies.yml does not have: {missing}"
    assert any(response_of(key) == CRISIS_REPLY for key in DOMAIN), f"replies.yml has no {CRISIS_REPLY}"


@pytest.mark.parametrize("key", sorted(k for k in DOMAIN if not is_covered(k)))
def test_a_domain_reply_left_out_states_no_fact(key):
    hints = sorted({m.group(0) for text in DOMAIN[key] for m in SOUNDS_FACTUAL.finditer(text)})
    assert not hints or key in NOT_FACTUAL, (
        f"{key} mentions {hints}: add it to DOMAIN_REPLIES and data/en/claims.yml, "
        f"or to NOT_FACTUAL with the reason it states no fact"
    )


def test_not_factual_lists_only_replies_left_out():
    assert not set(NOT_FACTUAL) - set(DOMAIN), (
        f"NOT_FACTUAL names unknown replies: {sorted(set(NOT_FACTUAL) - set(DOMAIN))}"
    )
    assert not set(NOT_FACTUAL) & set(ANSWERS), (
        f"in the ledger and NOT_FACTUAL: {sorted(set(NOT_FACTUAL) & set(ANSWERS))}"
    )


def test_ledger_covers_exactly_the_answer_keys():
    assert not set(ANSWERS) - set(LEDGER), f"answers with no ledger: {sorted(set(ANSWERS) - set(LEDGER))}"
    assert not set(LEDGER) - set(ANSWERS), f"ledger keys with no answer: {sorted(set(LEDGER) - set(ANSWERS))}"


@pytest.mark.parametrize("key,i,text", ALL_TEXTS, ids=TEXT_IDS)
def test_every_answer_sentence_is_in_the_ledger(key, i, text):
    listed = {entry.get("sentence") for entry in LEDGER.get(key) or [] if isinstance(entry, dict)}
    missing = [s for s in sentences(text) if s not in listed]
    assert not missing, f"{key}: sentences not in data/en/claims.yml: {missing}"


@pytest.mark.parametrize("key", sorted(LEDGER))
def test_no_stale_or_repeated_ledger_sentences(key):
    said = {s for text in ANSWERS.get(key, []) for s in sentences(text)}
    listed = [entry.get("sentence") for entry in LEDGER[key] or [] if isinstance(entry, dict)]
    stale = [s for s in listed if s not in said]
    assert not stale, f"{key}: ledger sentences no answer says (stale): {stale}"
    repeated = sorted({s for s in listed if listed.count(s) > 1})
    assert not repeated, f"{key}: sentences listed twice: {repeated}"


# --- each entry is well formed and cites its source ------------------------------------


@pytest.mark.parametrize("key,n,entry", LEDGER_ENTRIES, ids=ENTRY_IDS)
def test_entry_is_well_formed(key, n, entry):
    assert isinstance(entry, dict), f"{key}#{n}: each entry is a mapping"
    assert not set(entry) - FIELDS, f"{key}#{n}: unknown fields {sorted(set(entry) - FIELDS)}"
    assert isinstance(entry.get("sentence"), str) and entry["sentence"].strip(), f"{key}#{n}: no sentence"
    assert kind_of(entry) in KINDS, f"{key}#{n}: kind must be one of {sorted(KINDS)}"


@pytest.mark.parametrize("key,n,entry", LEDGER_ENTRIES, ids=ENTRY_IDS)
def test_fact_cites_a_source_and_a_quote(key, n, entry):
    if kind_of(entry) != "fact":
        assert "source" not in entry and "quote" not in entry, (
            f"{key}#{n}: a {kind_of(entry)} cites nothing; make it a fact if it needs a source"
        )
        return
    sentence = entry.get("sentence")
    assert entry.get("source") in SOURCES, f"{key}: {sentence!r} cites no source (article or evidence)"
    quote = entry.get("quote")
    assert quote, f"{key}: {sentence!r} has no quote"
    for q in quotes_of(entry):
        assert isinstance(q, str) and q.strip(), f"{key}: {sentence!r} has an empty quote"


EVIDENCE = normalise(EVIDENCE_FILE.read_text(encoding="utf-8"))
EVIDENCE_QUOTES = [
    (key, q)
    for key, _, entry in LEDGER_ENTRIES
    if isinstance(entry, dict) and entry.get("source") == "evidence"
    for q in quotes_of(entry)
    if isinstance(q, str) and q.strip()
]


@pytest.mark.parametrize("key,quote", EVIDENCE_QUOTES, ids=[k for k, _ in EVIDENCE_QUOTES])
def test_evidence_quote_is_word_for_word(key, quote):
    assert normalise(quote) in EVIDENCE, f"{key}: not in data/en/sources/evidence.md: {quote!r}"


@pytest.mark.parametrize("key,n,entry", LEDGER_ENTRIES, ids=ENTRY_IDS)
def test_non_facts_are_what_they_say(key, n, entry):
    """A claim cannot hide as a non-fact: each kind has a recognisable form."""
    sentence, kind = entry.get("sentence", ""), kind_of(entry)
    if kind == "offer":
        assert sentence.endswith("?"), f"{key}: an offer is a question: {sentence!r}"
    elif kind == "placeholder":
        assert PLACEHOLDER_RE.fullmatch(sentence), f"{key}: not a placeholder: {sentence!r}"
    elif kind == "referral":
        assert REFERS_TO_PERSON.search(sentence), f"{key}: a referral names a clinician or doctor: {sentence!r}"
    elif kind == "disclaimer":
        assert DECLINES.search(sentence), f"{key}: a disclaimer declines (can't, not): {sentence!r}"
    elif kind == "courtesy":
        assert COURTESY.match(sentence), f"{key}: a courtesy greets, thanks or says sorry: {sentence!r}"
        assert len(sentence.split()) <= MAX_COURTESY_WORDS, f"{key}: a courtesy is short: {sentence!r}"
        assert not re.search(r"\d", sentence), f"{key}: a courtesy has no number: {sentence!r}"
    elif kind == "service":
        assert SPEAKS_FOR_ITSELF.search(sentence), (
            f"{key}: a service sentence speaks for the assistant or clinic: {sentence!r}"
        )
        assert not re.search(r"\d", sentence), f"{key}: a service sentence has no number: {sentence!r}"
        effect = CLAIMS_AN_EFFECT.search(sentence)
        assert not effect, f"{key}: a service sentence claims no effect ({effect and effect.group(0)!r}): {sentence!r}"


# --- wording --------------------------------------------------------------------------------


@pytest.mark.parametrize("key,i,text", ALL_TEXTS, ids=TEXT_IDS)
def test_no_overclaiming_words(key, i, text):
    found = [m.group(0) for m in FORBIDDEN.finditer(text)]
    assert not found, f"{key}: forbidden words {found}"


@pytest.mark.parametrize(
    "text",
    [
        "It may cure you.",
        "CURES pain",
        "Light can heal nerves.",
        "It heals.",
        "It helps repair nerves.",
        "Nerves regrow.",
        "It repairs nerves.",
        "Permanent relief",
        "Results guaranteed.",
        "It is FDA-approved.",
        "fda approved",
        "Clinically proven.",
        "A proven method.",
    ],
)
def test_forbidden_words_are_caught(text):
    assert FORBIDDEN.search(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Healing takes time.",
        "A healthy diet",
        "your health",
        "a secure site",
        "accurate and curious",
        "an unproven idea",
        "an impermanent change",
        "we procure supplies",
    ],
)
def test_ordinary_words_are_not_caught(text):
    assert not FORBIDDEN.search(text), text


def words_to_grade(text):
    """The answer's own words: a sentence placeholder left out, a name read as NAME_READS_AS."""
    text = SENTENCE_PLACEHOLDER_RE.sub(" ", text)
    return normalise(PLACEHOLDER_RE.sub(lambda m: NAME_READS_AS.get(m.group(0), " "), text))


GRADED = [
    pytest.param(key, i, text, id=f"{key}#{i}", marks=[pytest.mark.xfail(strict=True, reason=KNOWN_OVER_GRADE[key])])
    if key in KNOWN_OVER_GRADE
    else pytest.param(key, i, text, id=f"{key}#{i}")
    for key, i, text in ALL_TEXTS
]


def test_known_over_grade_lists_answers():
    assert not set(KNOWN_OVER_GRADE) - set(ANSWERS), sorted(set(KNOWN_OVER_GRADE) - set(ANSWERS))


@pytest.mark.parametrize("key,i,text", GRADED)
def test_reading_grade_is_8_or_lower(key, i, text):
    """Flesch-Kincaid grade (textstat 0.7.3) of the answer's own words; a sentence
    placeholder is left out, since the clinic's settings fill it, and {clinic_name} reads
    as the clinic's name does when none is set ("the clinic")."""
    own = words_to_grade(text)
    grade = textstat.flesch_kincaid_grade(own)
    assert grade <= MAX_GRADE, f"{key}: reading grade {grade} is above {MAX_GRADE}"
