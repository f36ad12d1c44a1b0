"""The crisis replies: every variation of utter_emergency in data/en/responses/replies.yml, one per crisis
category (bot/safety/crisis.py) and one without a condition for an emergency of no known
kind. What each must say, from issue 9 and data/en/sources/evidence.md; their sentences and
sources are in data/en/claims.yml (tests/test_claims_ledger.py).

The phrase "and can't help in" marks a crisis reply: the evaluation (scripts/crisis_eval.py)
and the end-to-end tests recognise a crisis reply by it, so no other reply may say it.
"""

import re
from pathlib import Path

import pytest
import yaml
from faq_sentences import GENERAL, PLACEHOLDER_RE, load_replies

ROOT = Path(__file__).resolve().parents[1]
REPLIES_FILE = ROOT / "data" / "en" / "responses" / "replies.yml"
RESPONSE_FILES = sorted((ROOT / "data" / "en" / "responses").glob("*.yml"))

CRISIS = "utter_emergency"
SLOT = "crisis_category"
# bot/safety/crisis.py CATEGORIES, hard-coded so this test needs neither numpy nor the model.
CATEGORIES = ["suicide", "overdose", "medical", "abuse", "burn"]
MARK = "and can't help in"
MAX_WORDS = 60  # short enough to read at once

with REPLIES_FILE.open(encoding="utf-8") as fh:
    VARIATIONS = yaml.safe_load(fh)["responses"][CRISIS]
REPLIES = {
    key[len(CRISIS) + 1 : -1]: texts[0]
    for key, texts in load_replies(REPLIES_FILE).items()
    if key.startswith(CRISIS + "[")
}
ALL_CATEGORIES = CATEGORIES + [GENERAL]


def reply(category):
    assert category in REPLIES, f"no {CRISIS} variation for {category!r}"
    return REPLIES[category]


# --- structure ---------------------------------------------------------------------------


def test_one_variation_per_category_and_a_last_one_for_any_other_emergency():
    conditions = [v.get("condition") for v in VARIATIONS]
    assert all(conditions[:-1]) and not conditions[-1], "only the last variation is without a condition"
    for condition in conditions[:-1]:
        assert len(condition) == 1, condition
        assert condition[0].get("type") == "slot" and condition[0].get("name") == SLOT, condition
    categories = [c[0]["value"] for c in conditions[:-1]]
    assert sorted(categories) == sorted(CATEGORIES), categories
    assert len(REPLIES) == len(VARIATIONS) == len(ALL_CATEGORIES)


@pytest.mark.parametrize("category", ALL_CATEGORIES)
def test_a_crisis_reply_is_short_and_has_no_placeholder(category):
    """The channels send these texts as written, also with the action server down
    (channels/common.py), so nothing may be left to fill."""
    text = reply(category)
    assert not PLACEHOLDER_RE.search(text), f"{category}: {PLACEHOLDER_RE.findall(text)}"
    assert len(text.split()) <= MAX_WORDS, f"{category}: {len(text.split())} words"


# --- what every crisis reply says ---------------------------------------------------------


@pytest.mark.parametrize("category", ALL_CATEGORIES)
def test_says_it_is_an_automated_assistant_that_cannot_help(category):
    text = reply(category)
    assert "automated assistant" in text, category
    assert MARK in text, f"{category}: must say {MARK!r}"


@pytest.mark.parametrize("category", ALL_CATEGORIES)
def test_names_988_or_how_to_reach_911(category):
    text = reply(category)
    assert "988" in text or re.search(r"\bcall 911\b", text, re.IGNORECASE), category


OTHER_REPLIES = [
    pytest.param(f"{path.name}:{key}", text, id=f"{path.name}:{key}#{i}")
    for path in RESPONSE_FILES
    for key, texts in load_replies(path).items()
    if not key.startswith(CRISIS + "[")
    for i, text in enumerate(texts)
]


@pytest.mark.parametrize("key,text", OTHER_REPLIES)
def test_no_other_reply_has_the_crisis_mark(key, text):
    assert MARK not in text.lower(), f"{key} says {MARK!r}, which marks a crisis reply"


# --- the right words for each crisis -------------------------------------------------------


def test_suicide_names_988_before_911():
    text = reply("suicide")
    assert "988" in text and "911" in text
    assert text.index("988") < text.index("911"), "988 comes first"


def test_overdose_names_poison_help_and_911():
    text = reply("overdose")
    assert "Poison Help" in text and "1-800-222-1222" in text
    assert "911" in text


def test_abuse_names_911_and_the_hotline():
    text = reply("abuse")
    assert "911" in text and "1-800-799-7233" in text


def test_burn_says_stop_the_device_cool_the_skin_and_911():
    text = reply("burn")
    assert re.search(r"\bstop using the device\b", text, re.IGNORECASE)
    assert re.search(r"\bcool the skin\b", text, re.IGNORECASE)
    assert "911" in text


@pytest.mark.parametrize("category", ["medical", GENERAL])
def test_medical_and_general_name_911(category):
    assert "911" in reply(category)


# --- the check-in after a crisis reply ("I'm ok now", channels/common.py) -------------------

CHECK_IN = "utter_crisis_check_in"
with REPLIES_FILE.open(encoding="utf-8") as fh:
    CHECK_IN_VARIATIONS = yaml.safe_load(fh)["responses"][CHECK_IN]


def test_the_check_in_has_the_same_categories_as_the_crisis_reply():
    categories = [(v.get("condition") or [{"value": GENERAL}])[0]["value"] for v in CHECK_IN_VARIATIONS]
    assert categories == [(v.get("condition") or [{"value": GENERAL}])[0]["value"] for v in VARIATIONS]


@pytest.mark.parametrize("variation", CHECK_IN_VARIATIONS, ids=lambda v: (v.get("condition") or [{}])[0].get("value"))
def test_the_check_in_gives_a_number_once_more_and_is_no_crisis_reply(variation):
    text = variation["text"]
    assert re.search(r"\b(?:911|988|1-800-\d{3}-\d{4})\b", text) or "clinician" in text, text
    assert MARK not in text.lower() and len(text.split()) <= MAX_WORDS
