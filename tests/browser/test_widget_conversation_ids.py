"""The widget's conversation id comes from the server, and is kept for reloads and new tabs.

The REST channel takes only ids it issued (POST /webhooks/rest/conversations); a message for
any other id gets 401, and the widget then asks for a new id and sends the message again.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.browser.conftest import Widget

ISSUED_ID = re.compile(r"web:[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}")


class Traffic:
    """The widget's POSTs to the Rasa server, seen from the browser (every tab of a context)."""

    def __init__(self, context_or_page):
        self.conversations: list[dict] = []
        self.messages: list[dict] = []
        self.refused: list[int] = []
        context_or_page.on("request", self._request)
        context_or_page.on("response", self._response)

    def _request(self, request) -> None:
        if request.method != "POST":
            return  # CORS preflights
        seen = {"content_type": request.header_value("content-type"), "body": request.post_data}
        if request.url.endswith("/webhooks/rest/conversations"):
            self.conversations.append(seen)
        elif request.url.endswith("/webhooks/rest/webhook"):
            self.messages.append({**seen, **json.loads(request.post_data)})

    def _response(self, response) -> None:
        if (
            response.request.method == "POST"
            and response.url.endswith("/webhooks/rest/webhook")
            and response.status >= 400
        ):
            self.refused.append(response.status)


def stored(page) -> dict:
    """The widget's state in this browser's localStorage."""
    return page.evaluate("Object.values({...localStorage}).map(JSON.parse)[0]")


def test_first_open_gets_an_id_that_a_reload_and_a_new_tab_keep(servers, context, page):
    traffic = Traffic(context)
    page.goto(servers.website_url)
    assert page.evaluate("localStorage.length") == 0 and traffic.conversations == []  # nothing before opening

    widget = Widget(page)
    widget.open()
    widget.bot_messages.first.wait_for()
    sender = stored(page)["sender"]
    assert ISSUED_ID.fullmatch(sender), sender
    assert len(traffic.conversations) == 1
    assert traffic.conversations[0] == {"content_type": "application/json", "body": "{}"}
    assert "full name" in widget.press("Book a consultation")
    shown = widget.bot_messages.all_text_contents()
    assert len(shown) >= 2  # the greeting, then the booking's opening

    page.reload()
    widget = Widget(page)
    widget.panel.wait_for(state="visible")
    assert widget.bot_messages.all_text_contents() == shown

    other_tab = context.new_page()
    other_tab.goto(servers.website_url)
    other = Widget(other_tab)
    other.panel.wait_for(state="visible")
    assert other.bot_messages.all_text_contents() == shown
    # The server's side of the conversation goes on too: the booking form asks the next question.
    assert "mobile number" in other.say("Mary Jones")

    assert len(traffic.conversations) == 1  # one id for the whole conversation
    assert {m["sender"] for m in traffic.messages} == {sender}
    assert {m["content_type"] for m in traffic.messages} == {"application/json"}
    assert traffic.refused == []


@pytest.mark.parametrize(
    "made_up",
    [
        "web:AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA",  # the right shape, not signed by this clinic
        "web-00112233445566778899aabbccddeeff",  # as the widget made them up before the server issued ids
    ],
)
def test_an_id_the_server_does_not_know_is_replaced_and_the_message_goes_through(servers, page, made_up):
    page.goto(servers.website_url)
    widget = Widget(page)
    widget.open()
    widget.bot_messages.first.wait_for()
    state = stored(page)
    state["sender"] = made_up  # e.g. the clinic changed its secret: the old conversation is gone
    page.evaluate("(state) => localStorage.setItem(Object.keys(localStorage)[0], JSON.stringify(state))", state)
    page.reload()
    widget = Widget(page)
    widget.panel.wait_for(state="visible")

    traffic = Traffic(page)
    assert "Monday to Friday" in widget.say("what are your opening hours?")
    assert traffic.refused == [401]
    assert len(traffic.conversations) == 1
    fresh = stored(page)["sender"]
    assert ISSUED_ID.fullmatch(fresh) and fresh != made_up
    assert [m["sender"] for m in traffic.messages] == [made_up, fresh]
    assert widget.user_messages.count() == 1  # shown once, though sent twice
    assert widget.notice.is_hidden()

    assert "numb" in widget.say("is it safe?").lower()  # and the new id is used from then on
    assert traffic.messages[-1]["sender"] == fresh and len(traffic.conversations) == 1


def test_clear_chat_starts_a_new_conversation_with_a_new_id(servers, page):
    traffic = Traffic(page)
    page.goto(servers.website_url)
    widget = Widget(page)
    widget.open()
    widget.bot_messages.first.wait_for()
    first = stored(page)["sender"]

    page.get_by_role("button", name="Clear chat from this device", exact=True).click()
    widget.bot_messages.first.wait_for()  # the greeting of the new conversation
    second = stored(page)["sender"]
    assert ISSUED_ID.fullmatch(second) and second != first
    assert len(traffic.conversations) == 2
    assert [m["sender"] for m in traffic.messages] == [first, second]
