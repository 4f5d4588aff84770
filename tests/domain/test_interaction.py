"""Interaction levels derived from done activities (METHOD §8): table-driven."""

from __future__ import annotations

import pytest

from tasplus_cli.config import DEFAULTS
from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.interaction import (Rule, Touch, deal_levels, kind_vocab, levels_by_deal, overall_levels,
                                            rule_from, validate_kinds, validate_rule)

DEFAULT = rule_from(DEFAULTS["interaction"])


@pytest.mark.parametrize("count, deep, level", [
    (0, False, "none"), (1, False, "occasional"), (2, False, "multiple"), (4, False, "multiple"),
    (5, False, "deep"), (12, False, "deep"), (1, True, "deep"), (0, True, "none"),
])
def test_default_rule(count, deep, level):
    assert DEFAULT.level(count, deep) == level


def test_default_rule_is_the_method_s():
    assert (DEFAULT.occasional, DEFAULT.multiple, DEFAULT.deep) == (1, 2, 5)
    assert DEFAULT.deep_kinds == {"executive-meeting", "site-visit", "dinner", "workshop"}


@pytest.mark.parametrize("rule, count, level", [
    (Rule(occasional=1, multiple=3, deep=8), 2, "occasional"),
    (Rule(occasional=1, multiple=3, deep=8), 7, "multiple"),
    (Rule(occasional=2, multiple=3, deep=4), 1, "none"),
    (Rule(occasional=2, multiple=3, deep=4), 4, "deep"),
])
def test_configured_thresholds(rule, count, level):
    assert rule.level(count) == level


DEAL, OTHER = 10, 11
TOUCHES = [
    Touch(1, DEAL, "call"), Touch(1, DEAL, "meeting"), Touch(1, DEAL, "email"),  # three on the deal
    Touch(2, DEAL, "call"), Touch(2, None, "dinner"),  # a dinner at account level
    Touch(3, OTHER, "call"), Touch(3, OTHER, "call"),
    Touch(4, DEAL, "workshop"),
]


@pytest.mark.parametrize("contact, on_deal, overall", [
    (1, "multiple", "multiple"),
    (2, "occasional", "deep"),  # the account-level dinner counts overall only
    (3, None, "multiple"),  # other deal only: absent on this deal (read as none)
    (4, "deep", "deep"),  # one deep kind is enough
    (5, None, None),  # never met
])
def test_per_deal_and_overall(contact, on_deal, overall):
    assert deal_levels(TOUCHES, DEFAULT, DEAL).get(contact) == on_deal
    assert overall_levels(TOUCHES, DEFAULT).get(contact) == overall


def test_levels_by_deal_is_the_bulk_form():
    bulk = levels_by_deal(TOUCHES, DEFAULT)
    assert bulk[(1, DEAL)] == "multiple" and bulk[(3, OTHER)] == "multiple" and (2, None) not in bulk
    for (cid, oid), level in bulk.items():
        assert deal_levels(TOUCHES, DEFAULT, oid)[cid] == level


def test_kind_vocab_accepts_keys_and_labels():
    kinds = kind_vocab(DEFAULTS["activities"])
    assert kinds.parse("宴请") == "dinner" and kinds.parse("Executive Meeting") == "executive-meeting"
    assert kinds.label("site-visit", "zh") == "考察参观" and kinds.label("site-visit") == "site visit"
    with pytest.raises(InvalidValue, match="activity kind"):
        kinds.parse("karaoke")


@pytest.mark.parametrize("section, kinds, message", [
    ({"occasional": 1, "multiple": 1, "deep": 5, "deep_kinds": []}, ["call"], "must rise"),
    ({"occasional": 0, "multiple": 2, "deep": 5, "deep_kinds": []}, ["call"], "must rise"),
    ({"occasional": 1, "multiple": 2, "deep": "x", "deep_kinds": []}, ["call"], "whole numbers"),
    ({"occasional": 1, "multiple": 2, "deep": 5, "deep_kinds": ["dinner"]}, ["call"], "unknown activity kinds"),
])
def test_bad_rules_are_refused(section, kinds, message):
    with pytest.raises(InvalidValue, match=message):
        validate_rule(section, kinds)


@pytest.mark.parametrize("section", [{"kinds": []}, {"kinds": ["call", "call"]}, {"kinds": "call"}, {"kinds": [""]}])
def test_bad_kind_lists_are_refused(section):
    with pytest.raises(InvalidValue):
        validate_kinds(section)
