"""Readable on a desktop and on a 360-pixel phone, WCAG AA contrast, the clinic's own look.

With UPDATE_SCREENSHOTS=1 (`make screenshots`) the screenshots are written to docs/ for the
README; otherwise to a temporary folder, so `make test` changes no tracked file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.conftest import CLINIC_PHONE, DESKTOP, PHONE, Widget
from tests.browser.test_widget_safety import custom_page
from tests.servers import ROOT

CONTRAST_JS = """
(selector) => {
  const root = document.querySelector('#clinic-chat-widget').shadowRoot;
  const rgb = (text) => text.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => {
    const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const background = (node) => {
    for (; node && node.nodeType === 1; node = node.parentNode || node.host) {
      const colour = rgb(getComputedStyle(node).backgroundColor);
      if (colour.length < 4 || colour[3] > 0) return colour;
    }
    return [255, 255, 255];
  };
  return Array.from(root.querySelectorAll(selector)).map((node) => {
    const [a, b] = [luminance(rgb(getComputedStyle(node).color)), luminance(background(node))];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
}
"""

TEXT_PARTS = [
    ".cw-title",
    ".cw-subtitle",
    ".cw-emergency",
    ".cw-emergency a",
    ".cw-call",
    ".cw-call-link",
    ".cw-from-bot",
    ".cw-from-user",
    ".cw-choice",
    ".cw-send",
    ".cw-input",
    ".cw-launcher-text",
    ".cw-close",
    ".cw-clear",
]


def open_with_conversation(page, servers) -> Widget:
    page.goto(servers.website_url)
    widget = Widget(page)
    widget.open()
    widget.bot_messages.first.wait_for()
    widget.say("is it safe?")
    return widget


def screenshot_path(name: str, tmp_path: Path) -> Path:
    return (ROOT / "docs" if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path) / name


def test_text_contrast_is_at_least_wcag_aa(servers, page):
    page.goto(servers.website_url)
    widget = Widget(page)
    widget.open()
    widget.bot_messages.first.wait_for()
    widget.say("hello")  # a message of the patient's, and the greeting's quick replies again
    page.get_by_role("button", name="Close chat", exact=True).focus()  # nothing hovered
    for selector in TEXT_PARTS:
        ratios = page.evaluate(CONTRAST_JS, selector)
        assert ratios, f"nothing matches {selector}"
        assert min(ratios) >= 4.5, f"{selector}: contrast {min(ratios):.2f}"
    assert widget.bot_messages.first.evaluate("node => parseFloat(getComputedStyle(node).fontSize)") >= 16


def test_focus_is_visible(servers, page):
    page.goto(servers.website_url)
    widget = Widget(page)
    widget.launcher.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
    ring = widget.launcher.evaluate("node => getComputedStyle(node).boxShadow")
    assert "rgb(255, 221, 0)" in ring  # the focus ring's yellow, not only the launcher's shadow


def test_desktop_panel_and_screenshot(servers, page, tmp_path):
    widget = open_with_conversation(page, servers)
    box = widget.panel.bounding_box()
    assert box["width"] <= 420 and box["x"] + box["width"] <= DESKTOP["width"]
    page.screenshot(path=str(screenshot_path("widget-desktop.png", tmp_path)))


def test_phone_panel_takes_the_full_width(servers, browser, tmp_path):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        widget = open_with_conversation(page, servers)
        box = widget.panel.bounding_box()
        assert box["x"] == 0 and box["width"] == PHONE["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
        assert page.get_by_role("link", name=f"Call the clinic: {CLINIC_PHONE}").is_visible()
        assert widget.input.is_visible() and widget.send_button.is_visible()
        page.screenshot(path=str(screenshot_path("widget-phone.png", tmp_path)))
    finally:
        context.close()


@pytest.mark.parametrize("colour, rgb", [("#5b2a86", "rgb(91, 42, 134)")])
def test_look_comes_from_the_script_tag(servers, page, colour, rgb):
    custom_page(
        page,
        servers,
        server=servers.rasa_url.replace("127.0.0.1", "localhost"),
        color=colour,
        text_color="#ffffff",
        clinic_name="Hillside Nerve Centre",
        title="Ask Hillside",
        phone="+1 555 010 0100",
    )
    launcher = page.get_by_role("button", name="Open chat with Hillside Nerve Centre")
    assert launcher.evaluate("node => getComputedStyle(node).backgroundColor") == rgb
    launcher.click()
    page.get_by_role("heading", name="Ask Hillside").wait_for()
    assert page.get_by_role("link", name="Call the clinic: +1 555 010 0100").get_attribute("href") == "tel:+15550100100"
