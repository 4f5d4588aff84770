"""Read models: the JSON-shaped dicts that list/show/report commands print.

Each module reads in bulk (one query per list, never one per row) and returns
plain dicts with the stable English keys of CLI.md; ``render/`` turns the same
dicts into screens, so ``--json`` and the table cannot disagree.
"""
