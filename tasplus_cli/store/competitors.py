"""The competitor library (METHOD §6)."""

from __future__ import annotations

from sqlmodel import Session

from tasplus_cli.store.common import resolve
from tasplus_cli.store.models_tas import Competitor


def get_competitor(s: Session, ref: str) -> Competitor:
    return resolve(s, Competitor, ref, "CMP", "competitor", "tasplus competitor list")
