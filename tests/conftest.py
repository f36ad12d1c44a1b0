"""Tests marked `after_all` run after every other test collected with them (the log scans)."""

from __future__ import annotations


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "after_all: run after every other collected test (e.g. a scan of their logs)")


def pytest_collection_modifyitems(config, items) -> None:
    items.sort(key=lambda item: item.get_closest_marker("after_all") is not None)  # stable: order kept otherwise
