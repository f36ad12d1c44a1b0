"""A patient's conversation through the website widget, in a real browser, with the real servers."""

from __future__ import annotations

import json

from tests.browser.conftest import CLINIC_NAME, CLINIC_PHONE, Widget
from tests.e2e.test_booking import REFERENCE, a_weekday_ahead, in_words


def test_greeting_question_quick_reply_and_history_across_reload_and_tabs(servers, context, page):
    page.goto(servers.website_url)
    widget = Widget(page)
    widget.open()

    widget.bot_messages.first.wait_for()
    greeting = widget.bot_messages.first.text_content()
    assert "automated assistant" in greeting and CLINIC_NAME in greeting

    cost = widget.press("What does it cost?")  # a quick-reply button from the greeting
    assert "staff" in cost.lower() and "$" not in cost
    assert widget.user_messages.last.text_content().endswith("What does it cost?")

    safe = widget.say("is it safe?")
    assert "numb" in safe.lower()

    shown = widget.log.text_content()
    page.reload()
    Widget(page).panel.wait_for(state="visible")  # it was open: it opens again
    assert Widget(page).log.text_content() == shown
    assert Widget(page).bot_messages.count() == widget.bot_messages.count()

    other_tab = context.new_page()
    other_tab.goto(servers.website_url)
    other = Widget(other_tab)
    other.panel.wait_for(state="visible")
    assert other.log.text_content() == shown
    # The same conversation goes on in the new tab: one greeting, no second one.
    assert sum("automated assistant" in text for text in other.bot_messages.all_text_contents()) == 1


def test_the_assistant_greets_once_and_says_it_is_automated(servers, page):
    page.goto(servers.website_url)
    widget = Widget(page)
    widget.open()
    widget.bot_messages.first.wait_for()
    page.get_by_role("button", name="Close chat", exact=True).click()
    widget.launcher.click()
    page.wait_for_timeout(500)
    assert widget.bot_messages.count() == 1
    assert widget.user_messages.count() == 0  # the greeting is asked for silently


def test_clear_chat_forgets_the_conversation_on_this_device(servers, page):
    page.goto(servers.website_url)
    widget = Widget(page)
    widget.open()
    widget.bot_messages.first.wait_for()
    widget.say("what are your opening hours?")
    sender = page.evaluate("Object.values({...localStorage}).map(JSON.parse)[0].sender")

    page.get_by_role("button", name="Clear chat from this device", exact=True).click()
    widget.bot_messages.first.wait_for()  # a new greeting, in a new conversation
    assert widget.user_messages.count() == 0 and widget.bot_messages.count() == 1
    stored = page.evaluate("Object.values({...localStorage}).map(JSON.parse)[0]")
    assert stored["sender"] != sender
    assert "opening hours" not in json.dumps(stored)


def test_typing_indicator_shows_while_waiting(servers, page):
    page.goto(servers.website_url)
    widget = Widget(page)
    widget.open()
    widget.bot_messages.first.wait_for()

    seen_while_waiting = []

    def hold_then_continue(route):
        seen_while_waiting.append(widget.typing.is_visible())
        route.continue_()

    page.route("**/webhooks/rest/webhook", hold_then_continue)
    widget.say("what are your opening hours?")
    assert seen_while_waiting == [True]
    assert not widget.typing.is_visible()


def test_booking_entirely_through_the_widget(servers, page):
    # A week ahead, as tests/e2e/test_booking.py books: "<weekday> <month> <day>" further
    # ahead is read as ambiguous when the weekday name alone means an earlier day.
    start = a_weekday_ahead(7, hour=10)
    page.goto(servers.website_url)
    widget = Widget(page)
    widget.open()
    widget.bot_messages.first.wait_for()

    assert "full name" in widget.press("Book a consultation")
    assert "mobile number" in widget.say("Mary Jones")
    assert "day and time" in widget.say("617-555-0199")
    assert "what would you like the visit to be about" in widget.say(in_words(start)).lower()
    assert "been to the clinic before" in widget.say("burning feet at night")
    assert "contact you" in widget.say("I'm a new patient")
    assert "email" in widget.say("yes")
    summary = widget.say("skip")
    assert "Mary Jones" in summary and "(617) 555-0199" in summary
    done = widget.say("yes")
    assert "100 Example Street" in done and CLINIC_PHONE in done
    reference = REFERENCE.search(done).group(1)

    listing = servers.staff("appointments", "list", "--json")
    assert listing.returncode == 0, listing.stderr
    entry = next(a for a in json.loads(listing.stdout) if a["reference"] == reference)
    assert entry["name"] == "Mary Jones" and entry["phone"] == "+16175550199"

    log = servers.log_path.read_text()  # the servers' and the website's output
    for secret in ("Mary Jones", "617-555-0199", "burning feet at night"):
        assert secret not in log, f"patient data in the server logs: {secret!r}"


def test_keyboard_only_patient(servers, page):
    page.goto(servers.website_url)
    widget = Widget(page)
    for _ in range(6):
        page.keyboard.press("Tab")
        if widget.shadow_eval("root.activeElement && root.activeElement.classList.contains('cw-launcher')"):
            break
    else:
        raise AssertionError("Tab never reached the chat button")
    assert widget.launcher.get_attribute("aria-expanded") == "false"
    page.get_by_role("button", name=f"Open chat with {CLINIC_NAME}").wait_for()

    page.keyboard.press("Enter")
    widget.panel.wait_for(state="visible")
    assert widget.shadow_eval("root.activeElement.id") == "cw-input"
    widget.bot_messages.first.wait_for()

    page.keyboard.type("what are your opening hours?")
    page.keyboard.press("Enter")
    widget.bot_messages.nth(1).wait_for()
    assert "Monday to Friday" in widget.bot_messages.nth(1).text_content()

    page.keyboard.press("Escape")
    widget.panel.wait_for(state="hidden")
    assert widget.shadow_eval("root.activeElement && root.activeElement.classList.contains('cw-launcher')")


def test_screen_reader_labels_and_live_region(servers, page):
    page.goto(servers.website_url)
    widget = Widget(page)
    widget.open()
    assert widget.log.get_attribute("aria-live") == "polite"
    assert widget.panel.get_attribute("aria-labelledby")
    assert widget.launcher.get_attribute("aria-expanded") == "true"
    call = page.get_by_role("link", name=f"Call the clinic: {CLINIC_PHONE}")
    assert call.get_attribute("href") == "tel:5550100199"
    page.get_by_role("button", name="Close chat", exact=True).wait_for()
