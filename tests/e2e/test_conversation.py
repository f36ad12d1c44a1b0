"""A patient's conversation over HTTP with the real Rasa and action servers."""

from __future__ import annotations

from tests.e2e.conftest import API_TOKEN, new_sender, texts


def test_greeting_says_it_is_automated_and_offers_buttons(servers):
    replies = servers.say(new_sender(), "hello")
    assert "automated assistant" in texts(replies)
    assert "Riverside Neuropathy Clinic" in texts(replies)
    titles = [button["title"] for reply in replies for button in reply.get("buttons", [])]
    assert "Is it safe?" in titles and "Talk to a person" in titles


def test_question_gets_a_hedged_answer_with_an_offer(servers):
    sender = new_sender()
    answer = texts(servers.say(sender, "is infrared light therapy safe?"))
    assert "numb" in answer.lower() and "burn" in answer.lower()  # the risk, named
    assert "consultation" in answer.lower() or "anything else" in answer.lower()
    research = texts(servers.say(sender, "what does the research say about it?"))
    assert "mixed" in research.lower()


def test_clinic_facts_come_from_the_settings(servers):
    sender = new_sender()
    assert "(555) 010-0199" in texts(servers.say(sender, "what is your phone number?"))
    assert "Monday to Friday, 9 am to 5 pm" in texts(servers.say(sender, "what are your opening hours?"))
    # No prices are configured: staff are offered instead of an invented figure.
    cost = texts(servers.say(sender, "how much does the treatment cost?"))
    assert "$" not in cost and "staff" in cost.lower()


def test_emergency_gets_911_and_988_at_once(servers):
    reply = texts(servers.say(new_sender(), "I have crushing chest pain right now"))
    assert "911" in reply and "988" in reply


def test_unclear_message_offers_topics_then_the_phone(servers):
    sender = new_sender()
    first = servers.say(sender, "😀😀")
    assert any(reply.get("buttons") for reply in first)
    second = texts(servers.say(sender, "what"))
    assert "(555) 010-0199" in second


def test_the_http_api_needs_the_token(servers):
    sender = new_sender()
    servers.say(sender, "hello")
    status, _ = servers.get(f"/conversations/{sender}/tracker")
    assert status == 401
    status, tracker = servers.get(f"/conversations/{sender}/tracker", token=API_TOKEN)
    assert status == 200 and tracker["sender_id"] == sender
    # Replacing or unloading the model, and the server's status, need it too.
    for method, path in [("PUT", "/model"), ("DELETE", "/model"), ("GET", "/status")]:
        assert servers.request(method, path) == 401, (method, path)
        assert servers.request(method, path, token="wrong-token") == 401, (method, path)
    assert servers.request("GET", "/status", token=API_TOKEN) == 200
