"""One change of a deal's history as a person reads it: the "what changed"
lines of the weekly review (``{field, old, new, reason}`` dicts).

History rows are stored in English (vocabulary keys, ``A (by hand)``,
``CON-0001 王建国: approver, neutral``): the English screen shows them as
stored; another language gets the field's name and every vocabulary word of
the value in that language: the value is read back by the format the store
writes it in (``STORED``) and said again with the catalogue (``change.*``).
A removal reads as one (``competitor removed: …``), never ``→ None``. A reason
may be a ``Phrase`` (why a win rate moved).
"""

from __future__ import annotations

import re

from tasplus_cli.domain import vocab
from tasplus_cli.domain.relations import INSIDE_SOURCE
from tasplus_cli.domain.vocab import Vocab
from tasplus_cli.messages import text
from tasplus_cli.messages.phrase import SEPARATOR, say
from tasplus_cli.render.view import View

VOCAB: dict[str, Vocab] = {"status": vocab.STATUS, "strategy": vocab.STRATEGY,
                           "registration_status": vocab.REGISTRATION}
FACTS = (vocab.ROLE, vocab.RELATIONSHIP)  # the words of a stakeholder line besides "inside source"


def field_name(field: str, lang: str) -> str:
    """The name users know for a history field (``close date``, ``预计签约日期``)."""
    try:
        return text(f"change.field.{field}", lang)
    except KeyError:  # a field with no entry yet: its words, never its underscores
        return field.replace("_", " ")


# how the store writes these values (store.opps, store.events, store.stakeholders): read back to be said again
STORED = {"by_hand": re.compile(r"(?P<grade>\S+) \(by hand\)"),  # a grade set by hand
          "event_added": re.compile(r"(?P<event>.+) \((?P<status>[a-z]+)\)"),  # EVT-0001 预算已批 (confirmed)
          "stakeholder": re.compile(r"(?P<contact>.+): (?P<facts>[^:]+)")}  # CON-0001 王建国: approver, neutral


def _read(kind: str, value: str) -> dict[str, str] | None:
    m = STORED[kind].fullmatch(value)
    return m.groupdict() if m else None


def _gate(gate: str, lang: str) -> str:
    try:
        return text(f"gate.missing.{gate}", lang)
    except KeyError:  # not a gate of the catalogue, or one whose sentence needs a number
        return gate


def _event(value: str, lang: str) -> str:
    added = _read("event_added", value)
    if added and added["status"] in vocab.EVENT_STATUS.keys:  # EVT-0001 预算已批 (confirmed)
        return text("change.event_added", lang, event=added["event"],
                    status=vocab.EVENT_STATUS.label(added["status"], lang))
    code, _, status = value.rpartition(" ")  # EVT-0001 lost
    return f"{code} {vocab.EVENT_STATUS.label(status, lang)}" if code else value


def _stakeholder(value: str, lang: str) -> str:
    line = _read("stakeholder", value)
    if not line:
        return value
    words = [text("change.inside_source", lang) if w == INSIDE_SOURCE else next(
        (v.label(w, lang) for v in FACTS if w in v.keys), w) for w in line["facts"].split(", ")]
    return text("change.stakeholder", lang, contact=line["contact"], facts=SEPARATOR.get(lang, ", ").join(words))


def value(field: str, v: str | None, view: View) -> str:
    """A stored old or new value in the reader's language (English: as stored)."""
    lang = view.lang
    if v is None or lang == "en":
        return "" if v is None else str(v)
    if field == "stage" or (field == "gate_override" and v in view.template.keys):  # the stage a gate held
        return view.template.label(v, lang)
    if field == "gate_override":  # the gates passed by force
        return SEPARATOR.get(lang, ", ").join(_gate(g, lang) for g in v.split(", "))
    if field in VOCAB:
        return VOCAB[field].label(v, lang)
    if field == "grade":
        by_hand = _read("by_hand", v)
        return text("change.by_hand", lang, **by_hand) if by_hand else v
    if field == "event":
        return _event(v, lang)
    if field == "stakeholder":
        return _stakeholder(v, lang)
    return str(v)


def line(c: dict, view: View) -> str:
    """``close date: 2027-01-14 → 2027-02-13 (tender delayed)``; ``competitor removed: CMP-0006 云擎科技``."""
    lang = view.lang
    name = field_name(c["field"], lang)
    old, new = value(c["field"], c.get("old"), view), value(c["field"], c.get("new"), view)
    if c.get("old") is None:
        out = text("change.set", lang, field=name, new=new)
    elif c.get("new") is None:
        out = text("change.removed", lang, field=name, old=old)
    else:
        out = text("change.moved", lang, field=name, old=old, new=new)
    return text("change.reason", lang, line=out, reason=say(c["reason"], lang)) if c.get("reason") else out
