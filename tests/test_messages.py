"""The message catalogue: every id has a Chinese entry with the same placeholders,
and every id the code names exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

from tasplus_cli import messages

PKG = Path(messages.__file__).resolve().parent.parent
# msg("id"), text("id", …), plural("id", …), label_id("id") with a literal first argument
USE = re.compile(r"""\b(?:msg|text|plural)\(\s*["']([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)["']""")


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_message_has_a_chinese_entry_with_the_same_placeholders():
    en, zh = messages._catalogue("en"), messages._catalogue("zh")
    missing = sorted(set(en) - set(zh))
    assert not missing, f"no Chinese for: {missing}"
    extra = sorted(set(zh) - set(en))
    assert not extra, f"Chinese entries without an English id: {extra}"
    differ = [k for k in en if _fields(en[k]) != _fields(zh[k])]
    assert not differ, f"placeholders differ between en and zh: {differ}"


def test_chinese_entries_are_chinese():
    """A Chinese entry that is the English text again is a missing translation
    (labels of codes and product words such as TAS+ aside)."""
    en, zh = messages._catalogue("en"), messages._catalogue("zh")
    same = [k for k, v in zh.items()
            if v == en.get(k) and re.search(r"[A-Za-z]{4,}", v) and not k.startswith("label.TAS")]
    assert not same, f"untranslated: {same}"


def test_every_id_named_in_the_code_exists():
    used = set()
    for path in PKG.rglob("*.py"):
        if "messages" in path.parts:
            continue
        used |= {m for m in USE.findall(path.read_text(encoding="utf-8"))
                 if "." in m and not m.startswith(("os.", "self."))}
    en = messages._catalogue("en")
    plural_ids = {k.rsplit(".", 1)[0] for k in en if k.endswith((".one", ".other"))}
    unknown = sorted(u for u in used if u not in en and u not in plural_ids)
    assert not unknown, f"ids used but not in the catalogue: {unknown}"


def test_lookup_formats_and_falls_back():
    assert messages.label("Code", "zh") == "编号"
    assert messages.label("a customer's own word", "zh") == "a customer's own word"
    messages.set_language("zh")
    try:
        assert messages.label("Code") == "编号"
    finally:
        messages.set_language("en")
    assert messages.label("Code") == "Code"
