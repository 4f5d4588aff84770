"""Interactive prompts: the only module that imports questionary (lazily, so
importing this module stays cheap).

Callers prompt only when ``env().interactive`` says so. Every prompt goes
through ``_ask``: Ctrl-C, end of input or a cancelled prompt raise
``Cancelled`` (exit 130) before anything is written, because commands prompt
before they open their write session. Prompts use the current prompt_toolkit
app session, so tests drive them with ``create_pipe_input()`` and
``DummyOutput()``.
"""

from __future__ import annotations

from typing import Any, Callable

from tasplus_cli.domain.errors import Cancelled
from tasplus_cli.domain.vocab import SCALE
from tasplus_cli.domain.winrate import SurveyAnswers

SKIP, OTHER, NOBODY = "__skip__", "__other__", "__nobody__"


def _ask(question: Any) -> Any:
    try:
        answer = question.unsafe_ask()
    except (KeyboardInterrupt, EOFError):
        raise Cancelled("cancelled; nothing was written") from None
    if answer is None:
        raise Cancelled("cancelled; nothing was written")
    return answer


def say(text: str) -> None:
    """A line between prompts, on the prompts' own output (never markup)."""
    import questionary

    questionary.print(text)


def select(message: str, choices: list[tuple[str, Any]], default: Any = None, shortcuts: bool = False) -> Any:
    import questionary

    items = [questionary.Choice(title, value=value) for title, value in choices]
    return _ask(questionary.select(message, choices=items, default=default, use_shortcuts=shortcuts))


def text(message: str, default: str = "", required: bool = False) -> str:
    import questionary

    check: Callable[[str], bool | str] = (lambda v: bool(v.strip()) or "type a value") if required else (lambda v: True)
    return _ask(questionary.text(message, default=default, validate=check)).strip()


def autocomplete(message: str, options: list[str]) -> str:
    import questionary

    if not options:
        return text(message, required=True)
    return _ask(questionary.autocomplete(message, choices=options, validate=lambda v: bool(v.strip()) or
                                         "type a name", match_middle=True)).strip()


def confirm(message: str, default: bool = True) -> bool:
    import questionary

    return bool(_ask(questionary.confirm(message, default=default)))


def score(message: str, lang: str, skip: str | None = None) -> int | None:
    """A 1–5 answer with the scale labels (arrow keys or the digit, then Enter); None when skipped."""
    choices: list[tuple[str, Any]] = [(f"{n}  {zh if lang == 'zh' else en}", n) for n, (en, zh) in SCALE.items()]
    if skip:
        choices.append((skip, SKIP))
    answer = select(message, choices, default=3, shortcuts=True)
    return None if answer == SKIP else answer


# --- the survey (METHOD §7) ----------------------------------------------------------------

WORDS = {  # key: (English, 中文)
    "title": ("Survey of {code} {name} · {account}   (Ctrl-C cancels; nothing is saved until the end)",
              "问卷：{code} {name} · {account}   （Ctrl-C 取消；最后确认前不保存）"),
    "inside": ("Do we have an inside source (内部消息来源) at {account}?", "我们在{account}有内部消息来源吗？"),
    "yes": ("yes", "有"), "no": ("no", "没有"),
    "who": ("Who is it?", "是谁？"), "other": ("someone else (type a name)", "其他人（输入名字）"),
    "nobody": ("rather not say", "不便透露"), "their_name": ("Their name:", "名字："),
    "q1": ("1. How well do our resources meet the customer's needs?", "1. 我方资源满足客户需求的程度？"),
    "q2": ("2. How close is our relationship with the customer?", "2. 我方与客户的关系紧密程度？"),
    "q3": ("3. How well does {name} meet the customer's needs?", "3. {name} 满足客户需求的程度？"),
    "q4": ("4. How close is {name} to the customer?", "4. {name} 与客户的关系紧密程度？"),
    "skip": ("don't know: leave {name} unscored", "不清楚：{name} 不打分"),
    "more": ("Add a competitor that is not on this deal yet?", "添加一个尚未在此商机中的竞争对手？"),
    "which": ("Competitor (a new name is added to the library):", "竞争对手（新名字会加入对手库）："),
    "several": ("{typed!r} matches {names}: type more of the name", "“{typed}”匹配到 {names}：请输入更完整的名字"),
    "new": ("{name} is not in the competitor library. Add it?", "对手库中没有 {name}，要添加吗？"),
    "answered": ("Who answered?", "谁回答的？"),
    "reviewed": ("Which manager reviewed it? (empty: nobody yet)", "哪位经理审核？（留空：尚未审核）"),
    "save": ("Save this survey?", "保存这份问卷？"),
}


def _w(key: str, lang: str, **kw: Any) -> str:
    en, zh = WORDS[key]
    return (zh if lang == "zh" else en).format(**kw)


def _match(typed: str, library: list[dict]) -> dict | None | list[dict]:
    """Like the store's resolver: a code or exact name, else a unique part of a name; several → the list."""
    low = typed.strip().lower()
    exact = [c for c in library if low in (c["code"].lower(), c["name"].lower())]
    if exact:
        return exact[0]
    part = [c for c in library if low in c["name"].lower()]
    return part[0] if len(part) == 1 else (part or None)


def new_competitors(a: SurveyAnswers, unknown: list[str], lang: str = "en") -> list[str]:
    """Ask, for each scored name not in the library, whether to add it; drop the scores of the
    ones declined and return their names."""
    declined = [n for n in unknown if not confirm(_w("new", lang, name=n), default=True)]
    a.create += [n for n in unknown if n not in declined]
    a.competitors = [c for c in a.competitors if c[0] not in declined]
    return declined


def _pair(name: str, lang: str, skip: bool) -> tuple[int, int] | None:
    fit = score(_w("q3", lang, name=name), lang, skip=_w("skip", lang, name=name) if skip else None)
    if fit is None:
        return None
    return fit, score(_w("q4", lang, name=name), lang)


def _more_competitors(ctx: dict, a: SurveyAnswers, offered: set[str], lang: str) -> None:
    while confirm(_w("more", lang), default=False):
        typed = autocomplete(_w("which", lang), [c["name"] for c in ctx["library"] if c["code"] not in offered])
        found = _match(typed, ctx["library"])
        if isinstance(found, list):
            say(_w("several", lang, typed=typed, names=", ".join(c["name"] for c in found)))
            continue
        if found is None and not confirm(_w("new", lang, name=typed), default=True):
            continue
        if found:
            offered.add(found["code"])
        else:
            a.create.append(typed)
        fit, close = _pair(found["name"] if found else typed, lang, skip=False)
        a.competitors.append((found["code"] if found else typed, fit, close))


def survey(ctx: dict, a: SurveyAnswers, lang: str, user: str) -> SurveyAnswers:
    """Fill the unanswered parts of ``a`` by asking (``ctx`` from ``store.surveys.context``)."""
    say(_w("title", lang, code=ctx["code"], name=ctx["name"], account=ctx["account"]))
    if a.inside_source is None:
        a.inside_source = select(_w("inside", lang, account=ctx["account"]),
                                 [(_w("yes", lang), True), (_w("no", lang), False)])
    if a.inside_source and a.source is None:
        people = [(f"{c['name']} · {c['title']}" if c["title"] else c["name"], c["code"]) for c in ctx["contacts"]]
        pick = select(_w("who", lang), people + [(_w("other", lang), OTHER), (_w("nobody", lang), NOBODY)])
        a.source = text(_w("their_name", lang), required=True) if pick == OTHER else None if pick == NOBODY else pick
    if a.our_fit is None:
        a.our_fit = score(_w("q1", lang), lang)
    if a.our_closeness is None:
        a.our_closeness = score(_w("q2", lang), lang)
    new_competitors(a, ctx["unknown"], lang)
    for c in ctx["pending"]:
        pair = _pair(c["name"], lang, skip=True)
        if pair:
            a.competitors.append((c["code"], *pair))
    _more_competitors(ctx, a, set(ctx["offered"]), lang)
    if a.answered_by is None:
        a.answered_by = text(_w("answered", lang), default=user, required=True)
    if a.reviewed_by is None:
        a.reviewed_by = text(_w("reviewed", lang)) or None
    _summary(ctx, a)
    if not confirm(_w("save", lang), default=True):
        raise Cancelled("survey not saved; nothing was written")
    return a


def _summary(ctx: dict, a: SurveyAnswers) -> None:
    names = {c["code"]: c["name"] for c in ctx["library"]}
    people = {c["code"]: c["name"] for c in ctx["contacts"]}
    source = people.get(a.source or "", a.source) or "not named"
    say(f"inside source: {'yes (' + source + ')' if a.inside_source else 'no'} · "
        f"us: fit {a.our_fit}, closeness {a.our_closeness}")
    for ref, fit, close in a.competitors:
        say(f"  {names.get(ref, ref)}: fit {fit}, closeness {close}" + ("  (new)" if ref in a.create else ""))
    if not a.competitors:
        say("  no competitor scored: the win rate will be 50 % (we only know ourselves)")
    say(f"answered by {a.answered_by} · reviewed by {a.reviewed_by or 'nobody yet'}")
