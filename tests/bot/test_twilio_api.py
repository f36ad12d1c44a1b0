"""Webhook signatures, and sending through Twilio's client to a real local HTTP server."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.request_validator import RequestValidator

from bot.twilio_api import ApiBaseHttpClient, make_client, send_text, signature_is_valid

TOKEN = "test-auth-token"
SID = "AC" + "0" * 32
URL = "https://bot.example.com/webhooks/sms/webhook"
FORM = {"From": ["+16175550199"], "Body": ["hello"], "FromCity": [""]}


def sign(url: str, form: dict, token: str = TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, {name: values[0] for name, values in form.items()})


def test_a_correct_signature_is_accepted():
    assert signature_is_valid(TOKEN, URL, FORM, sign(URL, FORM))
    # Twilio may sign with or without the default port.
    assert signature_is_valid(TOKEN, "https://bot.example.com:443/webhooks/sms/webhook", FORM, sign(URL, FORM))


@pytest.mark.parametrize(
    "url, form, signature",
    [
        (URL, FORM, None),
        (URL, FORM, ""),
        (URL, FORM, sign(URL, FORM, token="another-token")),
        (URL, {**FORM, "Body": ["changed"]}, sign(URL, FORM)),
        ("http://127.0.0.1:5005/webhooks/sms/webhook", FORM, sign(URL, FORM)),  # not the URL Twilio signed
    ],
)
def test_wrong_or_missing_signatures_are_refused(url, form, signature):
    assert not signature_is_valid(TOKEN, url, form, signature)


def test_no_auth_token_refuses_everything():
    assert not signature_is_valid("", URL, FORM, sign(URL, FORM, token=""))


def test_only_twilio_api_urls_are_rewritten():
    client = ApiBaseHttpClient("http://127.0.0.1:8123/fake/")
    assert client.rewrite("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?x=1") == (
        "http://127.0.0.1:8123/fake/2010-04-01/Accounts/AC1/Messages.json?x=1"
    )
    assert client.rewrite("https://example.com/a") == "https://example.com/a"
    with pytest.raises(ValueError):
        ApiBaseHttpClient("api.example.com")


@pytest.fixture
def fake_twilio():
    """A local stand-in for Twilio's Messages endpoint that records each request."""
    received: list[dict] = []
    status = {"code": 201}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            received.append({"path": self.path, "auth": self.headers["Authorization"], "form": parse_qs(body)})
            if status["code"] == 201:
                payload = {"sid": "SM" + "1" * 32, "status": "queued"}
            else:
                payload = {"code": 21610, "message": "Attempt to send to unsubscribed recipient", "status": 400}
            data = json.dumps(payload).encode()
            self.send_response(status["code"])
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", received, status
    server.shutdown()
    server.server_close()


def test_send_text_posts_to_the_messages_endpoint(fake_twilio):
    base_url, received, _ = fake_twilio
    client = make_client(SID, TOKEN, base_url)
    assert send_text(client, "+16175550100", "+16175550199", "Hello there").startswith("SM")
    [request] = received
    assert request["path"] == f"/2010-04-01/Accounts/{SID}/Messages.json"
    assert request["auth"].startswith("Basic ")
    assert request["form"] == {"To": ["+16175550199"], "From": ["+16175550100"], "Body": ["Hello there"]}


def test_a_refused_text_raises_twilios_error(fake_twilio):
    base_url, _, status = fake_twilio
    status["code"] = 400
    with pytest.raises(TwilioRestException) as error:
        send_text(make_client(SID, TOKEN, base_url), "+16175550100", "+16175550199", "Hello")
    assert error.value.code == 21610
