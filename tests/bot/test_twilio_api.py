"""Webhook signatures, and sending through Twilio's client to a real local HTTP server."""

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.request_validator import RequestValidator

from bot.messaging.twilio_api import ApiBaseHttpClient, make_client, send_text, signature_is_valid
from tests.servers import running_fake_twilio

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
    """A local stand-in for Twilio's Messages endpoint (tests/servers.py)."""
    with running_fake_twilio(SID) as fake:
        yield fake


def test_send_text_posts_to_the_messages_endpoint(fake_twilio):
    # The stand-in answers 404 unless the path is this account's Messages.json and the
    # request carries Basic auth, so a text that goes through was posted there.
    client = make_client(SID, TOKEN, fake_twilio.url)
    assert send_text(client, "+16175550100", "+16175550199", "Hello there").startswith("SM")
    assert fake_twilio.sent == [{"To": "+16175550199", "From": "+16175550100", "Body": "Hello there"}]


def test_a_refused_text_raises_twilios_error(fake_twilio):
    fake_twilio.refuse = True
    with pytest.raises(TwilioRestException) as error:
        send_text(make_client(SID, TOKEN, fake_twilio.url), "+16175550100", "+16175550199", "Hello")
    assert error.value.code == 21610
