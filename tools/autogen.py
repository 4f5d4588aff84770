"""Developer tool: write a new migration from the difference between the models
and the current head. ``python tools/autogen.py REV "message"``.
Not used at run time.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path


def main(rev: str, message: str, tables: list[str] | None = None) -> None:
    from alembic import command
    from sqlmodel import SQLModel

    from tasplus_cli.store import models  # noqa: F401 - register tables
    from tasplus_cli.store.db import make_engine
    from tasplus_cli.store.migrate import alembic_config, upgrade

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'gen.db'}"
        engine = make_engine(url, write=True)
        upgrade(engine)
        with engine.begin() as conn:
            cfg = alembic_config(conn)
            cfg.attributes["target_metadata"] = SQLModel.metadata
            command.revision(cfg, message=message, autogenerate=True, rev_id=rev)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
