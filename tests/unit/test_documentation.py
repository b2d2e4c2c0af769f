"""The documentation keeps up with the code: every error code is explained in docs/errors.md."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def error_codes_in_the_source() -> set[str]:
    """Codes given as ``code="..."`` to an error, or as a problem body's ``"code"``."""
    codes = set()
    for path in (ROOT / "src" / "cordwainer").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                codes |= {
                    keyword.value.value
                    for keyword in node.keywords
                    if keyword.arg == "code"
                    and isinstance(keyword.value, ast.Constant)
                    and isinstance(keyword.value.value, str)
                }
            if isinstance(node, ast.Dict):
                codes |= {
                    value.value
                    for key, value in zip(node.keys, node.values, strict=True)
                    if isinstance(key, ast.Constant)
                    and key.value == "code"
                    and isinstance(value, ast.Constant)
                    and isinstance(value.value, str)
                }
    return codes


def test_the_source_raises_the_errors_we_know_of() -> None:
    codes = error_codes_in_the_source()
    assert {"step_skipped", "metal_scan_missing", "event_id_reused", "invalid_gtin"} <= codes
    assert "invalid_request" in codes


def test_every_error_code_is_explained_in_docs_errors() -> None:
    manual = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    missing = sorted(code for code in error_codes_in_the_source() if f"`{code}`" not in manual)
    assert not missing, f"docs/errors.md does not explain: {', '.join(missing)}"
