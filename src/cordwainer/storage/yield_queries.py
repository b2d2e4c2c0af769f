"""Read side of quality over a period: first checks (first-pass yield by step, style and
the person whose work was checked) and the defects found (a Pareto).

A pair's first check at a step is its first inspection there (its first scan at the metal
detector). A pair is checked at a step again only after something was found wrong with it,
so every check of the period is counted as a first and a pass, and then only the few pairs
with a finding (of the racks checked in the period) are looked at in full: their findings
and their checks after the first are taken off. Plain SQL that SQLite (3.35 or newer) and
PostgreSQL (12 or newer) both run; ``MATERIALIZED`` keeps each part computed once, and
``CROSS JOIN`` keeps SQLite's planner walking from the few pairs to their marks.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Integer, String, bindparam, text

from cordwainer.storage.flow_queries import Span
from cordwainer.storage.tables import UtcDateTime


@dataclass(frozen=True, slots=True)
class FirstChecks:
    operation: str
    style: str
    worker: str | None  # the badge of whoever did the work that was checked
    checked: int
    passed: int


@dataclass(frozen=True, slots=True)
class DefectFound:
    code: str
    pairs: int


# A check's style is its rack's (a rack is one colourway); an event naming pairs without a
# rack finds it through its first pair. Who did the work a check looked at: the person who
# last finished that step on the rack before the check; at the detector, the scan's own.
FIRST_CHECKS = text(
    """
    WITH checks AS MATERIALIZED (
        SELECT e.id AS event_id, e.operation_code, e.rack_code, e.event_time, e.kind,
               e.operator_id,
               (SELECT COUNT(*) FROM event_pairs x WHERE x.event_id = e.id) AS pairs,
               COALESCE(cw.style_code, (
                   SELECT c2.style_code FROM event_pairs x
                   JOIN pairs p ON p.id = x.pair_id
                   JOIN racks r2 ON r2.code = p.rack_code
                   JOIN colourways c2 ON c2.code = r2.colourway_code
                   WHERE x.event_id = e.id LIMIT 1)) AS style_code
        FROM events e
        LEFT JOIN racks r ON r.code = e.rack_code
        LEFT JOIN colourways cw ON cw.code = r.colourway_code
        WHERE e.kind IN ('pairs_inspected', 'metal_scanned')
          AND e.event_time >= :since AND e.event_time < :until
    ),
    troubled AS MATERIALIZED (
        SELECT f.pair_id
        FROM (SELECT DISTINCT rack_code FROM checks WHERE rack_code IS NOT NULL) k
        CROSS JOIN pairs p
        CROSS JOIN event_pairs f
        WHERE p.rack_code = k.rack_code AND f.pair_id = p.id
          AND f.result IN ('rework', 'scrap', 'fail')
        UNION
        SELECT x.pair_id
        FROM checks c JOIN event_pairs x ON x.event_id = c.event_id
        WHERE c.rack_code IS NULL
    ),
    their_checks AS MATERIALIZED (
        SELECT ep.event_id, ep.result,
               ROW_NUMBER() OVER (
                   PARTITION BY ep.pair_id, e.operation_code ORDER BY e.event_time, e.record_time
               ) AS nth
        FROM troubled t
        CROSS JOIN event_pairs ep
        CROSS JOIN events e
        WHERE ep.pair_id = t.pair_id AND e.id = ep.event_id
          AND e.kind IN ('pairs_inspected', 'metal_scanned')
    ),
    firsts AS MATERIALIZED (
        SELECT c.event_id, c.pairs AS checked, c.pairs AS passed FROM checks c
        UNION ALL
        SELECT t.event_id,
               -SUM(CASE WHEN t.nth > 1 THEN 1 ELSE 0 END),
               -SUM(CASE WHEN t.nth > 1 OR t.result <> 'pass' THEN 1 ELSE 0 END)
        FROM their_checks t
        GROUP BY t.event_id
    ),
    workers AS MATERIALIZED (
        SELECT c.event_id,
               CASE WHEN c.kind = 'metal_scanned' THEN c.operator_id ELSE (
                   SELECT f.operator_id FROM events f
                   WHERE f.rack_code = c.rack_code AND f.kind = 'operation_finished'
                     AND f.operation_code = c.operation_code AND f.event_time <= c.event_time
                   ORDER BY f.event_time DESC, f.record_time DESC
                   LIMIT 1
               ) END AS operator_id
        FROM checks c
    )
    SELECT c.operation_code AS operation, s.code AS style, o.badge AS worker,
           SUM(f.checked) AS checked, SUM(f.passed) AS passed
    FROM firsts f
    JOIN checks c ON c.event_id = f.event_id
    JOIN styles s ON s.code = c.style_code
    JOIN workers w ON w.event_id = f.event_id
    LEFT JOIN operators o ON o.id = w.operator_id
    GROUP BY c.operation_code, s.code, o.badge
    """
).bindparams(bindparam("since", type_=UtcDateTime), bindparam("until", type_=UtcDateTime))

DEFECTS = text(
    """
    SELECT f.defect_code AS code, COUNT(*) AS pairs
    FROM event_pairs f
    JOIN events e ON e.id = f.event_id
    WHERE f.result IN ('rework', 'scrap', 'fail') AND f.defect_code IS NOT NULL
      AND e.kind IN ('pairs_inspected', 'metal_scanned')
      AND e.event_time >= :since AND e.event_time < :until
    GROUP BY f.defect_code
    ORDER BY COUNT(*) DESC, f.defect_code
    """
).bindparams(bindparam("since", type_=UtcDateTime), bindparam("until", type_=UtcDateTime))


def first_checks(connection: Connection, span: Span) -> list[FirstChecks]:
    query = FIRST_CHECKS.columns(
        operation=String, style=String, worker=String, checked=Integer, passed=Integer
    )
    rows = connection.execute(query, {"since": span.since, "until": span.until})
    return [FirstChecks(**row) for row in rows.mappings()]


def defects_found(connection: Connection, span: Span) -> list[DefectFound]:
    query = DEFECTS.columns(code=String, pairs=Integer)
    rows = connection.execute(query, {"since": span.since, "until": span.until})
    return [DefectFound(**row) for row in rows.mappings()]
