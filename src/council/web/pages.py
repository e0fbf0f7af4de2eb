"""The server-rendered pages: the same views as the API, shown with Jinja2 templates.

Every form carries the session's CSRF token; a refused form is shown again with what the user
typed and the message, and nothing is stored. Successful posts redirect (303) to a page, so a
reload never sends a letter twice.
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from council.council import Council
from council.domain.accounts import Action, Actor, authorise
from council.domain.document import Document
from council.domain.drafts import State
from council.domain.errors import CouncilError, DocumentNotFound, InvalidInput
from council.render.registry import render_bytes
from council.render.resolution import render_resolution_html
from council.web import models as m
from council.web import views
from council.web.auth import (
    CSRF_FIELD,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    check_form_csrf,
    check_login_csrf,
    council_of,
    now_of,
    page_actor,
    signed_in,
)

router = APIRouter(include_in_schema=False)

Year = Annotated[int, Path(ge=1946, le=2999)]
Serial = Annotated[int, Path(ge=1, le=99999)]
LANGUAGES = {"ar": "العربية", "zh": "中文", "en": "English", "fr": "Français",
             "ru": "Русский", "es": "Español"}
Lang = Annotated[str, Query(pattern="^(ar|zh|en|fr|ru|es)$")]


def _secure(request: Request) -> bool:
    configured = request.app.state.secure_cookies
    return bool(configured) if configured is not None else request.url.scheme == "https"


def render(request: Request, template: str, status: int = 200,
           headers: dict[str, str] | None = None, **context: Any) -> HTMLResponse:
    session = signed_in(request)
    actor = session.actor if session else Actor()
    council = council_of(request)
    context.setdefault("error", None)
    response = request.app.state.templates.TemplateResponse(
        request, template,
        {"actor": actor, "csrf": session.csrf_token if session else "",
         "now": views.moment(council, now_of(request)), "Action": Action,
         "may": views.may, "labels": views.POSITION_LABELS, "languages": LANGUAGES,
         **context},
        status_code=status, headers=headers)
    assert isinstance(response, HTMLResponse)
    return response


def error_page(request: Request, status: int, message: str,
               headers: dict[str, str] | None = None) -> HTMLResponse:
    return render(request, "error.html", status, headers, code=status, message=message)


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


async def _form(request: Request) -> FormData:
    form = await request.form(max_files=2, max_fields=50)
    try:
        check_form_csrf(request, form.get(CSRF_FIELD))
    except CouncilError:
        await form.close()  # an uploaded file's spooled temporary file
        raise
    return form


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _split_page(html: str) -> tuple[str, str]:
    """A rendered document page's stylesheet and body, to show inside the site's layout."""
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    body = re.search(r"<body>(.*)</body>", html, re.S)
    return (style.group(1) if style else "", body.group(1) if body else html)


# -- home, sign-in --------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    council, actor = council_of(request), page_actor(request)
    return render(request, "index.html", drafts=views.list_drafts(council, actor),
                  documents=views.list_documents(council, actor))


@router.get("/documents", response_class=HTMLResponse)
def documents(request: Request) -> HTMLResponse:
    council, actor = council_of(request), page_actor(request)
    return render(request, "documents.html", documents=views.list_documents(council, actor))


def _login_form(request: Request, status: int = 200, error: str | None = None,
                username: str = "", next_url: str = "/",
                headers: dict[str, str] | None = None) -> HTMLResponse:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    response = render(request, "login.html", status, headers, login_csrf=token,
                      error=error, username=username, next_url=next_url)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="lax",
                        secure=_secure(request), max_age=3600)
    return response


def _local(url: str) -> str:
    return url if url.startswith("/") and not url.startswith("//") else "/"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: Annotated[str, Query(max_length=500)] = "/"
               ) -> HTMLResponse:
    return _login_form(request, next_url=_local(next))


@router.post("/login")
async def login(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=10)
    username, next_url = _text(form, "username"), _local(_text(form, "next") or "/")
    council = council_of(request)
    try:
        check_login_csrf(request, form.get(CSRF_FIELD))
        address = request.client.host if request.client else "unknown"
        account = council.access.authenticate(username, _text(form, "password"), address,
                                              now_of(request))
    except CouncilError as exc:
        from council.web.app import status_of

        headers = ({"Retry-After": str(exc.retry_after)}
                   if hasattr(exc, "retry_after") else None)
        return _login_form(request, status_of(exc), exc.message, username, next_url, headers)
    token, _ = council.access.start_session(account, now_of(request))
    response = _see(next_url)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax",
                        secure=_secure(request),
                        max_age=int(float(council.settings["SESSION_HOURS"]) * 3600))
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    await _form(request)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        council_of(request).access.end_session(token, now_of(request))
    response = _see("/")
    response.delete_cookie(SESSION_COOKIE)
    return response


# -- account: tokens and keys ----------------------------------------------------------------


@router.get("/account", response_class=HTMLResponse)
def account(request: Request) -> Response:
    actor = page_actor(request)
    if actor.anonymous:
        return _see("/login?next=/account")
    return _account_page(request, actor)


def _account_page(request: Request, actor: Actor, status: int = 200, **extra: Any
                  ) -> HTMLResponse:
    council = council_of(request)
    keys = council.access.keys(actor.member) if actor.member else []
    return render(request, "account.html", status, tokens=council.access.tokens(actor),
                  keys=keys, **extra)


@router.post("/account/tokens", response_class=HTMLResponse)
async def new_token(request: Request) -> Response:
    form = await _form(request)
    actor = page_actor(request)
    if actor.anonymous:
        return _see("/login?next=/account")
    token = council_of(request).access.create_token(actor, _text(form, "label"),
                                                    now_of(request))
    return _account_page(request, actor, new_token=token)


@router.post("/account/keys", response_class=HTMLResponse)
async def new_key(request: Request) -> Response:
    form = await _form(request)
    actor = page_actor(request)
    if actor.anonymous:
        return _see("/login?next=/account")
    try:
        key = council_of(request).access.register_key(actor, _text(form, "public_key"),
                                                      now_of(request))
    except CouncilError as exc:
        from council.web.app import status_of

        return _account_page(request, actor, status_of(exc), error=exc.message,
                             public_key=_text(form, "public_key"))
    return _account_page(request, actor, new_key=key.key_id)


# -- drafts ---------------------------------------------------------------------------------


@router.get("/drafts/new", response_class=HTMLResponse)
def new_draft_form(request: Request) -> Response:
    actor = page_actor(request)
    if actor.anonymous:
        return _see("/login?next=/drafts/new")
    authorise(actor, Action.REGISTER_DRAFT)
    return render(request, "draft_new.html", form={"matter": "substantive"})


@router.post("/drafts", response_class=HTMLResponse)
async def register_draft(request: Request) -> Response:
    form = await _form(request)
    actor = page_actor(request)
    kept = {name: _text(form, name) for name in
            ("symbol", "sponsors", "agenda_item", "text", "matter")}
    upload = form.get("file")
    filename = upload.filename if isinstance(upload, UploadFile) else None
    data = await upload.read() if isinstance(upload, UploadFile) and filename else b""
    await form.close()  # the upload's spooled temporary file (left open: a ResourceWarning)
    try:
        text, akn = kept["text"], None
        if filename:
            if filename.lower().endswith(".xml"):
                akn = data.decode("utf-8-sig", errors="strict")
                text = ""
            else:
                text = data.decode("utf-8-sig", errors="strict")
        data_in = m.DraftIn(
            symbol=kept["symbol"].strip(),
            sponsors=[s.strip() for s in re.split(r"[,;\n]", kept["sponsors"]) if s.strip()]
            or [""],
            agenda_item=kept["agenda_item"].strip() or " ",
            text=text, akn=akn, matter=kept["matter"] or "substantive")  # type: ignore[arg-type]
        out = views.register_draft(council_of(request), actor, data_in, now_of(request))
    except UnicodeDecodeError:
        return _draft_form_error(request, kept, 422, "The uploaded file is not UTF-8 text; "
                                 "save it as UTF-8 and upload it again.")
    except CouncilError as exc:
        from council.web.app import status_of

        return _draft_form_error(request, kept, status_of(exc), exc.message)
    except ValueError as exc:  # pydantic's checks of the form's fields
        return _draft_form_error(request, kept, 422, _validation_message(exc))
    return _see(out.url)


def _validation_message(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                         for e in errors())
    return str(exc)


def _draft_form_error(request: Request, kept: dict[str, str], status: int,
                      message: str) -> HTMLResponse:
    return render(request, "draft_new.html", status, form=kept, error=message)


def _draft_page(request: Request, symbol: str, status: int = 200, **extra: Any
                ) -> HTMLResponse:
    council, actor = council_of(request), page_actor(request)
    draft = views.show_draft(council, actor, symbol, now_of(request))
    return render(request, "draft.html", status, draft=draft,
                  state=State(draft.state), signatory_title=(
                      actor.role.signatory_title.label if actor.role.signatory_title else None),
                  **extra)


@router.get("/drafts/{year}/{serial}", response_class=HTMLResponse)
def draft(request: Request, year: Year, serial: Serial) -> HTMLResponse:
    return _draft_page(request, views.draft_symbol(year, serial))


async def _act(request: Request, year: int, serial: int, action: str) -> Response:
    form = await _form(request)
    council, actor, now = council_of(request), page_actor(request), now_of(request)
    symbol = views.draft_symbol(year, serial)
    kept = {name: _text(form, name) for name in ("position", "text", "president",
                                                  "period_hours", "confirm")}
    try:
        if action == "open":
            hours = float(kept["period_hours"]) if kept["period_hours"].strip() else None
            views.open_vote(council, actor, symbol, hours, now)
        elif action == "vote":
            if not kept["position"]:
                raise InvalidInput("Choose a position: in favour, against or abstention.")
            if kept["confirm"] != "yes":
                raise InvalidInput("Tick the confirmation: a letter of position cannot be "
                                   "changed once sent.")
            views.send_web_letter(council, actor, symbol, kept["position"], now)
            return _see(views.draft_url(symbol) + "/receipt")
        elif action == "prepare":
            views.prepare_letter(council, actor, symbol, kept["position"], now)
        elif action == "explain":
            views.explain_vote(council, actor, symbol, kept["text"], now)
        elif action == "close":
            views.close_vote(council, actor, symbol, now)
            views.announce(council, actor, symbol, None, now)
        elif action == "announce":
            views.announce(council, actor, symbol, kept["president"] or None, now)
    except ValueError:
        return _draft_page(request, symbol, 422, kept=kept,
                           error=f"Voting period {kept['period_hours']!r} is not a number of "
                                 "hours.")
    except CouncilError as exc:
        from council.web.app import status_of

        try:
            return _draft_page(request, symbol, status_of(exc), kept=kept, error=exc.message)
        except CouncilError:
            raise exc from None
    return _see(views.draft_url(symbol))


@router.post("/drafts/{year}/{serial}/open")
async def open_vote(request: Request, year: Year, serial: Serial) -> Response:
    return await _act(request, year, serial, "open")


@router.post("/drafts/{year}/{serial}/vote")
async def vote(request: Request, year: Year, serial: Serial) -> Response:
    return await _act(request, year, serial, "vote")


@router.post("/drafts/{year}/{serial}/prepare")
async def prepare(request: Request, year: Year, serial: Serial) -> Response:
    return await _act(request, year, serial, "prepare")


@router.post("/drafts/{year}/{serial}/explain")
async def explain(request: Request, year: Year, serial: Serial) -> Response:
    return await _act(request, year, serial, "explain")


@router.post("/drafts/{year}/{serial}/close")
async def close(request: Request, year: Year, serial: Serial) -> Response:
    return await _act(request, year, serial, "close")


@router.post("/drafts/{year}/{serial}/announce")
async def announce(request: Request, year: Year, serial: Serial) -> Response:
    return await _act(request, year, serial, "announce")


@router.get("/drafts/{year}/{serial}/receipt", response_class=HTMLResponse)
def receipt(request: Request, year: Year, serial: Serial) -> Response:
    actor = page_actor(request)
    if actor.anonymous:
        return _see(f"/login?next={quote(request.url.path)}")
    symbol = views.draft_symbol(year, serial)
    found = views.receipt(council_of(request), actor, symbol)
    return render(request, "receipt.html", symbol=symbol, receipt=found,
                  url=views.draft_url(symbol),
                  signed=json.dumps(found.signed, indent=2, ensure_ascii=False),
                  letter=json.dumps(found.letter, indent=2, ensure_ascii=False))


@router.get("/drafts/{year}/{serial}/receipt.json")
def receipt_file(request: Request, year: Year, serial: Serial) -> Response:
    symbol = views.draft_symbol(year, serial)
    found = views.receipt(council_of(request), page_actor(request), symbol)
    body = json.dumps(found.signed, indent=2, ensure_ascii=False) + "\n"
    name = f"receipt-{year}-{serial}-{found.member}.json"
    return Response(body, media_type="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/drafts/{year}/{serial}/opening-letter", response_class=HTMLResponse)
def opening_letter(request: Request, year: Year, serial: Serial,
                   lang: Lang = "en") -> HTMLResponse:
    symbol = views.draft_symbol(year, serial)
    html = views.opening_letter(council_of(request), page_actor(request), symbol, lang, "html")
    style, body = _split_page(html)
    return render(request, "document.html", title=f"Opening letter on {symbol}", style=style,
                  body=body, lang=lang, base=views.draft_url(symbol) + "/opening-letter",
                  back=views.draft_url(symbol))


# -- published documents ----------------------------------------------------------------------

# The PDF routes come first: "/letters/2020/613.pdf" would otherwise reach the HTML route and
# fail its whole-number check on "613.pdf".


def _pdf(data: bytes, name: str) -> Response:
    return Response(data, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{name}"'})


@router.get("/letters/{year}/{serial}.pdf")
def letter_pdf(request: Request, year: Year, serial: Serial, lang: Lang = "en") -> Response:
    symbol = views.letter_symbol(year, serial)
    council = council_of(request)
    views.published_letter(council, page_actor(request), symbol, lang)  # who may read it
    return _pdf(council.letter_bytes(symbol, lang, "pdf"), f"S-{year}-{serial}-{lang}.pdf")


@router.get("/resolutions/{number}.pdf")
def resolution_pdf(request: Request, number: Annotated[int, Path(ge=1, le=99999)],
                   lang: Lang = "en") -> Response:
    council = council_of(request)
    authorise(page_actor(request), Action.READ_PUBLIC)
    doc, _ = _resolution_document(council, number, lang)
    name = f"S-RES-{number}.pdf" if lang == "en" else f"S-RES-{number}-{lang}.pdf"
    return _pdf(render_bytes("resolution", doc, lang, "pdf"), name)


def _resolution_document(council: Council, number: int, lang: str) -> tuple[Document, bool]:
    """Resolution ``number`` in ``lang``, and whether it was adopted here: ours first (in
    English), else the imported record (issue 6) or its expression in ``lang`` (issue 7)."""
    if lang != "en":
        return council.corpus_text(str(number), lang), False
    try:
        return council.resolution(number), True
    except DocumentNotFound as exc:
        try:
            return council.corpus_text(str(number)), False
        except DocumentNotFound:
            raise exc from None


@router.get("/letters/{year}/{serial}", response_class=HTMLResponse)
def letter(request: Request, year: Year, serial: Serial,
           lang: Lang = "en") -> HTMLResponse:
    symbol = views.letter_symbol(year, serial)
    council = council_of(request)
    html = views.published_letter(council, page_actor(request), symbol, lang, "html")
    style, body = _split_page(html)
    issued = council.document(symbol)
    return render(request, "document.html", title=symbol, style=style, body=body, lang=lang,
                  base=f"/letters/{year}/{serial}",
                  back=views.draft_url(issued.procedure.draft.symbol),
                  pdf=f"/letters/{year}/{serial}.pdf?lang={lang}")


def _expression_page(request: Request, council: Council, number: int, lang: str
                     ) -> HTMLResponse:
    """An imported resolution in a language other than English, with links to the others."""
    doc = council.corpus_text(str(number), lang)
    style, body = _split_page(render_resolution_html(doc, lang))
    body = f'<div lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">{body}</div>'
    held = council.corpus_languages(str(number))
    return render(request, "document.html", title=doc.masthead.symbol, style=style,
                  body=body, lang=lang, base=f"/resolutions/{number}", back=None,
                  languages={code: LANGUAGES[code] for code in held},
                  citations=f"/resolutions/{number}/citations",
                  pdf=f"/resolutions/{number}.pdf?lang={lang}")


@router.get("/resolutions/{number}", response_class=HTMLResponse)
def resolution(request: Request, number: Annotated[int, Path(ge=1, le=999999)],
               lang: Lang = "en") -> HTMLResponse:
    council = council_of(request)
    authorise(page_actor(request), Action.READ_PUBLIC)
    if lang != "en":  # an imported expression in another language (issue 7)
        return _expression_page(request, council, number, lang)
    doc, ours = _resolution_document(council, number, "en")
    back = (views.draft_url(council.document(doc.masthead.symbol or "").procedure.draft.symbol)
            if ours else None)
    style, body = _split_page(render_resolution_html(doc, "en"))
    held = [] if back else council.corpus_languages(str(number))
    return render(request, "document.html", title=doc.masthead.symbol, style=style,
                  body=body, lang="en" if len(held) > 1 else None,
                  base=f"/resolutions/{number}" if len(held) > 1 else None, back=back,
                  languages={code: LANGUAGES[code] for code in held},
                  citations=f"/resolutions/{number}/citations",
                  pdf=f"/resolutions/{number}.pdf")


__all__ = ["error_page", "router"]
