"""Twilio's side of text messages: webhook signatures and sending through the REST API.

`TWILIO_API_BASE_URL` (default https://api.twilio.com) says where the REST API is; tests
point it at a local server that records what would have been sent.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit, urlunsplit

from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

TWILIO_API_HOST = "api.twilio.com"
SEND_TIMEOUT_SECONDS = 10

# Twilio's client logs every request and response at INFO; keep only its problems.
_http_log = logging.getLogger("bot.messaging.twilio_api.http")
_http_log.setLevel(logging.WARNING)


class _FormParams(dict):
    """Form fields with every value kept, in the shape RequestValidator reads."""

    def getlist(self, name: str) -> Sequence[str]:
        return self[name]


def signature_is_valid(auth_token: str, url: str, form: Mapping[str, Sequence[str]], signature: str | None) -> bool:
    """Whether `signature` (the X-Twilio-Signature header) signs this URL and form with the token."""
    if not auth_token or not signature:
        return False
    return RequestValidator(auth_token).validate(url, _FormParams(form), signature)


class ApiBaseHttpClient(TwilioHttpClient):
    """Twilio's HTTP client, sending requests for api.twilio.com to another base URL."""

    def __init__(self, api_base_url: str) -> None:
        super().__init__(logger=_http_log, timeout=SEND_TIMEOUT_SECONDS)
        base = urlsplit(api_base_url.rstrip("/"))
        if base.scheme not in ("http", "https") or not base.netloc:
            raise ValueError(f"TWILIO_API_BASE_URL must be an http(s) URL, not {api_base_url!r}")
        self.base = base

    def rewrite(self, url: str) -> str:
        parts = urlsplit(url)
        if parts.netloc != TWILIO_API_HOST:
            return url
        return urlunsplit((self.base.scheme, self.base.netloc, self.base.path + parts.path, parts.query, ""))

    def request(self, method, url, *args, **kwargs):
        return super().request(method, self.rewrite(url), *args, **kwargs)


def make_client(account_sid: str, auth_token: str, api_base_url: str) -> Client:
    return Client(account_sid, auth_token, http_client=ApiBaseHttpClient(api_base_url))


def send_text(client: Client, from_number: str, to: str, body: str) -> str:
    """Send one text; returns Twilio's message SID. Raises TwilioRestException."""
    return client.messages.create(to=to, from_=from_number, body=body).sid
