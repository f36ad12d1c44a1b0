"""Rasa-version-dependent glue stops at start-up on another version, with a clear message."""

from __future__ import annotations

import importlib
from importlib.metadata import version

import pytest

from rasa_internals import WrongVersionError, require_version, version_matches


def test_version_matching():
    assert version_matches("3.6.21", "3.6.21") and version_matches("3.6.2", "3.6")
    assert not version_matches("3.6.20", "3.6.21") and not version_matches("3.7.0", "3.6")
    assert not version_matches("3.60.1", "3.6") and not version_matches("3.6.210", "3.6.21")


def test_another_version_is_refused_with_what_to_do():
    with pytest.raises(
        WrongVersionError, match=r"rasa_internals.example was written for rasa 3\.5\.0, but rasa 3\.6\.21"
    ):
        require_version("rasa", "3.5.0", "rasa_internals.example")
    with pytest.raises(WrongVersionError, match="not installed"):
        require_version("no-such-package-here", "1.0", "rasa_internals.example")


@pytest.mark.parametrize(
    "module", ["rasa_internals.server", "rasa_internals.log_privacy", "rasa_internals.action_server"]
)
def test_each_module_loads_on_the_installed_versions(module):
    assert version("rasa") == "3.6.21"
    importlib.import_module(module)
