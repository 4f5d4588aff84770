"""What ``import`` and ``export`` say on stderr, in the reader's language.

``import_report(data, view)`` turns the import's data (the very dict ``--json``
prints) into ``(level, line)`` pairs, ``level`` one of ``info``, ``warn`` or
``success``: a line per file (its encoding, and whether it was detected;
rows → new, updated, unchanged, bad), its
ignored columns, renumbered codes and regraded deals, every bad row (line,
column=value, reason), what ``--create-missing`` made, and the outcome.
``refusal`` is the error an import with bad rows ends with: how many, where
the first is, and how to go on (the good rows are those planned without an
error, never a negative count). ``exported`` is one export's line, the kind
counted with its own noun ("1 account", "116 history lines").
"""

from __future__ import annotations

from typing import Any

from tasplus_cli.messages import plural, text


def _noun(kind: str, n: int, lang: str) -> str:
    return plural(f"csv.noun.{kind}", n, lang)


def import_report(data: dict, view: Any) -> list[tuple[str, str]]:
    lang = view.lang
    written = data["written"]
    lines: list[tuple[str, str]] = []
    for r in data["kinds"]:
        counts = text("csv.report.counts_written" if written else "csv.report.counts_planned", lang,
                      inserted=f"{r['inserted']:,}", updated=f"{r['updated']:,}", unchanged=f"{r['unchanged']:,}")
        if r["bad_rows"]:
            counts += text("csv.report.bad", lang, bad=f"{r['bad_rows']:,}")
        encoding = (text("csv.encoding_detected", lang, encoding=r["encoding"]) if r.get("encoding_detected")
                    else r["encoding"])
        lines.append(("info", text("csv.report.file", lang, source=r["file"], encoding=encoding,
                                   rows=plural("csv.count.rows", r["rows"], lang), counts=counts)))
        if r["ignored_columns"]:
            lines.append(("warn", text("csv.report.ignored_columns", lang, source=r["file"],
                                       columns=", ".join(r["ignored_columns"]))))
        if r["renumbered"]:
            pairs = ", ".join(f"{a}→{b}" for a, b in list(r["renumbered"].items())[:20])
            lines.append(("info", text("csv.report.renumbered", lang, source=r["file"], pairs=pairs)))
        if r.get("regraded"):
            lines.append(("info", text("csv.report.regraded", lang, source=r["file"],
                                       deals=plural("csv.count.deals", r["regraded"], lang))))
        for err in r["errors"]:
            where = (text("csv.report.where", lang, column=err["column"], value=repr(err["value"]))
                     if err.get("column") and err.get("value") else "")
            lines.append(("info", text("csv.report.bad_line", lang, line=err["line"], where=where,
                                       reason=err["reason"])))
    if data["created"]:
        made = ", ".join(text("csv.report.created_item", lang, noun=_noun(k, 2, lang), n=f"{n:,}")
                         for k, n in data["created"].items())
        lines.append(("info", text("csv.report.created" if written else "csv.report.would_create", lang, made=made)))
    if data["dry_run"]:
        lines.append(("info", text("csv.report.dry_run", lang)))
    elif written:
        bad = data["bad_rows"]
        done = text("csv.report.imported", lang, inserted=f"{data['inserted']:,}", updated=f"{data['updated']:,}")
        if bad:
            done += text("csv.report.skipped", lang, rows=plural("csv.count.bad_rows", bad, lang))
        lines.append(("success", done))
    return lines


def refusal(data: dict, view: Any) -> tuple[str, str]:
    """(message, hint) of an import refused for its bad rows."""
    lang = view.lang
    bad = data["bad_rows"]
    good = data["inserted"] + data["updated"] + data["unchanged"]
    first = data["errors"][0]
    message = text("error.csv.bad_rows", lang, rows=plural("csv.count.bad_rows", bad, lang), line=first["line"])
    fix = (text("hint.csv.fix_or_skip", lang, rows=plural("csv.count.good_rows", good, lang)) if good
           else text("hint.csv.fix_file", lang))
    return message, text("csv.hint_then", lang, first=first["hint"], then=fix) if first.get("hint") else fix


def exported(data: dict, view: Any) -> list[tuple[str, str]]:
    """The line of one exported file: ``data`` has kind, rows, file ("-": stdout), encoding, bom."""
    lang = view.lang
    target = text("csv.stdout", lang) if data["file"] == "-" else data["file"]
    encoding = text("csv.with_bom", lang, encoding=data["encoding"]) if data["bom"] else data["encoding"]
    return [("info", text("csv.exported", lang, count=f"{data['rows']:,}", noun=_noun(data["kind"], data["rows"], lang),
                          target=target, encoding=encoding))]
