"""Nothing a patient or the assistant writes runs as HTML; a dead server gets the phone number;
the widget reconnects by itself; only allowed website origins may call the Rasa server."""

from __future__ import annotations

import json

from tests.browser.conftest import CLINIC_PHONE, Widget
from tests.servers import free_port

ATTACK = "<img src=x onerror=alert(1)>"


def custom_page(page, servers, **attributes) -> None:
    """Open a page on the clinic's website whose script tag has these data attributes."""
    tag_attributes = " ".join(f'data-{name.replace("_", "-")}="{value}"' for name, value in attributes.items())
    body = (
        '<!doctype html><html lang="en"><title>Test</title><h1>Clinic</h1>'
        f'<script src="/widget.js" {tag_attributes}></script>'
    )
    url = f"{servers.website_url}/test-page.html"
    page.route(url, lambda route: route.fulfill(status=200, content_type="text/html", body=body))
    page.goto(url)


def test_markup_from_the_patient_is_shown_as_text(servers, page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(servers.website_url)
    widget = Widget(page)
    widget.open()
    widget.bot_messages.first.wait_for()

    widget.say(ATTACK)
    assert widget.user_messages.last.text_content().endswith(ATTACK)
    page.wait_for_timeout(500)
    assert dialogs == []
    assert widget.shadow_eval("root.querySelectorAll('img').length") == 0
    assert page.evaluate("document.querySelectorAll('img').length") == 0

    page.reload()  # and from the stored history too
    Widget(page).panel.wait_for(state="visible")
    assert Widget(page).user_messages.last.text_content().endswith(ATTACK)
    assert widget.shadow_eval("root.querySelectorAll('img').length") == 0
    assert dialogs == []


def test_markup_from_the_server_is_text_and_only_web_links_become_links(servers, page):
    reply = [
        {
            "text": "<b>Bold?</b> <img src=x onerror=alert(2)> See https://example.org/feet. Not javascript:alert(3)",
            "buttons": [{"title": "<i>Yes</i>", "payload": "/affirm"}],
        }
    ]
    page.route(
        "**/webhooks/rest/webhook",
        lambda route: route.fulfill(
            status=200,
            content_type="application/json",
            body=json.dumps(reply),
            headers={"Access-Control-Allow-Origin": "*"},
        ),
    )
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(servers.website_url)
    widget = Widget(page)
    widget.open()
    message = widget.bot_messages.first
    message.wait_for()

    assert "<b>Bold?</b> <img src=x onerror=alert(2)>" in message.text_content()
    assert widget.shadow_eval("root.querySelectorAll('b, img, i').length") == 0
    links = message.get_by_role("link")
    assert links.count() == 1
    assert links.first.get_attribute("href") == "https://example.org/feet"
    assert links.first.get_attribute("target") == "_blank"
    assert "noopener" in links.first.get_attribute("rel")
    page.get_by_role("button", name="<i>Yes</i>").wait_for()
    assert dialogs == []


def test_unreachable_server_gives_the_phone_number(servers, page):
    custom_page(page, servers, server=f"http://127.0.0.1:{free_port()}", phone=CLINIC_PHONE, clinic_name="Riverside")
    widget = Widget(page)
    widget.open()
    widget.notice.wait_for()
    assert "can't be reached" in widget.notice.text_content()
    assert CLINIC_PHONE in widget.notice.text_content()
    assert widget.notice.get_by_role("link").get_attribute("href") == "tel:5550100199"
    assert widget.send_button.is_disabled()

    widget.input.fill("is it safe?")
    widget.input.press("Enter")
    assert widget.user_messages.count() == 0  # nothing is sent while the server is away
    assert widget.input.input_value() == "is it safe?"


def test_reconnects_by_itself_and_sending_works_again(servers, page):
    page.route("**/webhooks/rest/webhook", lambda route: route.abort())
    page.route(f"{servers.rasa_url.replace('127.0.0.1', 'localhost')}/", lambda route: route.abort())
    page.goto(servers.website_url)
    widget = Widget(page)
    widget.open()
    widget.notice.wait_for()
    assert CLINIC_PHONE in widget.notice.text_content()
    assert widget.send_button.is_disabled()

    page.unroute_all()  # the server is back
    widget.notice.wait_for(state="hidden", timeout=20_000)
    widget.bot_messages.first.wait_for()  # the greeting that failed comes now
    assert "automated assistant" in widget.bot_messages.first.text_content()
    assert widget.send_button.is_enabled()
    assert "numb" in widget.say("is it safe?").lower()


def test_a_failed_message_goes_back_into_the_box(servers, page):
    page.goto(servers.website_url)
    widget = Widget(page)
    widget.open()
    widget.bot_messages.first.wait_for()
    page.route("**/webhooks/rest/webhook", lambda route: route.abort())
    widget.input.fill("what are your opening hours?")
    widget.input.press("Enter")
    widget.notice.wait_for()
    assert widget.input.input_value() == "what are your opening hours?"
    assert widget.user_messages.count() == 0


def test_too_many_messages_asks_to_wait_without_going_offline(servers, page):
    page.goto(servers.website_url)
    widget = Widget(page)
    widget.open()
    widget.bot_messages.first.wait_for()
    page.route(
        "**/webhooks/rest/webhook",
        lambda route: route.fulfill(
            status=429, content_type="application/json", body=json.dumps({"error": "too many messages"})
        ),
    )
    widget.input.fill("what are your opening hours?")
    widget.input.press("Enter")
    widget.notice.wait_for()
    assert "wait a minute" in widget.notice.text_content() and CLINIC_PHONE in widget.notice.text_content()
    assert widget.input.input_value() == "what are your opening hours?"
    assert widget.send_button.is_enabled()  # not offline: the server is up

    page.unroute_all()  # a minute later
    assert "Monday to Friday" in widget.say("what are your opening hours?")
    widget.notice.wait_for(state="hidden")


def test_other_websites_cannot_use_the_assistant(servers, page):
    """CORS: the Rasa server answers only the origin in WIDGET_ALLOWED_ORIGINS (127.0.0.1 here)."""
    page.goto(servers.website_url.replace("127.0.0.1", "localhost"))
    widget = Widget(page)
    widget.open()
    widget.notice.wait_for()
    assert widget.bot_messages.count() == 0
