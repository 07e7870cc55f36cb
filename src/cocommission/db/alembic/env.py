"""alembic environment: migrations run on the connection handed over by the app."""

from alembic import context

from cocommission.model import whole_schema

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("CoCommission runs its migrations from code; use cocommission.db.migrations")

context.configure(
    connection=connection,
    target_metadata=whole_schema(),
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
