"""Catalogue entries being written area by area (each module: ``EN`` and ``ZH`` dicts);
merged into ``en.py`` / ``zh.py``."""
