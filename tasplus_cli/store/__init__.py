"""The SQL store: SQLModel tables, sessions, queries and migrations.

The only package that imports sqlmodel, sqlalchemy or alembic. Import its
modules lazily from ``cli/`` (inside command functions) so ``--help`` and
completion stay fast.
"""
