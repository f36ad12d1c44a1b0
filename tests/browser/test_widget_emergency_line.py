"""The panel's standing line: "Not for emergencies: call 911, or call or text 988."

Always there, also when the server cannot be reached; links that call or text; read once by
a screen reader (the dialog's description), never from the live log of messages.
"""

from __future__ import annotations

from tests.browser.conftest import PHONE, Widget
from tests.browser.test_widget_safety import custom_page
from tests.servers import free_port

LINE = "Not for emergencies: call 911, or call or text 988."

OUTSIDE_LIVE_REGIONS_JS = """
(node) => {
  for (; node; node = node.parentNode || node.host) {
    if (node.nodeType !== 1) continue;
    if (node.getAttribute('aria-live') || ['log', 'alert', 'status'].includes(node.getAttribute('role'))) return false;
  }
  return true;
}
"""


def check_line(page) -> None:
    line = page.locator(".cw-emergency")
    assert line.is_visible()
    assert line.text_content() == LINE
    assert page.get_by_role("link", name="call 911", exact=True).get_attribute("href") == "tel:911"
    assert page.get_by_role("link", name="call 988", exact=True).get_attribute("href") == "tel:988"
    assert page.get_by_role("link", name="text 988", exact=True).get_attribute("href") == "sms:988"


def test_the_line_is_in_the_panel_and_read_once(servers, page):
    page.goto(servers.website_url)
    widget = Widget(page)
    widget.open()
    check_line(page)
    # The dialog's description: a screen reader reads it as the panel opens...
    described_by = widget.panel.get_attribute("aria-describedby")
    assert widget.shadow_eval(f"root.getElementById('{described_by}').textContent") == LINE
    # ...and not again with every message: it is in no live region.
    assert page.locator(".cw-emergency").evaluate(OUTSIDE_LIVE_REGIONS_JS)
    widget.bot_messages.first.wait_for()
    widget.say("what are your opening hours?")
    assert "emergencies" not in widget.log.text_content()
    assert page.locator(".cw-emergency").count() == 1
    check_line(page)


def test_the_line_stays_when_the_server_cannot_be_reached(servers, page):
    custom_page(page, servers, server=f"http://127.0.0.1:{free_port()}", clinic_name="Riverside")
    widget = Widget(page)
    widget.open()
    widget.notice.wait_for()
    check_line(page)


def test_the_line_shows_on_a_phone(servers, page):
    page.set_viewport_size(PHONE)
    page.goto(servers.website_url)
    widget = Widget(page)
    widget.open()
    widget.bot_messages.first.wait_for()
    widget.say("is it safe?")
    check_line(page)
    box = page.locator(".cw-emergency").bounding_box()
    assert box["x"] == 0 and box["width"] == PHONE["width"] and box["y"] + box["height"] <= PHONE["height"]
