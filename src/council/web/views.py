"""What each page and API call shows or does, once: the HTML pages and the JSON API both call
these functions, which check who may do what (``authorise``) and call the ``Council`` façade.

Every function takes the actor and the request's time (``now``, read from the one clock when
the request arrived, issue 4 point 5).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from council.council import Council
from council.domain.accounts import Action, Actor, NotAuthorised, authorise
from council.domain.ballots import Position
from council.domain.drafts import Procedure, State
from council.domain.errors import InvalidInput, NotFound
from council.domain.numbering import DocumentSymbol
from council.parse.akn import read_akn
from council.receiving import Receipt
from council.render.resolution import render_resolution_text
from council.web import models as m

POSITION_LABELS = {"yes": "In favour", "no": "Against", "abstain": "Abstention"}


def draft_symbol(year: int, serial: int) -> str:
    return f"S/{year}/{serial}"


def draft_url(symbol: str) -> str:
    parsed = DocumentSymbol.parse(symbol)
    return f"/drafts/{parsed.year}/{parsed.serial}"


def document_url(kind: str, symbol: str) -> str:
    if kind == "resolution":
        number = symbol.split("/")[-1].split(" ")[0]
        return f"/resolutions/{number}"
    parsed = DocumentSymbol.parse(symbol)
    return f"/letters/{parsed.year}/{parsed.serial}"


def moment(council: Council, at: datetime | None) -> m.Moment | None:
    if at is None:
        return None
    local = at.astimezone(council.display_zone)
    return m.Moment(utc=at, local=local.strftime("%Y-%m-%d %H:%M %Z"),
                    zone=str(council.display_zone))


def member_ref(council: Council, code: str) -> m.MemberRef:
    return m.MemberRef(code=code, name=council.catalog.directory.get(code).name("en"))


def _summary(council: Council, procedure: Procedure) -> dict[str, Any]:
    draft = procedure.draft
    return dict(
        symbol=draft.symbol, url=draft_url(draft.symbol), agenda_item=draft.agenda_item,
        sponsors=[member_ref(council, code) for code in draft.sponsors],
        state=procedure.state.value, opened_at=procedure.opened_at,
        closes_at=moment(council, procedure.closes_at) if procedure.opened_at else None,
        outcome=(procedure.tally(council.settings.tally_rule).outcome.value
                 if procedure.state in (State.CLOSED, State.ANNOUNCED) else None),
    )


# -- reading ----------------------------------------------------------------------------------


def list_drafts(council: Council, actor: Actor) -> list[m.DraftSummary]:
    authorise(actor, Action.READ_PUBLIC)
    summaries = [m.DraftSummary(**_summary(council, council.procedure(symbol)))
                 for symbol in council.drafts()]
    return sorted(summaries, key=lambda s: DocumentSymbol.parse(s.symbol),
                  reverse=True)


def show_draft(council: Council, actor: Actor, symbol: str, now: datetime) -> m.DraftOut:
    authorise(actor, Action.READ_PUBLIC)
    procedure = council.procedure(symbol)
    state = procedure.state
    own = prepared = turnout = result = None
    if actor.role.is_delegation and actor.member and procedure.council is not None:
        ballot = procedure.ballot_of(actor.member)
        if ballot is not None:
            own = m.OwnLetter(
                member=actor.member, position=ballot.position.value,
                signatory=(f"{ballot.signatory.name}, {ballot.signatory.title.label}"
                           if ballot.signatory else None),
                received_at=ballot.received_at,
                receipt_url=draft_url(symbol) + "/receipt")
        elif state is State.IN_VOTING:
            kept = council.prepared_letter(symbol, actor.member)
            if kept is not None:
                prepared = m.Prepared(position=kept[0].value,
                                      prepared_by=council.access.username_of(kept[1]),
                                      prepared_at=kept[2])
    if procedure.council is not None and may(actor, Action.READ_TURNOUT, state):
        show_positions = may(actor, Action.READ_POSITIONS, state)
        entries = []
        for member in procedure.council.members:
            ballot = procedure.ballot_of(member.code)
            entries.append(m.TurnoutEntry(
                member=member_ref(council, member.code),
                received_at=ballot.received_at if ballot else None,
                position=ballot.position.value if ballot and show_positions else None))
        voted = sum(1 for e in entries if e.received_at is not None)
        turnout = m.Turnout(voted=voted, missing=len(entries) - voted, members=entries)
    if state in (State.CLOSED, State.ANNOUNCED) and may(actor, Action.READ_POSITIONS, state):
        tally = procedure.tally(council.settings.tally_rule)
        result = m.ResultOut(
            outcome=tally.outcome.value,
            in_favour=[member_ref(council, c) for c in tally.in_favour],
            against=[member_ref(council, c) for c in tally.against],
            abstentions=[member_ref(council, c) for c in tally.abstaining],
            absent=[member_ref(council, c) for c in tally.absent])
    documents = [m.DocumentRef(kind=kind, symbol=sym, date=day, url=document_url(kind, sym),
                               draft=draft)
                 for kind, sym, day, draft in council.issued() if draft == symbol]
    opening = None
    if procedure.opened_at is not None and may(actor, Action.READ_OPENING_LETTER, state):
        opening = draft_url(symbol) + "/opening-letter"
    return m.DraftOut(
        **_summary(council, procedure), procedure=council.procedure_id(symbol),
        text=procedure.draft.text, period_hours=procedure.period_hours,
        explanations_until=(moment(council, procedure.explanations_until)
                            if procedure.closed_at else None),
        opening_letter_url=opening, own_letter=own, prepared=prepared, turnout=turnout,
        result=result, documents=documents)


def may(actor: Actor, action: Action, state: State | None = None,
        member: str | None = None) -> bool:
    """Whether ``actor`` may do ``action`` (for showing or hiding a form)."""
    try:
        authorise(actor, action, state, member)
    except NotAuthorised:
        return False
    return True


def opening_letter(council: Council, actor: Actor, symbol: str, lang: str,
                   fmt: str = "text") -> str:
    procedure = council.procedure(symbol)
    authorise(actor, Action.READ_OPENING_LETTER, procedure.state)
    return council.letter(symbol, lang, fmt, kind="opening")


def receipt(council: Council, actor: Actor, symbol: str, member: str | None = None
            ) -> Receipt:
    member = member or actor.member
    procedure = council.procedure(symbol)
    if member is None:
        authorise(actor, Action.READ_OWN_LETTER, procedure.state)
        raise InvalidInput("Name the member whose receipt you want.")
    if not actor.role.is_secretariat:
        authorise(actor, Action.READ_OWN_LETTER, procedure.state, member)
    return council.receipt(symbol, member)


def list_documents(council: Council, actor: Actor) -> list[m.DocumentRef]:
    authorise(actor, Action.READ_PUBLIC)
    return [m.DocumentRef(kind=kind, symbol=sym, date=day, url=document_url(kind, sym),
                          draft=draft)
            for kind, sym, day, draft in council.issued()]


def letter_symbol(year: int, serial: int) -> str:
    return f"S/{year}/{serial}"


def published_letter(council: Council, actor: Actor, symbol: str, lang: str,
                     fmt: str = "text") -> str:
    authorise(actor, Action.READ_PUBLIC)
    issued = council.document(symbol)
    if issued.kind == "resolution":
        raise NotFound(f"{symbol} is a resolution, not a letter.")
    return council.letter(symbol, lang, fmt)


# -- acting -----------------------------------------------------------------------------------


def register_draft(council: Council, actor: Actor, data: m.DraftIn,
                   now: datetime) -> m.DraftOut:
    authorise(actor, Action.REGISTER_DRAFT)
    text = data.text
    if data.akn is not None and data.akn.strip():
        if text.strip():
            raise InvalidInput("Give the draft's text or its Akoma Ntoso XML, not both.")
        text = render_resolution_text(read_akn(data.akn.encode("utf-8")))
    if not text.strip():
        raise InvalidInput(f"Draft {data.symbol!r} has no text; give its text (.txt) or "
                           "its Akoma Ntoso XML (.xml).")
    council.add_draft(data.symbol, data.sponsors, data.agenda_item, text, data.matter,
                      data.parties_to_dispute, at=now)
    return show_draft(council, actor, str(DocumentSymbol.parse(data.symbol)), now)


def open_vote(council: Council, actor: Actor, symbol: str, period_hours: float | None,
              now: datetime) -> m.DraftOut:
    procedure = council.procedure(symbol)
    authorise(actor, Action.OPEN_VOTE, procedure.state)
    council.open_vote(symbol, at=now, period_hours=period_hours)
    return show_draft(council, actor, symbol, now)


def send_web_letter(council: Council, actor: Actor, symbol: str, position: str,
                    now: datetime) -> Receipt:
    """A letter through the web form, signed by the signed-in PR or Chargé (R6)."""
    # Who may send does not depend on the state; the procedure checks the state itself,
    # in the one transaction that records the letter.
    authorise(actor, Action.SEND_LETTER, None, actor.member)
    assert actor.member is not None and actor.role.signatory_title is not None
    return council.cast_vote(symbol, actor.member, Position.parse(position, actor.member),
                             signatory_name=actor.name or actor.username,
                             signatory_title=actor.role.signatory_title, at=now, via="web",
                             account_id=actor.account_id)


def send_signed_letter(council: Council, actor: Actor, symbol: str,
                       envelope: dict[str, Any], now: datetime,
                       idempotency_key: str | None = None) -> Receipt:
    authorise(actor, Action.PREPARE_LETTER, None, actor.member)
    return council.send_signed_letter(symbol, envelope, at=now, account_id=actor.account_id,
                                      member=actor.member, idempotency_key=idempotency_key)


def prepare_letter(council: Council, actor: Actor, symbol: str, position: str,
                   now: datetime) -> m.DraftOut:
    procedure = council.procedure(symbol)
    authorise(actor, Action.PREPARE_LETTER, procedure.state, actor.member)
    assert actor.member is not None and actor.account_id is not None
    council.prepare_letter(symbol, actor.member, position, actor.account_id, at=now)
    return show_draft(council, actor, symbol, now)


def explain_vote(council: Council, actor: Actor, symbol: str, text: str,
                 now: datetime) -> m.DraftOut:
    procedure = council.procedure(symbol)
    authorise(actor, Action.EXPLAIN_VOTE, procedure.state, actor.member)
    assert actor.member is not None
    council.explain_vote(symbol, actor.member, text, at=now)
    return show_draft(council, actor, symbol, now)


def close_vote(council: Council, actor: Actor, symbol: str, now: datetime) -> m.DraftOut:
    procedure = council.procedure(symbol)
    authorise(actor, Action.CLOSE_VOTE, procedure.state)
    council.close_vote(symbol, at=now)
    return show_draft(council, actor, symbol, now)


def announce(council: Council, actor: Actor, symbol: str, president: str | None,
             now: datetime) -> m.DraftOut:
    procedure = council.procedure(symbol)
    authorise(actor, Action.ANNOUNCE, procedure.state)
    council.announce(symbol, at=now, president=president)
    return show_draft(council, actor, symbol, now)


def me(actor: Actor) -> m.Me:
    return m.Me(username=actor.username, name=actor.name, role=actor.role.value,
                member=actor.member, presiding=actor.presiding)


def resolution_text(council: Council, actor: Actor, number: int) -> m.DocumentOut:
    authorise(actor, Action.READ_PUBLIC)
    doc = council.resolution(number)
    issued = council.document(doc.masthead.symbol or f"S/RES/{number}")
    return m.DocumentOut(kind="resolution", symbol=issued.symbol, date=issued.date,
                         draft=issued.procedure.draft.symbol, languages=["en"],
                         text=render_resolution_text(doc))
