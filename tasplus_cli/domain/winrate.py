"""The TAS+ win rate by the competitor-comparison method (METHOD §9), and the
survey answers it is computed from (METHOD §7).

``win_rate`` is the one function that decides a deal's win rate. The rules are
the article's; the formula is tasplus's own default (configurable):

1. no confirmed compelling event → not computed (``value`` None, reason says why);
2. we are not in the top three → 0;
3. no inside source → × ``no_inside_source_factor`` (default 0.7, never above 0.7).

Default formula: strength ``S = fit + closeness`` (2–10); rank = 1 + the number
of competitors with S strictly greater than ours; the field = us + the two
strongest competitors (ties: the earlier-added, i.e. the order given);
``base = S_us^e / Σ S^e`` over the field (``e`` = exponent, default 2); no
competitor scored → base 50 ("we only know ourselves"); then rule 3; rounded
half up to a whole percent. A move of ≥ ``change_threshold`` points from the
last computed value is an event (``is_event``).

The competitors given are every competitor on the deal; a score kept from an
earlier survey is ``carried`` (with ``scored_on``): it counts in rank and field
like any other, and the inputs, the breakdown and a reason say so.

Edge cases: no survey yet (``us`` None) → not computed. Rank, field and the
per-party breakdown are still given when rule 1 applies (strategy and the
value proposition use them); the base share is None when rule 1 or 2 decides.

``reasons`` are ``messages.phrase.Phrase`` strings: English in JSON and in the
stored points, said in the reader's language on a screen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.vocab import SCALE
from tasplus_cli.messages import command, language, msg, text
from tasplus_cli.messages.phrase import phrase

SCORE_MIN, SCORE_MAX = 1, 5
MAX_NO_SOURCE_FACTOR = 0.7


@dataclass(frozen=True)
class Score:
    """One party's survey answers: fit (question 1/3) and closeness (2/4), each 1–5."""

    name: str
    fit: int
    closeness: int
    code: str | None = None
    scored_on: str | None = None  # ISO date of the survey the score comes from
    carried: bool = False  # kept from an earlier survey: the latest one did not re-score it

    @property
    def strength(self) -> int:
        return self.fit + self.closeness


@dataclass(frozen=True)
class Params:
    exponent: float = 2.0
    no_inside_source_factor: float = MAX_NO_SOURCE_FACTOR
    change_threshold: int = 10

    @classmethod
    def from_config(cls, section: dict) -> Params:
        return cls(float(section["exponent"]), float(section["no_inside_source_factor"]),
                   int(section["change_threshold"]))


@dataclass(frozen=True)
class WinRate:
    value: int | None  # whole percent; None = not computed (``reasons`` say why)
    rank: int | None  # our rank among all parties (None without a survey)
    reasons: list[str]
    field: list[str]  # names of the (up to) two strongest competitors in the field
    base: float | None  # our share of the field in percent before factors (one decimal)
    factors: list[dict]  # [{"rule": ..., "factor": 0.7}] applied after the base
    inputs: dict
    parties: list[dict] = field(default_factory=list)  # breakdown: us first, then competitors as given


def _half_up(x: float) -> int:
    return int(math.floor(x + 0.5 + 1e-9))  # 1e-9: 35.0 computed as 34.99999… still rounds to 35


def _pct(x: float) -> str:
    return f"{x:g}" if float(x).is_integer() else f"{x:.1f}"


def win_rate(*, confirmed_event: bool, us: Score | None, competitors: Sequence[Score] = (),
             inside_source: bool | None = None, params: Params = Params()) -> WinRate:
    """The win rate of one deal from its latest survey (see the module docstring)."""
    e = params.exponent
    inputs = {"confirmed_event": confirmed_event, "inside_source": inside_source,
              "us": None if us is None else {"fit": us.fit, "closeness": us.closeness, "strength": us.strength},
              "competitors": [{"name": c.name, "code": c.code, "fit": c.fit, "closeness": c.closeness,
                               "strength": c.strength, "carried": c.carried, "scored_on": c.scored_on}
                              for c in competitors],
              "exponent": e, "no_inside_source_factor": params.no_inside_source_factor}
    reasons: list[str] = []
    if not confirmed_event:
        reasons.append(phrase("winrate.reason.no_event"))
    if us is None:
        reasons.append(phrase("winrate.reason.no_survey"))
        return WinRate(None, None, reasons, [], None, [], inputs)
    rank = 1 + sum(1 for c in competitors if c.strength > us.strength)
    top = sorted(competitors, key=lambda c: -c.strength)[:2]  # stable: ties keep the earlier-added
    in_field = {id(c) for c in top}
    total = us.strength ** e + sum(c.strength ** e for c in top)
    parties = [{"name": "us", "is_us": True, "code": None, "fit": us.fit, "closeness": us.closeness,
                "strength": us.strength, "rank": rank, "in_field": rank <= 3,
                "share": round(100 * us.strength ** e / total, 1) if rank <= 3 and top else None}]
    for c in competitors:
        parties.append({"name": c.name, "is_us": False, "code": c.code, "fit": c.fit, "closeness": c.closeness,
                        "strength": c.strength, "carried": c.carried, "scored_on": c.scored_on,
                        "rank": 1 + sum(1 for o in competitors if o.strength > c.strength) + (us.strength > c.strength),
                        "in_field": id(c) in in_field,
                        "share": round(100 * c.strength ** e / total, 1) if id(c) in in_field and rank <= 3 else None})
    names = [c.name for c in top]
    n = len(competitors) + 1
    carried = [f"{c.name} {c.fit}/{c.closeness} ({c.scored_on})" for c in competitors if c.carried]
    if carried:
        reasons.append(phrase("winrate.reason.carried", scores=carried))
    if not confirmed_event:
        reasons.append(phrase("winrate.reason.rank", rank=rank, n=n))
        return WinRate(None, rank, reasons, names, None, [], inputs, parties)
    if rank > 3:
        reasons.append(phrase("winrate.reason.outside", rank=rank, n=n, stronger=rank - 1, strength=us.strength))
        return WinRate(0, rank, reasons, names, None, [], inputs, parties)
    if not competitors:
        base = 50.0
        reasons.append(phrase("winrate.reason.alone"))
    else:
        base = 100 * us.strength ** e / total
        shown = " + ".join(_pct(s ** e) for s in [us.strength] + [c.strength for c in top])
        reasons.append(phrase("winrate.reason.field", rank=rank, n=n, field=names))
        reasons.append(phrase("winrate.reason.base", ours=_pct(us.strength ** e), shown=shown, base=f"{base:.1f}"))
    value, factors = base, []
    if inside_source is False:
        f = params.no_inside_source_factor
        factors.append({"rule": "no inside source (rule 3)", "factor": f})
        value *= f
        reasons.append(phrase("winrate.reason.no_source", factor=f"{f:g}"))
    return WinRate(_half_up(value), rank, reasons, names, round(base, 1), factors, inputs, parties)


def is_event(previous: int | None, current: int | None, threshold: int) -> bool:
    """A move of at least ``threshold`` points between two computed values (n/a never counts)."""
    return previous is not None and current is not None and abs(current - previous) >= threshold


def check_params(section: dict) -> None:
    """Validate the ``[winrate]`` config section; raise InvalidValue naming the key."""
    def number(key: str) -> float:
        v = section.get(key)
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise InvalidValue(msg("error.winrate.config_number", name=key),
                               command("config", "set", f"winrate.{key}", "N"))
        return float(v)

    if not 0 < number("exponent") <= 10:
        raise InvalidValue(msg("error.winrate.config_exponent"), command("config", "set", "winrate.exponent", 2))
    if not 0 < number("no_inside_source_factor") <= MAX_NO_SOURCE_FACTOR:
        raise InvalidValue(msg("error.winrate.config_factor"),
                           command("config", "set", "winrate.no_inside_source_factor", MAX_NO_SOURCE_FACTOR))
    t = section.get("change_threshold")
    if isinstance(t, bool) or not isinstance(t, int) or not 1 <= t <= 100:
        raise InvalidValue(msg("error.winrate.config_threshold"),
                           command("config", "set", "winrate.change_threshold", 10))


# --- survey answers (METHOD §7) ---------------------------------------------------------

def scale_labels(lang: str = "en") -> list[tuple[int, str]]:
    """The 1–5 answers with their words in ``lang`` (none, weak, partial, strong, full)."""
    return [(n, text(f"vocab.scale.{n}", lang)) for n in SCALE]


def scale(lang: str = "en") -> str:
    """The 1–5 answer scale in one line: ``1 none · 2 weak · 3 partial · 4 strong · 5 full``."""
    return " · ".join(f"{n} {word}" for n, word in scale_labels(lang))


def check_score(value: int, flag: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not SCORE_MIN <= value <= SCORE_MAX:
        raise InvalidValue(msg("error.survey.score", flag=flag, value=value), scale(language()))
    return value


def parse_competitor_score(text: str, flag: str = "--competitor") -> tuple[str, int, int]:
    """``NAME=FIT,CLOSENESS`` (full-width ＝ and ， accepted) → (name, fit, closeness)."""
    raw = text.replace("＝", "=").replace("，", ",")
    name, eq, scores = raw.rpartition("=")
    parts = [p.strip() for p in scores.split(",")]
    example = f'{flag} "翼辰软件=4,3"'
    if not eq or not name.strip() or len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise InvalidValue(msg("error.survey.competitor_score", flag=flag, text=text), example)
    return name.strip(), check_score(int(parts[0]), f"{flag} {name.strip()} fit"), \
        check_score(int(parts[1]), f"{flag} {name.strip()} closeness")


@dataclass
class SurveyAnswers:
    """What a survey records; None = not answered yet (a flag or a prompt supplies it)."""

    inside_source: bool | None = None
    source: str | None = None  # a contact (code or name) or any name; only with an inside source
    our_fit: int | None = None
    our_closeness: int | None = None
    competitors: list[tuple[str, int, int]] = field(default_factory=list)  # (code or name, fit, closeness)
    create: list[str] = field(default_factory=list)  # competitor names to add to the library first
    answered_by: str | None = None
    reviewed_by: str | None = None

    def missing_flag(self) -> str | None:
        """The first required answer still missing, as the flag that supplies it."""
        for value, flag in ((self.inside_source, "--inside-source yes|no"), (self.our_fit, "--our-fit N"),
                            (self.our_closeness, "--our-closeness N")):
            if value is None:
                return flag
        return None
