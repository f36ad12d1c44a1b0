"""The attack suite: each attack of issue 10, against the real servers started as `make run` starts
them (tests/servers.py), failing if any succeeds."""

from tests.servers import (  # noqa: F401 - the fixtures and helpers
    API_TOKEN,
    CLINIC,
    SECRETS,
    TWILIO,
    Servers,
    fake_twilio,
    new_sender,
    servers,
    texts,
    twilio_form,
)
