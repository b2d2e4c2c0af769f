"""The `cordwainer` command, run as a person runs it: a real process on a real database."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from cordwainer.storage.migrate import MIGRATIONS
from tests.databases import SqliteTemplates
from tests.servers import free_port

COMMANDS = (
    "db upgrade",
    "demo",
    "simulate",
    "serve",
    "trace pair",
    "trace lot",
    "export epcis",
    "whatif",
    "labels rack",
    "labels box",
    "recall",
)


def cordwainer(
    *args: str, database_url: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"CORDWAINER_DATABASE_URL": database_url, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "cordwainer", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def worked_day(sqlite_templates: SqliteTemplates) -> str:
    """A demo factory after three simulated days of 24 pairs: the first racks are shipped."""
    url = sqlite_templates.fresh_url()
    done = cordwainer(
        "simulate",
        "--days",
        "3",
        "--seed",
        "5",
        "--pairs-per-day",
        "24",
        "--start",
        "2026-11-16",
        database_url=url,
    )
    assert done.returncode == 0, done.stderr
    assert "72 pairs ordered" in done.stdout
    return url


def test_help_lists_every_command(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/none.sqlite"
    top = cordwainer("--help", database_url=url)
    assert top.returncode == 0
    for group in ("db", "demo", "simulate", "serve", "trace"):
        assert group in top.stdout
    assert "pair" in cordwainer("trace", "--help", database_url=url).stdout
    assert "upgrade" in cordwainer("db", "--help", database_url=url).stdout


def test_every_command_is_documented_in_docs_cli() -> None:
    manual = (Path(__file__).parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"cordwainer {command}" in manual, (
            f"docs/cli.md does not describe `cordwainer {command}`"
        )


def test_db_upgrade_creates_the_schema_in_an_empty_file(tmp_path: Path) -> None:
    head = max(path.name[:4] for path in (MIGRATIONS / "versions").glob("[0-9]*.py"))
    done = cordwainer("db", "upgrade", database_url=f"sqlite:///{tmp_path}/new.sqlite")
    assert done.returncode == 0, done.stderr
    assert f"schema at revision {head}" in done.stdout


def test_trace_pair_prints_the_pairs_story(worked_day: str) -> None:
    pair = _a_boxed_pair(worked_day)
    done = cordwainer("trace", "pair", pair["gtin"], pair["serial"], database_url=worked_day)
    assert done.returncode == 0, done.stderr
    assert pair["serial"] in done.stdout
    for word in ("clicking", "closing", "lasting", "metal_scanned", "pairs_boxed"):
        assert word in done.stdout


def test_trace_lot_lists_every_pair_cut_from_it(worked_day: str) -> None:
    pair = _a_boxed_pair(worked_day)
    story = json.loads(
        cordwainer(
            "trace", "pair", pair["gtin"], pair["serial"], "--json", database_url=worked_day
        ).stdout
    )
    lot = story["lots"][0]["lot"]
    done = cordwainer("trace", "lot", lot, "--json", database_url=worked_day)
    assert done.returncode == 0, done.stderr
    serials = {p["serial"] for p in json.loads(done.stdout)["pairs"]}
    assert pair["serial"] in serials


def test_export_epcis_writes_one_document_of_a_pairs_story_the_schema_accepts(
    worked_day: str, tmp_path: Path
) -> None:
    from jsonschema import Draft7Validator

    from cordwainer.standards.epcis_validation import schema

    pair = _a_boxed_pair(worked_day)
    written = tmp_path / "pair.jsonld"
    done = cordwainer(
        "export",
        "epcis",
        "--pair",
        pair["gtin"],
        pair["serial"],
        "-o",
        str(written),
        database_url=worked_day,
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(written.read_text(encoding="utf-8"))
    events = document["epcisBody"]["eventList"]
    assert f"{len(events)} events written to {written}" in done.stderr.replace("\n", "")
    assert list(Draft7Validator(schema()).iter_errors(document)) == []
    link = f"https://id.gs1.org/01/{pair['gtin']}/21/{pair['serial']}"
    assert events[0]["bizStep"] == "commissioning"
    assert events[-1]["bizStep"] == "shipping"
    assert all(link in json.dumps(event) for event in events)

    everything = cordwainer("export", "epcis", "--since", "2026-11-16", database_url=worked_day)
    assert everything.returncode == 0, everything.stderr
    assert len(json.loads(everything.stdout)["epcisBody"]["eventList"]) > len(events)


def test_export_epcis_refuses_a_time_it_cannot_read(worked_day: str) -> None:
    done = cordwainer("export", "epcis", "--until", "teatime", database_url=worked_day)

    assert done.returncode == 1
    assert "is not a date or a date-time" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unknown_pair_is_said_plainly_with_exit_code_1(worked_day: str) -> None:
    done = cordwainer("trace", "pair", "05012345000015", "999999999", database_url=worked_day)
    assert done.returncode == 1
    assert "No pair 999999999" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_invalid_gtin_is_said_plainly(worked_day: str) -> None:
    done = cordwainer("trace", "pair", "5012345000011", "1", database_url=worked_day)
    assert done.returncode == 1
    assert "check digit" in done.stderr


def _a_boxed_pair(url: str) -> dict[str, str]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        gtin, serial = connection.execute(
            text("SELECT gtin, serial FROM pairs WHERE status = 'shipped' ORDER BY serial LIMIT 1")
        ).one()
    engine.dispose()
    return {"gtin": gtin, "serial": serial}


def test_demo_sets_the_factory_up_and_serves_the_three_pages_it_prints(tmp_path: Path) -> None:
    port = str(free_port())
    env = os.environ | {
        "CORDWAINER_DATABASE_URL": f"sqlite:///{tmp_path}/demo.sqlite",
        "CORDWAINER_PORT": port,
        "COLUMNS": "200",
    }
    demo = subprocess.Popen(
        [sys.executable, "-m", "cordwainer", "demo", "--seed", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        printed = _read_until(demo, "Serving Cordwainer", seconds=120)
        addresses = re.findall(rf"http://127\.0\.0\.1:{port}/\S+", printed)
        assert [a.split(port, 1)[1].split("/")[1] for a in addresses] == [
            "station",
            "dashboard",
            "01",
        ]
        for address in addresses:
            assert _get_when_up(address) == 200, address
    finally:
        demo.terminate()
        demo.wait(timeout=15)
        assert demo.stdout is not None
        demo.stdout.close()


def _read_until(process: subprocess.Popen[str], marker: str, seconds: float) -> str:
    assert process.stdout is not None
    seen = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if marker in line:
            return "".join(seen)
    raise AssertionError(f"the demo did not print {marker!r}:\n{''.join(seen)}")


def _get_when_up(address: str) -> int:
    deadline = time.monotonic() + 30
    while True:
        try:
            return httpx.get(address, timeout=5).status_code
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_labels_rack_writes_the_racks_ticket_as_a_pdf_or_zpl(
    worked_day: str, tmp_path: Path
) -> None:
    pair = _a_pair_on_a_rack(worked_day)
    rack = pair["rack"]
    written = tmp_path / "ticket.pdf"

    as_pdf = cordwainer("labels", "rack", rack, "-o", str(written), database_url=worked_day)
    as_zpl = cordwainer("labels", "rack", rack, "--zpl", database_url=worked_day)

    assert as_pdf.returncode == 0, as_pdf.stderr
    assert written.read_bytes().startswith(b"%PDF-")
    assert str(written) in as_pdf.stdout.replace("\n", "")
    assert as_zpl.returncode == 0, as_zpl.stderr
    assert as_zpl.stdout.startswith("^XA")
    assert f"^FD{rack}^FS" in as_zpl.stdout


def test_labels_box_writes_the_pairs_box_label_next_to_where_it_runs(
    worked_day: str, tmp_path: Path
) -> None:
    pair = _a_pair_on_a_rack(worked_day)
    as_zpl = cordwainer(
        "labels",
        "box",
        pair["gtin"],
        pair["serial"],
        "--zpl",
        "-o",
        str(tmp_path / "box.zpl"),
        database_url=worked_day,
    )
    as_pdf = subprocess.run(
        [sys.executable, "-m", "cordwainer", "labels", "box", pair["gtin"], pair["serial"]],
        env=os.environ | {"CORDWAINER_DATABASE_URL": worked_day},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert as_zpl.returncode == 0, as_zpl.stderr
    assert f"^FD{pair['gtin'][1:13]}^FS" in (tmp_path / "box.zpl").read_text(encoding="utf-8")
    assert as_pdf.returncode == 0, as_pdf.stderr
    made = tmp_path / f"box-{pair['gtin']}-{pair['serial']}.pdf"
    assert made.read_bytes().startswith(b"%PDF-")


def test_labels_for_a_rack_never_released_are_refused_plainly(worked_day: str) -> None:
    done = cordwainer("labels", "rack", "R999999", database_url=worked_day)

    assert done.returncode == 1
    assert "There is no rack R999999." in done.stderr
    assert "Traceback" not in done.stderr


def _a_pair_on_a_rack(url: str) -> dict[str, str]:
    """A pair of the worked day that may have a box label, wherever it is, with its rack."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        gtin, serial, rack = connection.execute(
            text(
                "SELECT gtin, serial, rack_code FROM pairs WHERE status <> 'scrapped' "
                "ORDER BY serial LIMIT 1"
            )
        ).one()
    engine.dispose()
    return {"gtin": gtin, "serial": serial, "rack": rack}
