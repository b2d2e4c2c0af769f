"""`cordwainer bench floor`: station tablets against a real server process, over HTTP.

Each simulated station walks its own racks through the craft steps, sending the real
commands a tablet sends (start, finish — with the lots at clicking — and inspect).
Two phases: open loop at a fixed total rate, latency counted from each command's planned
send time (so a slow answer cannot hide the ones queued behind it), then closed loop,
each station sending as soon as it is answered, for the maximum sustained rate.
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx

from cordwainer.bench.setup import COLOURWAY, fresh_factory, release_racks
from cordwainer.bench.tablet import Tablet
from cordwainer.demo.factory import FactoryData, read_factory

STEPS_PER_RACK = 8 * 3  # eight craft steps, each started, finished and inspected


@dataclass(frozen=True, slots=True)
class FloorResult:
    stations: int
    rate: float
    events: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    errors: int
    max_events_per_s: float
    closed_loop_events: int
    server_cpu_ms_per_event: float
    db: str

    def as_json(self) -> dict[str, Any]:
        return {
            "bench": "floor",
            "stations": self.stations,
            "rate": self.rate,
            "events": self.events,
            "p50_ms": round(self.p50_ms, 2),
            "p99_ms": round(self.p99_ms, 2),
            "max_ms": round(self.max_ms, 2),
            "errors": self.errors,
            "max_events_per_s": round(self.max_events_per_s, 1),
            "closed_loop_events": self.closed_loop_events,
            "server_cpu_ms_per_event": round(self.server_cpu_ms_per_event, 3),
            "db": self.db,
        }


class Script:
    """The commands one station sends, rack after rack, step after step."""

    def __init__(self, data: FactoryData, racks: list[str]) -> None:
        self.racks = racks
        self.crafts = [op for op in data.operations if op.kind == "craft"]
        self.stations = {w.operation: w.stations[0] for w in data.workcentres}
        self.people = {
            op.code: next(p.badge for p in data.operators if p.skills.get(op.code, 0) >= 2)
            for op in data.operations
        }
        inspector = self.people["final_inspection"]
        self.inspector = inspector
        cut = {m.code for m in data.materials if m.unit == "dm2"}
        bill = next(c.bom for s in data.styles for c in s.colourways if c.code == COLOURWAY)
        self.lots = [
            {"lot": f"BENCH-{line.material}", "quantity": line.quantity * 12}
            for line in bill
            if line.material in cut
        ]

    def commands(self) -> Iterator[tuple[str, dict[str, Any]]]:
        for rack in self.racks:
            for op in self.crafts:
                at = {"station": self.stations[op.code], "rack": rack}
                yield (
                    "/api/floor/start",
                    {"event_id": str(uuid4()), "operator": self.people[op.code], **at},
                )
                lots = self.lots if op.consumes_materials else []
                yield (
                    "/api/floor/finish",
                    {
                        "event_id": str(uuid4()),
                        "operator": self.people[op.code],
                        "lots": lots,
                        **at,
                    },
                )
                yield (
                    "/api/floor/inspect",
                    {"event_id": str(uuid4()), "operator": self.inspector, **at},
                )


async def _open_loop(
    base_url: str,
    scripts: list[Iterator[tuple[str, dict[str, Any]]]],
    rate: float,
    total: int,
) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    stations = len(scripts)
    start = time.perf_counter() + 0.2

    async def station(index: int, script: Iterator[tuple[str, dict[str, Any]]]) -> None:
        nonlocal errors
        async with _tablet(base_url) as client:
            for turn in range(index, total, stations):
                planned = start + turn / rate
                delay = planned - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                path, body = next(script)
                status = await client.post(path, body)
                latencies.append((time.perf_counter() - planned) * 1000)
                errors += status != 201

    await asyncio.gather(*(station(i, s) for i, s in enumerate(scripts)))
    return latencies, errors


async def _closed_loop(
    base_url: str, scripts: list[Iterator[tuple[str, dict[str, Any]]]], seconds: float
) -> tuple[int, float, int]:
    done = 0
    errors = 0
    start = time.perf_counter()
    stop = start + seconds

    async def station(script: Iterator[tuple[str, dict[str, Any]]]) -> None:
        nonlocal done, errors
        async with _tablet(base_url) as client:
            for path, body in script:
                if time.perf_counter() >= stop:
                    return
                status = await client.post(path, body)
                done += 1
                errors += status != 201

    await asyncio.gather(*(station(s) for s in scripts))
    return done, time.perf_counter() - start, errors


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def _tablet(base_url: str) -> Tablet:
    """One station's own connection, as each tablet on the floor has."""
    return Tablet(base_url)


async def _drive(
    base_url: str,
    scripts_open: list[Script],
    scripts_closed: list[Script],
    rate: float,
    total: int,
    seconds: float,
) -> tuple[list[float], int, int, float]:
    latencies, open_errors = await _open_loop(
        base_url, [s.commands() for s in scripts_open], rate, total
    )
    done, elapsed, closed_errors = await _closed_loop(
        base_url, [s.commands() for s in scripts_closed], seconds
    )
    return latencies, open_errors + closed_errors, done, elapsed


def run_floor_bench(
    *, stations: int, rate: float, seconds: float, database_url: str | None = None
) -> FloorResult:
    with tempfile.TemporaryDirectory(prefix="cordwainer-bench-") as folder:
        url = database_url or f"sqlite:///{folder}/floor.sqlite"
        factory = fresh_factory(url)
        total = int(rate * seconds)
        racks_open = -(-total // (STEPS_PER_RACK * stations)) + 1
        racks_closed = max(4, int(3000 * seconds / (STEPS_PER_RACK * stations)))
        racks = release_racks(factory.db, stations * (racks_open + racks_closed))
        factory.db.dispose()
        data = read_factory()
        open_scripts = [
            Script(data, racks[i * racks_open : (i + 1) * racks_open]) for i in range(stations)
        ]
        rest = racks[stations * racks_open :]
        closed_scripts = [Script(data, rest[i::stations]) for i in range(stations)]
        server = _serve(url)
        try:
            cpu_before = server.cpu_seconds()
            latencies, errors, done, elapsed = asyncio.run(
                _drive(server.base_url, open_scripts, closed_scripts, rate, total, seconds)
            )
            cpu = server.cpu_seconds() - cpu_before
        finally:
            server.stop()
    return FloorResult(
        stations=stations,
        rate=rate,
        events=len(latencies),
        p50_ms=statistics.median(latencies) if latencies else 0.0,
        p99_ms=_percentile(latencies, 0.99),
        max_ms=max(latencies, default=0.0),
        errors=errors,
        max_events_per_s=done / elapsed if elapsed else 0.0,
        closed_loop_events=done,
        server_cpu_ms_per_event=cpu * 1000 / max(1, len(latencies) + done),
        db=factory.kind,
    )


@dataclass
class _Server:
    process: subprocess.Popen[bytes]
    base_url: str

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=15)

    def cpu_seconds(self) -> float:
        """CPU seconds the server has used (Linux): what events cost, whatever the load."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _serve(url: str) -> _Server:
    port = _free_port()
    env = os.environ | {"CORDWAINER_DATABASE_URL": url}
    process = subprocess.Popen(
        [sys.executable, "-m", "cordwainer", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                return _Server(process, base)
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not answer within 30 s")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
