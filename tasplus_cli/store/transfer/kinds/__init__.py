"""Every record kind in CSV, declared by noun: ``users`` (the sales team), ``deals`` (accounts, contacts,
deals, compelling events, teams, history), ``money`` (exchange rates), ``competitors`` (the library,
deal competitors, surveys, win-rate points), ``people`` (stakeholders,
activities), ``plans`` (deal plans, tactics, value comparisons, reviews) and
``forecast`` (targets, managers' calls) and ``coaching`` (agreed actions, acknowledged warnings).

``KINDS`` lists them in the order ``--all`` imports and exports them
(referenced kinds first): this order, and every kind's columns, are the CSV
format, so ``export --all`` writes the same files, byte for byte, as long as
the data is the same.
"""

from __future__ import annotations

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.vocab import normalize
from tasplus_cli.messages import msg
from tasplus_cli.store.transfer.kinds.coaching import ACKS, ACTIONS
from tasplus_cli.store.transfer.kinds.competitors import (
    COMPETITOR_EVENTS,
    COMPETITORS,
    DEAL_COMPETITORS,
    PARTNERS,
    QUOTES,
    RELATIONS,
    SURVEYS,
    WIN_RATES,
)
from tasplus_cli.store.transfer.kinds.forecast import FORECAST_CALLS, TARGETS
from tasplus_cli.store.transfer.kinds.deals import ACCOUNTS, CONTACTS, EVENTS, HISTORY, OPPORTUNITIES, TEAM
from tasplus_cli.store.transfer.kinds.money import FX_RATES
from tasplus_cli.store.transfer.kinds.people import ACTIVITIES, STAKEHOLDERS
from tasplus_cli.store.transfer.kinds.plans import DEAL_PLANS, REVIEWS, TACTICS, VALUE_COMPARISONS
from tasplus_cli.store.transfer.kinds.users import USERS
from tasplus_cli.store.transfer.spec import Kind

KINDS: dict[str, Kind] = {k.name: k for k in (
    USERS, ACCOUNTS, CONTACTS, COMPETITORS, FX_RATES, OPPORTUNITIES, EVENTS, TEAM, HISTORY, PARTNERS, COMPETITOR_EVENTS, RELATIONS,
    DEAL_COMPETITORS, QUOTES, STAKEHOLDERS, ACTIVITIES, SURVEYS, WIN_RATES, DEAL_PLANS, TACTICS, VALUE_COMPARISONS,
    REVIEWS, TARGETS, FORECAST_CALLS, ACTIONS, ACKS)}


def kind_named(text: str) -> Kind:
    """A kind by its name or an alias (``opps``, ``deals``), case and spacing ignored."""
    wanted = normalize(text)
    for k in KINDS.values():
        if wanted in (normalize(k.name), *(normalize(a) for a in k.aliases)):
            return k
    raise InvalidValue(msg("error.csv.unknown_kind", kind=repr(text)), msg("hint.csv.kinds", kinds=", ".join(KINDS)))
