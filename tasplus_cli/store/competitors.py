"""The competitor library (METHOD §6) and the competitors on each deal.

Invariants:
- competitor names are unique, case-insensitively (adding or renaming onto a
  taken name is a ``Conflict``, also when two writers race: ``records.claim_name``);
  partner names are unique per competitor (its changes load it for change);
- a competitor is on a deal at most once (``OppCompetitor``); the order they
  were put on it is the "earlier-added" order the win rate breaks ties with;
- putting a competitor on a deal or taking it off is a line of the deal's
  history, and taking one off recomputes the deal's win rate (its survey
  scores no longer count); the recorded winner of a closed deal stays;
- a quote names a deal or an account (a deal implies its account).
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import TYPE_CHECKING, Any

from sqlalchemy import func
from sqlmodel import Session, select

from tasplus_cli.domain.errors import Conflict, InvalidValue, NotFound
from tasplus_cli.domain.money import major, parse_amount
from tasplus_cli.domain.names import require_text
from tasplus_cli.domain.vocab import STATUS
from tasplus_cli.domain.winrate import Params
from tasplus_cli.messages import command, language, msg
from tasplus_cli.store.accounts import _apply
from tasplus_cli.store.activities import note_text
from tasplus_cli.store.tables import Account, Competitor, OppCompetitor, Opportunity
from tasplus_cli.store.records import assign_code, claim_name, for_change, record, resolve

if TYPE_CHECKING:  # annotations only: the tables are built where a function uses them
    from tasplus_cli.store.tables import (CompetitorEvent, CompetitorPartner, CompetitorQuote, CompetitorRelation,
                                          Contact)

TEXT_FIELDS = ("website", "description", "strengths", "weaknesses", "tactics", "notes")
NO_RECORD = {"deals": 0, "open": 0, "we_won": 0, "they_won": 0, "lost_to_others": 0, "abandoned": 0}


def get_competitor(s: Session, ref: str) -> Competitor:
    return resolve(s, Competitor, ref, "CMP", "competitor", "tasplus competitor list")


def find_competitor(s: Session, ref: str) -> Competitor | None:
    """Like ``get_competitor`` but None when nothing matches (ambiguous still raises)."""
    try:
        return get_competitor(s, ref)
    except NotFound:
        return None


def _texts(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: note_text(v, f"--{k}") for k, v in fields.items() if k in TEXT_FIELDS}


def _check_name_free(s: Session, name: str, other_than: int | None = None) -> None:
    claim_name(s, "competitor", name)
    q = select(Competitor).where(func.lower(Competitor.name) == name.lower())
    if other_than is not None:
        q = q.where(Competitor.id != other_than)
    taken = s.exec(q).first()
    if taken:
        raise Conflict(msg("error.competitor.name_taken", code=taken.code, name=taken.name),
                       msg("hint.competitor.see_it", command=command("competitor", "show", taken.code)))


def add_competitor(s: Session, name: str, **fields: Any) -> Competitor:
    name = require_text(name, "NAME", details="--notes")
    _check_name_free(s, name)
    c = Competitor(name=name, **{k: v for k, v in _texts(fields).items() if v is not None})
    assign_code(s, c, "CMP")
    return c


def edit_competitor(s: Session, c: Competitor, name: str | None = None, **fields: Any) -> Competitor:
    for_change(s, c)
    if name is not None:
        name = require_text(name, "--name", details="--notes")
        _check_name_free(s, name, other_than=c.id)
    _apply(c, {"name": name, **_texts(fields)})
    s.add(c)
    return c


def add_partner(s: Session, c: Competitor, name: str, notes: str | None = None) -> CompetitorPartner:
    from tasplus_cli.store.tables import CompetitorPartner

    name = require_text(name, "NAME", details="--notes")
    for_change(s, c)
    if s.exec(select(CompetitorPartner).where(CompetitorPartner.competitor_id == c.id,
                                              func.lower(CompetitorPartner.name) == name.lower())).first():
        raise Conflict(msg("error.competitor.partner_taken", name=name, competitor=c.name), _see_card(c))
    p = CompetitorPartner(competitor_id=c.id, name=name, notes=note_text(notes, "--notes"))
    s.add(p)
    return p


def add_event(s: Session, c: Competitor, day: date, text: str) -> CompetitorEvent:
    from tasplus_cli.store.tables import CompetitorEvent

    ev = CompetitorEvent(competitor_id=c.id, day=day, text=note_text(text, "TEXT"))
    s.add(ev)
    return ev


def add_quote(s: Session, c: Competitor, day: date, amount_minor: int, currency: str, *,
              opp: Opportunity | None = None, account: Account | None = None, product: str | None = None,
              notes: str | None = None) -> CompetitorQuote:
    from tasplus_cli.store.tables import CompetitorQuote

    if opp is None and account is None:
        raise InvalidValue(msg("error.competitor.quote_whose"), msg("hint.competitor.quote_whose"))
    if opp is not None and account is not None and opp.account_id != account.id:
        raise InvalidValue(msg("error.competitor.quote_other_account", code=opp.code, account=account.name),
                           msg("hint.competitor.quote_other_account"))
    q = CompetitorQuote(competitor_id=c.id, day=day, opp_id=opp.id if opp else None,
                        account_id=opp.account_id if opp else account.id, amount_minor=amount_minor,
                        currency=currency, product=note_text(product, "--product"), notes=note_text(notes, "--notes"))
    s.add(q)
    return q


def add_relation(s: Session, c: Competitor, account: Account, contact: Contact | None = None,
                 relationship: str | None = None, notes: str | None = None) -> CompetitorRelation:
    from tasplus_cli.store.tables import CompetitorRelation

    if contact is not None and contact.account_id != account.id:
        raise InvalidValue(msg("error.competitor.contact_elsewhere", code=contact.code, name=contact.name),
                           msg("hint.competitor.contact_elsewhere"))
    for_change(s, c)
    same = s.exec(select(CompetitorRelation).where(
        CompetitorRelation.competitor_id == c.id, CompetitorRelation.account_id == account.id,
        CompetitorRelation.contact_id == (contact.id if contact else None))).first()
    if same:
        raise Conflict(msg("error.competitor.relation_taken", competitor=c.name,
                           party=contact.name if contact else account.name), _see_card(c))
    r = CompetitorRelation(competitor_id=c.id, account_id=account.id, contact_id=contact.id if contact else None,
                           relationship=relationship, notes=note_text(notes, "--notes"))
    s.add(r)
    return r


# --- competitors on a deal ---------------------------------------------------------------

def on_deal(s: Session, opp: Opportunity) -> list[tuple[OppCompetitor, Competitor]]:
    """The deal's competitors in the order they were put on it (the win rate's tie-break)."""
    return list(s.exec(select(OppCompetitor, Competitor).join(Competitor, Competitor.id == OppCompetitor.competitor_id)
                       .where(OppCompetitor.opp_id == opp.id).order_by(OppCompetitor.id)).all())


def _link(s: Session, opp: Opportunity, c: Competitor) -> OppCompetitor | None:
    return s.exec(select(OppCompetitor).where(OppCompetitor.opp_id == opp.id,
                                              OppCompetitor.competitor_id == c.id)).first()


def put_on_deal(s: Session, opp: Opportunity, c: Competitor, by: str, strict: bool = True,
                reason: str | None = None) -> bool:
    """Put ``c`` on the deal; False when it already was (a ``Conflict`` when ``strict``)."""
    for_change(s, opp)
    if _link(s, opp, c) is not None:
        if strict:
            raise Conflict(msg("error.competitor.on_deal", name=c.name, code=opp.code), _see_deal(opp))
        return False
    s.add(OppCompetitor(opp_id=opp.id, competitor_id=c.id))
    record(s, opp, "competitor", None, f"{c.code} {c.name}", by, reason)
    return True


def take_off_deal(s: Session, opp: Opportunity, c: Competitor, by: str, today: date, params: Params,
                  reason: str | None = None) -> None:
    """Take ``c`` off the deal and recompute its win rate with ``params`` (``settings.winrate``)."""
    from tasplus_cli.store import winrate

    for_change(s, opp)
    link = _link(s, opp, c)
    if link is None:
        raise NotFound(msg("error.competitor.not_on_deal", name=c.name, code=opp.code), _see_deal(opp))
    if link.is_winner:
        raise Conflict(msg("error.competitor.winner", name=c.name, code=opp.code),
                       msg("hint.competitor.reopen", command=command("opp", "reopen", opp.code)))
    s.delete(link)
    record(s, opp, "competitor", f"{c.code} {c.name}", None, by, reason)
    s.flush()
    winrate.recompute(s, opp, today, by, "competitor", params)


def set_winner(s: Session, opp: Opportunity, c: Competitor, by: str, reason: str | None = None) -> None:
    """Record who won a deal we lost, after it was closed (``opps.close`` does it when closing)."""
    for_change(s, opp)
    if opp.status != "lost":
        raise Conflict(msg("error.competitor.winner_not_lost", code=opp.code,
                           status=STATUS.label(opp.status, language())), None)
    put_on_deal(s, opp, c, by, strict=False)
    link = _link(s, opp, c)
    link.is_winner = True
    s.add(link)
    record(s, opp, "won_by", None, c.name, by, reason)


def _see_card(c: Competitor) -> str:
    return msg("hint.competitor.see", command=command("competitor", "show", c.code))


def _see_deal(opp: Opportunity) -> str:
    return msg("hint.competitor.see", command=command("competitor", "list", "--opp", opp.code))


# --- read models --------------------------------------------------------------------------

def competitor_dict(c: Competitor) -> dict:
    return {"code": c.code, "name": c.name, **{k: getattr(c, k) for k in TEXT_FIELDS}, "external_id": c.external_id}


def _records(s: Session) -> dict[int, dict]:
    """Per competitor: deals in, open, and the outcome of the closed ones against us."""
    out: dict[int, dict] = {}
    rows = s.exec(select(OppCompetitor.competitor_id, OppCompetitor.is_winner, Opportunity.status)
                  .join(Opportunity, Opportunity.id == OppCompetitor.opp_id)).all()
    for cid, winner, status in rows:
        r = out.setdefault(cid, dict(NO_RECORD))
        r["deals"] += 1
        key = {"open": "open", "won": "we_won", "abandoned": "abandoned"}.get(status)
        r[key or ("they_won" if winner else "lost_to_others")] += 1
    return out


def list_competitors(s: Session) -> list[dict]:
    records = _records(s)
    return [{**competitor_dict(c), **records.get(c.id, NO_RECORD)}
            for c in s.exec(select(Competitor).order_by(Competitor.id)).all()]


def show(s: Session, c: Competitor) -> dict:
    """Everything the library knows about one competitor (``competitor show``)."""
    from tasplus_cli.store.tables import (CompetitorEvent, CompetitorPartner, CompetitorQuote, CompetitorRelation,
                                          Contact)

    accounts = {a.id: a for a in s.exec(select(Account)).all()}
    deals = {o.id: o for o in s.exec(select(Opportunity).join(OppCompetitor, OppCompetitor.opp_id == Opportunity.id)
                                     .where(OppCompetitor.competitor_id == c.id)).all()}
    links = s.exec(select(OppCompetitor).where(OppCompetitor.competitor_id == c.id).order_by(OppCompetitor.id)).all()
    quotes = s.exec(select(CompetitorQuote).where(CompetitorQuote.competitor_id == c.id)
                    .order_by(CompetitorQuote.day, CompetitorQuote.id)).all()
    quote_deals = {o.id: o for o in s.exec(select(Opportunity).where(
        Opportunity.id.in_([q.opp_id for q in quotes if q.opp_id]))).all()}
    contacts = {p.id: p for p in s.exec(select(Contact).join(CompetitorRelation, CompetitorRelation.contact_id == Contact.id)
                                        .where(CompetitorRelation.competitor_id == c.id)).all()}
    d = competitor_dict(c)
    d["partners"] = [{"name": p.name, "notes": p.notes} for p in s.exec(
        select(CompetitorPartner).where(CompetitorPartner.competitor_id == c.id).order_by(CompetitorPartner.id)).all()]
    d["events"] = [{"date": ev.day.isoformat(), "text": ev.text} for ev in s.exec(
        select(CompetitorEvent).where(CompetitorEvent.competitor_id == c.id)
        .order_by(CompetitorEvent.day, CompetitorEvent.id)).all()]
    d["quotes"] = [{"date": q.day.isoformat(), "deal": quote_deals[q.opp_id].code if q.opp_id else None,
                    "deal_name": quote_deals[q.opp_id].name if q.opp_id else None,
                    "account": accounts[q.account_id].name if q.account_id else None,
                    "amount": major(q.amount_minor), "currency": q.currency, "product": q.product, "notes": q.notes}
                   for q in quotes]
    d["relations"] = [{"account": accounts[r.account_id].name,
                       "contact": contacts[r.contact_id].name if r.contact_id else None,
                       "contact_code": contacts[r.contact_id].code if r.contact_id else None,
                       "relationship": r.relationship, "notes": r.notes}
                      for r in s.exec(select(CompetitorRelation).where(CompetitorRelation.competitor_id == c.id)
                                      .order_by(CompetitorRelation.id)).all()]
    d["deals"] = [{"code": deals[k.opp_id].code, "name": deals[k.opp_id].name,
                   "account": accounts[deals[k.opp_id].account_id].name, "stage": deals[k.opp_id].stage,
                   "status": deals[k.opp_id].status, "winner": k.is_winner} for k in links]
    d["record"] = _records(s).get(c.id, dict(NO_RECORD))
    return d


def deal_competitors(s: Session, opp: Opportunity) -> list[dict]:
    """The deal's competitors with their latest scores and the day given (None when never scored)."""
    from tasplus_cli.store.surveys import latest_scores

    scores = latest_scores(s, [opp.id]).get(opp.id, {})
    out = []
    for link, c in on_deal(s, opp):
        fit, close, day = scores.get(c.id, (None, None, None))
        out.append({"code": c.code, "name": c.name, "added": link.added_at.date().isoformat(), "fit": fit,
                    "closeness": close, "strength": fit + close if fit else None, "winner": link.is_winner,
                    "scored_on": day.isoformat() if day else None})
    return out


# --- demo steps (sample_data/demo_compete.toml) -------------------------------------------

def _demo_competitor(d: Any, step: dict) -> None:
    add_competitor(d.s, step["name"], **{k: step.get(k) for k in TEXT_FIELDS})
    c = get_competitor(d.s, step["name"])
    for p in step.get("partners", []):
        add_partner(d.s, c, p["name"], p.get("notes"))


def _demo_library(d: Any, step: dict) -> None:
    """A dated key event, a quote or a relationship of a competitor."""
    c = get_competitor(d.s, step["competitor"])
    if "event" in step:
        add_event(d.s, c, d.day, step["event"])
    if "quote" in step:
        add_quote(d.s, c, d.day, parse_amount(step["quote"]), step.get("currency", d.settings.currency),
                  opp=d.deals[step["deal"]] if "deal" in step else None,
                  account=d.account(step["account"]) if "account" in step and "deal" not in step else None,
                  product=step.get("product"), notes=step.get("notes"))
    if "relation" in step:
        acc = d.account(step["account"])
        add_relation(d.s, c, acc, d.contact(acc, step["contact"]) if "contact" in step else None,
                     step["relation"], step.get("notes"))


def _demo_compete(d: Any, step: dict) -> None:
    o, c = d.deal(step), get_competitor(d.s, step["competitor"])
    if step.get("winner"):
        set_winner(d.s, o, c, step.get("by", o.owner), step.get("reason"))
    elif put_on_deal(d.s, o, c, step.get("by", o.owner)):
        link = _link(d.s, o, c)
        link.added_at = datetime.combine(d.day, time(9, 0), tzinfo=timezone.utc)
        d.s.add(link)


DEMO_HANDLERS = {"competitor": _demo_competitor, "competitor_library": _demo_library, "compete": _demo_compete}
