"""``Council``: the one object that the CLI, the web app and the tests all drive.

Each public method is one command: it resolves names, loads the procedure, lets the domain
decide, and writes the change inside one store transaction, so it changes everything or
nothing. Times are arguments (``at``); when omitted, the clock gives UTC now.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from council import corpus, due
from council import log as tlog
from council.access import Access
from council.catalog import Catalog, load_catalog
from council.citations import (
    Citations,
    MandateChain,
    citations_of,
    corpus_symbol,
    mandate_chain,
)
from council.domain.ballots import Ballot, Explanation, Position, Signatory, SignatoryTitle
from council.domain.document import Adoption, Document, Masthead
from council.domain.drafts import Draft, Procedure, State
from council.domain.errors import (
    CouncilError,
    DocumentNotFound,
    InvalidInput,
    ProcedureError,
    SymbolInUse,
)
from council.domain.members import Council as Membership_
from council.domain.members import Country
from council.domain.numbering import (
    DocumentSymbol,
    ResolutionNumber,
    next_resolution_number,
    next_serial,
    parse_resolution_number,
)
from council.domain.presidency import President
from council.domain.tally import Matter, Outcome, TallyResult
from council.parse import parse_resolution
from council.parse.akn import read_akn
from council.receiving import Accepted, Incoming, LetterDesk, Receipt, member_of, stored_receipt
from council.render.akn import write_akn
from council.render.facts import (
    LetterFacts,
    OpeningFacts,
    ProcedureReference,
    sponsor_countries,
)
from council.render.language import format_date
from council.render.registry import render, render_bytes
from council.search import SearchFilters, SearchResults, check_search, parse_query
from council.settings import Settings, load_settings
from council.signing import (
    Letter,
    format_time,
    generate_private_key,
    load_private_key,
    private_key_pem,
    public_key_pem,
    read_text_file,
    sha256_hex,
)
from council.store.repository import Repository, Store


@dataclass(frozen=True)
class Announcement:
    """What announcing a result issued."""

    draft: str
    result: TallyResult
    letter_symbol: str
    letter_date: date
    resolution: ResolutionNumber | None
    president: President
    original_language: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class IssuedDocument:
    """A stored document with what rendering it needs."""

    kind: str
    symbol: str
    date: date
    procedure: Procedure
    original_language: str
    president: President | None
    resolution: ResolutionNumber | None
    related: Mapping[str, str] = field(default_factory=dict)


def resolution_document(text: str, resolution: ResolutionNumber, day: date) -> Document:
    """The adopted draft as a structured resolution: its text parsed, with the masthead,
    title and adoption line of a resolution adopted by written procedure (R20)."""
    parsed = parse_resolution(text)
    return replace(
        parsed,
        masthead=Masthead(symbol=resolution.symbol, distribution="General", date=day,
                          language="en"),
        title=f"Resolution {resolution}",
        adoption=Adoption(date=day, text=f"Adopted by the Security Council on "
                                         f"{format_date(day, 'en')}"),
        kind="resolution",
    )


def _matter(value: str | Matter) -> Matter:
    if isinstance(value, Matter):
        return value
    try:
        return Matter(value.strip().lower())
    except ValueError:
        raise InvalidInput(
            f"Matter {value!r} is not a kind of decision; expected one of: substantive, "
            "procedural."
        ) from None


class Council:
    """The written procedure over a store.

    Args:
        settings: the settings (read from the environment if None).
        store: the database (opened from ``settings.database_url`` if None).
        catalog: reference data (the shipped one if None).
        clock: returns the current time, aware UTC.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        store: Store | None = None,
        catalog: Catalog | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.settings = settings or load_settings()
        self.store = store or Store(self.settings.database_url)
        self.catalog = catalog or load_catalog()
        self.clock = clock or (lambda: datetime.now(UTC))
        self.access = Access(self.store, self.settings, self.catalog, self._clock,
                             self.display_zone)
        self._secretariat_key: Ed25519PrivateKey | None = None
        self.desk = LetterDesk(self.store, self.catalog, self.settings, self.access,
                               self._ensure_secretariat_key)

    def _clock(self) -> datetime:
        return self.clock()

    # -- helpers ---------------------------------------------------------------------------

    def _now(self, at: datetime | None) -> datetime:
        return self.clock() if at is None else at

    @property
    def display_zone(self) -> ZoneInfo:
        return ZoneInfo(str(self.settings["DISPLAY_TIMEZONE"]))

    def _country(self, name: str, role: str) -> Country:
        country = self.catalog.directory.find(name)
        if country is None:
            raise InvalidInput(
                f"{role} {name!r} is not a known country name or code; expected a UN Member "
                "State's short name (any official language) or ISO 3166 alpha-3 code."
            )
        return country

    def _member(self, procedure: Procedure, name: str) -> Country:
        return member_of(self.catalog, procedure, name)

    # -- set-up ----------------------------------------------------------------------------

    def init(self, resolution_start: int | None = None, serial_start: int | None = None) -> None:
        """Create or upgrade the database and fix where numbering starts."""
        for value, what in ((resolution_start, "Resolution start"),
                            (serial_start, "Serial start")):
            if value is not None and value < 1:
                raise InvalidInput(f"{what} {value!r} is not valid; expected 1 or more.")
        self.store.migrate()
        with self.store.transaction() as repo:
            if resolution_start is not None:
                repo.set_config("resolution_start", str(resolution_start))
            if serial_start is not None:
                repo.set_config("serial_start", str(serial_start))
            self._ensure_secretariat_key(repo)

    def members(self, year: int) -> Membership_:
        """The Council of ``year``, members in English alphabetical order."""
        return self.catalog.membership.council(year)

    # -- drafts ----------------------------------------------------------------------------

    def add_draft(
        self,
        symbol: str,
        sponsors: Sequence[str],
        agenda_item: str,
        text: str = "",
        matter: str | Matter = Matter.SUBSTANTIVE,
        parties_to_dispute: Iterable[str] = (),
        agenda_item_translations: Mapping[str, str] | None = None,
        at: datetime | None = None,
    ) -> Draft:
        """Register a draft put in blue by its sponsors (R1)."""
        symbol = str(DocumentSymbol.parse(symbol))
        translations = dict(self.catalog.agenda_item_translations(agenda_item.strip()))
        translations.update(agenda_item_translations or {})
        draft = Draft(
            symbol=symbol,
            sponsors=tuple(self._country(s, "Sponsor").code for s in sponsors),
            agenda_item=agenda_item.strip(),
            text=text,
            matter=_matter(matter),
            parties_to_dispute=frozenset(
                self._country(p, "Party to the dispute").code for p in parties_to_dispute),
            agenda_item_translations=translations,
        )
        at = self._now(at)
        with self.store.transaction() as repo:
            procedure_id = repo.add_draft(draft, at, float(self.settings["VOTING_PERIOD_HOURS"]),
                                          float(self.settings["EXPLANATION_WINDOW_HOURS"]))
            tlog.append_event(repo, "draft-registered", procedure_id, draft.symbol, at,
                              sponsors=list(draft.sponsors), agenda_item=draft.agenda_item,
                              matter=draft.matter.value,
                              parties_to_dispute=sorted(draft.parties_to_dispute),
                              text_sha256=sha256_hex(draft.text.encode("utf-8")))
        return draft

    def edit_draft(self, symbol: str, text: str | None = None,
                   agenda_item: str | None = None) -> Draft:
        """Change a draft's text or agenda item; refused once voting started (R3)."""
        with self.store.transaction() as repo:
            procedure_id, procedure = repo.load(symbol, self.catalog.membership, lock=True)
            procedure.check_draft_editable("change")
            draft = procedure.draft
            changed = Draft(
                symbol=draft.symbol, sponsors=draft.sponsors,
                agenda_item=agenda_item if agenda_item is not None else draft.agenda_item,
                text=text if text is not None else draft.text, matter=draft.matter,
                parties_to_dispute=draft.parties_to_dispute,
                agenda_item_translations=draft.agenda_item_translations,
            )
            repo.update_draft(changed)
            tlog.append_event(repo, "draft-changed", procedure_id, changed.symbol, self.clock(),
                              agenda_item=changed.agenda_item,
                              text_sha256=sha256_hex(changed.text.encode("utf-8")))
            return changed

    def withdraw_draft(self, symbol: str, at: datetime | None = None) -> None:
        """Withdraw a draft; refused once voting started (R3)."""
        at = self._now(at)
        with self.store.transaction() as repo:
            procedure_id, procedure = repo.load(symbol, self.catalog.membership, lock=True)
            procedure.check_draft_editable("withdraw")
            repo.withdraw_draft(procedure.draft.symbol, at)
            tlog.append_event(repo, "draft-withdrawn", procedure_id, procedure.draft.symbol, at)

    def procedure(self, symbol: str) -> Procedure:
        """The procedure on a draft as it stands."""
        with self.store.read() as repo:
            return repo.load(symbol, self.catalog.membership)[1]

    def drafts(self) -> list[str]:
        with self.store.read() as repo:
            return repo.draft_symbols()

    # -- the vote --------------------------------------------------------------------------

    def open_vote(self, symbol: str, at: datetime | None = None,
                  period_hours: float | None = None) -> Procedure:
        """Put a draft to the vote (R2); the period is fixed from now on (R5)."""
        at = self._now(at)
        hours = float(self.settings["VOTING_PERIOD_HOURS"] if period_hours is None
                      else period_hours)
        with self.store.transaction() as repo:
            procedure_id, procedure = repo.load(symbol, self.catalog.membership, lock=True)
            opened = procedure.open(self.members(at.year), at, hours)
            repo.save_state(procedure_id, opened)
            tlog.append_event(repo, "vote-opened", procedure_id, procedure.draft.symbol, at,
                              period_hours=str(opened.period_hours),
                              closes_at=format_time(opened.closes_at),
                              members=[m.code for m in opened._council().members],
                              permanent=[m.code for m in opened._council().permanent])
            return opened

    def cast_vote(
        self,
        symbol: str,
        member: str,
        position: str | Position,
        signatory_name: str | None = None,
        signatory_title: str | SignatoryTitle = SignatoryTitle.PERMANENT_REPRESENTATIVE,
        at: datetime | None = None,
        via: str = "cli",
        account_id: int | None = None,
    ) -> Receipt:
        """Record a member's letter of position and acknowledge it (R6–R9).

        The letter is kept as the canonical JSON document of docs/signing.md (composed here,
        as the Secretariat recorded it) and acknowledged by a signed receipt.
        """
        at = self._now(at)
        with self.store.transaction() as repo:
            procedure_id, procedure = repo.load(symbol, self.catalog.membership, lock=True)
            country = self._member(procedure, member)
            if not isinstance(position, Position):
                position = Position.parse(position, member)
            if not isinstance(signatory_title, SignatoryTitle):
                signatory_title = SignatoryTitle.parse(signatory_title)
            signatory = None
            if signatory_name is not None:
                if not signatory_name.strip():
                    raise InvalidInput(
                        f"Signatory name for {country.name('en')} is empty; give the name of "
                        "the Permanent Representative or Chargé d'affaires who signed."
                    )
                signatory = Signatory(signatory_name.strip(), signatory_title)
            ballot = Ballot(country.code, position, at, signatory)
            procedure = procedure.cast(ballot)
            letter = Letter(procedure_id, procedure.draft.symbol, country.code, position.value,
                            signatory.name if signatory else "",
                            signatory.title.value if signatory else signatory_title.value, at)
            (receipt,) = self.desk.record(repo, [Accepted(
                procedure_id, procedure, ballot, letter.to_json(), None, None, via,
                account_id)])
            return receipt

    def send_signed_letter(self, symbol: str, envelope: object, at: datetime | None = None,
                           account_id: int | None = None, member: str | None = None,
                           idempotency_key: str | None = None) -> Receipt:
        """Receive a letter of position signed with the delegation's key (docs/signing.md).

        Args:
            symbol: the draft the letter is sent for (the URL it was posted to).
            envelope: ``{"letter": {...}, "signature": base64}`` as sent.
            at: when it arrived (the request's time).
            account_id: the account that transmitted it.
            member: the transmitting account's member; the letter must be that member's.
            idempotency_key: a retry with the same key (from the same account) gets the
                original receipt; so does the same signed letter sent again (issue 5).

        Returns:
            The receipt; ``replayed`` is True when it is the original one of an earlier
            request.

        Raises:
            BadSignature: the signature does not verify with a key registered for the member.
            InvalidInput: a malformed letter, or one written for another draft or procedure.
            NotAuthorised: the letter is another member's than the transmitting account's.
        """
        (result,) = self.desk.receive([Incoming(symbol, envelope, self._now(at), account_id,
                                                member, idempotency_key)])
        if isinstance(result, CouncilError):
            raise result
        return result

    def receipt(self, symbol: str, member: str) -> Receipt:
        """The receipt the Secretariat issued for a member's letter on a draft."""
        with self.store.read() as repo:
            procedure_id, procedure = repo.load(symbol, self.catalog.membership)
            country = self._member(procedure, member)
            ballot = procedure.ballot_of(country.code)
            ballot_id = repo.ballot_id(procedure_id, country.code)
            if ballot is None or ballot_id is None:
                raise DocumentNotFound(f"No letter from {country.name('en')} on "
                                       f"{procedure.draft.symbol} has been received.")
            return stored_receipt(repo, ballot_id)

    def prepare_letter(self, symbol: str, member: str, position: str | Position,
                       account_id: int, at: datetime | None = None) -> None:
        """Keep a letter prepared by delegation staff for the PR or Chargé to sign (R6)."""
        at = self._now(at)
        with self.store.transaction() as repo:
            procedure_id, procedure = repo.load(symbol, self.catalog.membership, lock=True)
            country = self._member(procedure, member)
            if not isinstance(position, Position):
                position = Position.parse(position, member)
            # The same checks as a letter, so that what is prepared can be sent.
            procedure.cast(Ballot(country.code, position, at))
            repo.prepare_letter(procedure_id, country.code, position.value, account_id, at)

    def prepared_letter(self, symbol: str, member: str
                        ) -> tuple[Position, int, datetime] | None:
        """A prepared letter: (position, preparing account id, when), or None."""
        with self.store.read() as repo:
            procedure_id, _ = repo.load(symbol, self.catalog.membership)
            row = repo.prepared_letter(procedure_id, member)
            return (Position(row.position), row.prepared_by, row.prepared_at) if row else None

    def issued(self) -> list[tuple[str, str, date, str]]:
        """Every issued document: (kind, symbol, date, draft symbol), newest first."""
        with self.store.read() as repo:
            return [(row.kind, row.symbol, row.date, draft)
                    for row, draft in repo.issued_documents()]

    def procedure_id(self, symbol: str) -> int:
        with self.store.read() as repo:
            return repo.load(symbol, self.catalog.membership)[0]

    # -- the Secretariat's key ---------------------------------------------------------------

    def _ensure_secretariat_key(self, repo: Repository) -> Ed25519PrivateKey:
        if self._secretariat_key is not None:
            return self._secretariat_key
        path = str(self.settings["SECRETARIAT_KEY_FILE"]).strip()
        if path:
            key = load_private_key(read_text_file(Path(path), "the Secretariat's key file"),
                                   f"Secretariat key file {path!r}")
        else:
            stored = repo.config("secretariat_key")
            if stored is None:
                # Not cached: if this transaction rolls back, the key was never kept.
                key = generate_private_key()
                repo.set_config("secretariat_key", private_key_pem(key))
                return key
            key = load_private_key(stored, "the Secretariat key kept in the database")
        self._secretariat_key = key
        return key

    def secretariat_public_key(self) -> str:
        """The Secretariat's public key (PEM), with which anyone checks a receipt offline."""
        if self._secretariat_key is not None:
            return public_key_pem(self._secretariat_key.public_key())
        with self.store.transaction() as repo:
            return public_key_pem(self._ensure_secretariat_key(repo).public_key())

    def explain_vote(self, symbol: str, member: str, text: str,
                     at: datetime | None = None) -> Explanation:
        """Record a written explanation of vote (R10)."""
        at = self._now(at)
        with self.store.transaction() as repo:
            procedure_id, procedure = repo.load(symbol, self.catalog.membership, lock=True)
            country = self._member(procedure, member)
            explanation = Explanation(country.code, text.strip(), at)
            procedure.explain(explanation)
            repo.add_explanation(procedure_id, explanation)
            tlog.append_event(repo, "explanation-received", procedure_id,
                              procedure.draft.symbol, at, member=country.code,
                              text_sha256=sha256_hex(explanation.text.encode("utf-8")))
            return explanation

    def close_vote(self, symbol: str, at: datetime | None = None) -> TallyResult:
        """End the voting and count (R9, R12–R16)."""
        at = self._now(at)
        with self.store.transaction() as repo:
            procedure_id, procedure = repo.load(symbol, self.catalog.membership, lock=True)
            closed = procedure.close(at)
            result = closed.tally(self.settings.tally_rule)
            repo.save_state(procedure_id, closed, result.outcome.value)
            tlog.append_event(repo, "vote-closed", procedure_id, procedure.draft.symbol, at,
                              letters=len(closed.ballots))
            tlog.append_event(repo, "tally", procedure_id, procedure.draft.symbol, at,
                              **tlog.tally_details(result, self.settings.tally_rule))
            return result

    def result(self, symbol: str) -> TallyResult:
        """The count of a closed vote."""
        procedure = self.procedure(symbol)
        if procedure.state in (State.REGISTERED, State.IN_VOTING):
            raise ProcedureError(
                f"Draft {symbol} is {procedure.state.value.replace('_', ' ')}; the result is "
                "known once the vote is closed."
            )
        return procedure.tally(self.settings.tally_rule)

    # -- documents -------------------------------------------------------------------------

    def _start(self, repo: Repository, key: str, setting: str) -> int:
        stored = repo.config(key)
        return int(stored) if stored is not None else int(self.settings[setting])

    def _allocate_symbol(self, repo: Repository, year: int, given: str | None,
                         what: str) -> DocumentSymbol:
        if given is None:
            serial = next_serial(repo.serials(year), self._start(repo, "serial_start",
                                                                  "SERIAL_START"))
            return DocumentSymbol(year, serial)
        symbol = DocumentSymbol.parse(given)
        if symbol.suffix:
            raise InvalidInput(f"{what} symbol {given!r} carries a suffix; expected S/YYYY/NNN.")
        if symbol.year != year:
            raise InvalidInput(
                f"{what} symbol {given} belongs to {symbol.year} but the document is dated in "
                f"{year}; serials restart each year (R22): use S/{year}/NNN."
            )
        if symbol.serial in repo.serials(year):
            raise SymbolInUse(f"Symbol {given} is already issued; choose another serial.")
        return symbol

    def _president(self, when: date, name: str | None) -> President:
        if name is not None and name.strip():
            return self.catalog.president_named(name.strip(), when.year, when.month)
        president = self.catalog.president(when.year, when.month)
        if president.name is None:
            raise InvalidInput(
                f"No name is known for the President of {when:%B %Y} "
                f"({president.member.name('en')}); give the President's name."
            )
        return president

    def announce(
        self,
        symbol: str,
        at: datetime | None = None,
        letter_symbol: str | None = None,
        letter_date: date | None = None,
        president: str | None = None,
        resolution_number: int | str | None = None,
        original_language: str | None = None,
    ) -> Announcement:
        """Issue the outcome letter (R17) and, if adopted, number the resolution (R20, R21)."""
        at = self._now(at)
        letter_date = letter_date or at.astimezone(self.display_zone).date()
        with self.store.transaction() as repo:
            procedure_id, procedure = repo.load(symbol, self.catalog.membership, lock=True)
            announced = procedure.announce(at)
            assert procedure.opened_at is not None
            if letter_date < procedure.opened_at.date():
                raise InvalidInput(
                    f"Letter date {letter_date} precedes the opening of the vote on "
                    f"{procedure.opened_at:%Y-%m-%d}; the outcome letter comes after the vote."
                )
            result = procedure.tally(self.settings.tally_rule)
            chair = self._president(letter_date, president)
            language = original_language or self.catalog.working_language(chair.member.code)
            if language not in ("ar", "zh", "en", "fr", "ru", "es"):
                raise InvalidInput(
                    f"Original language {language!r} is not an official language; expected one "
                    "of: ar, zh, en, fr, ru, es."
                )
            symbol_ = self._allocate_symbol(repo, letter_date.year, letter_symbol,
                                            "Outcome letter")
            resolution = None
            if result.outcome is Outcome.ADOPTED:
                issued = repo.resolution_numbers()
                if resolution_number is None:
                    number = next_resolution_number(
                        issued, self._start(repo, "resolution_start", "RESOLUTION_START"))
                else:
                    number = parse_resolution_number(resolution_number)
                    if number in issued:
                        raise SymbolInUse(
                            f"Resolution number {number} is already issued; numbers run "
                            f"consecutively (R21): the next free one is "
                            f"{next_resolution_number(issued)}."
                        )
                resolution = ResolutionNumber(number, letter_date.year)
            elif resolution_number is not None:
                raise InvalidInput(
                    f"Resolution number {resolution_number!r} given, but draft {symbol} was not "
                    f"adopted ({result.outcome.value}); only an adopted draft becomes a "
                    "resolution."
                )
            tlog.append_event(repo, "letter-published", procedure_id, procedure.draft.symbol,
                              at, symbol=str(symbol_), document="outcome_letter",
                              date=letter_date.isoformat(), president=chair.member.code,
                              outcome=result.outcome.value)
            akn = None
            if resolution is not None:
                structured = resolution_document(procedure.draft.text, resolution, letter_date)
                akn = write_akn(structured).decode("utf-8")
                tlog.append_event(repo, "resolution-numbered", procedure_id,
                                  procedure.draft.symbol, at, number=resolution.number,
                                  symbol=resolution.symbol,
                                  akn_sha256=sha256_hex(akn.encode("utf-8")))
            # The outcome letter's record carries the signed tree head at publication.
            state = repo.log_state()
            tlog.sign_tree_head(repo, self._ensure_secretariat_key(repo), state.size,
                                tlog.current_root(repo), at)
            repo.add_document(
                kind="outcome_letter", symbol=str(symbol_), procedure_id=procedure_id,
                date_=letter_date, issued_at=at, original_language=language,
                year=symbol_.year, serial=symbol_.serial,
                president_member=chair.member.code, president_name=chair.name,
                tree_size=state.size,
            )
            if resolution is not None and akn is not None:
                repo.add_document(
                    kind="resolution", symbol=resolution.symbol, procedure_id=procedure_id,
                    date_=letter_date, issued_at=at, original_language="en",
                    resolution_number=resolution.number, akn=akn, tree_size=state.size,
                )
                # Issue 6: adopted here, it joins the imported record in the corpus tables.
                corpus.add_own_resolution(
                    repo, structured, akn, result, agenda_item=procedure.draft.agenda_item,
                    draft_symbol=procedure.draft.symbol, outcome_letter=str(symbol_),
                    sponsors=procedure.draft.sponsors, now=at)
            repo.save_state(procedure_id, announced, result.outcome.value)
            warnings = []
            deadline = procedure.announce_by(float(self.settings["ANNOUNCEMENT_DEADLINE_HOURS"]))
            if at > deadline:
                warnings.append(
                    f"The result was announced at {at:%Y-%m-%d %H:%M} UTC, after the deadline "
                    f"of {deadline:%Y-%m-%d %H:%M} UTC (R11)."
                )
            return Announcement(procedure.draft.symbol, result, str(symbol_), letter_date,
                                resolution, chair, language, tuple(warnings))

    def issue_details_letter(self, symbol: str, at: datetime | None = None,
                             letter_symbol: str | None = None,
                             letter_date: date | None = None) -> str:
        """Issue the voting-details letter (R18) under a later serial than the outcome (R19)."""
        at = self._now(at)
        letter_date = letter_date or at.astimezone(self.display_zone).date()
        with self.store.transaction() as repo:
            procedure_id, procedure = repo.load(symbol, self.catalog.membership, lock=True)
            if procedure.state is not State.ANNOUNCED:
                raise ProcedureError(
                    f"Draft {symbol} is {procedure.state.value.replace('_', ' ')}; the details "
                    "letter follows the outcome letter: announce the result first."
                )
            if at < procedure.explanations_until:
                raise ProcedureError(
                    f"Explanations of vote on {symbol} may arrive until "
                    f"{procedure.explanations_until:%Y-%m-%d %H:%M} UTC (R10); issue the details "
                    "letter after that."
                )
            documents = repo.documents(procedure_id)
            if any(d.kind == "details_letter" for d in documents):
                raise SymbolInUse(f"The details letter on {symbol} is already issued.")
            outcome = next(d for d in documents if d.kind == "outcome_letter")
            symbol_ = self._allocate_symbol(repo, letter_date.year, letter_symbol,
                                            "Details letter")
            if (outcome.year, outcome.serial or 0) >= (symbol_.year, symbol_.serial):
                raise InvalidInput(
                    f"Details letter symbol {symbol_} is not later than the outcome letter "
                    f"{outcome.symbol}; the details letter takes a later serial (R19)."
                )
            tlog.append_event(repo, "letter-published", procedure_id, procedure.draft.symbol,
                              at, symbol=str(symbol_), document="details_letter",
                              date=letter_date.isoformat())
            repo.add_document(
                kind="details_letter", symbol=str(symbol_), procedure_id=procedure_id,
                date_=letter_date, issued_at=at, original_language=outcome.original_language,
                year=symbol_.year, serial=symbol_.serial,
                president_member=outcome.president_member, president_name=outcome.president_name,
            )
            return str(symbol_)

    def document(self, symbol: str) -> IssuedDocument:
        """An issued document (outcome letter, details letter, resolution) by its symbol."""
        with self.store.read() as repo:
            row = repo.document(symbol.strip())
            draft_symbol = repo.draft_symbol_of(row.procedure_id)
            _, procedure = repo.load(draft_symbol, self.catalog.membership)
            related = {d.kind: d.symbol for d in repo.documents(row.procedure_id)}
            resolution_row = next((d for d in repo.documents(row.procedure_id)
                                   if d.kind == "resolution"), None)
            outcome_row = next(d for d in repo.documents(row.procedure_id)
                               if d.kind == "outcome_letter")
        president = None
        if outcome_row.president_member and outcome_row.president_name:
            president = self.catalog.president_named(
                outcome_row.president_name, outcome_row.date.year, outcome_row.date.month)
        resolution = None
        if resolution_row is not None and resolution_row.resolution_number is not None:
            resolution = ResolutionNumber(resolution_row.resolution_number,
                                          resolution_row.date.year)
        return IssuedDocument(row.kind, row.symbol, row.date, procedure,
                              row.original_language, president, resolution, related)

    def resolution(self, symbol: str | int) -> Document:
        """An adopted resolution as the structured document stored when it was announced.

        Args:
            symbol: "S/RES/2531 (2020)", "2531 (2020)" or 2531.
        """
        number = parse_resolution_number(symbol)
        with self.store.read() as repo:
            row = repo.resolution(number)
        if row.akn is None:
            raise DocumentNotFound(
                f"Resolution {number} has no stored structured text (announced before the "
                "store kept one)."
            )
        return read_akn(row.akn)

    def import_paths(self, paths: Sequence[str | Path],
                     progress: corpus.Progress | None = None) -> corpus.ImportReport:
        """Import resolutions and presidential statements (AKN4UN XML, text) and the UN's
        metadata JSON into the corpus (issue 6); importing the same files again changes
        nothing.

        Args:
            paths: files and directories (walked recursively).
            progress: called after each file with (file, files done, files in all).

        Returns:
            The report: documents imported, updated, unchanged; files refused or skipped
            with the reason; the metadata's own inconsistencies.
        """
        return corpus.import_paths(self.store, self.catalog, paths, self.clock(), progress)

    def search(self, query: str, filters: SearchFilters | None = None, limit: int = 20,
               offset: int = 0) -> SearchResults:
        """Full-text search over the corpus's paragraphs (issue 6, point 2).

        Args:
            query: as typed (words, "phrases", OR, -word, word*); any text, never an error.
            filters: years, agenda item, written procedure, unanimity, a member's vote.
            limit: hits to return (1 to 200); offset: hits to skip, for the next page.

        Returns:
            The hits, best first, each with its paragraph's anchor and a highlighted snippet,
            and how many match in all.
        """
        filters = filters or SearchFilters()
        problems = check_search(filters, limit, offset)
        if problems:
            raise InvalidInput(" ".join(problems))
        parsed = parse_query(query)
        with self.store.read() as repo:
            total, hits = repo.search_paragraphs(parsed, filters, limit, offset)
        mode = "empty" if parsed.empty else "substring" if parsed.substring else "index"
        return SearchResults(query, total, tuple(hits), mode)

    def citations(self, symbol: str) -> Citations:
        """What a corpus document cites and what cites it (issue 6, point 3).

        Args:
            symbol: "S/RES/2531 (2020)", "S/PRST/2018/10" or a resolution number.
        """
        with self.store.read() as repo:
            return citations_of(repo, symbol)

    def mandate_chains(self, agenda_item: str, mission: str | None = None
                       ) -> list[MandateChain]:
        """The chains of mandate renewals on an agenda item, one per mission, each step with
        the mandate end its resolution set (read by ``extract_obligations``)."""
        with self.store.read() as repo:
            return mandate_chain(repo, agenda_item, mission)

    def corpus_agenda_items(self) -> list[str]:
        """Every agenda item of the corpus, in alphabetical order."""
        with self.store.read() as repo:
            return repo.corpus_agenda_items()

    def corpus_text(self, symbol: str, lang: str = "en") -> Document:
        """The text of a corpus document (imported or adopted here), as a structured document.

        Args:
            symbol: "S/RES/2531 (2020)", "S/PRST/2018/10" or a resolution number.
            lang: the expression's language (ar, zh, en, fr, ru, es); English by default.
        """
        with self.store.read() as repo:
            row = corpus_symbol(repo, symbol)
            expressions = repo.corpus_expressions(row.id) if lang != "en" else {}
        if lang != "en":
            if lang not in expressions:
                have = ", ".join(sorted({"en", *expressions} if row.akn else expressions))
                raise DocumentNotFound(
                    f"The corpus has no {lang!r} expression of {row.symbol} (it has: "
                    f"{have or 'none'}); import its AKN4UN XML in that language with: "
                    "council import PATH.")
            return read_akn(expressions[lang].akn)
        if row.akn is None:
            raise DocumentNotFound(
                f"The corpus has {row.symbol}'s metadata but not its text; import its AKN4UN "
                "XML with: council import PATH.")
        return read_akn(row.akn)

    def corpus_languages(self, symbol: str) -> list[str]:
        """The languages a corpus document's text is held in, in the UN's order (ar, zh, en,
        fr, ru, es): English if its text is, and each other expression imported."""
        with self.store.read() as repo:
            row = corpus_symbol(repo, symbol)
            held = set(repo.corpus_expressions(row.id)) | ({"en"} if row.akn else set())
        return [code for code in ("ar", "zh", "en", "fr", "ru", "es") if code in held]

    def due_items(self, on: date | None = None, days: int = due.WINDOW_DAYS,
                  agenda: str | None = None) -> due.DueReport:
        """What the corpus asks by date (issue 6): due from ``on`` (default today, UTC) for
        ``days`` days, and overdue on ``on``; of one agenda item (as written or its slug)."""
        return due.due_report(self.store, on or self.clock().date(), days, agenda)

    def deliver(self, item_id: int, symbol: str, at: datetime | None = None) -> due.DueItem:
        """Mark a due item delivered by a document symbol (the report S/2020/952)."""
        return due.deliver(self.store, item_id, symbol, self._now(at))

    def refresh_due_items(self) -> int:
        """Read every corpus document's obligations again into due items, keeping delivery
        marks; returns how many there are."""
        return due.refresh_all(self.store)

    # -- letters ---------------------------------------------------------------------------

    def _reference(self) -> ProcedureReference:
        return ProcedureReference(str(self.settings["PROCEDURE_LETTER_SYMBOL"]),
                                  self.settings["PROCEDURE_LETTER_DATE"])

    def _opening_facts(self, procedure: Procedure) -> OpeningFacts:
        if procedure.opened_at is None:
            raise ProcedureError(
                f"Draft {procedure.draft.symbol} has not been put to the vote; its opening "
                "letter exists once the President opens the vote."
            )
        opened = procedure.opened_at.astimezone(self.display_zone).date()
        return OpeningFacts(procedure, self.catalog.president(opened.year, opened.month),
                            sponsor_countries(procedure.draft, self.catalog.directory),
                            self._reference())

    def letter_facts(self, symbol: str) -> LetterFacts:
        """What the outcome and details letters of a draft or letter ``symbol`` state."""
        try:
            issued = self.document(symbol)
        except DocumentNotFound:
            procedure = self.procedure(symbol)
            if procedure.state is not State.ANNOUNCED:
                raise ProcedureError(
                    f"Draft {procedure.draft.symbol} is "
                    f"{procedure.state.value.replace('_', ' ')}; its outcome letter exists once "
                    "the result is announced (council vote announce)."
                ) from None
            with self.store.read() as repo:
                outcome = next(d for d in repo.documents(repo.load(
                    procedure.draft.symbol, self.catalog.membership)[0])
                    if d.kind == "outcome_letter")
            issued = self.document(outcome.symbol)
        procedure = issued.procedure
        outcome_symbol = issued.related.get("outcome_letter")
        outcome_doc = issued if issued.kind == "outcome_letter" else self.document(
            str(outcome_symbol))
        details_symbol = issued.related.get("details_letter")
        details_date = self.document(details_symbol).date if details_symbol else None
        assert outcome_doc.president is not None and procedure.opened_at is not None
        opened = procedure.opened_at.astimezone(self.display_zone).date()
        opening_president = self.catalog.president(opened.year, opened.month)
        return LetterFacts(
            procedure=procedure,
            tally=procedure.tally(self.settings.tally_rule),
            symbol=outcome_doc.symbol,
            date=outcome_doc.date,
            president=outcome_doc.president,
            sponsors=sponsor_countries(procedure.draft, self.catalog.directory),
            resolution=outcome_doc.resolution,
            original_language=outcome_doc.original_language,
            procedure_reference=self._reference(),
            details_symbol=details_symbol,
            details_date=details_date,
            opening_president=opening_president if opening_president.name else None,
        )

    def letter(self, symbol: str, lang: str = "en", fmt: str = "text",
               kind: str | None = None) -> str:
        """A letter as text or HTML.

        Args:
            symbol: an outcome or details letter's symbol, or a draft's symbol.
            lang: "zh", "en" or "fr".
            fmt: "text" or "html".
            kind: with a draft's symbol, "outcome" (default), "opening" or "details".

        Returns:
            The rendered letter.
        """
        return render(*self._letter_subject(symbol, kind), lang, fmt)

    def letter_bytes(self, symbol: str, lang: str = "en", fmt: str = "pdf",
                     kind: str | None = None) -> bytes:
        """A letter in a binary format (the PDF in UN layout, issue 7), or a text format
        encoded as UTF-8; the arguments are those of ``letter``."""
        return render_bytes(*self._letter_subject(symbol, kind), lang, fmt)

    def _letter_subject(self, symbol: str, kind: str | None
                        ) -> tuple[str, LetterFacts | OpeningFacts]:
        """Which letter ``symbol`` (with ``kind``) names, and the facts it is written from."""
        symbol = symbol.strip()
        if kind is None:
            try:
                kind = {"outcome_letter": "outcome", "details_letter": "details"}.get(
                    self.document(symbol).kind, "outcome")
            except DocumentNotFound:
                kind = "outcome"
        if kind == "opening":
            return "opening", self._opening_facts(self.procedure(symbol))
        facts = self.letter_facts(symbol)
        if kind == "details" and facts.details_symbol is None:
            raise ProcedureError(
                f"No details letter is issued for {facts.draft.symbol} yet; issue it with: "
                f"council vote details {facts.draft.symbol}"
            )
        return kind, facts
