"""Every closed vocabulary of TAS+: stable English keys (stored, used in JSON
and CSV), shown with the labels of the message catalogue (``vocab.<name>.<key>``
in ``messages/en.py`` and ``zh.py``).

``parse`` accepts the key or its label in either language, case and spacing
ignored, so users may type ``需求分析`` or ``Decision Maker``. A vocabulary the
user configures (activity kinds) carries its own labels instead. Stages are not
here: their template is configurable (see ``stages``).
"""

from __future__ import annotations

from dataclasses import dataclass

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.messages import LANGUAGES, msg, text


@dataclass(frozen=True)
class Vocab:
    name: str  # English, e.g. "relationship status" (its label id: vocab.relationship_status)
    items: tuple  # keys, labelled by the catalogue; or (key, English, Chinese) for a configured vocabulary

    @property
    def id(self) -> str:
        return "vocab." + self.name.replace(" ", "_")

    @property
    def keys(self) -> list[str]:
        return [i if isinstance(i, str) else i[0] for i in self.items]

    def _labels(self, key: str) -> dict[str, str]:
        for i in self.items:
            if not isinstance(i, str) and i[0] == key:
                return {"en": i[1], "zh": i[2]}
        return {lang: text(f"{self.id}.{key}", lang) for lang in LANGUAGES}

    def label(self, key: str | None, lang: str = "en") -> str:
        if key is None:
            return ""
        if key not in self.keys:
            return key
        return self._labels(key).get(lang, key)

    def title(self, lang: str | None = None) -> str:
        """The vocabulary's own name in ``lang`` (this invocation's by default)."""
        return text(self.id, lang)

    def parse(self, value: str, flag: str | None = None) -> str:
        wanted = normalize(value)
        for k in self.keys:
            if wanted == normalize(k) or wanted in {normalize(v) for v in self._labels(k).values()}:
                return k
        choices = ", ".join(f"{k} ({self._labels(k)['zh']})" for k in self.keys)
        where = msg("error.vocab.where", flag=flag) if flag else ""
        raise InvalidValue(msg("error.vocab.unknown", name=self.title(), text=value, where=where),
                           msg("hint.vocab.unknown", choices=choices))


def normalize(text: str) -> str:
    """Fold case, spaces, underscores and hyphens so 'Decision Maker' == 'decision-maker'."""
    return "".join(ch for ch in text.strip().lower() if ch not in " _-\t")


GRADES = Vocab("grade", ("A", "B", "C", "D", "E"))
STATUS = Vocab("status", ("open", "won", "lost", "abandoned"))
REGISTRATION = Vocab("registration status", ("pending", "approved", "rejected"))
EVENT_KIND = Vocab("event kind", ("budget", "deadline", "regulation", "contract", "other"))
EVENT_STATUS = Vocab("event status", ("unconfirmed", "confirmed", "lost"))
DEPARTMENT = Vocab("department", ("sales", "presales", "delivery", "partner", "management", "other"))
BID_RESULT = Vocab("bid result", ("won", "lost"))
INCUMBENT = Vocab("incumbent", ("us", "competitor"))  # who holds the current system (METHOD §10)
FORECAST = Vocab("forecast category", ("pipeline", "best-case", "commit", "omitted"))  # the rep's call (METHOD §14)
ORIENTATION = Vocab("orientation", ("professional", "pragmatic", "professional-pragmatic", "pragmatic-professional", "balanced"))
RELATIONSHIP = Vocab("relationship status", ("strong-positive", "positive", "neutral", "negative", "strong-negative"))
INFLUENCE = Vocab("influence", ("high", "medium", "low"))
INTERACTION = Vocab("interaction level", ("none", "occasional", "multiple", "deep"))
ROLE = Vocab("decision role", ("approver", "decision-maker", "evaluator", "user"))
STRATEGY = Vocab("strategy", ("frontal", "flanking", "fragmentation", "defensive", "development"))
RELATION_STRATEGY = Vocab("relationship strategy", ("suppress", "defend", "attack", "motivate", "balance"))
ACTIVITY_STATUS = Vocab("activity status", ("planned", "done", "cancelled"))
ANSWERS = Vocab("problem answered", ("relationship", "survey", "winrate", "value"))
VERDICT = Vocab("comparison", ("better", "equal", "worse"))
DIMENSION = Vocab("dimension", ("solution", "relationship", "strength"))

SCALE = (1, 2, 3, 4, 5)  # the survey's answers; words in the catalogue (vocab.scale.N)


YES = ("yes", "y", "true", "1", "on", "x", "是", "有", "对")
NO = ("no", "n", "false", "0", "off", "否", "没有", "无", "不")


def parse_yes_no(text: str, flag: str) -> bool:
    """The one yes/no parser (flags, CSV cells, ``config set``): ``YES`` or ``NO``, any case."""
    low = text.strip().lower()
    if low in YES or low in NO:
        return low in YES
    raise InvalidValue(msg("error.yes_no", flag=flag, text=text), msg("hint.yes_no"))
