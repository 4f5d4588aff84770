"""The commands that answer each review warning (METHOD §13, "answered by"), and the
keys of every review warning (``WARNING_KEYS``: what ``coach add --warning`` and
``review ack`` accept). A command is shell-quoted (``messages.command``), the same
in every language; ``domain.review`` judges the warnings.
"""

from __future__ import annotations

from tasplus_cli.messages import command
from tasplus_cli.messages.phrase import phrase

ETC = "…"  # a placeholder for the rest of a command line: shown as typed, never quoted

# key → the commands that record the answer; two commands: both ("; ") or either (", or ", " / ")
ANSWERS: dict[str, tuple[str, tuple[tuple[str, ...], ...]]] = {
    "no_compelling_event": ("", (("event", "add", "{code}", "TEXT", "--confirmed"),)),
    "compelling_event_lost": ("or", (("event", "add", "{code}", "TEXT"), ("opp", "close", "{code}", "--abandoned"))),
    "not_top_three": ("or", (("strategy", "set", "{code}", "development", "--rationale", "TEXT"),
                             ("opp", "close", "{code}"))),
    "competition_unknown": ("", (("survey", "run", "{code}", "--competitor", "NAME=FIT,CLOSENESS"),)),
    "survey_stale": ("", (("survey", "run", "{code}"),)),
    "win_rate_moved": ("; ", (("winrate", "{code}"), ("activity", "log", "{code}", "--planned", ETC))),
    "stage_optimism": ("; ", (("survey", "run", "{code}"), ("plan", "{code}"))),
    "no_recent_activity": ("", (("activity", "log", "{code}", "--kind", "KIND", "--summary", "TEXT"),)),
    "overdue_activities": (" / ", (("activity", "done", "ID", "--outcome", "TEXT"), ("activity", "cancel", "ID"))),
    "close_date_passed": ("", (("opp", "edit", "{code}", "--close-date", "DATE", "--reason", "TEXT"),)),
    "plan_missing": ("; ", (("strategy", "set", "{code}", ETC), ("value", "set", "{code}", ETC))),
    "win_rate_drifted": ("; ", (("winrate", "{code}"), ("plan", "{code}"))),
    "amount_moved": ("", (("opp", "history", "{code}"),)),
    "competitor_not_rescored": ("", (("survey", "run", "{code}", "--competitor", "{competitor}=FIT,CLOSENESS", ETC),)),
    "survey_not_reviewed": ("", (("survey", "review", "{survey}", "--by", "NAME"),)),
    "compelling_event_expired": ("or", (("event", "confirm", "{event}", "--deadline", "DATE"),
                                        ("event", "drop", "{event}", "--reason", "TEXT"))),
    "stalled_in_stage": ("; ", (("plan", "{code}"), ("activity", "log", "{code}", "--planned", ETC))),
    "close_date_pushed": ("", (("opp", "edit", "{code}", "--close-date", "DATE", "--reason", "TEXT"),)),
    "strategy_contradicts_standing": ("", (("strategy", "set", "{code}", "{suggested}", "--rationale", "TEXT"),)),
    "commit_without_backing": ("or", (("survey", "run", "{code}"), ("opp", "edit", "{code}", "--forecast", "best-case"))),
}
# map warnings (domain.relations.Flag keys) → review warning keys; their questions come with the flag
MAP_KEYS = {"no_inside_source": "no_inside_source", "no_approver": "no_approver",
            "not_contacted": "key_person_not_contacted", "negative": "key_person_negative",
            "single_threaded": "single_threaded", "inside_source_conflict": "inside_source_conflict"}
# every review warning key (what ``coach add --warning`` and ``review ack`` accept)
WARNING_KEYS = tuple(dict.fromkeys([*ANSWERS, *MAP_KEYS.values()]))


def command_line(*words: str) -> str:
    """``messages.command`` with a trailing ``…`` kept as typed (it stands for the rest of the line)."""
    if words and words[-1] == ETC:
        return command(*words[:-1]) + " " + ETC
    return command(*words)


def answer(key: str, code: str, **facts: object) -> str:
    """The command line(s) that record the answer to warning ``key`` on deal ``code`` (``facts``
    fill the other ``{placeholders}``: an event, a survey, a competitor)."""
    joiner, lines = ANSWERS[key]
    cmds = [command_line(*(w.format(code=code, **facts) for w in words)) for words in lines]
    if joiner == "or":
        return phrase("review.command.or", first=cmds[0], second=cmds[1])
    return joiner.join(cmds)
