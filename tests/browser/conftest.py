"""A real browser (Debian's Chromium, driven by Playwright) on the website the servers serve.

The servers fixture is the one the end-to-end tests use (tests/servers.py): action server,
Rasa server and the website, on free loopback ports. Each test gets a fresh browser context,
so it starts with empty localStorage: a new patient.
"""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.servers import ROOT, fake_twilio, servers  # noqa: F401 - the shared fixtures

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CLINIC_NAME = "Riverside Neuropathy Clinic"
CLINIC_PHONE = "(555) 010-0199"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # from npm: `make browser-tests` installs it


@pytest.fixture(scope="session")
def browser() -> Browser:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def context(browser) -> BrowserContext:
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(30_000)
    yield context
    context.close()


@pytest.fixture
def page(context) -> Page:
    return context.new_page()


class Widget:
    """The chat widget on one page, found the way a patient (or a screen reader) finds it."""

    def __init__(self, page: Page):
        self.page = page
        self.launcher = page.locator(".cw-launcher")
        self.panel = page.get_by_role("dialog")
        self.input = page.get_by_label("Type your message")
        self.send_button = page.get_by_role("button", name="Send", exact=True)
        self.log = page.get_by_role("log")
        self.bot_messages = page.locator(".cw-from-bot")
        self.user_messages = page.locator(".cw-from-user")
        self.notice = page.get_by_role("alert")
        self.typing = page.locator(".cw-typing")

    def open(self) -> None:
        self.launcher.click()
        self.panel.wait_for(state="visible")

    def say(self, text: str) -> str:
        """Type a message, send it, and return the text of the assistant's replies to it."""
        before = self.bot_messages.count()
        self.input.fill(text)
        self.input.press("Enter")
        return self.replies_after(before)

    def press(self, title: str) -> str:
        before = self.bot_messages.count()
        self.page.get_by_role("button", name=title, exact=True).click()
        return self.replies_after(before)

    def replies_after(self, before: int) -> str:
        self.bot_messages.nth(before).wait_for()
        self.typing.wait_for(state="hidden")
        return "\n".join(self.bot_messages.all_text_contents()[before:])

    def shadow_eval(self, expression: str):
        """Evaluate `expression` with `root` bound to the widget's shadow root."""
        return self.page.evaluate(
            f"() => {{ const root = document.querySelector('#clinic-chat-widget').shadowRoot; return {expression}; }}"
        )


AXE_RUN_JS = """
async () => {
  // axe's default rules and its experimental ones (label-content-name-mismatch is one of them).
  const rules = {};
  axe.getRules(['experimental']).forEach((rule) => { rules[rule.ruleId] = { enabled: true }; });
  const result = await axe.run(document, { rules, resultTypes: ['violations'] });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)),
  }));
}
"""


def axe_violations(page: Page) -> list[dict]:
    """axe-core's violations on the page as it is now, the widget's shadow root included."""
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run `make browser-tests` (npm ci)")
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_RUN_JS)
