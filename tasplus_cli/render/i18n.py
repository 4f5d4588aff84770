"""Display words (table headers, headings, field names) in the reader's language.

A thin name over the catalogue (``tasplus_cli.messages``): ``t(word, lang)`` is
``messages.label``. JSON and CSV never use it: they keep English keys.
"""

from __future__ import annotations

from tasplus_cli.messages import label as t

__all__ = ["t"]
