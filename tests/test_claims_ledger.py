"""The claims ledger (data/claims.yml) against the FAQ answers (data/responses/faq.yml).

Every sentence of every answer is in the ledger and every ledger sentence is in an answer;
each factual sentence cites its passage (an evidence quote must be word for word in
data/sources/evidence.md, the project's copy of the evidence notes; an article quote is
checked only for being there, since the article is not copied into the project). Every
answer also stays free of overclaiming words and reads at grade 8 or lower.
"""

import re
from pathlib import Path

import pytest
import textstat
import yaml
from faq_sentences import PLACEHOLDER_RE, sentences  # tests/faq_sentences.py

ROOT = Path(__file__).resolve().parents[1]
FAQ_FILE = ROOT / "data" / "responses" / "faq.yml"
LEDGER_FILE = ROOT / "data" / "claims.yml"
EVIDENCE_FILE = ROOT / "data" / "sources" / "evidence.md"

SOURCES = {"article", "evidence"}
KINDS = {"fact", "offer", "placeholder", "referral", "disclaimer"}
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


def normalise(text):
    """Line breaks and runs of spaces count as one space (evidence.md wraps its lines)."""
    return re.sub(r"\s+", " ", text).strip()


def load_answers():
    with FAQ_FILE.open(encoding="utf-8") as fh:
        responses = yaml.safe_load(fh)["responses"]
    return {
        key: [v["text"] for v in variations if isinstance(v, dict) and "text" in v]
        for key, variations in responses.items()
    }


def load_ledger():
    with LEDGER_FILE.open(encoding="utf-8") as fh:
        ledger = yaml.safe_load(fh)
    assert isinstance(ledger, dict), "claims.yml must map answer keys to lists of sentences"
    return ledger


ANSWERS = load_answers()
LEDGER = load_ledger()
ALL_TEXTS = [(key, i, text) for key, texts in ANSWERS.items() for i, text in enumerate(texts)]
TEXT_IDS = [f"{key}#{i}" for key, i, _ in ALL_TEXTS]
LEDGER_ENTRIES = [
    (key, n, entry) for key, entries in LEDGER.items() for n, entry in enumerate(entries or [])
]
ENTRY_IDS = [f"{key}#{n}" for key, n, _ in LEDGER_ENTRIES]


def kind_of(entry):
    return entry.get("kind", "fact")


def quotes_of(entry):
    quote = entry.get("quote")
    return quote if isinstance(quote, list) else [quote]


# --- the ledger matches the answers -----------------------------------------------------


def test_ledger_covers_exactly_the_answer_keys():
    assert not set(ANSWERS) - set(LEDGER), f"answers with no ledger: {sorted(set(ANSWERS) - set(LEDGER))}"
    assert not set(LEDGER) - set(ANSWERS), f"ledger keys with no answer: {sorted(set(LEDGER) - set(ANSWERS))}"


@pytest.mark.parametrize("key,i,text", ALL_TEXTS, ids=TEXT_IDS)
def test_every_answer_sentence_is_in_the_ledger(key, i, text):
    listed = {entry.get("sentence") for entry in LEDGER.get(key) or [] if isinstance(entry, dict)}
    missing = [s for s in sentences(text) if s not in listed]
    assert not missing, f"{key}: sentences not in data/claims.yml: {missing}"


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
    assert normalise(quote) in EVIDENCE, f"{key}: not in data/sources/evidence.md: {quote!r}"


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


# --- wording --------------------------------------------------------------------------------


@pytest.mark.parametrize("key,i,text", ALL_TEXTS, ids=TEXT_IDS)
def test_no_overclaiming_words(key, i, text):
    found = [m.group(0) for m in FORBIDDEN.finditer(text)]
    assert not found, f"{key}: forbidden words {found}"


@pytest.mark.parametrize(
    "text",
    ["It may cure you.", "CURES pain", "Light can heal nerves.", "It heals.", "It helps repair nerves.",
     "Nerves regrow.", "It repairs nerves.", "Permanent relief", "Results guaranteed.", "It is FDA-approved.",
     "fda approved", "Clinically proven.", "A proven method."],
)
def test_forbidden_words_are_caught(text):
    assert FORBIDDEN.search(text), text


@pytest.mark.parametrize(
    "text",
    ["Healing takes time.", "A healthy diet", "your health", "a secure site", "accurate and curious",
     "an unproven idea", "an impermanent change", "we procure supplies"],
)
def test_ordinary_words_are_not_caught(text):
    assert not FORBIDDEN.search(text), text


@pytest.mark.parametrize("key,i,text", ALL_TEXTS, ids=TEXT_IDS)
def test_reading_grade_is_8_or_lower(key, i, text):
    """Flesch-Kincaid grade (textstat 0.7.3) of the answer's own words; a placeholder is
    left out, since the clinic's settings fill it."""
    own_words = normalise(PLACEHOLDER_RE.sub(" ", text))
    grade = textstat.flesch_kincaid_grade(own_words)
    assert grade <= MAX_GRADE, f"{key}: reading grade {grade} is above {MAX_GRADE}"
