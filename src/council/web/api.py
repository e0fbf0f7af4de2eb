"""The JSON API under ``/api``: the same views as the pages, as JSON (schema at /openapi.json)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials

from council import evidence
from council.domain.accounts import Action, Actor, authorise
from council.signing import key_id, load_public_key
from council.web import models as m
from council.web import views
from council.web.auth import api_actor, bearer_scheme, council_of, now_of

_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": m.ErrorOut, "description": text}
    for status, text in (
        (400, "Malformed request"), (401, "Not signed in"), (403, "Not allowed"),
        (404, "Not found"), (409, "The procedure's state forbids it"),
        (413, "Request too large"), (422, "Invalid input"), (429, "Too many attempts"),
    )
}

router = APIRouter(prefix="/api", responses=_ERRORS)

Year = Annotated[int, Path(ge=1946, le=2999, description="The draft's year (S/YYYY/NNN).")]
Serial = Annotated[int, Path(ge=1, le=99999, description="The draft's serial.")]
Lang = Annotated[Literal["ar", "zh", "en", "fr", "ru", "es"],
                 Query(description="Language of the letter.")]


def _actor(request: Request,
           credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]
           ) -> Actor:
    return api_actor(request, credentials)


Who = Annotated[Actor, Depends(_actor)]


@router.get("/me", response_model=m.Me, summary="Who the request is from")
def me(actor: Who) -> m.Me:
    return views.me(actor)


@router.get("/drafts", response_model=list[m.DraftSummary], summary="Drafts, newest first")
def drafts(request: Request, actor: Who) -> list[m.DraftSummary]:
    return views.list_drafts(council_of(request), actor)


@router.post("/drafts", response_model=m.DraftOut, status_code=201,
             summary="Register a draft put in blue (Secretariat)")
def register_draft(request: Request, actor: Who, data: m.DraftIn) -> m.DraftOut:
    return views.register_draft(council_of(request), actor, data, now_of(request))


@router.get("/drafts/{year}/{serial}", response_model=m.DraftOut,
            summary="A draft and its procedure, as the requester may see it")
def draft(request: Request, actor: Who, year: Year, serial: Serial) -> m.DraftOut:
    return views.show_draft(council_of(request), actor, views.draft_symbol(year, serial),
                            now_of(request))


@router.post("/drafts/{year}/{serial}/open", response_model=m.DraftOut,
             summary="Put a draft to the vote (the President, R2)")
def open_vote(request: Request, actor: Who, year: Year, serial: Serial,
              data: m.OpenIn | None = None) -> m.DraftOut:
    return views.open_vote(council_of(request), actor, views.draft_symbol(year, serial),
                           data.period_hours if data else None, now_of(request))


@router.get("/drafts/{year}/{serial}/opening-letter", response_model=m.LetterOut,
            summary="The President's letter that put the draft to the vote")
def opening_letter(request: Request, actor: Who, year: Year, serial: Serial,
                   lang: Lang = "en") -> m.LetterOut:
    symbol = views.draft_symbol(year, serial)
    text = views.opening_letter(council_of(request), actor, symbol, lang)
    return m.LetterOut(symbol=symbol, kind="opening", lang=lang, text=text,
                       html_url=f"/drafts/{year}/{serial}/opening-letter?lang={lang}")


@router.post("/drafts/{year}/{serial}/letters", response_model=m.ReceiptOut, status_code=201,
             summary="Send a signed letter of position; returns the signed receipt",
             responses={200: {"model": m.ReceiptOut,
                              "description": "The original receipt, for a retry"}})
def send_letter(request: Request, response: Response, actor: Who, year: Year, serial: Serial,
                data: m.SignedLetterIn,
                idempotency_key: Annotated[str | None, Header(
                    alias="Idempotency-Key", min_length=1, max_length=200,
                    description="A retry with the same key gets the original receipt "
                                "(200).")] = None) -> m.ReceiptOut:
    receipt = views.send_signed_letter(council_of(request), actor,
                                       views.draft_symbol(year, serial),
                                       data.model_dump(exclude_none=True), now_of(request),
                                       idempotency_key)
    if receipt.replayed:
        response.status_code = 200  # the original receipt of an earlier, identical request
    return m.ReceiptOut(**receipt.signed)


@router.get("/drafts/{year}/{serial}/receipt", response_model=m.ReceiptOut,
            summary="The receipt of a delegation's own letter")
def receipt(request: Request, actor: Who, year: Year, serial: Serial,
            member: Annotated[str | None, Query(pattern="^[A-Z]{3}$")] = None) -> m.ReceiptOut:
    found = views.receipt(council_of(request), actor, views.draft_symbol(year, serial), member)
    return m.ReceiptOut(**found.signed)


@router.post("/drafts/{year}/{serial}/prepared", response_model=m.DraftOut,
             summary="Prepare the delegation's letter for its PR or Chargé to sign")
def prepare(request: Request, actor: Who, year: Year, serial: Serial,
            data: m.PreparedIn) -> m.DraftOut:
    return views.prepare_letter(council_of(request), actor, views.draft_symbol(year, serial),
                                data.position, now_of(request))


@router.post("/drafts/{year}/{serial}/explanations", response_model=m.DraftOut,
             status_code=201, summary="Send an explanation of vote (R10)")
def explain(request: Request, actor: Who, year: Year, serial: Serial,
            data: m.ExplanationIn) -> m.DraftOut:
    return views.explain_vote(council_of(request), actor, views.draft_symbol(year, serial),
                              data.text, now_of(request))


@router.post("/drafts/{year}/{serial}/close", response_model=m.DraftOut,
             summary="Close the vote after the period and count it (Secretariat)")
def close(request: Request, actor: Who, year: Year, serial: Serial) -> m.DraftOut:
    return views.close_vote(council_of(request), actor, views.draft_symbol(year, serial),
                            now_of(request))


@router.post("/drafts/{year}/{serial}/announce", response_model=m.DraftOut,
             summary="Publish the outcome letter and number the resolution")
def announce(request: Request, actor: Who, year: Year, serial: Serial,
             data: m.AnnounceIn | None = None) -> m.DraftOut:
    return views.announce(council_of(request), actor, views.draft_symbol(year, serial),
                          data.president if data else None, now_of(request))


@router.get("/documents", response_model=list[m.DocumentRef],
            summary="Published letters and resolutions")
def documents(request: Request, actor: Who) -> list[m.DocumentRef]:
    return views.list_documents(council_of(request), actor)


@router.get("/letters/{year}/{serial}", response_model=m.LetterOut,
            summary="A published letter (outcome or details)")
def letter(request: Request, actor: Who, year: Year, serial: Serial,
           lang: Lang = "en") -> m.LetterOut:
    symbol = views.letter_symbol(year, serial)
    text = views.published_letter(council_of(request), actor, symbol, lang)
    return m.LetterOut(symbol=symbol, kind="letter", lang=lang, text=text,
                       html_url=f"/letters/{year}/{serial}?lang={lang}")


@router.get("/resolutions/{number}", response_model=m.DocumentOut,
            summary="An adopted resolution as text")
def resolution(request: Request, actor: Who,
               number: Annotated[int, Path(ge=1, le=99999)]) -> m.DocumentOut:
    return views.resolution_text(council_of(request), actor, number)


@router.post("/tokens", response_model=m.TokenOut, status_code=201,
             summary="Create an API token for your account (shown once)")
def create_token(request: Request, actor: Who, data: m.TokenIn | None = None) -> m.TokenOut:
    label = data.label if data else ""
    token = council_of(request).access.create_token(actor, label, now_of(request))
    return m.TokenOut(token=token, label=label or "API token")


@router.get("/keys/{member}", response_model=list[m.KeyOut],
            summary="A delegation's registered signing keys (public)")
def keys(request: Request, actor: Who,
         member: Annotated[str, Path(pattern="^[A-Z]{3}$")]) -> list[m.KeyOut]:
    authorise(actor, Action.READ_PUBLIC)
    return [m.KeyOut(member=k.member, key_id=k.key_id, public_key=k.public_key,
                     registered_at=k.registered_at, revoked_at=k.revoked_at)
            for k in council_of(request).access.keys(member)]


@router.post("/keys", response_model=m.KeyOut, status_code=201,
             summary="Register your delegation's Ed25519 public key (PR or Chargé)")
def register_key(request: Request, actor: Who, data: m.KeyIn) -> m.KeyOut:
    k = council_of(request).access.register_key(actor, data.public_key, now_of(request))
    return m.KeyOut(member=k.member, key_id=k.key_id, public_key=k.public_key,
                    registered_at=k.registered_at, revoked_at=k.revoked_at)


@router.get("/secretariat-key", response_model=m.SecretariatKey,
            summary="The Secretariat's public key, which signs receipts")
def secretariat_key(request: Request) -> m.SecretariatKey:
    pem = council_of(request).secretariat_public_key()
    return m.SecretariatKey(public_key=pem, key_id=key_id(load_public_key(pem)))


# -- the transparency log (issue 5) ---------------------------------------------------------

LogSize = Annotated[int, Query(ge=0, le=2**40)]


@router.get("/log/head", response_model=m.SignedTreeHead,
            summary="A signed tree head of the transparency log as it is now")
def log_head(request: Request) -> m.SignedTreeHead:
    return m.SignedTreeHead(**evidence.signed_head(council_of(request)))


@router.get("/log/inclusion", response_model=m.InclusionOut,
            summary="The inclusion proof of a log entry in the tree of a given size")
def log_inclusion(request: Request, index: LogSize, size: LogSize) -> m.InclusionOut:
    return m.InclusionOut(**evidence.inclusion(council_of(request), index, size))


@router.get("/log/consistency", response_model=m.ConsistencyOut,
            summary="The consistency proof between two sizes of the log")
def log_consistency(request: Request, old: LogSize, new: LogSize) -> m.ConsistencyOut:
    return m.ConsistencyOut(**evidence.consistency(council_of(request), old, new))
