"""The real servers, started as `make run` starts them, on free loopback ports (tests/servers.py)."""
from tests.servers import API_TOKEN, Servers, new_sender, servers, texts  # noqa: F401 - the fixture and helpers
