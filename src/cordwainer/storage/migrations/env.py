"""Alembic runs migrations on the engine Cordwainer hands it (see storage/migrate.py)."""

from alembic import context

from cordwainer.storage.tables import metadata

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    context.configure(
        connection=connection, target_metadata=metadata, render_as_batch=True, compare_type=True
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
