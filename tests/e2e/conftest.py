"""The real servers, started as `make run` starts them, on free loopback ports (tests/servers.py)."""

from tests.servers import (  # noqa: F401 - the fixtures and helpers
    API_TOKEN,
    CLINIC,
    TWILIO,
    Servers,
    fake_twilio,
    new_sender,
    servers,
    texts,
    twilio_form,
)
