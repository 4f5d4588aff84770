"""Every ``TASPLUS_*`` environment variable is read here, and nowhere else.

Each function returns the raw setting (``None`` when unset or empty) and does no
validation beyond what its name promises; the caller parses and reports. A
test or a script sets the variables; nothing else in tasplus looks at
``os.environ`` for them.

=========================  ==================================================
``TASPLUS_HOME``           one folder for config and data (tests use it)
``TASPLUS_DB``             database file or URL (below ``--db``, above config)
``TASPLUS_USER``           who is typing (above config ``user``)
``TASPLUS_LANG``           ``en`` or ``zh`` (above config ``language``)
``TASPLUS_TODAY``          pins "today" (scripts, tests, recorded demos)
``TASPLUS_NO_INPUT``       never prompt (as ``--no-input``)
``TASPLUS_DEBUG``          show the traceback of an internal error
``TASPLUS_BUSY_TIMEOUT_MS``  how long a writer waits for a locked SQLite file
=========================  ==================================================
"""

from __future__ import annotations

import os


def _get(name: str) -> str | None:
    value = os.environ.get(name, "")
    return value if value.strip() else None


def home() -> str | None:
    return _get("TASPLUS_HOME")


def database() -> str | None:
    return _get("TASPLUS_DB")


def user() -> str | None:
    return _get("TASPLUS_USER")


def language() -> str | None:
    return _get("TASPLUS_LANG")


def today() -> str | None:
    return _get("TASPLUS_TODAY")


def no_input() -> bool:
    return _get("TASPLUS_NO_INPUT") is not None


def debug() -> bool:
    return _get("TASPLUS_DEBUG") is not None


def busy_timeout_ms() -> str | None:
    return _get("TASPLUS_BUSY_TIMEOUT_MS")
