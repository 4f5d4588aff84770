"""The typed settings model: every default, every check, and the sections that
store and domain functions take.

One source for every default (``DEFAULTS`` in ``defaults.py``, the shape of ``config.toml``);
``parse`` validates a merged dict and returns a frozen ``Settings``, so a
``Settings`` is always valid. Store and domain functions take the section they
need (``settings.review``, ``settings.winrate``, ``settings.template`` …),
never the whole config or the file. ``config.py`` reads and writes the file;
``config set`` validates the new value by parsing the whole model. Its
messages (``error.config.*``) follow the reader's language; keys, values and
commands in them stay as typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tasplus_cli import paths
from tasplus_cli.defaults import DEFAULTS, LANGUAGES
from tasplus_cli.domain.calibration import Reason
from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.grading import validate_thresholds
from tasplus_cli.domain.interaction import Rule as InteractionRule, rule_from
from tasplus_cli.domain.money import CURRENCIES
from tasplus_cli.domain.stages import GATE_KEYS, Stage, Template
from tasplus_cli.domain.vocab import Vocab
from tasplus_cli.domain.winrate import Params as WinRateParams
from tasplus_cli.messages import command, msg


_KINDS = ((bool, "bool"), (int, "int"), (float, "float"), (str, "str"), (list, "list"),
          (dict, "table"))  # config.kind.<word>


def _check_shape(data: dict, defaults: dict, prefix: str = "", partial: bool = False) -> None:
    """Each key of the defaults keeps the kind of its default in the file: a table stays a table, a
    number a number, text text, a list a list and each element of a list the kind of the default's
    elements. Runs before the sections' own checks, so those only ever meet values of the right
    kind. ``partial``: keys may be missing (a ``[[stages]]`` table)."""
    for key, default in defaults.items():
        name, value = prefix + key, data.get(key)
        if partial and key not in data:
            continue
        if isinstance(default, dict):
            if not isinstance(value, dict):
                raise InvalidValue(msg("error.config.not_table", setting=name, value=repr(value)), _fix_in_file(name))
            _check_shape(value, default, name + ".")
            continue
        _check_kind(name, value, default)
        if isinstance(default, list) and default:
            for i, item in enumerate(value):
                _check_kind(f"{name}[{i}]", item, default[0])
                if isinstance(default[0], dict):
                    _check_shape(item, default[0], f"{name}[{i}].", partial=True)


def _check_kind(name: str, value: Any, default: Any) -> None:
    """``value`` has the kind of ``default`` (a whole number is a number; true is not a number)."""
    want, word = next(((t, w) for t, w in _KINDS if isinstance(default, t)), (object, ""))
    ok = isinstance(value, (int, float)) if want is float else isinstance(value, want)
    if not ok or (isinstance(value, bool) and want is not bool):
        raise InvalidValue(msg("error.config.wrong_kind", setting=name, kind=msg(f"config.kind.{word}"),
                               value=repr(value)), _fix_in_file(name))


def _fix_in_file(name: str) -> str:
    return msg("hint.config.fix_in_file", setting=name, command=command("config", "path"))


def _see_show() -> str:
    return msg("hint.config.see_show", command=command("config", "show"))


def validate(data: dict) -> None:
    """Raise InvalidValue naming the first wrong key (``parse`` calls it)."""
    _check_shape(data, DEFAULTS)
    if data.get("language") not in LANGUAGES:
        raise InvalidValue(msg("error.config.language", languages=", ".join(LANGUAGES)),
                           command("config", "set", "language", "zh"))
    cur = data.get("currency")
    if not (isinstance(cur, str) and cur in CURRENCIES):
        raise InvalidValue(msg("error.config.currency", value=repr(cur)), command("config", "set", "currency", "CNY"))
    grades = data.get("grades", {})
    if not all(isinstance(grades.get(g), int) for g in "ABC"):
        raise InvalidValue(msg("error.config.grades_whole"), command("config", "set", "grades.A", "5000000"))
    for g in "ABC":
        if grades[g] <= 0:
            raise InvalidValue(msg("error.config.grade_positive", setting=f"grades.{g}", value=grades[g]),
                               command("config", "set", f"grades.{g}", f"{DEFAULTS['grades'][g]}"))
    validate_thresholds(grades)
    _check_stages(data.get("stages"))
    for check in (_validate_plan, _check_people, _check_winrate, _check_database, _check_csv,
                  _check_forecast, _check_analyze):  # each section's checks
        check(data)


def _check_stages(stages: Any) -> None:
    """``[[stages]]``: a non-empty list of tables, each field of the kind of the default's, unique
    keys, probability 0–100, days ≥ 0, known gates."""
    if not stages:  # a list of tables of the right kinds: _check_shape
        raise InvalidValue(msg("error.config.stages"), msg("hint.config.stages"))
    seen = set()
    for i, s in enumerate(stages):
        if not isinstance(s.get("key"), str) or s["key"] in seen:
            raise InvalidValue(msg("error.config.stage_key"), _see_show())
        seen.add(s["key"])
        if not 0 <= s.get("probability", 0) <= 100:
            raise InvalidValue(msg("error.config.probability", stage=s["key"]), _see_show())
        if s.get("days", 0) < 0:
            raise InvalidValue(msg("error.config.not_negative", setting=f"stages[{i}].days"), _see_show())
        unknown = [g for g in s.get("gates", []) if g not in GATE_KEYS]
        if unknown:
            raise InvalidValue(msg("error.config.gates", stage=s["key"], gates=unknown),
                               msg("hint.config.gates", gates=", ".join(GATE_KEYS)))


def _validate_plan(data: dict) -> None:
    from tasplus_cli.domain.vocab import STRATEGY

    tactics = data.get("tactics", {})
    unknown = [k for k in tactics if k not in STRATEGY.keys]
    if unknown:  # the kinds of the lists and their elements: _check_shape
        raise InvalidValue(msg("error.config.tactics", strategies=", ".join(STRATEGY.keys)), _see_show())
    for section, keys in (("review", REVIEW_KEYS), ("strategy", ("clear_margin",)), ("gates", ("survey_days",))):
        for k in keys:
            v = data.get(section, {}).get(k)
            if not isinstance(v, int) or v < 0:
                raise InvalidValue(msg("error.config.not_negative", setting=f"{section}.{k}"),
                                   command("config", "set", f"{section}.{k}", "N"))


def _check_people(data: dict) -> None:
    """Sections interaction, activities and relationship_strategy (METHOD §8, §12)."""
    from tasplus_cli.domain import interaction, relations

    interaction.validate_kinds(data["activities"])
    interaction.validate_rule(data["interaction"], data["activities"]["kinds"])
    relations.validate_mapping(data["relationship_strategy"])


def _check_winrate(data: dict) -> None:
    from tasplus_cli.domain.winrate import check_params

    check_params(data["winrate"])


def _check_database(data: dict) -> None:
    """``database``: a path or URL without a password (``config show`` would print it)."""
    from urllib.parse import urlsplit

    db = data.get("database")
    if not isinstance(db, str):
        raise InvalidValue(msg("error.config.database"), command("config", "set", "database", "PATH"))
    if "://" in db and urlsplit(db).password:
        raise InvalidValue(msg("error.config.password", command=command("config", "show")),
                           msg("hint.config.password", path=paths.config_file()))


CSV_FLOORS = {"max_line_bytes": 1024, "max_cell_chars": 256, "max_bad_rows": 1}  # below these, nothing imports


def _check_csv(data: dict) -> None:
    """``[csv]``: whole numbers, none below its floor (``csv.max_line_bytes = 0`` would refuse every file)."""
    section = data.get("csv")
    for key, floor in CSV_FLOORS.items():
        v = section.get(key) if isinstance(section, dict) else None
        if not isinstance(v, int) or isinstance(v, bool) or v < floor:
            raise InvalidValue(msg("error.config.csv_limit", setting=f"csv.{key}", value=repr(v), floor=f"{floor:,}"),
                               command("config", "set", f"csv.{key}", str(DEFAULTS["csv"][key])))


def _check_forecast(data: dict) -> None:
    """``[forecast]``: the fiscal year's first month (1–12); the commit backing a win rate 0–100."""
    from tasplus_cli.domain.periods import check_fiscal_start

    check_fiscal_start(data["forecast"]["fiscal_year_start"])
    v = data["forecast"]["commit_backing"]
    if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= 100:
        raise InvalidValue(msg("error.config.commit_backing", value=repr(v)),
                           command("config", "set", "forecast.commit_backing", "40"))
def _check_analyze(data: dict) -> None:
    """``[analyze]``: each lost reason has a key, unique, and its aliases are words (kinds: ``_check_shape``)."""
    seen = set()
    for i, r in enumerate(data["analyze"]["lost_reasons"]):
        key = r.get("key")
        if not isinstance(key, str) or not key.strip() or key in seen or key == "other":
            raise InvalidValue(msg("error.config.lost_reason_key", setting=f"analyze.lost_reasons[{i}].key"),
                               _fix_in_file("analyze.lost_reasons"))
        seen.add(key)


@dataclass(frozen=True)
class Grades:
    """Amount thresholds of grades A, B and C in major units of the base currency (METHOD §2),
    and that base currency (the config's one ``currency`` setting, carried here for grading)."""

    A: int
    B: int
    C: int
    base: str = "CNY"

    @property
    def thresholds(self) -> dict[str, int]:
        return {"A": self.A, "B": self.B, "C": self.C}


@dataclass(frozen=True)
class Activities:
    """Activity kinds and their Chinese labels (METHOD §12)."""

    kinds: tuple[str, ...]
    labels: dict[str, str]

    @property
    def vocab(self) -> Vocab:
        from tasplus_cli.domain.interaction import kind_vocab

        return kind_vocab({"kinds": list(self.kinds), "labels": self.labels})


@dataclass(frozen=True)
class Plan:
    """Strategy and tactics (METHOD §10–11): the clear margin of the strategy
    suggestion, the tactic catalogue per strategy, the relationship strategy per status."""

    clear_margin: int
    tactics: dict[str, tuple[str, ...]]
    relationship_strategy: dict[str, str]


@dataclass(frozen=True)
class Review:
    """Thresholds of the weekly review's warnings (METHOD §13)."""

    survey_days: int
    activity_days: int
    optimism_points: int
    big_amount_change: int
    drift_points: int = 10  # win-rate points lost or gained since the last recorded review, however small each step
    rescore_days: int = 14  # a competitor's latest score older than this is "not re-scored"


REVIEW_KEYS = tuple(DEFAULTS["review"])  # the fields of ``Review``, in the order of the defaults

@dataclass(frozen=True)
class Csv:
    """Limits of a CSV import: the bytes of one row of the file (a quoted cell's line breaks
    included), the characters of one cell, and the bad rows after which reading stops."""

    max_line_bytes: int
    max_cell_chars: int
    max_bad_rows: int


@dataclass(frozen=True)
class Forecast:
    """The forecast by period (METHOD §14): the month the fiscal year starts in, and the win rate a
    commit deal needs (under it, or n/a: "commit without a win rate to back it")."""

    fiscal_year_start: int = DEFAULTS["forecast"]["fiscal_year_start"]
    commit_backing: int = DEFAULTS["forecast"]["commit_backing"]


@dataclass(frozen=True)
class Analyze:
    """``tasplus analyze`` (METHOD §15): the canonical lost reasons and the words that name them."""

    lost_reasons: tuple[Reason, ...]


def _analyze(section: dict) -> Analyze:
    return Analyze(tuple(Reason(r["key"], tuple(r.get("aliases", ()))) for r in section["lost_reasons"]))


@dataclass(frozen=True)
class Settings:
    """Everything ``config.toml`` can set, typed, with its defaults applied."""

    user: str  # as configured ("" = the login name); ``TASPLUS_USER`` wins over it (Env.user)
    currency: str
    language: str
    database: str
    grades: Grades
    survey_gate_days: int
    winrate: WinRateParams
    template: Template
    interaction: InteractionRule
    activities: Activities
    plan: Plan
    review: Review
    csv: Csv = Csv(**DEFAULTS["csv"])
    forecast: Forecast = Forecast()
    analyze: Analyze = _analyze(DEFAULTS["analyze"])

    @property
    def thresholds(self) -> dict[str, int]:
        return self.grades.thresholds


def parse(data: dict) -> Settings:
    """Validate the merged ``data`` and build the typed model (InvalidValue names the first wrong key)."""
    validate(data)
    return Settings(
        user=data["user"], currency=data["currency"], language=data["language"], database=data["database"],
        grades=Grades(**{g: int(data["grades"][g]) for g in "ABC"}, base=data["currency"]),
        survey_gate_days=int(data["gates"]["survey_days"]),
        winrate=WinRateParams.from_config(data["winrate"]),
        template=Template(tuple(
            Stage(key=s["key"], en=s.get("en", s["key"]), zh=s.get("zh", s["key"]),
                  probability=int(s.get("probability", 0)), days=int(s.get("days", 0)),
                  gates=tuple(s.get("gates", ())))
            for s in data["stages"])),
        interaction=rule_from(data["interaction"]),
        activities=Activities(tuple(data["activities"]["kinds"]), dict(data["activities"]["labels"])),
        plan=Plan(int(data["strategy"]["clear_margin"]),
                  {k: tuple(v) for k, v in data["tactics"].items()}, dict(data["relationship_strategy"])),
        review=Review(**{k: int(data["review"][k]) for k in REVIEW_KEYS}),
        csv=Csv(**{k: int(data["csv"][k]) for k in CSV_FLOORS}),
        forecast=Forecast(**{k: int(data["forecast"][k]) for k in DEFAULTS["forecast"]}),
        analyze=_analyze(data["analyze"]),
    )

