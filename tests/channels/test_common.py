"""How a turn went (channels/common.py): done, failed (an action raised) or timed out."""
from __future__ import annotations

import asyncio
import logging

from channels.common import Turn, handle_within

processor_log = logging.getLogger("rasa.core.processor")


async def _fine(message) -> None:
    await asyncio.sleep(0.01)


async def _action_fails(message) -> None:
    # What Rasa's processor does when a custom action cannot be run.
    try:
        raise RuntimeError("Failed to execute custom action")
    except RuntimeError:
        processor_log.exception("Encountered an exception while running action 'x'.")
    await asyncio.sleep(0.01)


async def _slow(message) -> None:
    await asyncio.sleep(5)


async def _raises(message) -> None:
    raise ValueError("boom")


def test_each_outcome():
    assert asyncio.run(handle_within(_fine, None, 1)) is Turn.DONE
    assert asyncio.run(handle_within(_action_fails, None, 1)) is Turn.FAILED
    assert asyncio.run(handle_within(_slow, None, 0.05)) is Turn.TIMED_OUT
    assert asyncio.run(handle_within(_raises, None, 1)) is Turn.FAILED


def test_a_failure_in_one_conversation_does_not_mark_another():
    async def both():
        return await asyncio.gather(handle_within(_action_fails, None, 1), handle_within(_fine, None, 1))

    assert asyncio.run(both()) == [Turn.FAILED, Turn.DONE]


def test_errors_logged_outside_a_turn_are_ignored():
    processor_log.error("an error with no turn", exc_info=(ValueError, ValueError("x"), None))
    assert asyncio.run(handle_within(_fine, None, 1)) is Turn.DONE
