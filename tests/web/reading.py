"""Reading a page as a person does: its visible text, its tables and its forms."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_HIDDEN = {"script", "style", "head"}


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    button: str = ""
    button_class: str = ""

    @property
    def is_next(self) -> bool:
        return "next" in self.button_class.split()


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self.forms: list[Form] = []
        self.tables: dict[str, list[list[str]]] = {}
        self._hidden = 0
        self._form: Form | None = None
        self._in_button = False
        self._caption: str | None = None
        self._in_caption = False
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag == "form":
            self._form = Form(found.get("action", ""), found.get("method", "get").lower())
            self.forms.append(self._form)
        elif tag == "input" and self._form is not None and "name" in found:
            self._form.fields.setdefault(found["name"], []).append(found.get("value", ""))
        elif tag == "button" and self._form is not None:
            self._in_button = True
            self._form.button_class = found.get("class", "")
        elif tag == "table":
            self._caption = None
        elif tag == "caption":
            self._in_caption = True
            self._caption = ""
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden -= 1
        elif tag == "form":
            self._form = None
        elif tag == "button":
            self._in_button = False
        elif tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(_squash(" ".join(self._cell)))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._caption is not None:
            self.tables.setdefault(self._caption, []).append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        self.words.append(data)
        if self._in_button and self._form is not None:
            self._form.button += data.strip()
        if self._in_caption and self._caption is not None:
            self._caption = _squash(self._caption + data)
        if self._cell is not None:
            self._cell.append(data)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _read(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def text_of(html: str) -> str:
    """What a reader sees, with runs of white space made single."""
    return _squash(" ".join(_read(html).words))


def forms_of(html: str) -> list[Form]:
    return _read(html).forms


def form_labelled(html: str, button: str) -> Form:
    for form in forms_of(html):
        if form.button == button:
            return form
    raise AssertionError(f"no form with a {button!r} button")


def table(html: str, caption_starts: str) -> list[list[str]]:
    """The rows of the table whose caption starts with ``caption_starts``, header row first."""
    for caption, rows in _read(html).tables.items():
        if caption.startswith(caption_starts):
            return rows
    raise AssertionError(f"no table captioned {caption_starts!r}")


def has_word(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def without_stylesheet(html: str) -> str:
    """The page without its inline stylesheet: the one static file, which holds no data."""
    return re.sub(r"<style>.*?</style>", "", html, flags=re.DOTALL)
