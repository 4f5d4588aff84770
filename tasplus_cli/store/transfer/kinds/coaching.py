"""Coaching in CSV (METHOD §13): ``actions`` (the actions agreed in a review, by code) and
``acks`` (acknowledged review warnings). Both are carried by ``export --all`` / ``import
--all`` for a faithful copy of a database (``extra``) rather than typed by hand. An action is
matched by its code (else deal + text + due day), an acknowledgement by deal + warning + the day
it was made; an action's owner is a user (``User``: unknown → a bad cell, or a new user with
``--create-missing``). A warning key and an ack's facts are kept as stored (the facts are the
JSON the review compares to lift the ack when they change)."""

from __future__ import annotations

from tasplus_cli.store.models import CoachingAction, WarningAck
from tasplus_cli.store.transfer import fields as c
from tasplus_cli.store.transfer.spec import Field, Kind
from tasplus_cli.store.transfer.values import Day, Name, Text, User

ACTIONS = Kind(
    "actions", CoachingAction, prefix="AGR", natural_key=("opp_id", "text", "due"), extra=True,
    aliases=("coaching-actions",), doc="actions agreed in the weekly review", fields=(
        c.code("AGR"), c.opp(), Field("text", "行动", Text(), required=True),
        Field("owner", "负责人", User(), required=True), Field("due", "截止日期", Day(), required=True),
        Field("warning", "预警", Name()), Field("status", "状态", Name(), default="open"),
        Field("agreed_on", "约定日期", Day(), required=True), Field("done_on", "完成日期", Day()),
        c.notes("note"), Field("created_by", "创建人", Name(repeats=True)), c.created()))

ACKS = Kind(
    "acks", WarningAck, natural_key=("opp_id", "warning", "day"), extra=True,
    aliases=("acknowledged-warnings",), doc="review warnings acknowledged until a date", fields=(
        c.opp(), Field("warning", "预警", Name(), required=True), Field("until", "有效期至", Day(), required=True),
        Field("reason", "理由", Text(), required=True), Field("facts", "事实", Text(), default="{}"),
        Field("by", "确认人", Name(repeats=True)), Field("day", "确认日期", Day(), required=True), c.created()))
