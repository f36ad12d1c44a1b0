"""Tell a channel that an action failed during the turn it is handling. Written for Rasa 3.6.21.

Rasa's MessageProcessor does not raise when a custom action fails (the action server is down,
hangs up, or answers 500): `MessageProcessor._run_action` logs the exception and carries on
without the action's events, so the patient would get nothing, or a reply built on details
that were never saved. Every custom action, a form's validation included, runs through
`rasa.core.actions.action.RemoteAction.run`; `install` wraps that method so that a failure is
noted against the turn being watched (a context variable: concurrent conversations, each in its
own asyncio task, are told apart). `ActionExecutionRejection` is not a failure: it is how a
form says that it cannot use a message, and Rasa handles it.

    install()
    with watching_turn() as turn:
        await on_new_message(message)
    if turn.failed: ...
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Optional

from rasa_internals import require_version

require_version("rasa", "3.6.21", __name__)

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction  # noqa: E402


@dataclass
class WatchedTurn:
    failed: bool = False


_current_turn: ContextVar[Optional[WatchedTurn]] = ContextVar("current_turn", default=None)


@contextmanager
def watching_turn() -> Iterator[WatchedTurn]:
    turn = WatchedTurn()
    token = _current_turn.set(turn)
    try:
        yield turn
    finally:
        _current_turn.reset(token)


def install() -> None:
    """Wrap RemoteAction.run once per process."""
    if getattr(RemoteAction.run, "_notes_failures", False):
        return
    original = RemoteAction.run

    @functools.wraps(original)
    async def run(self: RemoteAction, *args: Any, **kwargs: Any) -> Any:
        try:
            return await original(self, *args, **kwargs)
        except ActionExecutionRejection:
            raise
        except Exception:
            turn = _current_turn.get()
            if turn is not None:
                turn.failed = True
            raise

    run._notes_failures = True  # type: ignore[attr-defined]
    RemoteAction.run = run
