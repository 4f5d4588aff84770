"""Run every list/show/report command of the demo with ``--json`` (and the tables, in English and
Chinese) into a folder, so two versions of tasplus can be compared byte for byte:

    python tools/snapshot.py OUT_DIR        # builds a fresh demo in a temporary TASPLUS_HOME
    diff -r before/json after/json          # must be empty: --json is a stable interface

A developer tool (not shipped in the wheel). Table outputs are kept for reading the
differences a change makes on purpose; only ``json/`` is expected to stay identical. The temporary
home folder is written as ``<home>``, so two runs compare exactly.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

OPPS = ["OPP-0001", "OPP-0004", "OPP-0006", "OPP-0013"]
COMMANDS: list[list[str]] = [
    ["opp", "list"], ["opp", "list", "--status", "all"], ["account", "list"], ["contact", "list"],
    ["competitor", "list"], ["review"], ["review", "--limit", "0"], ["funnel"], ["winrate", "--all"],
    ["config", "show"], ["db", "doctor"], ["account", "show", "ACC-0001"], ["contact", "show", "CON-0001"],
    ["competitor", "show", "CMP-0001"], ["map", "--account", "ACC-0001"],
]
for o in OPPS:
    COMMANDS += [["opp", "show", o], ["opp", "history", o], ["opp", "grade", o], ["winrate", o], ["map", o],
                 ["plan", o], ["event", "list", o], ["survey", "list", o], ["stakeholder", "list", o],
                 ["activity", "list", o], ["opp", "team", "list", o], ["competitor", "list", "--opp", o],
                 ["strategy", "suggest", o], ["tactic", "list", o], ["value", "show", o], ["value", "pitch", o]]


def main(out: Path) -> int:
    exe = shutil.which("tasplus") or sys.exit("tasplus is not on PATH")
    home = Path(tempfile.mkdtemp(prefix="tasplus-snapshot-"))
    base = {k: v for k, v in os.environ.items() if not k.startswith("TASPLUS_")}
    base.update(TASPLUS_HOME=str(home), TASPLUS_TODAY="2026-11-30", TASPLUS_USER="snapshot", COLUMNS="120",
                NO_COLOR="1")
    subprocess.run([exe, "demo"], env=base, capture_output=True, check=True)
    base["TASPLUS_DB"] = str(home / "demo.db")
    for sub in ("json", "table-en", "table-zh"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    for cmd in COMMANDS:
        name = "_".join(cmd).replace("/", "-")
        for sub, extra, lang in (("json", ["--json"], "en"), ("table-en", [], "en"), ("table-zh", [], "zh")):
            r = subprocess.run([exe, *cmd, *extra], env={**base, "TASPLUS_LANG": lang}, capture_output=True,
                               text=True)
            if sub == "json" and ("--json" in r.stderr or "No such option" in r.stderr):
                continue
            text = f"exit {r.returncode}\n{r.stdout}\n--- stderr\n{r.stderr}".replace(str(home), "<home>")
            (out / sub / f"{name}.txt").write_text(text, encoding="utf-8")
    shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
