"""What routes are given: the database the application was created with."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from cordwainer.storage.database import Database


def database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


Db = Annotated[Database, Depends(database)]
