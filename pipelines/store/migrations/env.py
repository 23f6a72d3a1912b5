"""Alembic environment: runs on the connection that ``pipelines.store.db.migrate`` hands over."""

from alembic import context
from sqlmodel import SQLModel

from pipelines.store import tables  # noqa: F401  (registers the tables on SQLModel.metadata)

connection = context.config.attributes.get("connection")
if connection is None:  # plain `alembic` command line: build an engine from the configured URL
    from pipelines.store.db import make_engine

    connection = make_engine(context.config.get_main_option("sqlalchemy.url") or "klantgevoel.db").connect()

context.configure(connection=connection, target_metadata=SQLModel.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
