"""axe-core on the demo page, with the panel closed, open, and mid-conversation: nothing serious.

axe-core comes from npm as a test dependency (package.json); `make browser-tests` installs it.
"""

from __future__ import annotations

import base64

import pytest

from tests.browser.conftest import DESKTOP, PHONE, Widget, axe_violations

SERIOUS = ("serious", "critical")


def describe(found: dict[str, list[dict]]) -> str:
    return "\n".join(
        f"{state}: [{v['impact']}] {v['id']}: {v['help']} {v['nodes']}"
        for state, violations in found.items()
        for v in violations
    )


def test_axe_finds_nothing_serious_closed_open_and_mid_conversation(servers, page):
    page.goto(servers.website_url)
    widget = Widget(page)
    found = {"closed": axe_violations(page)}

    widget.open()
    widget.bot_messages.first.wait_for()
    widget.typing.wait_for(state="hidden")
    found["open"] = axe_violations(page)

    widget.say("is it safe?")
    widget.say("what are your opening hours?")
    found["mid-conversation"] = axe_violations(page)

    print(describe(found) or "axe: no violations")  # moderate and minor ones too, for the record
    serious = {state: [v for v in violations if v["impact"] in SERIOUS] for state, violations in found.items()}
    assert not any(serious.values()), describe(serious)


def test_one_banner_landmark_the_pages_own(servers, page):
    page.goto(servers.website_url)
    widget = Widget(page)
    widget.open()
    widget.bot_messages.first.wait_for()
    assert page.get_by_role("banner").count() == 1
    assert "Riverside" in page.get_by_role("banner").text_content()  # the demo page's header
    assert not [v for v in axe_violations(page) if v["id"].startswith("landmark")]


# How much of each side of a box the focus ring's yellow (#ffdd00) runs along, in a PNG
# screenshot decoded by the browser itself: 1.0 is the whole side.
RING_SIDES_JS = """
async ({ png, box }) => {
  const image = new Image();
  image.src = 'data:image/png;base64,' + png;
  await image.decode();
  const canvas = document.createElement('canvas');
  [canvas.width, canvas.height] = [image.width, image.height];
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const data = context.getImageData(0, 0, image.width, image.height).data;
  const sides = { top: new Set(), bottom: new Set(), left: new Set(), right: new Set() };
  const near = (a, b) => Math.abs(a - b) <= 8;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = 4 * (y * image.width + x);
      if (!(data[i] > 225 && Math.abs(data[i + 1] - 221) < 30 && data[i + 2] < 60)) continue;
      if (near(y, box.y)) sides.top.add(x);
      if (near(y, box.y + box.height)) sides.bottom.add(x);
      if (near(x, box.x)) sides.left.add(y);
      if (near(x, box.x + box.width)) sides.right.add(y);
    }
  }
  return { top: sides.top.size / box.width, bottom: sides.bottom.size / box.width,
           left: sides.left.size / box.height, right: sides.right.size / box.height };
}
"""

FOCUSED_JS = """
() => {
  const root = document.querySelector('#clinic-chat-widget').shadowRoot;
  const node = document.activeElement === root.host ? root.activeElement : null;
  if (!node) return null;
  const box = node.getBoundingClientRect();
  return { name: node.className || node.textContent.trim(), x: box.x, y: box.y, width: box.width, height: box.height };
}
"""


def ring_sides(page, box: dict) -> dict[str, float]:
    """The share of each side of `box` (in the viewport) along which the focus ring shows."""
    viewport = page.viewport_size
    x, y = max(box["x"] - 10, 0), max(box["y"] - 10, 0)
    clip = {
        "x": x,
        "y": y,
        "width": min(box["x"] + box["width"] + 10, viewport["width"]) - x,
        "height": min(box["y"] + box["height"] + 10, viewport["height"]) - y,
    }
    png = base64.b64encode(page.screenshot(clip=clip, animations="disabled")).decode()
    inside = {"x": box["x"] - x, "y": box["y"] - y, "width": box["width"], "height": box["height"]}
    return page.evaluate(RING_SIDES_JS, {"png": png, "box": inside})


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_keyboard_focus_is_visible_on_every_control(servers, page, viewport):
    """WCAG 2.4.7: Tab through the open widget; each control shows the ring, uncut and uncovered."""
    page.set_viewport_size(viewport)
    page.goto(servers.website_url)
    widget = Widget(page)
    widget.open()
    widget.bot_messages.first.wait_for()
    widget.typing.wait_for(state="hidden")
    # On a phone the open panel covers the launcher, which is then hidden: start at the ×.
    on_phone = viewport == PHONE
    assert widget.launcher.is_visible() != on_phone
    first = page.get_by_role("button", name="Close chat", exact=True) if on_phone else widget.launcher
    first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # by keyboard, so :focus-visible applies

    reached, unseen = [], []
    for _ in range(40):
        focused = page.evaluate(FOCUSED_JS)
        if not focused:
            break  # Tab left the widget
        reached.append(focused["name"])
        sides = ring_sides(page, focused)
        if min(sides.values()) < 0.5:  # cut off or covered on some side
            unseen.append((focused["name"], sides))
        page.keyboard.press("Tab")
    controls = [
        "cw-close",
        "call 911",
        "call",
        "text 988",
        "cw-call-link",
        "cw-clear",
        "cw-log",
        "cw-choice",
        "cw-input",
        "cw-send",
    ]
    for control in controls + ([] if on_phone else ["cw-launcher"]):
        assert control in reached, f"Tab never reached {control}: {reached}"
    assert not unseen, f"no visible focus ring on {unseen} (reached {reached})"
