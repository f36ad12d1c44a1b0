"""A small client of the assistant's website channel, for the benchmarks and evaluations.

client = RestClient("http://127.0.0.1:5005")
conversation = client.new_conversation()
replies = client.say(conversation, "is it safe?")     # [{"text": ..., "buttons": [...]}, ...]
"""

from __future__ import annotations

import json
import urllib.request


class RestClient:
    def __init__(self, rasa_url: str, timeout: float = 60) -> None:
        self.rasa_url = rasa_url.rstrip("/")
        self.timeout = timeout

    def new_conversation(self) -> str:
        """A conversation id for a new patient, issued by the server as the widget gets one."""
        request = urllib.request.Request(
            f"{self.rasa_url}/webhooks/rest/conversations",
            data=b"{}",
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            return json.loads(response.read())["sender"]

    def say(self, conversation: str, text: str) -> list[dict]:
        """Send one message as the website widget would; the assistant's replies."""
        body = json.dumps({"sender": conversation, "message": text}).encode()
        request = urllib.request.Request(
            f"{self.rasa_url}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            return json.loads(response.read())


def reply_text(replies: list[dict]) -> str:
    return "\n".join(reply.get("text") or "" for reply in replies)
