"""Text-message rules that need no Rasa: carrier keywords, numbered choices, plain text.

Carrier keywords follow the carrier convention: a keyword counts only when it is the whole
message, case-insensitive, with surrounding whitespace trimmed. "STOP" and " cancel " are
keywords; "cancel my appointment" is a request for the assistant.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from enum import Enum

from bot.settings import Settings

# Twilio's longest message body; longer replies are sent as several messages.
SMS_MAX_CHARS = 1600


class Keyword(Enum):
    STOP = "stop"
    START = "start"
    HELP = "help"


_KEYWORDS = {
    **{word: Keyword.STOP for word in ("stop", "stopall", "unsubscribe", "cancel", "end", "quit")},
    **{word: Keyword.START for word in ("start", "unstop", "yes")},
    **{word: Keyword.HELP for word in ("help", "info")},
}


def carrier_keyword(message: str) -> Keyword | None:
    """The carrier keyword this whole message is, if any."""
    return _KEYWORDS.get(message.strip().lower())


def stop_confirmation(settings: Settings) -> str:
    return f"You won't get any more texts from {settings.clinic_name}. Reply START to text us again."


def start_confirmation(settings: Settings) -> str:
    return f"Welcome back to {settings.clinic_name}'s text service. Reply HELP for help, STOP to stop."


def help_reply(settings: Settings) -> str:
    person = (
        f"To talk to a person, call {settings.clinic_phone}."
        if settings.clinic_phone
        else ('To talk to a person, text "talk to a person".')
    )
    return (
        f"{settings.clinic_name}: an automated assistant, not a clinician. {person} "
        "In an emergency call 911; in a suicide or mental health crisis call or text 988. Reply STOP to stop texts."
    )


OPT_OUT_NOTE = "Reply STOP to opt out."


def introduce(text: str, settings: Settings) -> str:
    """The first text to a new number says who is writing and how to stop the texts."""
    if settings.clinic_name.lower() not in text.lower():
        text = f"{settings.clinic_name}: {text}"
    return f"{text} {OPT_OUT_NOTE}"


_MARKDOWN: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)"), r"\1 (\2)"),  # [label](url)
    (re.compile(r"\*\*(.+?)\*\*|__(.+?)__"), lambda m: m.group(1) or m.group(2)),  # bold
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # *italic*
    (re.compile(r"`([^`]*)`"), r"\1"),  # `code`
    (re.compile(r"^#{1,6}\s+", re.MULTILINE), ""),  # headings
    (re.compile(r"^\s*[*+]\s+", re.MULTILINE), "- "),  # bullets
]


def plain_text(text: str) -> str:
    """Markdown-ish formatting removed; a phone shows the characters as typed."""
    for pattern, replacement in _MARKDOWN:
        text = pattern.sub(replacement, text)
    return text.strip()


def with_numbered_choices(text: str, buttons: Sequence[Mapping[str, str]]) -> str:
    """Buttons as short lines a patient can answer by number."""
    choices = [f"Reply {number} for {plain_text(button.get('title', ''))}" for number, button in enumerate(buttons, 1)]
    body = plain_text(text or "")
    return "\n\n".join(part for part in (body, "\n".join(choices)) if part)


_NUMBER_REPLY = re.compile(r"\s*(\d{1,2})\s*[.)]?\s*")


def chosen_payload(reply: str, buttons: Sequence[Mapping[str, str]]) -> str | None:
    """The payload of the button a reply like "2" picks from the last numbered choices."""
    match = _NUMBER_REPLY.fullmatch(reply)
    if not match:
        return None
    number = int(match.group(1))
    if 1 <= number <= len(buttons):
        return buttons[number - 1].get("payload") or buttons[number - 1].get("title")
    return None


def split_for_sms(text: str, limit: int = SMS_MAX_CHARS) -> list[str]:
    """Split a long reply at paragraph, then line, then word boundaries."""
    parts: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = max(window.rfind("\n\n"), 0) or max(window.rfind("\n"), 0) or max(window.rfind(" "), 0) or limit
        parts.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest:
        parts.append(rest)
    return parts
