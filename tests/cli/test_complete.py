"""Shell completion offers codes and names from the database and vocabulary keys,
through the real console script (what bash and zsh run on TAB)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from helpers import run


def complete(home, words: str, shell: str = "bash", db: str | None = None) -> str:
    script = shutil.which("tasplus", path=os.path.dirname(sys.executable)) or shutil.which("tasplus")
    env = dict(os.environ, TASPLUS_HOME=str(home), _TASPLUS_COMPLETE=f"complete_{shell}")
    env.pop("TASPLUS_DB", None)
    if db:
        env["TASPLUS_DB"] = db
    if shell == "bash":
        env.update(COMP_WORDS=words, COMP_CWORD=str(len(words.split()) - (0 if words.endswith(" ") else 1)))
    else:
        env["_TYPER_COMPLETE_ARGS"] = words
    return subprocess.run([script], env=env, capture_output=True, text=True, timeout=60).stdout


def test_codes_names_and_vocabulary(tasplus_home, tmp_path):
    db = str(tmp_path / "c.db")
    run("--db", db, "account", "add", "华东省农商银行")
    run("--db", db, "contact", "add", "孙悦", "--account", "华东省农商银行")
    run("--db", db, "opp", "new", "核心系统升级", "--account", "华东省农商银行", "--amount", "100")
    run("--db", db, "opp", "new", "手机银行", "--account", "华东省农商银行", "--amount", "100")
    run("--db", db, "opp", "close", "手机银行", "--abandoned")
    assert complete(tasplus_home, "tasplus opp show OPP", db=db).split() == ["OPP-0001"]  # open deals only
    assert "OPP-0001" in complete(tasplus_home, "tasplus opp show 核心", shell="zsh", db=db)
    assert "核心系统升级" in complete(tasplus_home, "tasplus opp show 核心", shell="zsh", db=db)
    assert complete(tasplus_home, "tasplus contact show 孙", db=db).split() == ["CON-0001"]
    assert complete(tasplus_home, "tasplus opp advance OPP-0001 --to ne", db=db).split() == ["negotiate"]
    assert complete(tasplus_home, "tasplus stakeholder add OPP-0001 CON-0001 --role de", db=db).split() == [
        "decision-maker"]
    assert complete(tasplus_home, "tasplus --db " + db + " account show ACC").split() == ["ACC-0001"]


@pytest.mark.fresh_home
def test_no_database_completes_nothing_quietly(tasplus_home):
    assert complete(tasplus_home, "tasplus opp show OPP").split() == []
    assert not (tasplus_home / "tasplus.db").exists()  # completion never creates a database


def _beside(db) -> list[str]:
    return sorted(p.name for p in db.parent.iterdir() if p.name.startswith(db.name))


@pytest.mark.parametrize("mode", [0o600, 0o444], ids=["0600", "0444"])
def test_completion_leaves_no_file_beside_the_database(tasplus_home, tmp_path, mode):
    """TAB reads as any reader that writes nothing: a snapshot, no -shm or -wal made (it used to
    open ``mode=ro`` and leave both beside a database nobody was using)."""
    db = tmp_path / "c.db"
    run("--db", str(db), "account", "add", "华东省农商银行")
    os.chmod(db, mode)
    before = (_beside(db), db.read_bytes())
    assert before[0] == ["c.db"]
    assert complete(tasplus_home, "tasplus account show ACC", db=str(db)).split() == ["ACC-0001"]
    assert (_beside(db), db.read_bytes()) == before
    assert oct(db.stat().st_mode & 0o777) == oct(mode)


def test_completion_sees_what_the_owner_keeps_in_the_wal(tasplus_home, tmp_path):
    import sqlite3

    db = tmp_path / "c.db"
    run("--db", str(db), "account", "add", "华东省农商银行")
    owner = sqlite3.connect(db)  # open: the next commit stays in the -wal
    try:
        owner.execute("SELECT count(*) FROM account").fetchone()
        run("--db", str(db), "account", "add", "瑞康医疗集团")
        assert complete(tasplus_home, "tasplus account show ACC", db=str(db)).split() == ["ACC-0001", "ACC-0002"]
    finally:
        owner.close()
    assert _beside(db) == ["c.db"]
