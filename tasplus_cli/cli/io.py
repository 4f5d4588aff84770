"""``tasplus import`` and ``tasplus export``: CSV in and out for every record
kind, and whole-database transfer with ``--all DIR`` (CLI.md "CSV").

Commands read and write files here; ``csvio`` turns bytes into tables of
cells and back, ``store.transfer`` plans and writes rows. An import runs in
one write transaction: with bad rows (and no ``--skip-errors``) or with
``--dry-run`` the transaction is rolled back, so the database is exactly
what it was. The report (counts, encoding, every bad row) goes to stderr in
the reader's language (``render.transfer``), or to stdout as JSON with
``--json``: then the whole import speaks English, so the reasons of bad rows
are the English ones, as every ``--json`` is. ``export`` never replaces a
file that exists unless ``--force``.
"""

from __future__ import annotations

import gc
import sys
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, Iterator, List, Optional

import typer

from tasplus_cli.cli.env import env
from tasplus_cli.cli.options import JSON
from tasplus_cli.domain.errors import Conflict, InvalidValue, NotFound
from tasplus_cli.messages import command, msg

KINDS_HELP = ("users, accounts, contacts, opportunities, competitors, quotes, events, stakeholders, activities, surveys, "
              "targets; for a full copy also team, history, competitor-partners, competitor-events, "
              "competitor-relations, deal-competitors, win-rates, deal-plans, tactics, value-comparisons, reviews, "
              "forecast-calls, actions, acks.")
KIND = typer.Argument(None, help="What to transfer: " + KINDS_HELP, metavar="KIND", show_default=False)
ALL = typer.Option(None, "--all", help="Every kind as KIND.csv in this folder (one transaction on import).",
                   metavar="DIR")


def import_cmd(
        kind: Optional[str] = KIND,
        file: Optional[str] = typer.Argument(None, help="CSV file to read ('-' reads stdin).", show_default=False,
                                             metavar="FILE"),
        all_dir: Optional[Path] = ALL,
        maps: Optional[List[str]] = typer.Option(
            None, "--map", help='Rename a foreign column: "Opportunity Name=name" (repeatable; "COLUMN=" drops it).'),
        value_maps: Optional[List[str]] = typer.Option(
            None, "--value-map", help='Translate a value: "stage:Prospecting=validate" (repeatable; "account:=X" '
                                      'fills empty cells, "status:*=open" any other value).'),
        encoding: Optional[str] = typer.Option(None, "--encoding", help="The file's encoding, e.g. gb18030, big5, "
                                                                        "windows-1252, shift_jis (default: a BOM, "
                                                                        "UTF-8, else detected and reported)."),
        date_format: Optional[str] = typer.Option(None, "--date-format", help="strptime format of the dates, e.g. "
                                                                              "%d-%m-%y (default: ISO or 2027/3/31)."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Report inserts, updates and errors; write nothing."),
        skip_errors: bool = typer.Option(False, "--skip-errors", help="Write the good rows even if some are bad."),
        create_missing: bool = typer.Option(False, "--create-missing",
                                            help="Create accounts and competitors named but not found."),
        as_json: bool = JSON) -> None:
    """Import records from a CSV file (Excel, another CRM, a script, an export).

    All or nothing: any bad row is listed (line, column, value, reason) and
    nothing is written, unless --skip-errors. Rows match stored records by
    code or external_id, then by natural key, so importing twice adds nothing.

    \b
    Example: tasplus import opportunities deals.csv --map "Opportunity Name=name" --dry-run
    """
    from tasplus_cli.cli.output import emit
    from tasplus_cli.csvio import CsvRowError
    from tasplus_cli.render import transfer as screens
    from tasplus_cli.store import transfer

    e = env()
    lang = e.lang  # reads the config, which sets the reader's language: --json then speaks English
    with _speaking("en" if as_json else lang), _no_gc(), ExitStack() as files:  # files read while importing
        sources = _sources(kind, file, all_dir, list(maps or ()), list(value_maps or ()), encoding, files,
                           e.settings.csv)
        keeps_history = any(k.name == "history" for k, _, _ in sources)
        opts = transfer.Options(create_missing=create_missing, date_format=date_format, history=not keeps_history,
                                max_bad_rows=e.settings.csv.max_bad_rows)
        with _progress(not as_json) as bar, e.session(write=True) as s:
            ctx = transfer.context(s, e.settings, e.user, e.today, opts)
            reports = []
            for k, table, vmaps in sources:
                opts.source = table.source
                reports.append(transfer.import_table(ctx, k, table, vmaps, bar(k.name, None)))
            bad = sum(r.bad_rows for r in reports)
            if dry_run or (bad and not skip_errors):
                s.rollback()
            else:
                transfer.refresh_statistics(s, sum(r.inserted + r.updated for r in reports))
    written = not dry_run and not (bad and not skip_errors)
    data = _report_data(reports, [table for _, table, _ in sources], ctx.created, written, dry_run)
    if as_json:
        emit(data, None, "json")
    else:
        _say(screens.import_report(data, e.view))
    if bad and not skip_errors:
        raise CsvRowError(*screens.refusal(data, e.view))


def export_cmd(
        kind: Optional[str] = KIND,
        file: Optional[str] = typer.Argument(None, help="File to write; '-' or omitted: stdout.", show_default=False,
                                             metavar="FILE"),
        all_dir: Optional[Path] = ALL,
        encoding: str = typer.Option("utf-8", "--encoding", help="utf-8 (with a BOM, for Excel) or gb18030 …"),
        no_bom: bool = typer.Option(False, "--no-bom", help="UTF-8 without the byte-order mark (scripts)."),
        force: bool = typer.Option(False, "--force", help="Replace files that already exist.")) -> None:
    """Export records as CSV: columns named as the JSON keys, formulas escaped.

    An existing file is never replaced without --force.

    \b
    Example: tasplus export opportunities deals.csv · tasplus export --all backup/
    """
    from tasplus_cli.csvio import write_chunks
    from tasplus_cli.csvio.encoding import check_encoding
    from tasplus_cli.render import transfer as screens
    from tasplus_cli.store import transfer
    from tasplus_cli.store.transfer.exporter import export_rows

    e = env()
    check_encoding(encoding)
    kinds = _kinds_to_export(kind, file, all_dir)
    targets = [str(all_dir / f"{k.name}.csv") if all_dir else file or "-" for k in kinds]
    if not force:
        _refuse_to_replace(targets, kind, file, all_dir)
    bom = not no_bom and encoding.lower().startswith("utf")
    with e.session() as s:  # one snapshot for every kind; rows stream from the cursor to the file
        ctx = transfer.context(s, e.settings, e.user, e.today)
        for k, target in zip(kinds, targets):
            columns, chunks = export_rows(ctx, k)
            with _output(target) as out:
                n = write_chunks(out, columns, chunks, encoding, bom=not no_bom)
            _say(screens.exported({"kind": k.name, "rows": n, "file": target, "encoding": encoding, "bom": bom},
                                  e.view))


def _refuse_to_replace(targets: list[str], kind: str | None, file: str | None, all_dir: Path | None) -> None:
    """An existing file is replaced only with --force (it may be the only copy of someone's edits)."""
    taken = next((t for t in targets if t != "-" and Path(t).exists()), None)
    if taken is None:
        return
    again = command("export", "--all", all_dir, "--force") if all_dir else command("export", kind, file, "--force")
    raise Conflict(msg("error.csv.file_exists", path=taken), msg("hint.csv.force", command=again))


def _kinds_to_export(kind: str | None, file: str | None, all_dir: Path | None) -> list:
    from tasplus_cli.store import transfer

    if all_dir is not None:
        if kind or file:
            raise InvalidValue(msg("error.csv.export_both"), command("export", "--all", "backup/"))
        from tasplus_cli.paths import ensure_private_dir

        try:  # new folders 0700, parents too (they will hold customer data); existing ones as they are
            ensure_private_dir(all_dir)
        except OSError as e:
            raise InvalidValue(msg("error.csv.cannot_make_folder", path=all_dir, reason=e.strerror),
                               msg("hint.csv.writable_folder")) from None
        return list(transfer.KINDS.values())
    if not kind:
        raise InvalidValue(msg("error.csv.export_what"), msg("hint.csv.kinds", kinds=", ".join(transfer.KINDS)))
    return [transfer.kind_named(kind)]


def _sources(kind: str | None, file: str | None, all_dir: Path | None, maps: list[str], value_maps: list[str],
             encoding: str | None, opened: ExitStack, limits: Any) -> list[tuple[Any, Any, dict]]:
    """(kind, table, value maps) for each file to import: its header read, its rows read while
    importing (the file stays open in ``opened``), within ``limits`` (``settings.csv``)."""
    from tasplus_cli import csvio
    from tasplus_cli.cli.output import warn
    from tasplus_cli.store import transfer

    if all_dir is not None:
        if kind or file or maps or value_maps:
            raise InvalidValue(msg("error.csv.import_all_alone"), command("import", "--all", "backup/"))
        if not all_dir.is_dir():
            raise NotFound(msg("error.csv.no_folder", path=all_dir), msg("hint.csv.no_folder"))
        files = {p.stem: p for p in sorted(all_dir.glob("*.csv"))}
        for name in sorted(set(files) - set(transfer.KINDS)):
            warn(msg("csv.report.not_a_kind", file=files[name].name, kinds=", ".join(transfer.KINDS)))
        wanted = [(k, str(files[k.name]), [], {}) for k in transfer.KINDS.values() if k.name in files]
        if not wanted:
            raise NotFound(msg("error.csv.no_kind_files", path=all_dir),
                           msg("hint.csv.write_them", command=command("export", "--all", all_dir)))
    else:
        if not kind or not file:
            raise InvalidValue(msg("error.csv.import_what"), command("import", "opportunities", "deals.csv"))
        wanted = [(transfer.kind_named(kind), file, [csvio.parse_map(m) for m in maps], csvio.value_maps(value_maps))]
    out = []
    for k, path, pairs, vmaps in wanted:
        f = opened.enter_context(_input(path))
        out.append((k, csvio.open_table(f, Path(path).name if path != "-" else "stdin", k.header_names(), pairs,
                                        encoding, kind=k.name, max_line_bytes=limits.max_line_bytes,
                                        max_cell_chars=limits.max_cell_chars), vmaps))
    return out


@contextmanager
def _input(path: str) -> Iterator[Any]:
    if path == "-":
        yield sys.stdin.buffer
        return
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        raise NotFound(msg("error.csv.no_file", path=path), msg("hint.csv.check_path")) from None
    except (IsADirectoryError, PermissionError) as e:
        raise InvalidValue(msg("error.csv.cannot_read", path=path, reason=e.strerror),
                           msg("hint.csv.readable_file")) from None
    with f:
        yield f


@contextmanager
def _output(target: str) -> Iterator[Any]:
    """stdout, or a file written whole through a private temporary, then moved into place
    (``paths.replacing``: random name, O_EXCL|O_NOFOLLOW, 0600; removed on failure or Ctrl-C)."""
    from tasplus_cli import paths

    if target == "-":
        sys.stdout.flush()
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    try:
        with paths.replacing(Path(target)) as f:
            yield f
    except OSError as e:
        raise InvalidValue(msg("error.csv.cannot_write", path=target, reason=e.strerror),
                           msg("hint.csv.writable_folder")) from None


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while 100,000s of row objects are made (they form no
    cycles; its repeated full scans cost a third of a big import). Reference counting still frees."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@contextmanager
def _speaking(lang: str) -> Iterator[None]:
    """Messages made inside are in ``lang`` (``--json``: English), then the reader's language again."""
    from tasplus_cli import messages

    was = messages.language()
    messages.set_language(lang)
    try:
        yield
    finally:
        messages.set_language(was)


@contextmanager
def _progress(enabled: bool) -> Iterator[Any]:
    """``bar(kind, total)`` → a callback of rows done; a rich bar on stderr in a terminal only."""
    if not (enabled and sys.stderr.isatty()):
        yield lambda name, total: None
        return
    from rich.progress import Progress

    from tasplus_cli.cli.output import console

    with Progress(console=console(stderr=True), transient=True) as prog:
        def bar(name: str, total: int):  # noqa: ANN202
            task = prog.add_task(msg("csv.progress.checking", kind=name), total=total)
            return lambda done, doing="checking": prog.update(task, completed=done,
                                                              description=msg(f"csv.progress.{doing}", kind=name))

        yield bar


def _report_data(reports: list, tables: list, created: dict, written: bool, dry_run: bool) -> dict:
    """What an import did: the ``--json`` report, and what ``render.transfer`` says. Each file's
    ``encoding`` is followed by ``encoding_detected``: whether the detector chose it (not a BOM,
    valid UTF-8 or ``--encoding``)."""
    totals = {k: sum(getattr(r, k) for r in reports) for k in ("rows", "inserted", "updated", "unchanged", "bad_rows")}
    kinds = [dict(r.as_dict(), encoding_detected=table.detected) for r, table in zip(reports, tables)]
    return {"written": written, "dry_run": dry_run, **totals, "created": created,
            "errors": [dict(err, kind=r.kind) for r in reports for err in r.errors], "kinds": kinds}


def _say(lines: list[tuple[str, str]]) -> None:
    """Print ``(level, text)`` lines on stderr: ``info``, ``warn`` or ``success``."""
    from tasplus_cli.cli import output

    for level, line in lines:
        getattr(output, level)(line)
