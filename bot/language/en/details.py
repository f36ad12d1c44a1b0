"""Read the details a patient types in English: names, "skip", questions, new or returning.

Plain Python, no Rasa. Every function takes any text (even None) and never raises; anything
longer than MAX_CHARS is turned down at once, before any other work. Phone numbers and email
addresses, which read the same in any language, are in bot/clinic/contact_details.py.

Names: a single word ("Maria") is accepted, since some patients give a first name only;
`is_full_name` tells the caller whether to ask for the full name. Titles (Dr, Mrs...) are
dropped: "Dr. Anne Lee" -> "Anne Lee".
"""

from __future__ import annotations

import re

from bot.clinic.contact_details import usable

MAX_NAME_WORDS = 5

# --- Name -----------------------------------------------------------------------------------

_GREETING = re.compile(r"^(?:hi|hello|hey|sure|ok|okay|yes|yeah)(?:\s+there)?\b[\s,!.]*", re.IGNORECASE)
_NAME_PREFIX = re.compile(
    r"^(?:my\s+(?:full\s+)?name\s+is|my\s+name's|(?:full\s+)?name(?:\s+is)?|it\s+is|it's|its|"
    r"i\s+am|i'm|this\s+is|call\s+me)(?:\s*[:=-]\s*|\s+)",
    re.IGNORECASE,
)
_NAME_SUFFIX = re.compile(r"[\s,.!]*(?:thanks|thank\s+you|thx|ty)?[\s,.!]*$", re.IGNORECASE)
_TITLE = re.compile(r"^(?:dr|doctor|mr|mister|mrs|ms|miss|mx|prof|professor)\b\.?\s+", re.IGNORECASE)
# A word: letters, with inner apostrophes, hyphens or a closing period ("O'Brien", "J.").
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*\.?")
_SENTENCE_WORDS = frozenset(
    """
    want wants need needs appointment appointments book booking schedule cancel feet foot pain
    hurt hurts please what how why when where who which don't dont not can't could would
    should have has had having help like i me my you your is are am was the for with about
    and or but if this that there it its it's i'm that's what's clinic today tomorrow
""".split()
)
_NOT_NAMES = frozenset(
    "yes no nope nah ok okay sure hi hello hey thanks skip none nothing idk unknown anonymous name test".split()
)
_PARTICLES = frozenset("van von der den de del della di da du la le dos das bin ibn".split())


def clean_name(text: str) -> str | None:
    """The patient's name, tidied ('it's mary o'brien' -> "Mary O'Brien"), or None.

    None for empty answers, single letters, digits, emails, links, symbols, and anything that
    reads like a sentence or question rather than a name.
    """
    if not usable(text):
        return None
    name = " ".join(text.split()).replace("\u2019", "'")
    name = _NAME_PREFIX.sub("", _GREETING.sub("", name, count=1), count=1)
    name = _NAME_SUFFIX.sub("", name, count=1)
    name = _TITLE.sub("", name, count=1)
    words = name.split()
    lowered = [w.lower() for w in words]
    if (
        not words
        or len(words) > MAX_NAME_WORDS
        or not all(_NAME_WORD.fullmatch(w) for w in words)
        or len(name.replace(".", "")) < 2
        or _SENTENCE_WORDS.intersection(lowered)
        or all(w in _NOT_NAMES for w in lowered)
    ):
        return None
    if name.islower() or name.isupper():
        words = [_capitalize(w, first=i == 0) for i, w in enumerate(lowered)]
    return " ".join(words)


def _capitalize(word: str, first: bool) -> str:
    """'o'brien' -> "O'Brien", 'garcía-lópez' -> 'García-López', 'mcdonald' -> 'McDonald';
    'van', 'de'... stay lower case inside a name."""
    if word in _PARTICLES and not first:
        return word
    word = word.title()
    return re.sub(r"^Mc(\w)", lambda m: "Mc" + m[1].upper(), word)


def is_full_name(name: str | None) -> bool:
    """Two or more words, the first and last longer than an initial ('Anne Lee', 'Anne M. Lee')."""
    words = (name or "").split()
    return len(words) >= 2 and all(len(w.rstrip(".")) >= 2 for w in (words[0], words[-1]))


# --- Skipping an optional question ----------------------------------------------------------

_SKIP_ANSWERS = frozenset(
    {
        "skip",
        "no",
        "nope",
        "nah",
        "none",
        "n/a",
        "na",
        "pass",
        "nothing",
        "-",
        "--",
        "no thanks",
        "no thank you",
        "not applicable",
        "no comment",
        "nothing to add",
        "none of your business",
    }
)
_RATHER_NOT = re.compile(
    r"(?:i(?:'d| would)?\s+)?(?:(?:would\s+)?rather\s+not|prefer\s+not"
    r"(?:\s+to)?|don'?t\s+want\s+to)(?:\s+(?:say|answer|share|tell|give\s+it))?"
)


# "I don't have email", "no email", "haven't got one": nothing to give.
_HAVE_NONE = re.compile(
    r"(?:i\s+)?(?:don'?t|do\s+not|dont|haven'?t|have\s+not|never)\s+(?:have|had|got|use|got\s+an?)"
    r"(?:\s+(?:an?|one|any))?(?:\s+(?:e-?mail|email\s+address|address|one|computer))?(?:\s+address)?"
    r"|no\s+(?:e-?mail|email\s+address)(?:\s+address)?"
)


def looks_like_skip(text: str) -> bool:
    """True for answers that decline an optional question: 'skip', 'n/a', 'rather not say',
    'I don't have email'."""
    if not usable(text):
        return False
    answer = " ".join(re.sub(r"[.!,\s]+", " ", text.lower().replace("\u2019", "'")).split())
    answer = re.sub(r"^(?:just\s+|um+\s+|sorry\s+)|\s+(?:thanks|thank you|sorry)$", "", answer)
    if answer in _SKIP_ANSWERS or _RATHER_NOT.fullmatch(answer) or _HAVE_NONE.fullmatch(answer):
        return True
    return bool(_HAVE_NONE.fullmatch(re.sub(r"^no\s+", "", answer)))  # "no, I don't have one"


# --- Questions, and new or returning ------------------------------------------------------

_QUESTION_START = re.compile(
    r"^\s*(what|how|why|when|where|who|which|is|are|can|could|does|do|did|will|would|should|may|am)\b", re.IGNORECASE
)


_GO_ON = re.compile(
    r"^(?:(?:ok(?:ay)?|alright|all\s+right|right|yes|yeah|so|sure|fine|good|great|thanks)[\s,.!]*)*"
    r"(?:let'?s|lets|can\s+we|could\s+we|please|pls|i\s+want\s+to|i'?d\s+like\s+to)?\s*"
    r"(?:keep\s+going|go\s+on|carry\s+on|continue|proceed|move\s+on|get\s+on|finish)"
    r"(?:\s+with\s+(?:the\s+|my\s+|this\s+)?(?:booking|appointment|form|it))?(?:\s+(?:then|now|please|pls))*[\s.!]*$",
    re.IGNORECASE,
)


def only_asks_to_go_on(text: str) -> bool:
    """ "ok lets keep going with the booking then": no answer to the question, only "go on"."""
    return bool(_GO_ON.match((text or "").strip()))


def looks_like_question(text: str) -> bool:
    """A question rather than an answer: ends with '?' or starts like one."""
    text = (text or "").strip()
    return text.endswith("?") or bool(_QUESTION_START.match(text))


def _plain(text: str) -> str:
    """Lower case, straight apostrophes, punctuation as spaces, single spaces."""
    text = (text or "").lower().replace("\u2019", "'")
    return " ".join(re.sub(r"[^\w\s'@/-]", " ", text).split())


# --- New or returning: an either/or question ------------------------------------------------

NEW, RETURNING = "new", "returning"
_BOTH_NAMED = re.compile(r"\b(?:new|first\s+visit)\s+or\s+(?:returning|been\s+before)\b|\breturning\s+or\s+new\b")
_NOT_FIRST = re.compile(r"\bnot\s+(?:my|his|her|our|the)?\s*first\b")
_NEVER_BEEN = re.compile(
    r"\b(?:never\s+(?:been|came|come|visited|seen)|(?:not|haven'?t|have\s+not|hasn'?t|has\s+not)\s+(?:been|come|visited)"
    r"|not\s+yet|no\s+(?:i|he|she|we)\s+(?:haven'?t|hasn'?t))\b"
)
_NEW_PATIENT = re.compile(
    r"\b(?:first[\s-]+(?:time|visit|appointment|consult\w*|timer)|new\s+(?:patient|here|to\s+(?:you|the\s+clinic|this|it))"
    r"|(?:i'?m|im|i\s+am|he'?s|she'?s|he\s+is|she\s+is)\s+new)\b|^(?:new|first|first\s+one|brand\s+new)$"
)
_RETURNING_PATIENT = re.compile(
    r"\b(?:been\s+(?:before|there|here|in|to\s+(?:you|the\s+clinic))|return\w*|existing|(?:came|come|seen|visited|treated)"
    r"\s+(?:there\s+|here\s+)?before|follow[\s-]?up|(?:come|coming)\s+back|previous\w*|already\s+(?:a\s+)?(?:patient|been)"
    r"|(?:i'?ve|i\s+have|i|(?:he|she)\s+has|(?:he|she)'?s|we'?ve)\s+been)\b|^(?:returning|before|been\s+before|again)$"
)


# Misspellings older patients type in this answer ("ive been befor", "frist time").
_STATUS_TYPOS = {
    "befor": "before",
    "b4": "before",
    "bfore": "before",
    "beofre": "before",
    "frist": "first",
    "fisrt": "first",
    "firt": "first",
    "frst": "first",
    "1st": "first",
    "ben": "been",
    "bin": "been",
    "retuning": "returning",
    "returing": "returning",
    "retruning": "returning",
    "visted": "visited",
    "pateint": "patient",
    "patent": "patient",
}
_STATUS_TYPO = re.compile(r"\b(?:" + "|".join(_STATUS_TYPOS) + r")\b")


def read_patient_status(text: str) -> str | None:
    """NEW or RETURNING from the patient's words; None when they pick neither, or both.

    The question is either/or, so "yes", "no", "maybe" or "ok" pick nothing.
    """
    if not usable(text):
        return None
    plain = _STATUS_TYPO.sub(lambda m: _STATUS_TYPOS[m.group(0)], _plain(text))
    if _BOTH_NAMED.search(plain):  # "new or returning": the detail's name, not an answer
        return None
    if _NOT_FIRST.search(plain):
        return RETURNING
    if _NEVER_BEEN.search(plain):
        return NEW
    new, returning = bool(_NEW_PATIENT.search(plain)), bool(_RETURNING_PATIENT.search(plain))
    if new == returning:
        return None
    return NEW if new else RETURNING


# --- Yes, no, not sure --------------------------------------------------------------------

YES, NO, UNSURE = "yes", "no", "unsure"
_LEAD_IN = re.compile(r"^(?:oh|um+|uh+|well|hmm+|so|and|ah)\s+")
_UNSURE = re.compile(
    r"^(?:maybe|perhaps|possibly|probably|not\s+sure|i'?m\s+not\s+sure|unsure|dunno|idk|i\s+(?:don'?t|do\s+not)\s+know"
    r"|no\s+idea|depends|it\s+depends|hmm+|let\s+me\s+think|i'?ll\s+think|not\s+decided|either\s+way|whatever"
    r"|i\s+guess|kind\s+of|sort\s+of)\b"
)
_NO = re.compile(
    r"^(?:no|nope|nah|n|no\s+thanks?|no\s+thank\s+you|not\s+really|(?:please\s+)?(?:don'?t|do\s+not)|never|negative"
    r"|i'?d\s+rather\s+not|rather\s+not|not\s+(?:at\s+all|now|ok|okay)|keep\s+it|leave\s+it)\b"
)
_YES = re.compile(
    r"^(?:yes|yeah|yea|yeh|yep|yup|ya|y|sure|ok|okay|k|kk|of\s+course|please\s+do|please|fine|that'?s\s+fine"
    r"|go\s+ahead|absolutely|definitely|certainly|correct|right|that'?s\s+right|alright|all\s+right|sounds\s+good"
    r"|good|great|perfect|works\s+for\s+me|that\s+works|that'?s\s+ok(?:ay)?|send(?!\s+(?:me|to|it\s+to|him|her|them)\b)|bet"
    r"|confirm(?:ed)?|do\s+it"
    r"|you\s+can|you\s+may|looks\s+good|all\s+good|exactly|affirmative|yess+|yas|si)\b"
)


def read_yes_no(text: str) -> str | None:
    """YES, NO or UNSURE ("maybe", "not sure") from an answer to a yes/no question; else None."""
    if not usable(text):
        return None
    plain = _LEAD_IN.sub("", _plain(text))
    for answer, pattern in ((UNSURE, _UNSURE), (NO, _NO), (YES, _YES)):
        if pattern.match(plain):
            return answer
    return None


_CONTACT_YES = re.compile(
    r"\b(?:text(?:ing)?|texts|sms|call(?:ing)?|calls|phone|ring)\s+(?:me\s+)?(?:is|are|would\s+be)?\s*(?:best|fine|ok|okay"
    r"|good|great|better|preferred)\b|\b(?:you\s+(?:can|may)|please|feel\s+free\s+to)\s+(?:text|call|contact|ring)\b"
    r"|^(?:text|call)\s+me\b|\b(?:either|both)\s+(?:is|are)?\s*(?:fine|ok|okay|good)\b|^(?:text|texts|call|calls|either"
    r"|both|text\s+only|only\s+text|by\s+text|by\s+phone)$"
    r"|^(?:phone|calls?|calling|text|texts|texting)\s+(?:is\s+)?(?:yes|yeah|ok|okay|fine)\b"
)
_CONTACT_NO = re.compile(
    r"\b(?:don'?t|do\s+not|please\s+don'?t|never)\s+(?:call|text|contact|ring|phone)\b|\bno\s+(?:calls?|texts?|contact)\b"
    r"|\b(?:rather|prefer)\s+not\s+(?:be\s+)?(?:called|texted|contacted)\b"
)


def read_contact_consent(text: str) -> str | None:
    """YES, NO or UNSURE to "may the clinic call or text you?" ("sure, text is best" is yes)."""
    plain = _plain(text)
    if _CONTACT_NO.search(plain):
        return NO
    if _CONTACT_YES.search(plain):
        return YES
    return read_yes_no(text)


def mentions_contact_consent(text: str) -> str | None:
    """YES or NO when a message says outright how the clinic may contact the patient
    ("don't call me", "texting is fine"); None otherwise."""
    plain = _plain(text)
    if _CONTACT_NO.search(plain):
        return NO
    if _CONTACT_YES.search(plain):
        return YES
    return None


# --- Stopping -----------------------------------------------------------------------------

_STOP = re.compile(
    r"^(?:please\s+|ok\s+|okay\s+|no\s+|just\s+)?(?:stop|cancel|quit|exit|end\s+(?:it|this)|never\s*mind|forget\s+(?:it|about\s+it"
    r"|this|that)|i\s+changed\s+my\s+mind|changed\s+my\s+mind|i\s+(?:don'?t|do\s+not)\s+want\s+to\s+(?:book|do\s+this"
    r"|continue|go\s+on)|not\s+now|i'?ll\s+(?:do\s+it|call|book|come\s+back)\s+later|no\s+more)"
    r"(?:\s+(?:it|that|this|please|thanks?|thank\s+you|the\s+booking|booking|then|now))*$"
)


def wants_to_stop(text: str) -> bool:
    """'stop', 'cancel', 'never mind', 'forget it': leave what we are doing."""
    return usable(text) and bool(_STOP.match(_LEAD_IN.sub("", _plain(text))))


# --- Names in a longer message -----------------------------------------------------------

# Words that follow "I'm" without being a name ("I'm new", "I'm looking for...").
_NOT_NAME_WORDS = frozenset(
    """
    a about above after again against all almost already also always am an and another any anyone anything are
    around as at back be because been before being below between both but by calling can cannot could did do does
    doing done down during each either else enough even ever every few first for from further get getting going
    had has have having he her here hers herself him himself his how however i if in into is it its itself just
    keen last least less like looking made make many me might mine more most much must my myself need needing
    neither never new next no nobody none nor not nothing now of off often on once one only or other our ours out
    over own part per perhaps please quite rather really said same see seem seeking she should since so some
    someone something sometimes still such than that the their them themselves then there these they this those
    though through thus to together too toward trying under until up upon us very via was we well were what when
    where whether which while who whom whose why with within without would yet you your yours yourself
    interested wondering hoping happy glad sorry fine good okay ok safe sure ready free available busy unable
    writing texting asking booking phoning contacting reaching inquiring enquiring visiting returning patient
    diabetic numb sick ill tired old feeling having experiencing suffering retired caregiver daughter son wife
    husband mother father mom mum dad here there today tomorrow tonight morning afternoon evening week weekday
    monday tuesday wednesday thursday friday saturday sunday appointment visit consultation call text phone
    number email name thanks thank hi hello hey yes yeah no nope back calling following checking also still
    wait hold oops lol haha hmm um uh january february march april june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec noon midnight asap
""".split()
)
# "booking for my dad Frank Miller", "it's for my mom, Ruth Feldman": the patient's name, not the writer's.
_FOR_SOMEONE = (
    r"(?:for|is)\s+(?:my|our)\s+(?:dad|daddy|father|mom|mum|mother|husband|wife|son|daughter|grandma|grandmother"
    r"|grandpa|grandfather|granddad|aunt|uncle|brother|sister|friend|neighbou?r|partner)(?:\s*[,:-])?"
)
_FOR_SOMEONE_CUE = re.compile(r"\b" + _FOR_SOMEONE + r"\s+", re.IGNORECASE)
_NAME_CUE = re.compile(
    r"(?:^|\b)(?:my\s+(?:(?P<part>first|last|sur|family|given)\s*)?name\s*(?:is|'s|:|-)|(?P<part2>first|last|sur|family)\s*name"
    r"\s*(?:is|'s|:|-)?|the\s+name\s+(?:is|should\s+be)|name\s*(?:is|:|-)|(?:his|her|the\s+patient'?s?|patient)\s+name\s+is"
    r"|call\s+me|" + _FOR_SOMEONE + r")\s+"
    # "I'm...", "it's...", "this is..." introduce a name only at the start ("hi, I'm Ann Lee"),
    # not inside a sentence ("the doctor said it's neuropathy").
    r"|^(?:(?:hi|hello|hey|yes|yeah|no|sorry|actually|oh|ok|okay|well|and|but|sure)[\s,]+)*"
    r"(?:i\s+am|i'?m|im|this\s+is|it'?s|its)\s+",
    re.IGNORECASE,
)
_SPELLING_HINT = re.compile(
    r"\s*(?:,\s*)?\b(?:with\s+(?:an?|one|two|2|double)\s+\w+(?:'?s)?|spelled?\s+[\w-]+|spelt\s+[\w-]+|not\s+[\w'-]+)\b.*$",
    re.IGNORECASE,
)
FIRST, LAST = "first", "last"


def _name_words(words: list[str], limit: int = 4) -> list[str]:
    taken: list[str] = []
    for word in words:
        bare = word.strip(".,!?;:")
        if (
            not _NAME_WORD.fullmatch(bare)
            or bare.lower() in _NOT_NAME_WORDS
            or len(taken) == limit
            or any(ch.isdigit() for ch in bare)
        ):
            break
        taken.append(bare)
        if word != bare and not word.endswith("."):  # "John Smith, ..." ends the name
            break
    return taken


def named_in(text: str) -> tuple[str | None, str | None]:
    """A name introduced as one ("I'm John Smith", "my last name is Petersen", "my name is John
    with an h"): (the name, FIRST or LAST when the patient says which part, else None)."""
    if not usable(text):
        return None, None
    flat = " ".join(text.replace("\u2019", "'").split())
    for match in _NAME_CUE.finditer(flat):
        rest = _SPELLING_HINT.sub("", flat[match.end() :])
        words = _name_words(rest.split())
        if not words:
            continue
        name = clean_name(" ".join(words))
        if name:
            part = (match["part"] or match["part2"] or "").lower()
            return name, (FIRST if part in ("first", "given") else LAST if part in ("last", "sur", "family") else None)
    return None, None


def patient_named_in(text: str) -> str | None:
    """The name of the person a caregiver books for ("booking for my dad Frank Miller")."""
    if not usable(text):
        return None
    flat = " ".join(text.replace("\u2019", "'").split())
    for match in _FOR_SOMEONE_CUE.finditer(flat):
        name = clean_name(" ".join(_name_words(flat[match.end() :].split())))
        if is_full_name(name):
            return name
    return None


def leading_name(text: str) -> str | None:
    """A full name at the start of a longer answer ("John Smith and I'd like Tuesday")."""
    if not usable(text):
        return None
    words = _name_words(_GREETING.sub("", " ".join(text.split()), count=1).split())
    name = clean_name(" ".join(words)) if len(words) >= 2 else None
    return name if is_full_name(name) else None


def _alike(a: str, b: str) -> bool:
    from difflib import SequenceMatcher

    a, b = a.lower(), b.lower()
    return SequenceMatcher(None, a, b).ratio() >= 0.6 or (len(a) >= 3 and (a.startswith(b[:3]) or b.startswith(a[:3])))


def merge_name(current: str | None, given: str, part: str | None = None) -> str | None:
    """The name once the patient's correction is applied: a full name replaces it; one word
    replaces the first or last name it is said to be, or looks like ("John" for "Jon Smith");
    None when one word cannot be placed."""
    if is_full_name(given):
        return given
    if not current or not is_full_name(current):
        return None
    words = current.split()
    if part == FIRST or (part is None and _alike(given, words[0]) and not _alike(given, words[-1])):
        return " ".join([given, *words[1:]])
    if part == LAST or (part is None and _alike(given, words[-1])):
        return " ".join([*words[:-1], given])
    return None


# --- Corrections, details named, choices --------------------------------------------------

_CORRECTION = re.compile(
    r"\b(?:actually|instead|change|changed|make\s+it|switch|rather|sorry|wait|i\s+meant|i\s+mean|correction|should\s+be"
    r"|update|wrong|mistake|typo|not\s+\w+\s*,|scratch\s+that|oops)\b"
)


def looks_like_correction(text: str) -> bool:
    """'actually make it Friday', 'sorry, I meant...', 'change the time to 3'."""
    return usable(text) and bool(_CORRECTION.search(_plain(text)))


# (detail, words that name it): the words of each detail's button come first.
_DETAILS = (
    (
        "consent",
        r"contact\s+permission|permission|consent|contact\s+me|text\s+or\s+(?:phone|call)|calls?\s+or\s+texts?",
    ),
    ("status", r"new\s+or\s+returning|returning|new\s+patient|first\s+visit|been\s+before"),
    ("time", r"day\s+and\s+time|date\s+and\s+time|time|day|date|when|appointment\s+time|morning|afternoon"),
    ("phone", r"phone|number|mobile|cell"),
    ("email", r"e-?mail|mail"),
    ("reason", r"reason|about|why"),
    ("name", r"name|spelling|spelled|spelt"),
)
_DETAIL_RES = tuple((detail, re.compile(rf"\b(?:{words})\b")) for detail, words in _DETAILS)


def detail_named_in(text: str) -> str | None:
    """Which detail a patient names ("the phone is wrong" -> "phone"): one of name, phone,
    time, reason, status, consent, email; the first named wins."""
    if not usable(text):
        return None
    plain = _plain(text)
    found = [
        (m.start(), order, detail)
        for order, (detail, pattern) in enumerate(_DETAIL_RES)
        for m in [pattern.search(plain)]
        if m
    ]
    return min(found)[2] if found else None


_CHOICE = re.compile(
    r"^(?:the\s+|i'?ll\s+take\s+the\s+|i'?d\s+like\s+the\s+|take\s+the\s+|go\s+with\s+the\s+)?(?:option\s+|number\s+|no\.?\s*|#\s*)?"
    r"(?P<pick>first|second|third|1st|2nd|3rd|1|2|3|one|two|three|last|top|bottom|earliest|later|latest)"
    r"(?:\s+(?:one|option|time|slot|choice))?(?:\s+please|\s+thanks?)?$"
)
_PICKS = {
    "first": 0,
    "1st": 0,
    "1": 0,
    "one": 0,
    "top": 0,
    "earliest": 0,
    "second": 1,
    "2nd": 1,
    "2": 1,
    "two": 1,
    "third": 2,
    "3rd": 2,
    "3": 2,
    "three": 2,
}


def read_choice(text: str, count: int) -> int | None:
    """Which of `count` offered choices the patient picks ("the first one", "2", "the last");
    with a single choice, a plain yes picks it."""
    if not usable(text) or count <= 0:
        return None
    plain = _LEAD_IN.sub("", _plain(text))
    match = _CHOICE.match(plain)
    if match:
        pick = match["pick"]
        index = count - 1 if pick in ("last", "bottom", "latest", "later") else _PICKS[pick]
        return index if index < count else None
    if count == 1 and (read_yes_no(plain) == YES or re.match(r"^(?:that\s+one|that\s+works|that'?s\s+fine)$", plain)):
        return 0
    return None


# --- Lookups ------------------------------------------------------------------------------

_NO_CODE = re.compile(
    r"\b(?:no|don'?t\s+have|do\s+not\s+have|haven'?t\s+got|lost|forgot|can'?t\s+find|cannot\s+find|don'?t\s+know"
    r"|do\s+not\s+know|didn'?t\s+get|never\s+got|without|misplaced|deleted|can'?t\s+remember)\b"
    r"|^(?:no|nope|none|idk|no\s+idea|not\s+sure)$"
)


def says_no_code(text: str) -> bool:
    """'I don't have the code', 'lost it', 'no code': asked for a reference code."""
    return usable(text) and bool(_NO_CODE.search(_plain(text)))


_NEW_BOOKING = re.compile(
    r"\b(?:book|make|schedule|set\s+up|get|need|want|like|add)\b[^.?!]*?\b(?:new|another|second|extra|an?\s+(?:new\s+)?)"
    r"\s*(?:appointment|visit|consult\w*|booking|one|session)\b|\bnew\s+(?:appointment|booking|visit)\b"
)


def wants_new_booking(text: str) -> bool:
    """'book a new appointment for tomorrow morning': a new visit, not a change to one."""
    plain = _plain(text)
    return usable(text) and bool(_NEW_BOOKING.search(plain)) and not re.search(r"\b(?:move|cancel|reschedule)\b", plain)


_ABOUT_CONFIRMING = re.compile(
    r"\b(?:confirm\w*|call\s+me|text\s+me|hear\s+(?:back|from)|contact\s+me|get\s+back|let\s+me\s+know|be\s+in\s+touch"
    r"|reach\s+out|get\s+in\s+touch|ring\s+me)\b"
)


def asks_when_confirmed(text: str) -> bool:
    """'will someone confirm tonight?', 'when will I hear back?'"""
    plain = _plain(text)
    return (
        usable(text)
        and bool(_ABOUT_CONFIRMING.search(plain))
        and (
            looks_like_question(text) or bool(re.search(r"\b(?:when|tonight|today|tomorrow|soon|how\s+long)\b", plain))
        )
    )


# --- A reason given along with other details ---------------------------------------------

_REASON = re.compile(
    r"\b(?:for|about|because\s+of|because|regarding|re|due\s+to|with)\s+(?P<reason>[^,.;!?]{3,120})", re.IGNORECASE
)
_CONDITION_WORDS = re.compile(
    r"\b(?:feet|foot|toes?|hands?|legs?|fingers?|numb\w*|tingl\w*|burn\w*|pain\w*|ache\w*|aching|neuropath\w*|nerves?"
    r"|diabet\w*|balance|cramp\w*|pins\s+and\s+needles|sciatica|circulation|sore\w*|swell\w*|stiff\w*|weak\w*)\b",
    re.IGNORECASE,
)  # symptoms, not the kind of visit ("for a consult" is the booking itself)


def reason_in(text: str) -> str | None:
    """What the visit is about, when a longer message says ("... Tuesday 3pm, for my burning feet")."""
    if not usable(text):
        return None
    for match in _REASON.finditer(text):
        reason = " ".join(match["reason"].split())
        if _CONDITION_WORDS.search(reason):
            return reason[:500]
    return None


def mentions_condition(text: str) -> bool:
    return usable(text) and bool(_CONDITION_WORDS.search(text))


_NONE_OF_THEM = re.compile(
    r"\b(?:none|neither|not\s+(?:those|these|them|any)|nothing\s+(?:there|works)|can'?t\s+(?:do|make)\s+(?:any|those|these"
    r"|them)|(?:those|these|they)\s+(?:don'?t|do\s+not|won'?t)\s+work|no\s+good|something\s+else|other\s+(?:times|days)"
    r"|different\s+(?:time|day))\b"
)


def rejects_choices(text: str) -> bool:
    """'none of those work', 'can't make any of them', 'something else': not one of the offers."""
    return usable(text) and bool(_NONE_OF_THEM.search(_plain(text)))
