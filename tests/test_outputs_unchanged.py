"""Speed work changes no output (issue "Fast at a whole company's size"): the ``--json`` of the
review (alone and per team), the funnel, the deal list and the forecast, and every file of
``export --all``, on the demo and on a database made by the benchmark's own generator
(``bench/scale.py``, 300 deals, a pinned clock), are byte for byte what the code printed before
the tuning began.

``tests/fixtures/outputs_unchanged.json`` holds the SHA-256 of each output as that code printed
it (``python tests/test_outputs_unchanged.py --write`` records the current code's, and is only
for an output that changes on purpose, said in the commit). The export's wall-clock timestamps
(``created_at`` and the like, stamped when the demo is built) are masked first; dates stay.
On a mismatch the outputs are left in the test's folder to compare.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "tests" / "fixtures" / "outputs_unchanged.json"
TODAY = "2026-11-27"
NOW = datetime(2026, 11, 27, 9, 30, tzinfo=timezone.utc)
COMMANDS = {  # file name: command line (the team is the one of each database)
    "review.json": ("review", "--json"),
    "review-all.json": ("review", "--limit", "0", "--json"),
    "review-team.json": ("review", "--team", "{team}", "--json"),
    "funnel.json": ("funnel", "--json"),
    "opp-list.json": ("opp", "list", "--json"),
    "forecast.json": ("forecast", "--json"),
    "forecast-team.json": ("forecast", "--team", "{team}", "--json"),
}
TEAMS = {"demo": "王磊", "generated": "director"}
WALL_CLOCK = re.compile(rb"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d:?\d\d|Z)?")


def _scale():
    spec = importlib.util.spec_from_file_location("bench_scale", ROOT / "bench" / "scale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def outputs(db: str, team: str, folder: Path) -> dict[str, bytes]:
    """Every output the manifest covers, of the database ``db`` (run in-process, like the other tests)."""
    from helpers import run

    os.environ["TASPLUS_DB"] = db
    out = {name: run(*(a.format(team=team) for a in args)).stdout.encode("utf-8")
           for name, args in COMMANDS.items()}
    run("export", "--all", str(folder / "export"))
    for path in sorted((folder / "export").iterdir()):
        out[f"export/{path.name}"] = WALL_CLOCK.sub(b"<time>", path.read_bytes())
    return out


def digests(out: dict[str, bytes]) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in sorted(out.items())}


@pytest.fixture
def pinned(monkeypatch):
    monkeypatch.setenv("TASPLUS_TODAY", TODAY)


def _database(which: str, demo_db, tasplus_db) -> str:
    if which == "demo":
        return str(demo_db())
    _scale().generate(tasplus_db, 300, now=NOW)
    return tasplus_db


@pytest.mark.parametrize("which", ["demo", "generated"])
def test_outputs_are_what_they_were(which, pinned, demo_db, tasplus_db, tmp_path):
    out = outputs(_database(which, demo_db, tasplus_db), TEAMS[which], tmp_path)
    expected = json.loads(MANIFEST.read_text(encoding="utf-8"))[which]
    got = digests(out)
    assert json.loads(out["review-team.json"])["reps"], "the team review must have reps to compare"
    changed = sorted(name for name in expected.keys() | got.keys() if expected.get(name) != got.get(name))
    if changed:
        for name in changed:
            (tmp_path / "out" / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / "out" / name).write_bytes(out.get(name, b""))
    assert changed == [], f"outputs differ from before the tuning: {changed} (written to {tmp_path / 'out'})"


def _write() -> None:  # pragma: no cover - run by hand, see the module docstring
    """Record the current code's digests (a fresh home per database, like the test)."""
    import tempfile

    sys.path.insert(0, str(ROOT / "tests"))
    from helpers import isolated_env, run

    manifest = {}
    for which in TEAMS:
        with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
            home = Path(tmp) / "home"
            isolated_env(mp, home)
            mp.setenv("TASPLUS_TODAY", TODAY)
            if which == "demo":
                db = str(Path(tmp) / "demo.db")
                run("demo", "--path", db)
            else:
                db = f"sqlite:///{tmp}/generated.db"
                _scale().generate(db, 300, now=NOW)
            manifest[which] = digests(outputs(db, TEAMS[which], Path(tmp)))
    MANIFEST.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {MANIFEST}")


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    _write()
