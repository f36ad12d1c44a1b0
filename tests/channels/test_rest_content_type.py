"""Only JSON bodies reach the website's webhook (channels/rest.py)."""

from __future__ import annotations

import pytest

from channels.rest import is_json_content_type


@pytest.mark.parametrize(
    "value",
    [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON;charset=UTF-8",
        'application/json; charset="utf-8"',
        "application/json ; charset = utf8",
    ],
)
def test_json_is_taken(value):
    assert is_json_content_type(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "text/plain",
        "text/plain; charset=utf-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json; charset=latin-1",
        "application/jsonp",
        "application/json-patch+json",
        "text/json",
    ],
)
def test_anything_else_is_refused(value):
    assert not is_json_content_type(value)
