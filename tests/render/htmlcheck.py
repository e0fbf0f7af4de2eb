"""Reading rendered HTML back with the standard library's ``html.parser``: nesting, ids,
links and the visible text, so the tests need no HTML library."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset({"meta", "link", "br", "hr", "img", "input", "col", "wbr", "source"})
INVISIBLE = frozenset({"head", "style", "script", "title"})


@dataclass
class Page:
    doctype: str = ""
    text: str = ""
    title: str = ""
    links: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    lang: str | None = None
    charset: str | None = None
    problems: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[str] = []
        self.text: list[str] = []
        self.title: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.page.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.page.tags.append(tag)
        if tag == "html":
            self.page.lang = values.get("lang")
        if tag == "meta" and "charset" in values:
            self.page.charset = values["charset"]
        if tag == "a" and values.get("href"):
            self.page.links.append(str(values["href"]))
        if values.get("id"):
            self.page.ids.append(str(values["id"]))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.page.problems.append(f"end tag for void element <{tag}>")
        elif not self.stack or self.stack[-1] != tag:
            self.page.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else ''}>")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "title" in self.stack:
            self.title.append(data)
        if not INVISIBLE & set(self.stack):
            self.text.append(data)


def read_html(document: str) -> Page:
    """Parse ``document``; ``problems`` lists mismatched or unclosed tags."""
    reader = _Reader()
    reader.feed(document)
    reader.close()
    page = reader.page
    page.text = "".join(reader.text)
    page.title = "".join(reader.title)
    if reader.stack:
        page.problems.append(f"unclosed: {', '.join(reader.stack)}")
    return page
