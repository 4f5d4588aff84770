"""Configuration: defaults in code, overridden by the user's ``config.toml``.

Invariants: a loaded ``Config`` is always valid (its typed ``settings`` parsed,
see ``settings.py``, which owns every default and check); the file is
read with tomllib (UTF-8, a byte-order mark accepted) and written with tomli-w,
validated before an atomic replace (a new private temporary beside it, removed
on failure), so a failed ``config set`` leaves the old file intact. Only the keys
that differ from the defaults need to be in the file.
"""

from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from tasplus_cli import envvars, paths
from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.messages import command, msg
from tasplus_cli.defaults import DEFAULTS, LANGUAGES, login, merge
from tasplus_cli.settings import Settings, parse

__all__ = ["DEFAULTS", "Config", "load", "set_value", "configured_database"]

_ENCODING = "utf-8-sig"  # UTF-8, with or without the byte-order mark some editors save


@dataclass
class Config:
    """The config file and what it says: ``data`` (merged with the defaults, as written; what
    ``config show`` prints) and ``settings`` (the typed model every layer reads), plus the
    effective ``user`` and ``language`` (``TASPLUS_USER`` / ``TASPLUS_LANG`` first)."""

    data: dict
    path: Path

    @cached_property
    def settings(self) -> Settings:
        return parse(self.data)

    @property
    def user(self) -> str:
        return envvars.user() or self.data["user"] or login()

    @property
    def language(self) -> str:
        env = envvars.language() or ""
        return env if env in LANGUAGES else self.settings.language


def configured_database() -> str | None:
    """The config file's ``database``, read quietly (shell completion must not fail on a bad file)."""
    try:
        value = _read_user(paths.config_file()).get("database")
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
        return None
    return value if isinstance(value, str) and value else None


def load(path: Path | None = None) -> Config:
    """Read and validate the config file (missing file: defaults)."""
    path = path or paths.config_file()
    user: dict = {}
    if path.exists():
        try:
            user = tomllib.loads(path.read_text(encoding=_ENCODING))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise InvalidValue(msg("error.config.toml", path=path, reason=e),
                               msg("hint.config.fix_file", path=path)) from None
        except OSError as e:  # a folder, or not readable
            raise InvalidValue(msg("error.config.unreadable", path=path, reason=e.strerror),
                               msg("hint.config.fix_file", path=path)) from None
    data = merge(DEFAULTS, user)
    cfg = Config(data, path)
    cfg.settings  # noqa: B018 - validates: a loaded Config is always valid
    return cfg


def _coerce(key: str, old: Any, text: str) -> Any:
    if isinstance(old, bool):
        from tasplus_cli.domain.vocab import parse_yes_no

        return parse_yes_no(text, f"config: {key}")
    if isinstance(old, int):
        try:
            return int(text.replace(",", "").replace("_", ""))
        except ValueError:
            raise InvalidValue(msg("error.config.takes_whole", setting=key, value=repr(text)), None) from None
    if isinstance(old, float):
        try:
            return float(text)
        except ValueError:
            raise InvalidValue(msg("error.config.takes_number", setting=key, value=repr(text)), None) from None
    if isinstance(old, list):
        return [part.strip() for part in text.split(",") if part.strip()]
    return text


def set_value(cfg: Config, key: str, text: str) -> Any:
    """Set dotted ``key`` to ``text`` (typed like the default), validate, write atomically."""
    parts = key.split(".")
    node: Any = cfg.data
    unknown = InvalidValue(msg("error.config.unknown_key", setting=repr(key)),
                           msg("hint.config.keys", command=command("config", "show")))
    for p in parts[:-1]:
        if not isinstance(node, dict) or p not in node:
            raise unknown
        node = node[p]
    if not isinstance(node, dict) or parts[-1] not in node or isinstance(node[parts[-1]], dict):
        raise unknown
    if key == "stages":
        raise InvalidValue(msg("error.config.stages_in_file"), msg("hint.config.stages_in_file", path=cfg.path))
    value = _coerce(key, node[parts[-1]], text)
    new = copy.deepcopy(cfg.data)
    target = new
    for p in parts[:-1]:
        target = target[p]
    target[parts[-1]] = value
    parse(new)
    write(cfg.path, _diff(DEFAULTS, new, existing=_read_user(cfg.path)))
    cfg.data = new
    cfg.__dict__.pop("settings", None)
    return value


def _read_user(path: Path) -> dict:
    if not path.exists():
        return {}
    return tomllib.loads(path.read_text(encoding=_ENCODING))


def _diff(base: dict, new: dict, existing: dict) -> dict:
    """Keys of ``new`` that differ from defaults, plus any the user already wrote."""
    out: dict = {}
    for k, v in new.items():
        if isinstance(v, dict) and isinstance(base.get(k), dict):
            sub = _diff(base[k], v, existing.get(k, {}) if isinstance(existing.get(k), dict) else {})
            if sub:
                out[k] = sub
        elif k in existing or base.get(k) != v:
            out[k] = v
    return out


def write(path: Path, data: dict) -> None:
    import tomli_w

    paths.ensure_private_dir(path.parent)
    with paths.replacing(path) as f:
        f.write(tomli_w.dumps(data).encode("utf-8"))
