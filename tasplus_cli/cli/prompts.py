"""Interactive prompts: the only module that imports questionary (lazily, so
importing this module stays cheap).

Callers prompt only when ``env().interactive`` says so. Every prompt goes
through ``_ask``: Ctrl-C, end of input or a cancelled prompt raise
``Cancelled`` (exit 130) before anything is written, because commands prompt
before they open their write session. Prompts use the current prompt_toolkit
app session, so tests drive them with ``create_pipe_input()`` and
``DummyOutput()``. The survey's words are catalogue entries ``survey.ask.*``.

Text policy (``domain.text``): an answer typed at ``text`` or ``autocomplete`` is one
line without control, escape or direction characters; the prompt says so under the
answer and waits for another. What a prompt shows (questions that quote stored names,
choices, ``say`` lines) is made visible first: a stored escape code never reaches the
terminal raw.
"""

from __future__ import annotations

from typing import Any, Callable

from tasplus_cli.domain import text as policy
from tasplus_cli.domain.errors import Cancelled
from tasplus_cli.messages import msg, text as msg_text
from tasplus_cli.domain.winrate import SurveyAnswers, scale_labels

SKIP, OTHER, NOBODY = "__skip__", "__other__", "__nobody__"


def _ask(question: Any) -> Any:
    try:
        answer = question.unsafe_ask()
    except (KeyboardInterrupt, EOFError):
        raise Cancelled(msg("error.prompt.cancelled")) from None
    if answer is None:
        raise Cancelled(msg("error.prompt.cancelled"))
    return answer


def say(text: str) -> None:
    """A line between prompts, on the prompts' own output (never markup)."""
    import questionary

    questionary.print(policy.visible(text))


def select(message: str, choices: list[tuple[str, Any]], default: Any = None, shortcuts: bool = False) -> Any:
    import questionary

    items = [questionary.Choice(policy.visible(title), value=value) for title, value in choices]
    return _ask(questionary.select(policy.visible(message), choices=items, default=default, use_shortcuts=shortcuts))


def _answer(empty: str | None) -> Callable[[str], bool | str]:
    """A prompt's check of the typed line: the text policy, and not blank unless ``empty`` is None."""
    def check(v: str) -> bool | str:
        if empty is not None and not v.strip():
            return empty
        return policy.problem(v) or True
    return check


def text(message: str, default: str = "", required: bool = False) -> str:
    import questionary

    check = _answer(msg("prompt.type_value") if required else None)
    return _ask(questionary.text(policy.visible(message), default=policy.visible(default), validate=check)).strip()


def autocomplete(message: str, options: list[str]) -> str:
    import questionary

    if not options:
        return text(message, required=True)
    return _ask(questionary.autocomplete(policy.visible(message), choices=[policy.visible(o) for o in options],
                                         validate=_answer(msg("prompt.type_name")), match_middle=True)).strip()


def confirm(message: str, default: bool = True) -> bool:
    import questionary

    return bool(_ask(questionary.confirm(policy.visible(message), default=default)))


def score(message: str, lang: str, skip: str | None = None) -> int | None:
    """A 1–5 answer with the scale labels (arrow keys or the digit, then Enter); None when skipped."""
    choices: list[tuple[str, Any]] = [(f"{n}  {word}", n) for n, word in scale_labels(lang)]
    if skip:
        choices.append((skip, SKIP))
    answer = select(message, choices, default=3, shortcuts=True)
    return None if answer == SKIP else answer


# --- the survey (METHOD §7) ----------------------------------------------------------------

def _w(key: str, lang: str, **kw: Any) -> str:
    """The survey's words (catalogue ids ``survey.ask.*``) in ``lang``."""
    return msg_text(f"survey.ask.{key}", lang, **kw)


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


def _pair(name: str, lang: str, skip: bool | str) -> tuple[int, int] | None:
    """A competitor's two scores; ``skip``: True offers "leave unscored", a string offers that answer."""
    label = skip if isinstance(skip, str) else _w("skip", lang, name=name) if skip else None
    fit = score(_w("q3", lang, name=name), lang, skip=label)
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
                                 [(msg_text("survey.yes", lang), True), (msg_text("survey.no", lang), False)])
    if a.inside_source and a.source is None:
        people = [(f"{c['name']} · {c['title']}" if c["title"] else c["name"], c["code"]) for c in ctx["contacts"]]
        pick = select(_w("who", lang), people + [(_w("other", lang), OTHER), (_w("nobody", lang), NOBODY)])
        a.source = text(_w("their_name", lang), required=True) if pick == OTHER else None if pick == NOBODY else pick
    if a.our_fit is None:
        a.our_fit = score(_w("q1", lang), lang)
    if a.our_closeness is None:
        a.our_closeness = score(_w("q2", lang), lang)
    new_competitors(a, ctx["unknown"], lang)
    carried = []  # (name, latest score) of those kept: still ranked, shown in the summary
    for c in ctx["pending"]:  # every competitor on the deal is ranked: re-score, keep the latest, or must score
        last = c.get("last")
        if last is None:
            say(_w("must_score", lang, name=c["name"]))
        pair = _pair(c["name"], lang, skip=_w("keep", lang, **last) if last else False)
        if pair:
            a.competitors.append((c["code"], *pair))
        else:
            carried.append((c["name"], last))
    _more_competitors(ctx, a, set(ctx["offered"]), lang)
    if a.answered_by is None:
        a.answered_by = text(_w("answered", lang), default=user, required=True)
    if a.reviewed_by is None:
        a.reviewed_by = text(_w("reviewed", lang)) or None
    _summary(ctx, a, carried, lang)
    if not confirm(_w("save", lang), default=True):
        raise Cancelled(msg("error.survey.not_saved"))
    return a


def _summary(ctx: dict, a: SurveyAnswers, carried: list[tuple[str, dict]], lang: str) -> None:
    names = {c["code"]: c["name"] for c in ctx["library"]}
    people = {c["code"]: c["name"] for c in ctx["contacts"]}
    source = people.get(a.source or "", a.source) or _w("not_named", lang)
    inside = _w("inside_yes", lang, source=source) if a.inside_source else msg_text("survey.no", lang)
    say(_w("summary_us", lang, inside=inside, fit=a.our_fit, closeness=a.our_closeness))
    for ref, fit, close in a.competitors:
        say(_w("summary_competitor", lang, name=names.get(ref, ref), fit=fit, closeness=close)
            + (_w("summary_new", lang) if ref in a.create else ""))
    for name, last in carried:
        say(_w("summary_competitor", lang, name=name, fit=last["fit"], closeness=last["closeness"])
            + _w("summary_carried", lang, day=last["day"]))
    if not a.competitors and not carried:
        say(_w("summary_none", lang))
    say(_w("summary_by", lang, answered=a.answered_by, reviewed=a.reviewed_by or _w("nobody_yet", lang)))


# --- a value the command line left out (cli/command.py asks for it on a terminal) ------------

def missing_value(label: str) -> str:
    """A required argument or option that was not typed: ask for it (never empty)."""
    return text(label, required=True)
