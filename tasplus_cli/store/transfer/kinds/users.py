"""The sales team's users in CSV (``users``: name, manager, email), matched by name (case-blind,
unique). ``--all`` carries them first: every other kind names its users by name.

Rules beyond single cells (``check_users``, once every row of the file is planned): a manager
is a user, stored or in the file (or created by ``--create-missing``); managers form no loop
(``domain.users.manager_loop``); a row whose manager's row is bad is bad too; an import never
renames a user (a row matched case-blind keeps the stored spelling: ``user edit --name``
renames everywhere at once).
"""

from __future__ import annotations

from typing import Any

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.users import check_email, fold, manager_loop
from tasplus_cli.messages import msg
from tasplus_cli.store.models import AppUser
from tasplus_cli.store.transfer import fields as c
from tasplus_cli.store.transfer.spec import Field, Kind
from tasplus_cli.store.transfer.values import VT, Name


class Email(VT):
    def parse(self, raw: str, flag: str, ctx: Any) -> str:
        return check_email(raw, flag)


def check_users(planned: list, stored: Any, ctx: Any) -> None:
    good = [p for p in planned if not p.errors]
    tree = {fold(name): manager for name, manager in stored.each("name", "manager")}
    here = {}
    for p in good:
        if p.old is not None:
            p.row["name"] = p.old["name"]
        here[fold(p.row["name"])] = p.row["name"]
    for p in good:
        boss = p.row.get("manager")
        if boss is not None:
            try:
                boss = p.row["manager"] = here.get(fold(boss)) or ctx.users.resolve(boss, _header(p), ctx)
            except InvalidValue as e:
                p.fail("manager", e.message, e.hint)
        tree[fold(p.row["name"])] = p.row.get("manager")
    for p in good:
        if not p.errors and p.row.get("manager") and manager_loop(tree, p.row["name"], p.row["manager"]):
            p.fail("manager", msg("error.csv.reporting_cycle"), msg("hint.csv.reporting_cycle"))
    failed = {fold(p.row["name"]) for p in good if p.errors and p.old is None}
    while failed:  # a user under a manager who will not be written is not written either
        newly = {fold(p.row["name"]) for p in good if not p.errors and p.row.get("manager")
                 and fold(p.row["manager"]) in failed}
        for p in good:
            if fold(p.row["name"]) in newly:
                p.fail("manager", msg("error.csv.refers_to_bad_row"), msg("hint.csv.fix_that_row"))
        failed = newly
    for p in good:
        if not p.errors:
            ctx.users.add(p.row["name"])


def _header(p: Any) -> str:
    b = p.bindings.get("manager")
    return b.header if b else "manager"


USERS = Kind(
    "users", AppUser, unique_key=True, natural_key=("name",), check=check_users, aliases=("user",),
    doc="the sales team: users and their managers; matched by name", fields=(
        Field("name", "姓名", Name(), required=True, aliases=("用户", "user", "销售", "rep")),
        Field("manager", "经理", Name(), aliases=("上级", "直属上级", "reports to")),
        Field("email", "邮箱", Email(), aliases=("电子邮件", "e-mail")),
        c.created(), c.updated()))
