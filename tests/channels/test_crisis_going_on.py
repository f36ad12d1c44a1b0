"""What kind a crisis that goes on has (channels/common.py `going_on_as`)."""

from __future__ import annotations

import pytest

from channels.common import going_on_as


@pytest.mark.parametrize(
    "category, text, kind",
    [
        ("suicide", "i already took some of them", "overdose"),
        ("overdose", "shes getting really drowsy now and wont answer me properly", "medical"),
        ("overdose", "still awake, just scared", "overdose"),
        ("suicide", "hes barely awake", "medical"),
        ("suicide", "took 20 of them and now im passing out", "medical"),
        ("abuse", "its ok hes not here right now", "abuse"),
    ],
)
def test_a_crisis_going_on_keeps_its_kind_unless_someone_is_passing_out_or_took_something(category, text, kind):
    assert going_on_as(category, text) == kind
