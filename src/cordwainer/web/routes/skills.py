"""The skill matrix: everyone against every operation, trainee, qualified or expert."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from cordwainer.services import staffing
from cordwainer.storage.database import Database
from cordwainer.web import terminal, urls
from cordwainer.web.rendering import render


def router(db: Database) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get(urls.SKILLS, response_class=HTMLResponse)
    def skill_matrix(request: Request) -> HTMLResponse:
        context = {"matrix": staffing.skill_matrix(db), "level_words": terminal.level_words}
        return render(request, "skills.html", context)

    return pages
