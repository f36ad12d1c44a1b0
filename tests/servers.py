"""The real servers, started as `make run` starts them, on free loopback ports.

Shared by the end-to-end tests (tests/e2e/, over HTTP) and the browser tests (tests/browser/,
through the website widget), with a local stand-in for Twilio's API that records the texts sent.
The website is served on 127.0.0.1 and is the only origin the
Rasa server allows (WIDGET_ALLOWED_ORIGINS), as a clinic's own site would be.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from twilio.request_validator import RequestValidator

from bot.messaging.conversation_ids import new_web_conversation_id
from ops.launch import assistant_programs, free_port, start_assistant, stop_assistant  # noqa: F401 - free_port for the tests
from ops.supervisor import Supervisor
from tests.log_scan import record_log, record_sent

ROOT = Path(__file__).resolve().parents[1]
# New for each test session, so that a test can look for them anywhere (process command lines, logs).
API_TOKEN = "e2e-token-" + secrets.token_hex(16)
ACTION_SERVER_SECRET = "e2e-actions-" + secrets.token_hex(16)
CONVERSATION_SECRET = "e2e-conversations-" + secrets.token_hex(16)
SECRETS = {
    "RASA_API_TOKEN": API_TOKEN,
    "ACTION_SERVER_SECRET": ACTION_SERVER_SECRET,
    "CONVERSATION_SECRET": CONVERSATION_SECRET,
}
CLINIC = {
    "CLINIC_NAME": "Riverside Neuropathy Clinic",
    "CLINIC_PHONE": "(555) 010-0199",
    "CLINIC_ADDRESS": "100 Example Street, Springfield",
    "CLINIC_WEBSITE": "https://www.example.com",
    "CLINIC_EMAIL": "",
    "CLINIC_PRICES": "",
    "CLINIC_INSURANCE": "",
    "CLINIC_SESSIONS": "",
    "OPENING_HOURS": "mon-fri 09:00-17:00",
    "CLINIC_TIMEZONE": "America/New_York",
    "SLOT_MINUTES": "30",
    "PHONE_REGION": "US",
    "SCHEDULING_WEBHOOK_URL": "",
}


TWILIO = {
    "TWILIO_ACCOUNT_SID": "AC" + "e2e0" * 8,
    "TWILIO_AUTH_TOKEN": "e2e-twilio-auth-token",
    "TWILIO_NUMBER": "+15550100199",
    # As behind a proxy: Twilio signs the public URL, not the one the server sees.
    "TWILIO_WEBHOOK_URL": "https://bot.example.com/webhooks/sms/webhook",
}


@dataclass
class FakeTwilio:
    """A local stand-in for Twilio's Messages API: records every text sent through it.

    Requests to another account's path, or without Basic auth, get 404. With `refuse` set it
    answers as Twilio does for a number that has opted out (error 21610).
    """

    account_sid: str
    url: str = ""
    refuse: bool = False
    sent: list[dict[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def texts_to(self, phone: str) -> list[str]:
        with self.lock:
            return [message["Body"] for message in self.sent if message["To"] == phone]


class QuietJsonHandler(BaseHTTPRequestHandler):
    """A test double's request handler: answers JSON, logs nothing."""

    def send_json(self, status: int, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


def serve_on_loopback(handler: type[BaseHTTPRequestHandler]) -> ThreadingHTTPServer:
    """A test double on a free loopback port, served from a daemon thread."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@contextmanager
def running_fake_twilio(account_sid: str):
    fake = FakeTwilio(account_sid)

    class Handler(QuietJsonHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            expected_path = f"/2010-04-01/Accounts/{fake.account_sid}/Messages.json"
            if self.path != expected_path or not self.headers.get("Authorization", "").startswith("Basic "):
                self.send_error(404)
                return
            form = {name: values[0] for name, values in urllib.parse.parse_qs(body).items()}
            if fake.refuse:
                status, payload = (
                    400,
                    {"code": 21610, "message": "Attempt to send to unsubscribed recipient", "status": 400},
                )
            else:
                with fake.lock:
                    fake.sent.append(form)
                status, payload = 201, {"sid": "SM" + uuid.uuid4().hex, "status": "queued", "to": form["To"]}
            self.send_json(status, json.dumps(payload).encode())

    server = serve_on_loopback(Handler)
    fake.url = f"http://127.0.0.1:{server.server_port}"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def fake_twilio() -> FakeTwilio:
    with running_fake_twilio(TWILIO["TWILIO_ACCOUNT_SID"]) as fake:
        yield fake


@dataclass
class Servers:
    rasa_url: str
    website_url: str
    env: dict
    log_path: Path
    twilio: FakeTwilio
    supervisor: Supervisor | None = None  # the servers' supervisord, as `make run` starts it
    var: Path | None = None  # where their data is

    def __post_init__(self) -> None:
        record_log(self.log_path)  # scanned by the log tests (tests/log_scan.py)
        if self.supervisor is not None:
            record_log(self.supervisor.folder)

    def say(self, sender: str, text: str) -> list[dict]:
        """Send one message over the REST channel, as the website would."""
        record_sent(sender, text)
        body = json.dumps({"sender": sender, "message": text}).encode()
        request = urllib.request.Request(
            f"{self.rasa_url}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def post_rest(self, body: bytes, headers: dict[str, str] | None = None) -> tuple[int, object]:
        """POST raw bytes to the REST webhook; returns the status and the decoded JSON (or text)."""
        _record_body(body)
        request = urllib.request.Request(
            f"{self.rasa_url}/webhooks/rest/webhook",
            data=body,
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        try:
            return status, json.loads(raw)
        except ValueError:
            return status, raw.decode("utf-8", "replace")

    def post_conversation(self) -> tuple[int, object]:
        """Ask for a new conversation id, as the widget does when it first opens."""
        request = urllib.request.Request(
            f"{self.rasa_url}/webhooks/rest/conversations", data=b"{}", headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def request(self, method: str, path: str, token: str | None = None) -> int:
        """Any method on the HTTP API; returns the status."""
        url = f"{self.rasa_url}{path}" + (f"?token={token}" if token else "")
        try:
            with urllib.request.urlopen(
                urllib.request.Request(url, method=method, data=b"" if method != "GET" else None), timeout=30
            ) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def post_sms(self, form: dict[str, str], signature: str | None) -> int:
        """POST a form to the SMS webhook as Twilio would; returns the HTTP status."""
        record_sent(form.get("From"), form.get("Body"))
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if signature is not None:
            headers["X-Twilio-Signature"] = signature
        request = urllib.request.Request(
            f"{self.rasa_url}/webhooks/sms/webhook", data=urllib.parse.urlencode(form).encode(), headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def text(self, phone: str, body: str, **extra_fields: str) -> list[str]:
        """Text the clinic from `phone`, signed as Twilio signs; returns the texts sent back."""
        form = {**twilio_form(phone, body), **extra_fields}
        signature = RequestValidator(TWILIO["TWILIO_AUTH_TOKEN"]).compute_signature(TWILIO["TWILIO_WEBHOOK_URL"], form)
        before = len(self.twilio.texts_to(phone))
        status = self.post_sms(form, signature)
        assert status == 200, f"SMS webhook answered {status}"
        return self.twilio.texts_to(phone)[before:]

    def get(self, path: str, token: str | None = None) -> tuple[int, dict | str]:
        url = f"{self.rasa_url}{path}" + (f"?token={token}" if token else "")
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def staff(self, *args: str) -> subprocess.CompletedProcess:
        """The staff command line, against the same database as the servers."""
        return subprocess.run(
            [sys.executable, "-m", "bot", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=120
        )


def _record_body(body: bytes) -> None:
    try:
        sent = json.loads(body)
    except (ValueError, RecursionError):
        return
    if isinstance(sent, dict):
        record_sent(sent.get("sender"), sent.get("message"))


def texts(replies: list[dict]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)


def new_sender() -> str:
    """A website conversation id, signed as the servers sign them (POST /webhooks/rest/conversations)."""
    return new_web_conversation_id(CONVERSATION_SECRET)


def twilio_form(phone: str, body: str) -> dict[str, str]:
    """The fields Twilio posts for an incoming text, empty ones included."""
    return {
        "MessageSid": "SM" + uuid.uuid4().hex,
        "AccountSid": TWILIO["TWILIO_ACCOUNT_SID"],
        "From": phone,
        "To": TWILIO["TWILIO_NUMBER"],
        "Body": body,
        "NumMedia": "0",
        "FromCity": "",
        "FromState": "MA",
        "FromCountry": "US",
    }


# Every test talks from 127.0.0.1: the per-address limit is lifted here and tested in test_faults.py.
TEST_LIMITS = {"RATE_LIMIT_PER_ADDRESS": "1000000"}


@contextmanager
def running_servers(
    var: Path, fake_twilio: FakeTwilio, extra_env: dict | None = None, extra_args: tuple = (), action_port: int = 0
):
    """Start scripts/serve.py on free ports with its data in `var`; stop it (as Ctrl-C) after."""
    model = ROOT / "models" / "clinic.tar.gz"
    if not model.exists():
        pytest.fail("no trained model: run `make train` first (make test does)")
    rasa_port, action_port, web_port = free_port(), action_port or free_port(), free_port()
    website_url = f"http://127.0.0.1:{web_port}"
    env = {
        **os.environ,
        **CLINIC,
        **TWILIO,
        **TEST_LIMITS,
        "TWILIO_API_BASE_URL": fake_twilio.url,
        "DATABASE_URL": f"sqlite:///{var / 'clinic.db'}",
        "TRACKER_STORE_URL": f"sqlite:///{var / 'tracker.db'}",
        **SECRETS,
        "WIDGET_ALLOWED_ORIGINS": website_url,
        "RASA_TELEMETRY_ENABLED": "false",
        "PYTHONPATH": str(ROOT),
        **(extra_env or {}),
    }
    log_path, run_dir = var / "servers.log", var / "run"
    ports = ["--rasa-port", str(rasa_port), "--action-port", str(action_port), "--web-port", str(web_port)]
    try:
        process = start_assistant(env, log_path, [*ports, "--run-dir", str(run_dir), *extra_args])
    except RuntimeError as error:
        pytest.fail(str(error))
    supervisor = Supervisor(run_dir, assistant_programs(rasa_port, action_port, web_port), env)
    try:
        yield Servers(f"http://127.0.0.1:{rasa_port}", website_url, env, log_path, fake_twilio, supervisor, var)
    finally:
        stop_assistant(process)


@pytest.fixture(scope="session")
def servers(tmp_path_factory, fake_twilio) -> Servers:
    with running_servers(tmp_path_factory.mktemp("var"), fake_twilio) as started:
        yield started
