"""What every command shares: the settings, the database, and errors said plainly."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console

from cordwainer.config import Settings
from cordwainer.domain.errors import CordwainerError
from cordwainer.storage.database import Database

console = Console()
errors = Console(stderr=True)
P = ParamSpec("P")
R = TypeVar("R")


def settings() -> Settings:
    return Settings()


@contextmanager
def open_database(url: str | None = None) -> Iterator[Database]:
    url = url or settings().database_url
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    db = Database.connect(url)
    try:
        yield db
    finally:
        db.dispose()


def plainly(command: Callable[P, R]) -> Callable[P, R]:
    """Say a Cordwainer error's sentence and exit 1, instead of a traceback."""

    @wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except CordwainerError as error:
            errors.print(f"[red]✗[/red] {error.message} [dim]({error.code})[/dim]")
            sys.exit(1)

    return run


def fail(message: str) -> typer.Exit:
    errors.print(f"[red]✗[/red] {message}")
    return typer.Exit(1)
