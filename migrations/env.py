"""Alembic environment for tasplus.

Runs on the connection tasplus passes in ``config.attributes["connection"]``
(one shared connection, one transaction). Migrations never import the models;
``target_metadata`` is given only when a developer autogenerates a revision
(``python tools/autogen.py``). ``render_as_batch`` lets SQLite
alter tables.
"""

from alembic import context

config = context.config
connection = config.attributes.get("connection")
target_metadata = config.attributes.get("target_metadata")

if connection is None:
    raise RuntimeError("tasplus migrations run through tasplus (tasplus db upgrade), not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
