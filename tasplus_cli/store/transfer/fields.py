"""Column building blocks shared by the kinds: codes, references, stamps."""

from __future__ import annotations

from typing import Any

from tasplus_cli.store.transfer.spec import Field
from tasplus_cli.store.transfer.values import Code, Name, Ref, Stamp, Text


def NOW(ctx: Any) -> Any:  # noqa: N802 - a default, read like a constant
    return ctx.now


def USER(ctx: Any) -> Any:  # noqa: N802
    return ctx.user


def CURRENCY(ctx: Any) -> Any:  # noqa: N802 - the home currency of the settings
    return ctx.currency


def code(prefix: str) -> Field:
    return Field("code", "编号", Code(prefix), aliases=("代码", "code no"))


def created() -> Field:
    return Field("created_at", "创建时间", Stamp(), auto=True, default=NOW, aliases=("created",))


def updated() -> Field:
    return Field("updated_at", "更新时间", Stamp(), auto=True, default=NOW, aliases=("updated", "last modified"))


def external() -> Field:
    return Field("external_id", "外部编号", Name(), aliases=("外部ID", "external id", "crm id"))


def notes(name: str = "notes") -> Field:
    return Field(name, "备注", Text(), aliases=("说明", "note" if name == "notes" else "notes"))


def opp(required: bool = True) -> Field:
    return Field("opp", "商机", Ref("opportunities"), column="opp_id", required=required,
                 aliases=("商机编号", "deal", "opportunity", "opp code"))


def account(show: str = "code", required: bool = True, name: str = "account") -> Field:
    zh, aliases = ("客户编号", ("account code",)) if name == "account_code" else (
        "客户", ("客户名称", "account name", "company", "公司", "customer"))
    return Field(name, zh, Ref("accounts", show), column="account_id", required=required, aliases=aliases)


def competitor(required: bool = True) -> Field:
    return Field("competitor", "竞争对手", Ref("competitors"), column="competitor_id", required=required,
                 aliases=("竞争对手编号", "competitor code"))


def contact(column: str = "contact_id", required: bool = False, name: str = "contact", zh: str = "联系人",
            aliases: tuple[str, ...] = ("联系人编号", "person"), show: str = "code") -> Field:
    return Field(name, zh, Ref("contacts", show), column=column, required=required, aliases=aliases)
