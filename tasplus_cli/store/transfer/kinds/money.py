"""Exchange rates in CSV (``fx-rates``): one row per currency and day, matched on
both (unique). ``--all`` carries them first, before the deals, whose automatic
grades are computed in the base currency at the rates in force on import."""

from __future__ import annotations

from tasplus_cli.store.models import FxRate
from tasplus_cli.store.transfer import fields as c
from tasplus_cli.store.transfer.spec import Field, Kind
from tasplus_cli.store.transfer.values import Currency, Day, FxRate as Rate, Text

FX_RATES = Kind(
    "fx-rates", FxRate, unique_key=True, natural_key=("currency", "day"), extra=True, aliases=("fx", "rates"),
    doc="exchange rates into the base currency; matched by currency + day", fields=(
        Field("currency", "币种", Currency(), required=True, aliases=("货币",)),
        Field("day", "日期", Day(), required=True, aliases=("date", "生效日期")),
        Field("rate", "汇率", Rate(), column="rate_micro", required=True, aliases=("exchange rate",)),
        Field("set_by", "设置人", Text()), c.created()))
