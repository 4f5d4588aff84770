"""A sentence computed once and read in two ways: ``--json`` carries it in English (as it
always did, byte for byte), a screen says it in the reader's language.

``Phrase`` is a ``str`` (its value is the English that goes into JSON and into stored
rows), so every dict holding one still serialises and compares as before; it also keeps
the catalogue id and parameters it was made from, so ``say(value, lang)`` can format it
again in Chinese. Parameters that are themselves phrases (a counted noun, a vocabulary
label) are said in the same language; a list parameter is joined with the language's
separator.

- ``phrase(id, **params)``: the English is the catalogue's English (nested phrases in
  their own English).
- ``Phrase(english, id, params)``: the English is given (a wording JSON keeps although the
  screen now says it better, e.g. ``3 point(s)`` in JSON, ``3 points`` on screen).
- ``Phrase(english, shown=f)``: said by ``f(lang)`` (a vocabulary label, a quoted command).
- ``say(value, lang)``: a phrase in ``lang``; anything else as it is.
"""

from __future__ import annotations

from typing import Any, Callable

from tasplus_cli.messages import plural, text

SEPARATOR = {"en": ", ", "zh": "、"}


class Phrase(str):
    key: str | None
    params: dict[str, Any]
    shown: Callable[[str], str] | None

    def __new__(cls, english: str, key: str | None = None, params: dict[str, Any] | None = None,
                shown: Callable[[str], str] | None = None) -> Phrase:
        self = super().__new__(cls, english)
        self.key, self.params, self.shown = key, dict(params or {}), shown
        return self

    def say(self, lang: str) -> str:
        if self.shown is not None:
            return self.shown(lang)
        if self.key is None:
            return str(self)
        return text(self.key, lang, **{k: say(v, lang) for k, v in self.params.items()})


def say(value: Any, lang: str) -> Any:
    if isinstance(value, Phrase):
        return value.say(lang)
    if isinstance(value, (list, tuple)):
        return SEPARATOR.get(lang, ", ").join(str(say(v, lang)) for v in value)
    return value


def _english(value: Any) -> Any:
    """A parameter as the JSON English has it: a phrase's own English, a list joined by ", "."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value) if isinstance(value, Phrase) else value


def phrase(key: str, **params: Any) -> Phrase:
    return Phrase(text(key, "en", **{k: _english(v) for k, v in params.items()}), key, params)


def counted(key: str, n: int, english: str | None = None) -> Phrase:
    """``n`` of a counted noun (``key.one`` / ``key.other`` with ``{n}``); ``english``: the
    wording JSON keeps when it differs (``"3 point(s)"``)."""
    return Phrase(english if english is not None else plural(key, n, "en"),
                  shown=lambda lang: plural(key, n, lang))
