"""Configuration: defaults in code, overridden by the user's ``config.toml``.

Invariants: a loaded ``Config`` is always valid (``validate`` ran); the file is
read with tomllib and written with tomli-w, validated before an atomic
replace, so a failed ``config set`` leaves the old file intact. Only the keys
that differ from the defaults need to be in the file.
"""

from __future__ import annotations

import copy
import getpass
import os
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from tasplus_cli import paths
from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.grading import validate_thresholds
from tasplus_cli.domain.stages import GATE_KEYS, Stage, Template


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError, ImportError):  # no login name in this environment
        return "me"


DEFAULT_STAGES = [
    {"key": "validate", "en": "validate", "zh": "验证商机", "probability": 10, "days": 14, "gates": ["confirmed_event"]},
    {"key": "initiate", "en": "initiate", "zh": "商机立项", "probability": 20, "days": 14,
     "gates": ["initiation_approved", "team_outside_sales"]},
    {"key": "analyze", "en": "analyze", "zh": "需求分析", "probability": 30, "days": 30,
     "gates": ["value_proposition", "strategy", "planned_activity"]},
    {"key": "present", "en": "present", "zh": "价值呈现", "probability": 40, "days": 30,
     "gates": ["recent_survey", "approver", "decision_maker"]},
    {"key": "tender", "en": "tender", "zh": "招标准备", "probability": 60, "days": 30, "gates": ["tender_issued"]},
    {"key": "bid", "en": "bid", "zh": "组织投标", "probability": 80, "days": 21, "gates": ["bid_won"]},
    {"key": "negotiate", "en": "negotiate", "zh": "谈判签约", "probability": 90, "days": 21, "gates": ["contract_signed"]},
]

DEFAULTS: dict[str, Any] = {
    "user": "",  # empty: the login name
    "currency": "CNY",
    "language": "en",
    "database": "",  # empty: <data dir>/tasplus.db
    "grades": {"A": 5_000_000, "B": 1_000_000, "C": 300_000},
    "gates": {"survey_days": 14},
    # METHOD §9: the competitor-comparison win rate (tasplus's default formula)
    "winrate": {"exponent": 2.0, "no_inside_source_factor": 0.7, "change_threshold": 10},
    "stages": DEFAULT_STAGES,
    # METHOD §8/§12: interaction levels are derived from done activities by these thresholds
    "interaction": {"occasional": 1, "multiple": 2, "deep": 5,
                    "deep_kinds": ["executive-meeting", "site-visit", "dinner", "workshop"]},
    "activities": {
        "kinds": ["call", "email", "meeting", "demo", "proposal", "poc", "executive-meeting", "site-visit",
                  "dinner", "workshop", "other"],
        "labels": {"call": "电话", "email": "邮件", "meeting": "拜访", "demo": "演示", "proposal": "方案建议书",
                   "poc": "测试验证", "executive-meeting": "高层会面", "site-visit": "考察参观", "dinner": "宴请",
                   "workshop": "研讨会", "other": "其他"},
    },
    "relationship_strategy": {"strong-negative": "suppress", "negative": "defend", "neutral": "attack",
                              "positive": "motivate", "strong-positive": "balance"},
    "tactics": {
        "frontal": ["head-to-head POC on key criteria", "reference visits", "executive sponsor meeting"],
        "flanking": ["shape tender specs", "introduce a differentiating criterion", "bring a partner"],
        "fragmentation": ["propose phases or lots", "pilot a module", "target one business unit"],
        "defensive": ["lock criteria early", "accelerate the decision", "deepen multi-level relationships"],
        "development": ["develop approver relationship", "educate on value", "position for the next phase",
                        "withdraw gracefully"],
    },
    "strategy": {"clear_margin": 2},
    "review": {"survey_days": 7, "activity_days": 14, "optimism_points": 30, "big_amount_change": 20},
}

LANGUAGES = ("en", "zh")


def _merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


_KINDS = ((bool, "true or false"), (int, "a whole number"), (float, "a number"), (str, "text"), (list, "a list"))


def _check_shape(data: dict, defaults: dict, tables_only: bool, prefix: str = "") -> None:
    """Each key of the defaults keeps the kind of its default in the file: a table stays a table
    (first, so no validator meets ``winrate = 3``), then a number a number, text text, a list a list
    (last, so the validators' own messages come first)."""
    for key, default in defaults.items():
        name, value = prefix + key, data.get(key)
        if isinstance(default, dict):
            if not isinstance(value, dict):
                raise InvalidValue(f"config: {name} must be a table ([{name}]), not {value!r}",
                                   f"fix {name} in the config file (tasplus config path), or remove it")
            _check_shape(value, default, tables_only, name + ".")
            continue
        want, word = next(((t, w) for t, w in _KINDS if isinstance(default, t)), (object, ""))
        ok = isinstance(value, (int, float)) if want is float else isinstance(value, want)
        if not tables_only and (not ok or (isinstance(value, bool) and want is not bool)):
            raise InvalidValue(f"config: {name} must be {word}, not {value!r}",
                               f"fix {name} in the config file (tasplus config path), or remove it")


def validate(data: dict) -> None:
    """Raise InvalidValue naming the first wrong key."""
    _check_shape(data, DEFAULTS, tables_only=True)
    if data.get("language") not in LANGUAGES:
        raise InvalidValue(f"config: language must be one of {', '.join(LANGUAGES)}", "tasplus config set language zh")
    cur = data.get("currency")
    if not (isinstance(cur, str) and len(cur) == 3 and cur.isalpha()):
        raise InvalidValue(f"config: currency {cur!r} is not a three-letter code", "tasplus config set currency CNY")
    grades = data.get("grades", {})
    if not all(isinstance(grades.get(g), int) for g in "ABC"):
        raise InvalidValue("config: grades.A, grades.B and grades.C must be whole numbers", "tasplus config set grades.A 5000000")
    validate_thresholds(grades)
    stages = data.get("stages")
    if not isinstance(stages, list) or not stages:
        raise InvalidValue("config: stages must be a non-empty list of [[stages]] tables", "remove [[stages]] to get the default")
    seen = set()
    for s in stages:
        if not isinstance(s, dict) or not isinstance(s.get("key"), str) or s["key"] in seen:
            raise InvalidValue("config: every stage needs a unique key", "see tasplus config show")
        seen.add(s["key"])
        p = s.get("probability", 0)
        if not isinstance(p, int) or not 0 <= p <= 100:
            raise InvalidValue(f"config: stage {s['key']} probability must be 0–100", "see tasplus config show")
        unknown = [g for g in s.get("gates", []) if g not in GATE_KEYS]
        if unknown:
            raise InvalidValue(f"config: stage {s['key']} has unknown gates {unknown}", "known gates: " + ", ".join(GATE_KEYS))
    for check in EXTRA_VALIDATORS:
        check(data)
    _check_shape(data, DEFAULTS, tables_only=False)


def _validate_plan(data: dict) -> None:
    from tasplus_cli.domain.vocab import STRATEGY

    tactics = data.get("tactics", {})
    unknown = [k for k in tactics if k not in STRATEGY.keys]
    if unknown or not all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in tactics.values()):
        raise InvalidValue(f"config: [tactics] takes lists of text per strategy ({', '.join(STRATEGY.keys)})",
                           "see tasplus config show")
    for section, keys in (("review", ("survey_days", "activity_days", "optimism_points", "big_amount_change")),
                          ("strategy", ("clear_margin",))):
        for k in keys:
            v = data.get(section, {}).get(k)
            if not isinstance(v, int) or v < 0:
                raise InvalidValue(f"config: {section}.{k} must be a whole number ≥ 0", f"tasplus config set {section}.{k} N")


EXTRA_VALIDATORS: list = [_validate_plan]  # sections register their own checks here


def _check_people(data: dict) -> None:
    """Sections interaction, activities and relationship_strategy (METHOD §8, §12)."""
    from tasplus_cli.domain import interaction, relations

    interaction.validate_kinds(data["activities"])
    interaction.validate_rule(data["interaction"], data["activities"]["kinds"])
    relations.validate_mapping(data["relationship_strategy"])


EXTRA_VALIDATORS.append(_check_people)


def _check_winrate(data: dict) -> None:
    from tasplus_cli.domain.winrate import check_params

    check_params(data["winrate"])


EXTRA_VALIDATORS.append(_check_winrate)


def _check_database(data: dict) -> None:
    """``database``: a path or URL without a password (``config show`` would print it)."""
    from urllib.parse import urlsplit

    db = data.get("database")
    if not isinstance(db, str):
        raise InvalidValue("config: database must be a file path or a URL", "tasplus config set database PATH")
    if "://" in db and urlsplit(db).password:
        raise InvalidValue("config: database must not contain a password (tasplus config show would print it)",
                           f"remove it from {paths.config_file()}; put it in PGPASSWORD or ~/.pgpass, "
                           "or the whole URL in TASPLUS_DB")


EXTRA_VALIDATORS.append(_check_database)


@dataclass
class Config:
    data: dict
    path: Path

    @property
    def user(self) -> str:
        return os.environ.get("TASPLUS_USER") or self.data["user"] or _login()

    @property
    def currency(self) -> str:
        return self.data["currency"]

    @property
    def language(self) -> str:
        env = os.environ.get("TASPLUS_LANG", "")
        return env if env in LANGUAGES else self.data["language"]

    @property
    def thresholds(self) -> dict[str, int]:
        return dict(self.data["grades"])

    @property
    def survey_gate_days(self) -> int:
        return int(self.data["gates"]["survey_days"])

    @cached_property
    def template(self) -> Template:
        return Template(tuple(
            Stage(key=s["key"], en=s.get("en", s["key"]), zh=s.get("zh", s["key"]),
                  probability=int(s.get("probability", 0)), days=int(s.get("days", 0)),
                  gates=tuple(s.get("gates", ())))
            for s in self.data["stages"]))

    def section(self, name: str) -> dict:
        return self.data[name]


def load(path: Path | None = None) -> Config:
    """Read and validate the config file (missing file: defaults)."""
    path = path or paths.config_file()
    user: dict = {}
    if path.exists():
        try:
            user = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise InvalidValue(f"config file {path} is not valid TOML: {e}", f"fix or remove {path}") from None
        except OSError as e:  # a folder, or not readable
            raise InvalidValue(f"cannot read the config file {path}: {e.strerror}", f"fix or remove {path}") from None
    data = _merge(DEFAULTS, user)
    validate(data)
    return Config(data, path)


def _coerce(key: str, old: Any, text: str) -> Any:
    if isinstance(old, bool):
        if text.lower() in ("true", "yes", "1", "on"):
            return True
        if text.lower() in ("false", "no", "0", "off"):
            return False
        raise InvalidValue(f"config: {key} takes true or false, not {text!r}", f"tasplus config set {key} true")
    if isinstance(old, int):
        try:
            return int(text.replace(",", "").replace("_", ""))
        except ValueError:
            raise InvalidValue(f"config: {key} takes a whole number, not {text!r}", None) from None
    if isinstance(old, float):
        try:
            return float(text)
        except ValueError:
            raise InvalidValue(f"config: {key} takes a number, not {text!r}", None) from None
    if isinstance(old, list):
        return [part.strip() for part in text.split(",") if part.strip()]
    return text


def set_value(cfg: Config, key: str, text: str) -> Any:
    """Set dotted ``key`` to ``text`` (typed like the default), validate, write atomically."""
    parts = key.split(".")
    node: Any = cfg.data
    for p in parts[:-1]:
        if not isinstance(node, dict) or p not in node:
            raise InvalidValue(f"config: unknown key {key!r}", "see tasplus config show for the keys")
        node = node[p]
    if not isinstance(node, dict) or parts[-1] not in node or isinstance(node[parts[-1]], dict):
        raise InvalidValue(f"config: unknown key {key!r}", "see tasplus config show for the keys")
    if key == "stages":
        raise InvalidValue("config: stages are edited in the file", f"edit [[stages]] in {cfg.path}")
    value = _coerce(key, node[parts[-1]], text)
    new = copy.deepcopy(cfg.data)
    target = new
    for p in parts[:-1]:
        target = target[p]
    target[parts[-1]] = value
    validate(new)
    write(cfg.path, _diff(DEFAULTS, new, existing=_read_user(cfg.path)))
    cfg.data = new
    return value


def _read_user(path: Path) -> dict:
    if not path.exists():
        return {}
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _diff(base: dict, new: dict, existing: dict) -> dict:
    """Keys of ``new`` that differ from defaults, plus any the user already wrote."""
    out: dict = {}
    for k, v in new.items():
        if isinstance(v, dict) and isinstance(base.get(k), dict):
            sub = _diff(base[k], v, existing.get(k, {}) if isinstance(existing.get(k), dict) else {})
            if sub:
                out[k] = sub
        elif k in existing or base.get(k) != v:
            out[k] = v
    return out


def write(path: Path, data: dict) -> None:
    import tomli_w

    paths.ensure_private_dir(path.parent)
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text(tomli_w.dumps(data), encoding="utf-8")
    os.replace(tmp, path)
