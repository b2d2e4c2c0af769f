"""Templates and the words and numbers they print: dates, countries, shares, quantities.

The Jinja environment is built on first use, never at import; it escapes every value.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from cordwainer.standards.countries import country_name
from cordwainer.web import urls


def long_date(day: date | None) -> str:
    """``16 November 2026``."""
    return "" if day is None else f"{day.day} {day:%B %Y}"


def short_date(day: date | None) -> str:
    """``Mon 16 Nov 2026``."""
    return "" if day is None else f"{day:%a} {day.day} {day:%b %Y}"


def country(code: str) -> str:
    return country_name(code)


def with_article(noun: str) -> str:
    """``a closer``, ``an inspector``."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def percent(share: float | None) -> str:
    """``95.8 %``; a dash when there is nothing to divide."""
    return "—" if share is None else f"{share * 100:.1f} %"


def quantity(value: float) -> str:
    """``1,234`` or ``12.5``: no trailing zeros, thousands separated."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.3f}".rstrip("0")


STYLESHEET = Path(__file__).with_name("static") / "cordwainer.css"


@cache
def stylesheet() -> Markup:
    """The one stylesheet's text, for the public pages that carry it inline."""
    return Markup(STYLESHEET.read_text(encoding="utf-8"))


@cache
def templates() -> Jinja2Templates:
    environment = Environment(
        loader=PackageLoader("cordwainer.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(
        long_date=long_date,
        short_date=short_date,
        country=country,
        with_article=with_article,
        percent=percent,
        quantity=quantity,
    )
    environment.globals["urls"] = urls
    environment.globals["stylesheet"] = stylesheet
    return Jinja2Templates(env=environment)


def render(
    request: Request, name: str, context: Mapping[str, Any], *, status: int = 200
) -> HTMLResponse:
    return templates().TemplateResponse(request, name, dict(context), status_code=status)
