"""English for the crisis detector (bot/safety/crisis.py): how a message splits into the pieces
the phrases are looked for in and the passages the classifier scores one by one, and the
phrases that are a crisis whatever the classifier says.

The phrases are for the unmistakable only ("kill myself", "can't breathe", "my toe turned
black"); everything else is the classifier's job. A few are Spanish, until Spanish has a module
of its own, so that a patient in crisis who writes in Spanish gets the right numbers too (the
classifier finds many Spanish crises but, reading English best, may name the wrong kind). A
phrase does not count in a sentence that is about the past ("I had a stroke five years ago",
"used to self-harm as a teen", "turned out to be heartburn") or that denies it ("I'm not
suicidal"), and a burn phrase does not count in a question ("what if the lamp burns me?"), a
warning ("watch out for blisters"), a burn from elsewhere ("a blister from new shoes, not from
the therapy") or someone else's story ("my friend said"); the classifier still reads those
sentences.
"""

from __future__ import annotations

import re

# --- Pieces --------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?:[.!?;]+|\.\.\.+|\u2026|\s[-\u2013\u2014]+\s|\n+)\s*")
_WORD = re.compile(r"\S+")
WINDOW_WORDS = 12  # long run-on sentences are also read in overlapping windows of this many words
MAX_PIECES = 200  # a 10,000-character message still gets every sentence read, up to this many pieces


def _sentences(text: str) -> list[list[str]]:
    """The words of each sentence of `text`, at most MAX_PIECES sentences."""
    found = [words for words in (_WORD.findall(sentence) for sentence in _SENTENCE_END.split(text)) if words]
    return found[:MAX_PIECES]


def _windows(words: list[str]) -> list[str]:
    """Overlapping windows of a long run-on sentence; none for a short one."""
    if len(words) <= 2 * WINDOW_WORDS:
        return []
    step = WINDOW_WORDS // 2
    return [" ".join(words[i : i + WINDOW_WORDS]) for i in range(0, len(words) - step, step)]


def sentences(text: str) -> list[str]:
    """The sentences of `text`, without their end marks."""
    return [" ".join(words) for words in _sentences(text)]


def pieces(text: str) -> list[str]:
    """The sentences of `text`, and windows of long sentences, in order; each non-empty. The
    phrases are looked for in each piece."""
    found: list[str] = []
    for words in _sentences(text):
        found.append(" ".join(words))
        found.extend(_windows(words))
        if len(found) >= MAX_PIECES:
            break
    return found[:MAX_PIECES]


def passages(text: str) -> list[str]:
    """What the classifier reads: each sentence together with the one before and the one after
    it, and windows of long sentences. A short sentence alone says too little ("he's very calm",
    "he's gone, my dad"); beside its neighbours it is read as meant, and a crisis in the middle
    of a long message is still read with only two sentences around it. A message of one or two
    sentences is one passage."""
    sentences = _sentences(text)
    joined = [" ".join(words) for words in sentences]
    found = [" ".join(joined[max(0, i - 1) : i + 2]) for i in range(len(joined))]
    for words in sentences:
        found.extend(_windows(words))
    return list(dict.fromkeys(found))[:MAX_PIECES]


# --- Unmistakable phrases -------------------------------------------------------------------

_SELF = r"(?:my\s?self|myslef|meself)"
# "overdosed on Christmas cookies": too much of something harmless.
_TREATS = (
    r"coffee|caffeine|sugar|chocolate|sweets|candy|cookies|cake|cheesecake|pie|pizza|ice\s+cream|carbs|food"
    r"|tv|netflix|sun|sunshine|news|christmas|holiday\w*|shopping|love"
)
_WANT = r"(?:want(?:s|ed)?\s+to|wanna|going\s+to|gonna|gunna|about\s+to|ready\s+to|plan(?:ning)?\s+to|will|i'?ll|thinking\s+(?:about|of)|urge\s+to)"

PHRASES: dict[str, re.Pattern[str]] = {
    "suicide": re.compile(
        rf"""\b(?:
            kill(?:ing)?\s+{_SELF} | kms | kys | unalive | suicid\w* | take\s+my\s+(?:own\s+)?life
          | end(?:ing)?\s+(?:it\s+all|my\s+life|my\s+own\s+life|everything)
          | {_WANT}\s+end\s+it\b(?!\s+(?:here|there|now\s+thanks))
          | (?<!am\si\s){_WANT}\s+(?:just\s+)?die\b(?!\s+(?:happy|laughing|a\s+happy))(?!\s+(?:of|from)\s+(?:old\s+age|boredom|embarrassment|laughter|shame|curiosity|hunger|thirst|the\s+heat)) | wish\s+i\s+(?:was|were)\s+dead | want\s+to\s+be\s+dead
          | hang(?:ing)?\s+{_SELF} | {_WANT}\s+(?:hurt|harm|cut|burn|shoot|drown)\s+{_SELF}
          | better\s+off\s+(?:dead|without\s+me) | nobody\s+would\s+(?:even\s+)?(?:miss|notice|care\s+if)\s+(?:me|i)
          | (?:don'?t|do\s+not|dont)\s+want\s+to\s+(?:live|be\s+alive|be\s+here\s+anymore|wake\s+up|exist)
          | (?:no|any)\s+(?:reason|point)\s+(?:to|in|of)\s+(?:keep\s+)?(?:live|living|going\s+on|carrying\s+on|being\s+alive|go\s+on(?=\s*$|\s+(?:anymore|any\s+more|like\s+this)))\b(?!\s+with\b)
          | (?:don'?t|dont|do\s+not|can'?t|cannot)\s+see\s+(?:the|a|any)\s+(?:reason|point)\s+(?:to|in|of)\s+(?:keep\s+)?
            (?:live|living|going\s+on|carrying\s+on|being\s+alive|go\s+on(?=\s*$|\s+(?:anymore|any\s+more|like\s+this)))\b(?!\s+with\b)
          | (?:life\s+is\s+not|life\s+isn'?t|not)\s+worth\s+living
          | saving\s+up\s+(?:my\s+|all\s+my\s+)?(?:pills|meds|tablets)
          | jump(?:ing)?\s+(?:off|from|in\s+front\s+of)\s+(?:a|the|my|this|our)\s+(?:bridge|building|roof|balcony|cliff|overpass|train|truck|bus)
          | (?:drive|driving|steer)\s+(?:my\s+car\s+|the\s+car\s+|it\s+)?(?:off|into)\s+(?:a|the)\s+(?:bridge|cliff|river|lake|wall|tree)
          | tired\s+of\s+(?:living|being\s+alive|life)(?!\s+(?:with|like))
          | (?:won'?t|wont|will\s+not)\s+be\s+(?:around|here|alive)\s+(?:much\s+longer|for\s+much\s+longer|to\s+(?:feel|see|need|worry|care|suffer)\b)
          | by\s+(?:next\s+\w+|tomorrow|tonight|then|the\s+weekend)\s*,?\s*i\s+(?:won'?t|wont|will\s+not)\s+be\s+(?:around|here|alive)
          | (?:suicide|goodbye)\s+(?:note|letter) | by\s+the\s+time\s+(?:you|anyone|someone|they)\s+reads?\s+this
          | nice\s+knowing\s+(?:you|ya|y'?all|everyone|every\s*body) | tried\s+to\s+end\s+it\b
          | bleed(?:ing)?\s+out\s+from\s+(?:my|the)\s+wrists?
          | hose\s+(?:\w+\s+){{0,3}}(?:from\s+|to\s+|into\s+|in\s+)?(?:the\s+|my\s+)?exhaust | exhaust\s+(?:pipe\s+)?(?:into|in)\s+(?:the|my)\s+car
          | (?:take|took|swallow\w*)\s+all\b[^.?!]{{0,50}}\bpainless | painless\s+(?:way\s+to\s+(?:die|go)|death|suicide)
          | (?:don'?t|dont|do\s+not|can'?t|cannot)\s+trust\s+{_SELF}\s+(?:tonight|right\s+now|anymore|any\s+more|alone|to\s+be\s+alone|around\s+(?:my|the|these|those)\s+(?:pills|meds|tablets|gun|knife|knives))
          | noose
          | no\s+quiero\s+vivir | quier[eo]\s+morir\w* | matarme | quitarme\s+la\s+vida | me\s+(?:voy\s+a|quiero)\s+matar | se\s+(?:va\s+a|quiere)\s+matar
          | colgarme | ahorcarme | no\s+quiero\s+estar\s+aqu[ií]
        )\b""",
        re.IGNORECASE | re.VERBOSE,
    ),
    "overdose": re.compile(
        rf"""\b(?:
            (?:overdos\w*|od'd|od'ed|oded)(?!\s+(?:of|on)\s+(?:{_TREATS})\b)
          | (?:been|got|get|gotten|getting|was|were|is|am|i'?m|he'?s|she'?s|think\s+(?:i|he|she|they))\s+(?:\w+\s+)?poisoned
          | poisoned\s+(?:me|myself|him|her|them|us|my\s+(?:wife|husband|son|daughter|kid|child|baby|mom|mother|dad|father))
          | took\s+(?:too\s+many|way\s+too\s+many|a\s+(?:whole\s+)?bottle\s+of|all\s+(?:of\s+)?(?:my|his|her|the))\s+\w*\s*(?:pills|tablets|meds|medicine|capsules|gabapentin|insulin|oxy\w*)
          | (?:took|take|taking|swallowed)\s+(?:like\s+|about\s+|around\s+|over\s+)?(?:[1-9]\d|a\s+dozen)\s+(?:of\s+(?:my|his|her|the)\s+)?(?:\w+\s+)?(?:pills|tablets|meds|capsules|tramadol|gabapentin|lyrica|pregabalin|oxy\w*|percocet|vicodin|norco|xanax|ambien|tylenol|advil|aspirin)
            (?!\s+(?:a|per|each|every)\s+(?:day|night|morning|week)|\s+daily)
          | (?:swallowed|drank|drunk|ate|bit\s+into|chewed|got\s+into)\s+(?:some\s+|a\s+|an\s+|the\s+|one\s+of\s+(?:those|the|my|our)\s+)?(?:\w+\s+)?
            (?:bleach|antifreeze|drain\s+cleaner|rat\s+poison|poison|cleaner|detergent|pods?|button\s+batter(?:y|ies))
          | (?:tom[eéoó]|trag[eéoó])\s+(?:muchas|todas\s+(?:las|sus|mis)|todo\s+el\s+frasco|un\s+mont[oó]n)\b | sobredosis
          | (?:bebi[oó]|tom[oó]|trag[oó])\s+(?:el\s+|la\s+)?(?:cloro|veneno|blanqueador|l[ií]quido\s+de\s+limpiar)
        )\b""",
        re.IGNORECASE | re.VERBOSE,
    ),
    "abuse": re.compile(
        r"""\b(?:
            (?:husband|wife|partner|boyfriend|girlfriend|son|daughter|grandson|granddaughter|caregiver|aide|he|she)
              \s+(?:hits|beats|chokes|choked|kicks|slaps|punches|threatens|threatened\s+to\s+kill)\s+(?:me|my\s+\w+)
          | (?:husband|wife|partner|boyfriend|girlfriend|son|daughter|grandson|granddaughter|caregiver|aide|he|she)
              \s+(?:(?:hit|beat|kicked|slapped|punched|strangled|choked)\s+(?:me|my\s+(?:mom|mother|mum|dad|father|wife|husband|grand\w+|sister|brother|kids?|child|baby))
                  | (?:pushed|shoved|threw)\s+(?:me|her|him)\s+(?:down|into|against|onto|off|to\s+the\s+(?:floor|ground)))
          | (?:says|said|swears|swore)\s+(?:he|she)(?:'?ll|\s+will|'d|\s+would|\s+is\s+going\s+to|\s+gonna)\s+(?:do\s+(?:worse|it\s+again)|kill\s+me|break\s+my)
          | afraid\s+(?:to\s+go|of\s+going)\s+home | (?:he|she|they)\s*(?:'ll|\s+will|\s+is\s+going\s+to|\s+gonna)\s+kill\s+me
          | (?:man|guy|woman|someone|somebody|stranger|person|car|he|she|they)\s+(?:is\s+|are\s+|keeps?\s+|has\s+been\s+|'?s\s+)?(?:following|stalking)\s+me
          | me\s+(?:est[aá]n?\s+)?golpe\w+ | me\s+(?:quiere|va\s+a)\s+matar
          | est[aá]\s+(?:pegando|golpeando|ahorcando)\s+a\b | (?:me|le|la|lo)\s+est[aá]\s+(?:pegando|ahorcando|amenazando)
          | amenaz\w*\s+con\s+(?:un|una|el|la|su)\s+(?:cuchillo|pistola|arma|escopeta)
          | locked?\s+me\s+in | tie[sd]?\s+me\s+(?:down\s+|up\s+)?to\s+(?:the|a|my)\s+(?:bed|chair) | domestic\s+(?:violence|abuse) | elder\s+abuse
        )\b""",
        re.IGNORECASE | re.VERBOSE,
    ),
    "medical": re.compile(
        r"""\b(?:
            chest\s+(?:pain|pains|pressure|tightness|is\s+tight|feels\s+tight|hurts|is\s+hurting|is\s+crushing)
          | crushing\s+(?:pain|pressure)\s+in\s+(?:my|his|her)\s+chest
          | (?:having|have\s+a|had\s+a)\s+(?:heart\s+attack|stroke)\s+(?:right\s+)?now | (?:i'?m|he'?s|she'?s|is)\s+having\s+a\s+(?:heart\s+attack|stroke)
          | face\s+(?:is\s+|has\s+|looks\s+|went\s+)?(?:droop\w*|crooked|lopsided) | droop\w*\s+face | slurr\w+
          | can'?t\s+(?:breathe?|catch\s+(?:my|his|her)\s+breath) | cannot\s+breathe | struggling\s+to\s+breathe | not\s+breathing
          | short\s+of\s+breath\s+(?:even\s+|just\s+)?(?:at\s+rest|resting|sitting|lying\s+down|in\s+bed) | (?:can'?t|cannot)\s+finish\s+(?:a\s+|my\s+|his\s+|her\s+)?sentences?
          | lips\s+(?:are\s+|look\s+|turning\s+|went\s+)?blue | gasping
          | (?:toe|toes|foot|feet|heel|wound|sore|ulcer)\s+(?:is\s+|are\s+|has\s+|have\s+|went\s+|looks?\s+)?(?:turn\w*\s+|gone\s+|going\s+)?black
          | gangrene | sepsis | septic | red\s+(?:streak|line)s?\s+(?:\w+\s+){0,4}(?:up|going|running|spreading)
          | collapsed | unconscious | unresponsive | won'?t\s+wake\s+up | can'?t\s+wake\s+(?:him|her|them|up)
          | seizure | seizing | convuls\w* | (?:is|'s|s)\s+having\s+a\s+fit\b(?!\s+(?:about|over|because|that|when|if|at|with))
          | pus\b[^.?!]{0,60}(?<!\bno\s)(?<!\bwithout\s)\b(?:fever|temp|temperature|chills|shaking|shivering)\b
          | (?<!\bno\s)(?<!\bwithout\s)\b(?:fever|temp|temperature|chills)\b[^.?!]{0,60}\bpus\b
          | bleeding\s+(?:won'?t|will\s+not|doesn'?t|does\s+not)\s+stop
          | (?:hit|banged|bumped)\s+(?:my|his|her)\s+head
          | (?:stroke|heart\s+attack)\b[^.?!]{0,40}\bhappening\s+(?:again|now)
          | fever\b[^.?!]{0,40}\bchemo | chemo\b[^.?!]{0,60}\bfever
          | f[ae]ll(?:en)?\b[^.?!]{0,40}\b(?:not|won'?t|isn'?t|doesn'?t|does\s+not|is\s+not|can'?t)\s+(?:answer|respond|mov|wak|get\s+up)\w*
          | (?:meter|glucometer|monitor)\s+(?:says|reads|shows|said)\s+(?:lo|hi)\b
          | (?:just|has\s+just|have\s+just)\s+(?:passed|blacked)\s+out
          | (?:just|suddenly)\s+(?:went\s+blind|(?:lost|losing)\s+(?:the\s+|my\s+|his\s+|her\s+|all\s+)?(?:vision|sight|feeling|control)\b)
          | lost\s+(?:the\s+|my\s+|his\s+|her\s+|all\s+)?(?:vision|sight)\s+in\s+(?:one|my|his|her|the|both)\b | (?:suddenly|all\s+of\s+a\s+sudden)\s+(?:can'?t|cannot|couldn'?t)\s+see | curtain\s+(?:came\s+|coming\s+|fell\s+|falling\s+)?(?:down\s+)?over\s+(?:my|his|her)\s+eye
          | no\s+(?:se\s+)?despierta | (?:pie|pies|dedo|dedos)\s+(?:(?:de\s+)?\w+\s+){0,3}?(?:est[aá]n?\s+|se\s+puso\s+|se\s+pusieron\s+)?(?:muy\s+)?negros?
          | no\s+(?:puedo|puede|pueden)\s+respirar | no\s+respira\b | labios\s+(?:\w+\s+)?(?:morados|azules) | se\s+desmay[oó]
          | inconsciente | (?:me|le)\s+aprieta\s+el\s+pecho | cara\s+(?:est[aá]\s+)?(?:ca[ií]da|torcida|chueca) | dolor\s+(?:de|en\s+el)\s+pecho | (?:me\s+)?duele\s+(?:mucho\s+)?el\s+pecho
        )\b""",
        re.IGNORECASE | re.VERBOSE,
    ),
    "burn": re.compile(
        r"""\b(?:
            (?:me\s+quem[eé]|se\s+quem[oó]|(?:me|le|la|lo)\s+quem[oó])\b | quemadura
          | (?:burn|burns|burned|burnt|blister\w*|scald\w*)[,;]?\s+(?:[\w']+[,;]?\s+){0,10}?(?:from|after|by|during|under|with|off|on|since|in|at|like|where)\s+
            (?:[\w']+\s+){0,4}?(?:device|lamp|light|machine|pad|session|treatment|therapy|bottle|foot\s*bath|heater|unit)s?\b
          | (?:device|lamp|light|machine|pad|session|treatment|therapy|bottle|heater|unit)\b[^.?!]{0,40}?\b(?:burned|burnt|blister\w*|scald\w*|left\s+a\s+burn|gave\s+me\s+a\s+burn)
          | skin\b[^.?!]{0,30}\bleathery
        )""",
        re.IGNORECASE | re.VERBOSE,
    ),
}

# "my feet burn like crazy every night": the neuropathy itself, not a burn.
_BURNING_SYMPTOM = re.compile(
    r"\b(?:burn|burns|burning)\s+(?:like|all\s+(?:day|night|the\s+time)|every\s+(?:day|night)|at\s+night|constantly|so\s+bad)",
    re.IGNORECASE,
)

# "my son ODd": in capitals only, since "odd" is spelled the same.
_OD_IN_CAPITALS = re.compile(rf"\bOD'?(?:d|ed)\b(?!\s+(?i:of|on)\s+(?i:{_TREATS})\b)")

# A blood sugar reading: below 55 or above 400 mg/dL is a crisis.
_SUGAR = re.compile(
    r"\b(?:blood\s+)?(?:sugar|glucose|bg|bs)\s+(?:is\s+|was\s+|of\s+|at\s+|reading\s+|reads\s+|says\s+|just\s+|now\s+|only\s+|down\s+to\s+|up\s+to\s+|over\s+)*(\d{2,3})\b",
    re.IGNORECASE,
)
LOW_SUGAR, HIGH_SUGAR = 55, 400

_PAST = re.compile(
    r"""\b(?:(?:years?|months?|weeks?)\s+(?:ago|back) | (?:19|20)\d\d | used\s+to | as\s+a\s+(?:teen|kid|child|young)\w*
    | when\s+(?:i|he|she|they)\s+(?:was|were)\s+(?:young|younger|little|a\s+(?:kid|child|baby|boy|girl|teen\w*)|in)
    | as\s+a\s+(?:kid|child|baby) | history\s+of | back\s+in
    | last\s+(?:year|winter|summer|spring|fall|autumn|month) | in\s+the\s+past | a\s+while\s+(?:back|ago)
    | long\s+time\s+ago | once\s+before | healed | scare | turned\s+out | all\s+clear
    | hace\s+(?:\w+\s+)?(?:años|meses|semanas))\b""",
    re.IGNORECASE | re.VERBOSE,
)
_DENIED = re.compile(r"\b(?:not|never|wasn'?t|isn'?t|no\s+longer)\s+(?:\w+\s+)?suicidal\b", re.IGNORECASE)
_QUESTION = re.compile(r"\?\s*$|^\s*(?:what|how|does|do|is|are|can|could|will|would|should)\b", re.IGNORECASE)


# "can you overdose on light?": a question about the therapy, not a poisoning.
# "If my feet blister after treatment, what should I do": a burn or an emergency supposed, not
# happening ("if he's not breathing" and "what if he's having a stroke now" are not these).
_SUPPOSED = re.compile(
    r"^(?!.*\b(?:now|currently|at\s+the\s+moment)\b)\s*"
    r"(?:(?:hi|hello|hey|so|ok|okay|quick\s+question|question|just\s+wondering|i\s+was\s+wondering|one\s+more\s+thing)\b[^.?!]{0,40}?\s)?"
    r"(?:what\s+(?:happens\s+|should\s+i\s+do\s+)?if|in\s+case"
    r"|(?:if|(?:let'?s\s+)?say|suppose|supposing)\s+(?:i|my\s+\w+|someone|a\s+patient)"
    r"\s+(?:ever\s+|start\w*\s+to\s+|starts?\s+|gets?\s+|got\s+|has\s+|have\s+|had\s+))",
    re.IGNORECASE,
)
# "the therapist told me to watch out for blisters": a burn warned of, not happening.
_WARNED_OF = re.compile(
    r"\b(?:watch(?:ing)?\s+(?:out\s+)?for|look(?:ing)?\s+out\s+for|prevent\w*|risk\s+of|chance\s+of)\b",
    re.IGNORECASE,
)
# "a tiny blister from new shoes, not from the therapy", "my friend said she got blisters from a
# cheap pad": a burn that is not from a treatment, or is someone else's story.
_NOT_FROM_TREATMENT = re.compile(
    r"\b(?:(?:not|nothing\s+to\s+do\s+with|unrelated\s+to)\s+(?:from\s+|by\s+|after\s+|because\s+of\s+|related\s+to\s+)?(?:the\s+|your\s+|my\s+|a\s+|any\s+)?"
    r"(?:therapy|treatment|light|device|session|lamp|machine|pad|heater)"
    r"|no\s+(?:device|burn|blisters?)|(?:from|by|in)\s+(?:my\s+|the\s+|these\s+|those\s+)?(?:new\s+|work\s+|tight\s+)*(?:shoes?|boots|sneakers|sandals|slippers))\b",
    re.IGNORECASE,
)
_HEARSAY = re.compile(
    r"\b(?:(?:friend|someone|somebody|people|reviews?|a\s+(?:lady|man|woman|guy))(?:\s+\w+){0,2}?\s+(?:said|says|told\s+me|mentioned|wrote|posted)"
    r"|i\s+(?:heard|read)\s+(?:that|about|online|somewhere|people|someone|of))\b",
    re.IGNORECASE,
)
_WHAT_IF = re.compile(
    r"\b(?:can|could)\s+(?:you|one|someone|people)\s+overdose\s+on\b|\bpossible\s+to\s+overdose\b", re.I
)


# "my phone is about to die": a thing, not a person.
_THING_DIES = re.compile(
    r"\b(?:battery|batteries|phone|cell|laptop|computer|tablet|ipad|car|engine|plants?|flowers?)\s+(?:is\s+|are\s+|'?s\s+)?"
    r"(?:about\s+to|going\s+to|gonna|will|ready\s+to)\s+die\b",
    re.IGNORECASE,
)


def unmistakable(piece: str) -> str | None:
    """The crisis category an unmistakable phrase in `piece` names, or None."""
    if _PAST.search(piece) or _DENIED.search(piece):
        return None
    piece = _THING_DIES.sub(" ", piece)
    for category, pattern in PHRASES.items():
        if not pattern.search(piece):
            continue
        if category == "burn" and any(
            exception.search(piece)
            for exception in (_QUESTION, _BURNING_SYMPTOM, _WARNED_OF, _NOT_FROM_TREATMENT, _HEARSAY)
        ):
            continue
        if category in ("burn", "medical") and _SUPPOSED.search(piece):
            continue
        if category == "overdose" and _WHAT_IF.search(piece):
            continue
        return category
    if _OD_IN_CAPITALS.search(piece):
        return "overdose"
    for match in _SUGAR.finditer(piece):
        if not LOW_SUGAR <= int(match[1]) <= HIGH_SUGAR:
            return "medical"
    return None


# "feel fine today", "nothing serious", "just asking ahead of time", "lol": beside words that
# sound like a crisis, the message says all is well, or that it is a joke or a question for
# later (or, with _NOT_FROM_TREATMENT, that a blister is from new boots). The classifier's score
# counts for less in such a message (bot/safety/crisis.py); a phrase still counts in full.
_REASSURED = re.compile(
    r"""\b(?:
        feel(?:s|ing)?\s+fine | (?:i'?m|im|he'?s|she'?s|all|totally|doing|it'?s|its)\s+(?:fine|ok|okay|good)\b
      | nothing\s+serious | no\s+big\s+deal | not\s+(?:an\s+)?emergenc\w* | all\s+good | went\s+away | healing\s+fine
      | just\s+(?:wondering|curious|asking|venting) | in\s+advance | ahead\s+of\s+time
      | lol | lmao | haha\w*
    )\b|\U0001F602|\U0001F923""",
    re.IGNORECASE | re.VERBOSE,
)


def reassured(text: str) -> bool:
    """Does the message say all is well, that it jokes or asks ahead ("nothing serious"), or
    that a burn or blister is not from a treatment ("a blister from my new boots")?"""
    return bool(_REASSURED.search(text) or _NOT_FROM_TREATMENT.search(text))


# --- Right after the crisis reply -----------------------------------------------------------
# What someone writes next: still in crisis ("no im not ok", "i still want to do it", "no"), or
# all right now ("im ok now, sorry", "false alarm", "nvm"). Read only soon after a crisis reply
# (channels/common.py); a bare "no" or "yeah" only right after it.

_STILL = re.compile(
    r"""\b(?:
        (?:not|n'?t|never)\s+(?:\w+\s+)?(?:ok|okay|fine|safe|alright|all\s+right|better)
      | (?:don'?t|do\s+not|dont)\s+feel\s+(?:ok|okay|safe|fine|better)
      | still\s+(?:want|wanna|going|gonna|plan|planning|thinking|think|feel|have|got|here|hurts?|bleeding|can'?t)
      | feel\s+(?:that\s+way|like\s+that|the\s+same)\s+(?:still|again) | not\s+(?:joking|kidding)
      | go(?:ing)?\s+through\s+with\s+it | (?:want|wanna|going|gonna)\s+(?:to\s+)?do\s+it
      | (?:getting|got|it'?s|its)\s+worse | no\s*(?:one|body)\s+(?:can|will|cares|to\s+talk\s+to)
      | (?:getting|more|even)\s+(?:more\s+)?(?:sleepy|drowsy|confused|pale|weaker|blue|grey|gray) | burning\s+up
      | barely\s+(?:waking|awake|breathing|responding|conscious|moving) | (?:won'?t|can'?t)\s+wake
      | (?:don'?t|dont|do\s+not)\s+want\s+(?:to\s+)?(?:call|text|talk\s+to|a\s+hotline|the\s+hotline|any\s+hotline|help)
      | (?:doesn'?t|does\s+not|dont)\s+matter\s+any\s*more | nothing\s+matters | (?:what'?s|whats)\s+the\s+point(?!\s+of\s+(?:the|a|this|your)\b)
      | (?:can'?t|cannot|won'?t|will\s+not)\s+(?:call|text|talk|go|do\s+that|stop)
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
_BARE_ANSWER = re.compile(
    r"^\s*(?:no+|nope|nah|not\s+really|i\s+can'?t|i\s+won'?t|i\s+don'?t\s+know|idk|what'?s\s+the\s+point|why"
    r"|yes|yeah|yea|yep|maybe|kind\s+of|kinda|sort\s+of)[\s.!?]*$",
    re.IGNORECASE,
)
# "im", "she's", "they are"...: who is all right, or safe.
_SOMEONE_IS = r"i'?m|im|i\s+am|we'?re|we\s+are|s?he'?s|s?hes|(?:s?he|it)\s+is|they'?re|they\s+are|it'?s|its"
_ALL_RIGHT = re.compile(
    rf"""\b(?:
        (?:{_SOMEONE_IS}|i\s+feel|feeling|every(?:one|body)\s+is|everything'?s|all'?s)
          \s+(?:\w+\s+)?(?:ok|okay|fine|safe|better|alright|all\s+right|good)
      | (?:will|'ll)\s+be\s+(?:ok|okay|fine|alright|all\s+right)
      | false\s+alarm | not\s+(?:a|an)\s+emerg\w* | no\s+emerg\w* | it\s+(?:passed|went\s+away|stopped) | (?:gone|passed)\s+now | never\s*mind | nvm
      | forget\s+(?:it|that|about\s+it|(?:what\s+)?i\s+said(?:\s+anything)?) | ignore\s+(?:that|me|what\s+i\s+said)
      | just\s+(?:kidding|venting|ranting|a\s+bad\s+day) | jk | didn'?t\s+mean\s+it | was\s+joking | sorry
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)


# After a crisis reply, "i already took some of them", "like 10 of them": an overdose.
_TOOK = re.compile(
    r"\b(?:took|taken|swallowed|ate|drank)\s+(?:\w+\s+){0,3}(?:them|pills|tablets|meds|some|\d+|(?:a|the)\s+bottle)\b"
    r"|\b\d+\s+of\s+them\b",
    re.IGNORECASE,
)


# After a crisis reply, "she's getting really drowsy, won't answer me properly": 911 now.
_LOSING_CONSCIOUSNESS = re.compile(
    r"""\b(?:
        (?:barely|hardly|not|isn'?t|is\s+not)\s+(?:awake|breathing|waking|responding|conscious|making\s+sense)
      | (?:won'?t|will\s+not|can'?t|cannot|doesn'?t|does\s+not)\s+(?:wake|answer|respond|breathe|stay\s+awake)
      | (?:passed|passing|blacked|blacking)\s+out | unconscious | unresponsive | (?:really|very|so|more|getting)\s+(?:drowsy|sleepy)
      | seizure | seizing | lips\s+(?:are\s+|look\s+|turning\s+)?blue
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)


def losing_consciousness(text: str) -> bool:
    """After a crisis reply: is the person passing out or hard to wake ("barely awake")?"""
    return bool(_LOSING_CONSCIOUSNESS.search(text))


def took_something(text: str) -> bool:
    """After a crisis reply: does the message say something was swallowed ("took 10 of them")?"""
    return bool(_TOOK.search(text))


def still_in_crisis(text: str) -> bool:
    """After the crisis reply: does the message say the crisis goes on ("no im not ok")?"""
    return bool(_STILL.search(text) or _TOOK.search(text))


def bare_answer(text: str) -> bool:
    """ "no", "yeah", "idk": after the crisis reply itself, taken as the crisis going on."""
    return bool(_BARE_ANSWER.match(text))


def all_right_now(text: str) -> bool:
    """After the crisis reply: does the message say things are all right now ("im ok now")?"""
    return bool(_ALL_RIGHT.search(text)) and not still_in_crisis(text) and not bare_answer(text)


# "the ambulance came, im safe now": safe, in so many words, though the rest of the message still
# reads like the crisis it was.
_SAYS_SAFE = re.compile(
    rf"\b(?:{_SOMEONE_IS}|every(?:one|body)(?:'?s|\s+is))\s+(?:\w+\s+)?safe\b|\bsafe\s+now\b|\bnow,?\s+safe\b",
    re.IGNORECASE,
)


# "called poison control", "the paramedics came": help was reached.
_HELP_CAME = re.compile(
    r"""\b(?:
        (?:called|rang|phoned|texted|talked\s+to|spoke\s+(?:to|with)|got\s+through\s+to)\s+(?:the\s+)?
          (?:poison\s+(?:control|help|centre|center)|911|988|ambulance|paramedics|er|hospital|doctor|nurse|police|cops
           |hotline|crisis\s+line|lifeline|them|someone|my\s+(?:doctor|nurse|daughter|son|sister|brother|family))
      | (?:ambulance|paramedics|ems|police|cops|doctor|nurse)\s+(?:came|come|arrived|(?:is|are)\s+here|(?:have|has)\s+(?:been|come|gone)|checked|took|said)
      | (?:driving|taking|drove|took|rushing)\s+(?:me|him|her|them|us)\s+to\s+(?:the\s+)?(?:er|hospital|emergency\s+room|a\s+and\s+e|urgent\s+care)
      | on\s+(?:my|our|his|her|their|the)\s+way\s+to\s+(?:the\s+)?(?:er|hospital|emergency\s+room|urgent\s+care)
      | (?:vino|lleg[oó])\s+la\s+ambulancia
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)


def says_safe(text: str) -> bool:
    """After the crisis reply: does the message say, in so many words, that they are safe now?"""
    return bool(_SAYS_SAFE.search(text)) and not still_in_crisis(text)


def help_came(text: str) -> bool:
    """After the crisis reply: does the message say help was reached ("the ambulance came")?"""
    return bool(_HELP_CAME.search(text)) and not still_in_crisis(text)


def safe_now(text: str) -> bool:
    """After the crisis reply, in a message that still reads like the crisis it was: safe in so
    many words, or all right once help came or asking to go on ("called poison control, he's ok
    now", "he's fine now, can we finish the booking?"). Not "I'm fine, I'll just take them all
    tonight": all right, but no safety, no help and nothing to go on with."""
    return says_safe(text) or (all_right_now(text) and (bool(_HELP_CAME.search(text)) or wants_to_carry_on(text)))


# "can we finish the booking", "lets keep going": after a form paused for a crisis, carry on.
_CARRY_ON = re.compile(
    r"\b(?:carry\s+on|go\s+on|keep\s+going|continue|finish|pick\s+up\s+where|where\s+we\s+(?:left|were)|where\s+were\s+we|back\s+to\s+(?:the\s+)?booking)\b",
    re.IGNORECASE,
)


def wants_to_carry_on(text: str) -> bool:
    """After a form was paused for a crisis: does the message ask to go on with it?"""
    return bool(_CARRY_ON.search(text))
