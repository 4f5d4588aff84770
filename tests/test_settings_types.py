"""Every setting of ``config.toml`` is checked against its type: a value of the wrong kind
anywhere in ``DEFAULTS`` (a table, a number, a text, a list, an element of a list, a field
of a stage) is one clean error naming the key, exit 2, never an internal error. A config
file saved with a UTF-8 byte-order mark is read like any other.
"""

from __future__ import annotations

from typing import Any, Iterator

import pytest
import tomli_w
from helpers import assert_clean_error, run, run_json

from tasplus_cli.settings import DEFAULTS


def _wrong(value: Any) -> Any:
    """A value of another kind than ``value``."""
    if isinstance(value, bool):
        return "yes"
    if isinstance(value, (int, float)):
        return "x"
    if isinstance(value, str):
        return 5
    return 5  # a list or a table


def _leaves(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """(path, value) of every table, leaf, list and list element under ``node``."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield path + (k,), v
            yield from _leaves(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node[:2]):  # the first two elements of each list are enough
            yield path + (i,), v
            yield from _leaves(v, path + (i,))


def _replace(data: Any, path: tuple, value: Any) -> Any:
    """A copy of ``data`` (only along ``path``) with the value at ``path`` replaced."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {**data, head: _replace(data[head], rest, value)}
    out = list(data)
    out[head] = _replace(data[head], rest, value)
    return out


def _name(path: tuple) -> str:
    """How the error names the key: ``stages[2].days``, ``activities.kinds[0]``."""
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else p)
    return out


CASES = [(path, _wrong(value)) for path, value in _leaves(DEFAULTS)]


@pytest.mark.fresh_home
@pytest.mark.parametrize("path,value", CASES, ids=[_name(p) for p, _ in CASES])
def test_a_value_of_the_wrong_kind_is_a_clean_error_naming_the_key(tasplus_home, path, value):
    tasplus_home.mkdir(parents=True, exist_ok=True)
    top = path[0]
    data = {top: _replace(DEFAULTS[top], path[1:], value)}
    (tasplus_home / "config.toml").write_text(tomli_w.dumps(data), encoding="utf-8")
    r = run("config", "show", code=None)
    assert_clean_error(r, 2)
    first = r.stderr.splitlines()[0]
    named = _name(path)
    if isinstance(path[-1], int) and path[0] != "stages":  # a name in a list of names: the list is named
        named = _name(path[:-1])
    parent, last = _name(path[:-1]), path[-1]
    assert named in first or (isinstance(last, str) and parent in first and f".{last}" in first), (named, first)
    assert "\nhint: " in r.stderr


@pytest.mark.fresh_home
@pytest.mark.parametrize("text,setting", [('days = "x"', "stages[0].days"), ("gates = 5", "stages[0].gates"),
                                          ("en = 5", "stages[0].en"), ("zh = []", "stages[0].zh"),
                                          ("days = -1", "stages[0].days"), ('gates = [5]', "stages[0].gates[0]")])
def test_the_stage_fields_reported_in_the_issue(tasplus_home, text, setting):
    tasplus_home.mkdir(parents=True, exist_ok=True)
    (tasplus_home / "config.toml").write_text(f'[[stages]]\nkey = "a"\n{text}\n', encoding="utf-8")
    r = run("opp", "list", code=None)
    assert_clean_error(r, 2)
    assert setting in r.stderr.splitlines()[0]


@pytest.mark.fresh_home
def test_a_config_saved_with_a_byte_order_mark_is_read(tasplus_home):
    tasplus_home.mkdir(parents=True, exist_ok=True)
    (tasplus_home / "config.toml").write_bytes(b'\xef\xbb\xbfcurrency = "EUR"\n')
    assert run_json("config", "show")["currency"] == "EUR"
    run("config", "set", "language", "zh")  # rewriting it keeps it readable (and drops the mark)
    data = run_json("config", "show")
    assert data["currency"] == "EUR" and data["language"] == "zh"


@pytest.mark.parametrize("setting", ["gates.survey_days", "review.survey_days", "strategy.clear_margin"])
def test_a_negative_count_of_days_or_points_is_refused(tasplus_home, setting):
    section, key = setting.split(".")
    tasplus_home.mkdir(parents=True, exist_ok=True)  # on PostgreSQL runs the home holds no database yet
    (tasplus_home / "config.toml").write_text(f"[{section}]\n{key} = -1\n", encoding="utf-8")
    r = run("opp", "list", code=None)
    assert_clean_error(r, 2)
    assert f"{setting} must be a whole number ≥ 0" in r.stderr
    r = run("config", "set", setting, "-1", code=None)
    assert_clean_error(r, 2)
