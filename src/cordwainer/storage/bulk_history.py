"""Straight inserts of a generated history into the real schema: for benchmarks only.

A bulk load goes around the services on purpose (it writes years of floor events in
minutes, not one command at a time). On SQLite it turns ``synchronous`` off, keeps the
journal in memory and leaves foreign keys unchecked while it loads, then puts the
floor's settings (WAL, ``synchronous=FULL``, foreign keys on) back: nothing of this
holds for floor events, which always go through the services.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import text

from cordwainer.storage.database import Database

FLOOR_PRAGMAS = ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON")
LOAD_PRAGMAS = (
    "foreign_keys=OFF",
    "journal_mode=MEMORY",
    "synchronous=OFF",
    "cache_size=-1048576",  # 1 GiB of page cache while loading
)
# Secondary indexes of the big tables are dropped while loading and built again at the
# end, from their own definitions (a sorted build is much faster than random inserts).
REBUILT = ("events", "event_pairs", "event_lots", "pairs")


@dataclass(frozen=True, slots=True)
class RoutingStep:
    position: int
    operation: str
    kind: str  # craft, metal_detection, boxing


@dataclass(frozen=True, slots=True)
class MasterData:
    """What a generated history refers to, read from the factory set up in the database."""

    variants: dict[str, list[str]]  # colourway -> its GTINs
    style_of: dict[str, str]  # colourway -> style
    routings: dict[str, list[RoutingStep]]  # style -> its steps in order
    stations: dict[str, list[str]]  # operation -> stations
    operators: dict[str, list[UUID]]  # operation -> qualified operators
    bills: dict[str, list[tuple[str, float]]]  # colourway -> (material, quantity a pair)


def master_data(db: Database) -> MasterData:
    with db.reading() as connection:
        variants: dict[str, list[str]] = {}
        style_of: dict[str, str] = {}
        for colourway, style, gtin in connection.execute(
            text(
                "SELECT c.code, c.style_code, v.gtin FROM variants v "
                "JOIN colourways c ON c.code = v.colourway_code ORDER BY c.code, v.gtin"
            )
        ):
            variants.setdefault(colourway, []).append(gtin)
            style_of[colourway] = style
        routings: dict[str, list[RoutingStep]] = {}
        for style, position, operation, kind in connection.execute(
            text(
                "SELECT rs.style_code, rs.position, rs.operation_code, o.kind "
                "FROM routing_steps rs JOIN operations o ON o.code = rs.operation_code "
                "ORDER BY rs.style_code, rs.position"
            )
        ):
            routings.setdefault(style, []).append(RoutingStep(position, operation, kind))
        stations: dict[str, list[str]] = {}
        for operation, station in connection.execute(
            text(
                "SELECT w.operation_code, s.code FROM stations s "
                "JOIN workcentres w ON w.code = s.workcentre_code ORDER BY s.code"
            )
        ):
            stations.setdefault(operation, []).append(station)
        operators: dict[str, list[UUID]] = {}
        for operation, operator in connection.execute(
            text("SELECT operation_code, operator_id FROM skills WHERE level >= 2 ORDER BY 1, 2")
        ):
            operators.setdefault(operation, []).append(_uuid(operator))
        bills: dict[str, list[tuple[str, float]]] = {}
        for colourway, material, quantity in connection.execute(
            text("SELECT colourway_code, material_code, quantity FROM bom_lines ORDER BY 1, 2")
        ):
            bills.setdefault(colourway, []).append((material, float(quantity)))
    return MasterData(variants, style_of, routings, stations, operators, bills)


class BulkLoad:
    """Rows inserted with executemany, in big batches, in few transactions."""

    def __init__(self, raw: Any, dialect: str) -> None:
        self._raw = raw
        self.dialect = dialect
        self._mark = "?" if dialect == "sqlite" else "%s"

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        marks = ", ".join(self._mark for _ in columns)
        statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        cursor = self._raw.cursor()
        try:
            cursor.executemany(statement, rows)
        finally:
            cursor.close()

    def set_lot_quantities(self, rows: Sequence[tuple[float, float, str]]) -> None:
        """(received, consumed, lot code) of generated lots."""
        marks = [self._mark] * 3
        statement = (
            f"UPDATE material_lots SET quantity_received = {marks[0]}, "
            f"quantity_consumed = {marks[1]} WHERE code = {marks[2]}"
        )
        cursor = self._raw.cursor()
        try:
            cursor.executemany(statement, rows)
        finally:
            cursor.close()

    def commit(self) -> None:
        if self.dialect == "sqlite":
            self._raw.execute("COMMIT")
            self._raw.execute("BEGIN")
        else:
            self._raw.commit()

    def key(self, value: UUID) -> Any:
        """An id as the database stores it: 32 hex characters on SQLite, a uuid elsewhere."""
        return value.hex if self.dialect == "sqlite" else value

    def moment(self, value: datetime) -> Any:
        """A UTC moment as the schema's UtcDateTime stores it."""
        if self.dialect == "sqlite":
            return value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        return value

    def json(self, value: dict[str, Any]) -> str:
        return json.dumps(value)


@contextmanager
def bulk_load(db: Database) -> Iterator[BulkLoad]:
    """One loading session; commits at the end (and wherever the loader commits)."""
    raw = db.engine.raw_connection()
    sqlite = db.dialect == "sqlite"
    try:
        if sqlite:
            for pragma in LOAD_PRAGMAS:
                raw.execute(f"PRAGMA {pragma}")
            raw.execute("BEGIN")
        indexes = _drop_indexes(raw, db.dialect)
        yield BulkLoad(raw, db.dialect)
        cursor = raw.cursor()
        for definition in indexes:
            cursor.execute(definition)
        cursor.close()
        if sqlite:
            raw.execute("COMMIT")
            raw.execute("ANALYZE")
        else:
            raw.commit()
    except BaseException:
        raw.rollback()
        raise
    finally:
        if sqlite:
            for pragma in FLOOR_PRAGMAS:
                raw.execute(f"PRAGMA {pragma}")
        raw.close()


def _drop_indexes(raw: Any, dialect: str) -> list[str]:
    """Drop the big tables' secondary indexes; return the statements that build them again."""
    tables = ", ".join(f"'{table}'" for table in REBUILT)
    if dialect == "sqlite":
        query = (
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({tables})"
        )
    else:
        query = (
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            f"AND tablename IN ({tables}) AND indexname NOT LIKE 'pk_%'"
            " AND indexdef NOT LIKE 'CREATE UNIQUE%'"
        )
    cursor = raw.cursor()
    cursor.execute(query)
    found = [(name, definition) for name, definition in cursor.fetchall()]
    for name, _ in found:
        cursor.execute(f'DROP INDEX "{name}"')
    cursor.close()
    return [definition for _, definition in found]


def count(db: Database, table: str) -> int:
    with db.reading() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def lots_in_use(db: Database) -> dict[str, int]:
    """Each lot drawn at clicking, with how many pairs it went into."""
    with db.reading() as connection:
        rows = connection.execute(
            text(
                "SELECT el.lot_code, count(DISTINCT ep.pair_id) FROM event_lots el "
                "JOIN event_pairs ep ON ep.event_id = el.event_id GROUP BY el.lot_code"
            )
        )
        return {lot: int(pairs) for lot, pairs in rows}


def some_pairs(db: Database, serials: Sequence[str]) -> list[tuple[str, str]]:
    """(GTIN, serial) of the pairs with these serials."""
    query = text("SELECT gtin, serial FROM pairs WHERE serial = :serial")
    with db.reading() as connection:
        rows = (connection.execute(query, {"serial": serial}).first() for serial in serials)
        return [(row[0], row[1]) for row in rows if row is not None]


def _uuid(value: Any) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))
