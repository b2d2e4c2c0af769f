"""Fixtures shared by every kind of test."""

from tests.databases import (  # noqa: F401 - fixtures are found by name
    factory,
    factory_url,
    postgresql_templates,
    sqlite_factory,
    sqlite_templates,
)
from tests.simulated import (  # noqa: F401 - fixtures are found by name
    simulated,
    simulated_copy,
    simulated_postgresql,
    simulated_sqlite,
)
