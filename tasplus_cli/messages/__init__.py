"""Every sentence and label a person reads, in English and Chinese: one keyed
catalogue per language (``en.py``, ``zh.py``), looked up by message id.

Why a keyed catalogue and not gettext: the two languages are shipped, not
translated by outsiders; a Python dict needs no compile step or ``.mo`` files
in the wheel, imports in microseconds (help and completion stay light), and a
test can prove that every id has a Chinese entry with the same placeholders.

- ``text(id, lang, **params)`` formats one message in ``lang``;
  ``msg(id, **params)`` in the language of this invocation (``set_language``,
  called once by the CLI when it knows it; English before that and in library use).
- ``label(word, lang)`` is a table header, heading or field name: ids
  ``label.<English word>``; an unknown word is returned as given (user data).
- ``plural(id, n, **params)`` picks ``id.one`` for 1 and ``id.other`` otherwise.
- JSON never goes through here in Chinese: it keeps English keys and, where it
  carries a sentence, ``text(id, "en", …)``.

Ids are dotted by area (``error.*``, ``gate.*``, ``review.*`` …); placeholders
are ``str.format`` names. This package imports nothing but the standard library.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ("en", "zh")
_current = "en"
_catalogues: dict[str, dict[str, str]] = {}


def _catalogue(lang: str) -> dict[str, str]:
    cat = _catalogues.get(lang)
    if cat is None:
        if lang == "zh":
            from tasplus_cli.messages.zh import MESSAGES
        else:
            from tasplus_cli.messages.en import MESSAGES
        cat = _catalogues[lang] = MESSAGES
    return cat


def set_language(lang: str) -> None:
    global _current
    _current = lang if lang in LANGUAGES else "en"


def language() -> str:
    return _current


def text(key: str, lang: str | None = None, **params: Any) -> str:
    """The message ``key`` in ``lang`` (default: this invocation's), formatted with ``params``.
    A key missing in Chinese falls back to English (the catalogue test forbids it)."""
    lang = lang or _current
    template = _catalogue(lang).get(key)
    if template is None:
        template = _catalogue("en")[key]  # KeyError: an unknown id is a bug, caught by tests
    return template.format(**params) if params else template


def msg(key: str, **params: Any) -> str:
    return text(key, None, **params)


def plural(key: str, n: int, lang: str | None = None, **params: Any) -> str:
    return text(f"{key}.{'one' if n == 1 else 'other'}", lang, n=n, **params)


def label(word: str | None, lang: str | None = None) -> str:
    """A header or field name in ``lang``; a word without an entry is returned as given."""
    if not word:
        return word or ""
    lang = lang or _current
    if lang == "en":
        return word
    return _catalogue(lang).get("label." + word, word)


def command(*words: object) -> str:
    """A command line to suggest in a hint, quoted for the shell so it runs when pasted:
    ``command("value", "compare", "OPP-0001", "Halvorsen Data")`` →
    ``tasplus value compare OPP-0001 'Halvorsen Data'``. Placeholders (``TEXT``, ``DATE``) pass as typed.
    A word of letters (Chinese ones too), digits and ``@%+=:,./-`` needs no quotes in any shell,
    so ``翼辰软件`` stays as typed; anything else is quoted by ``shlex``."""
    import re
    import shlex

    safe = re.compile(r"[\w@%+=:,./-]+")
    return "tasplus " + " ".join(w if safe.fullmatch(w) else shlex.quote(w) for w in map(str, words))


def ids(lang: str) -> set[str]:
    return set(_catalogue(lang))
