"""Accounts, sign-in, sessions, API tokens and delegation keys: the façade's access part.

``Council.access`` is an ``Access``; the CLI (``council user add``), the web app and the tests
all go through it. Passwords are hashed with argon2 (argon2-cffi's defaults, RFC 9106's
low-memory profile); session cookies and API tokens are random 256-bit secrets of which only
the SHA-256 is stored; failed sign-ins are throttled per account name and per client address.
The President is derived at each request from the presidency of the month (R24).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from council.catalog import Catalog
from council.domain.accounts import Action, Actor, NotAuthorised, Role, authorise
from council.domain.errors import CouncilError, InvalidInput
from council.settings import Settings
from council.signing import key_id, load_public_key, public_key_pem
from council.store.access import TokenHolder
from council.store.repository import Repository, Store
from council.store.tables import AccountRow, ApiTokenRow, DelegationKeyRow, SessionRow

TOKEN_PREFIX = "council_"


class SignInFailed(CouncilError):
    """Wrong account name or password (the message does not say which)."""


class TooManyAttempts(CouncilError):
    """Sign-in refused for a while after repeated failures."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    name: str
    role: Role
    member: str | None


@dataclass(frozen=True)
class SignedIn:
    """A live session: who, and the CSRF token its forms must carry."""

    actor: Actor
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True)
class DelegationKey:
    member: str
    key_id: str
    public_key: str
    registered_at: datetime
    revoked_at: datetime | None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _account(row: AccountRow) -> Account:
    return Account(row.id, row.username, row.name, Role(row.role), row.member)


def _holder_account(holder: TokenHolder | None) -> Account | None:
    """The account a token speaks for; None when the token is unknown, revoked, or its
    account disabled."""
    if holder is None or holder.revoked_at is not None or holder.disabled_at is not None:
        return None
    return Account(holder.account_id, holder.username, holder.name, Role(holder.role),
                   holder.member)


def _stale(last_used_at: datetime | None, at: datetime) -> bool:
    # Last use is kept to the minute: one write a minute per token, not one each call.
    return last_used_at is None or at - last_used_at > timedelta(seconds=60)


INVALID_TOKEN = ("The API token is not valid (unknown, revoked, or its account disabled); "
                 "create a new one on the account page.")

_USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-@")


class Access:
    """Accounts and credentials over the store."""

    def __init__(self, store: Store, settings: Settings, catalog: Catalog,
                 clock: Callable[[], datetime], zone: ZoneInfo) -> None:
        self.store = store
        self.settings = settings
        self.catalog = catalog
        self.clock = clock
        self.zone = zone
        self.hasher = PasswordHasher()

    # -- accounts --------------------------------------------------------------------------

    def add_user(self, username: str, password: str, role: str | Role,
                 member: str | None = None, name: str | None = None,
                 at: datetime | None = None) -> Account:
        """Create an account.

        Args:
            username: lower-case letters, digits and . _ - @ (3–64 characters).
            password: at least 12 characters.
            role: one of ``Role``'s values.
            member: the delegation's member (name or alpha-3 code), for delegation roles.
            name: the person's name as it appears on letters (the PR's, for a signatory).
        """
        problems = []
        username = username.strip().lower()
        if not 3 <= len(username) <= 64 or not set(username) <= _USERNAME_CHARS:
            problems.append(f"Username {username!r} is not valid; expected 3–64 characters "
                            "among a–z, 0–9 and . _ - @.")
        if len(password) < 12:
            problems.append(f"The password has {len(password)} characters; use at least 12.")
        try:
            role = role if isinstance(role, Role) else Role.parse(role)
        except InvalidInput as exc:
            problems.append(exc.message)
            role = Role.PUBLIC
        code = None
        if member is not None and member.strip():
            country = self.catalog.directory.find(member.strip())
            if country is None:
                problems.append(f"Member {member!r} is not a known country name or code; "
                                "expected a UN Member State or an alpha-3 code such as FRA.")
            else:
                code = country.code
        if role.is_delegation and member is None:
            problems.append(f"Role {role.value!r} belongs to a delegation; give --member.")
        if not role.is_delegation and member:
            problems.append(f"Role {role.value!r} is not a delegation's; do not give a member.")
        if problems:
            raise InvalidInput("\n".join(problems))
        at = at or self.clock()
        with self.store.transaction() as repo:
            row = repo.add_account(username=username, name=(name or username).strip(),
                                   role=role.value, member=code,
                                   password_hash=self.hasher.hash(password), at=at)
            return _account(row)

    def users(self) -> list[Account]:
        with self.store.read() as repo:
            return [_account(r) for r in repo.accounts()]

    def username_of(self, account_id: int) -> str:
        with self.store.read() as repo:
            row = repo.account(account_id)
            return row.username if row is not None else f"account {account_id}"

    def actor(self, account: Account, at: datetime | None = None) -> Actor:
        """The actor an account is at ``at``: presiding if its member holds the presidency."""
        at = at or self.clock()
        presiding = False
        if account.role.may_sign and account.member:
            day = at.astimezone(self.zone).date()
            try:
                presiding = (self.catalog.president(day.year, day.month).member.code
                             == account.member)
            except CouncilError:
                presiding = False  # a year the catalog's membership does not cover
        return Actor(account.role, account.member, account.id, account.username, account.name,
                     presiding)

    # -- sign-in ---------------------------------------------------------------------------

    def authenticate(self, username: str, password: str, address: str,
                     at: datetime | None = None) -> Account:
        """Check a password, throttled per account name and per address.

        Raises:
            TooManyAttempts: too many failures within the window; nothing is checked.
            SignInFailed: wrong name or password (recorded as a failure).
        """
        at = at or self.clock()
        username = username.strip().lower()[:64]
        window = timedelta(minutes=float(self.settings["LOGIN_LOCKOUT_MINUTES"]))
        limit = int(self.settings["LOGIN_MAX_FAILURES"])
        with self.store.transaction() as repo:
            by_name, by_address, latest = repo.login_failures(username, address, at - window)
            until = latest + window if latest is not None else at
            # Retry-After says when to come back: at ``until`` the lock-out is over, though
            # the store still counts failures made exactly a window ago.
            if (by_name >= limit or by_address >= limit) and at < until:
                which = "this account" if by_name >= limit else "this address"
                raise TooManyAttempts(
                    f"Too many failed sign-ins for {which}; try again after {until:%H:%M} UTC.",
                    retry_after=max(1, int((until - at).total_seconds())),
                )
            row = repo.account_by_username(username)
            ok = False
            if row is not None and row.disabled_at is None:
                try:
                    ok = self.hasher.verify(row.password_hash, password)
                except (VerificationError, InvalidHashError):
                    ok = False
            else:
                # Spend the same time as a real check, so timing does not tell which names exist.
                with contextlib.suppress(VerificationError, InvalidHashError):
                    self.hasher.verify(_dummy_hash(), password)
            if not ok:
                repo.add_login_failure(username, address, at)
        if not ok or row is None:
            raise SignInFailed("Wrong account name or password.")
        with self.store.transaction() as repo:
            repo.forget_login_failures(username, at - window)
        return _account(row)

    def start_session(self, account: Account, at: datetime | None = None) -> tuple[str, str]:
        """A new session for ``account``: (cookie token, CSRF token)."""
        at = at or self.clock()
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        hours = float(self.settings["SESSION_HOURS"])
        with self.store.transaction() as repo:
            repo.add_session(SessionRow(token_sha256=_digest(token), account_id=account.id,
                                        csrf_token=csrf, created_at=at, last_seen_at=at,
                                        expires_at=at + timedelta(hours=hours)))
        return token, csrf

    def session(self, token: str, at: datetime | None = None) -> SignedIn | None:
        """The live session behind a cookie, or None if unknown, ended or expired."""
        at = at or self.clock()
        idle = timedelta(minutes=float(self.settings["SESSION_IDLE_MINUTES"]))
        digest = _digest(token)
        with self.store.read() as repo:  # most requests only read; writes take the lock
            row = repo.session_by_hash(digest)
            if row is None or row.ended_at is not None:
                return None
            account = repo.account(row.account_id)
            if account is None or account.disabled_at is not None:
                return None
            expired = at >= row.expires_at or at - row.last_seen_at >= idle
            stale = at - row.last_seen_at > timedelta(seconds=60)
            csrf, expires, who = row.csrf_token, row.expires_at, _account(account)
        if expired or stale:
            with self.store.transaction() as repo:
                live = repo.session_by_hash(digest)
                if live is None:
                    return None
                if expired:
                    live.ended_at = live.ended_at or at
                    return None
                # Idle time is measured to the minute, not per request.
                live.last_seen_at = max(live.last_seen_at, at)
        return SignedIn(self.actor(who, at), csrf, expires)

    def end_session(self, token: str, at: datetime | None = None) -> None:
        at = at or self.clock()
        with self.store.transaction() as repo:
            row = repo.session_by_hash(_digest(token))
            if row is not None and row.ended_at is None:
                row.ended_at = at

    # -- API tokens ------------------------------------------------------------------------

    def create_token(self, actor: Actor, label: str = "", at: datetime | None = None) -> str:
        """A new bearer token for the actor's account; shown once, stored as a digest."""
        authorise(actor, Action.MANAGE_TOKENS)
        assert actor.account_id is not None
        at = at or self.clock()
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.store.transaction() as repo:
            repo.add_api_token(ApiTokenRow(token_sha256=_digest(token),
                                           account_id=actor.account_id,
                                           label=label.strip()[:200] or "API token",
                                           created_at=at))
        return token

    def token_for(self, username: str, label: str = "", at: datetime | None = None) -> str:
        """A token for a named account (for ``council user token``)."""
        with self.store.transaction() as repo:
            row = repo.account_by_username(username.strip().lower())
            if row is None:
                raise InvalidInput(f"No account {username!r}; create it with: council user add")
            account = _account(row)
        return self.create_token(self.actor(account, at), label, at)

    def token_actor(self, token: str, at: datetime | None = None) -> Actor | None:
        at = at or self.clock()
        digest = _digest(token)
        with self.store.read() as repo:
            holder = repo.token_holders([digest]).get(digest)
        who = _holder_account(holder)
        if holder is None or who is None:
            return None
        if _stale(holder.last_used_at, at):
            with self.store.transaction() as repo:
                repo.touch_tokens([holder.token_id], at)
        return self.actor(who, at)

    def token_actors(self, repo: Repository, tokens: Iterable[str], at: datetime
                     ) -> dict[str, Actor | None]:
        """Several API tokens' actors (None: not valid), read inside the caller's write
        transaction ``repo``, which also records their use (council.receiving)."""
        digests = {token: _digest(token) for token in set(tokens)}
        found = repo.token_holders(digests.values())
        actors: dict[str, Actor | None] = {}
        stale = []
        for token, digest in digests.items():
            holder = found.get(digest)
            who = _holder_account(holder)
            if holder is None or who is None:
                actors[token] = None
                continue
            actors[token] = self.actor(who, at)
            if _stale(holder.last_used_at, at):
                stale.append(holder.token_id)
        repo.touch_tokens(sorted(stale), at)
        return actors

    def revoke_token(self, actor: Actor, token_id: int, at: datetime | None = None) -> None:
        authorise(actor, Action.MANAGE_TOKENS)
        at = at or self.clock()
        with self.store.transaction() as repo:
            row = next((t for t in repo.api_tokens(actor.account_id or 0) if t.id == token_id),
                       None)
            if row is None:
                raise InvalidInput(f"You have no API token number {token_id}.")
            row.revoked_at = row.revoked_at or at

    def tokens(self, actor: Actor) -> list[tuple[int, str, datetime, datetime | None]]:
        """The actor's tokens: (id, label, created, revoked)."""
        with self.store.read() as repo:
            return [(t.id, t.label, t.created_at, t.revoked_at)
                    for t in repo.api_tokens(actor.account_id or 0)]

    # -- delegation keys -------------------------------------------------------------------

    def register_key(self, actor: Actor, public_key: str,
                     at: datetime | None = None) -> DelegationKey:
        """Register an Ed25519 public key with which the actor's delegation signs letters."""
        authorise(actor, Action.MANAGE_KEYS, member=actor.member)
        assert actor.member is not None and actor.account_id is not None
        key = load_public_key(public_key, "The public key")
        at = at or self.clock()
        kid = key_id(key)
        with self.store.transaction() as repo:
            if any(k.key_id == kid for k in repo.delegation_keys(actor.member, False)):
                raise InvalidInput(f"Key {kid} is already registered for {actor.member}.")
            row = DelegationKeyRow(member=actor.member, key_id=kid,
                                   public_key=public_key_pem(key),
                                   registered_by=actor.account_id, registered_at=at)
            repo.add_delegation_key(row)
        return DelegationKey(actor.member, kid, row.public_key, at, None)

    def revoke_key(self, actor: Actor, kid: str, at: datetime | None = None) -> None:
        authorise(actor, Action.MANAGE_KEYS, member=actor.member)
        at = at or self.clock()
        with self.store.transaction() as repo:
            row = next((k for k in repo.delegation_keys(actor.member or "", True)
                        if k.key_id == kid), None)
            if row is None:
                raise InvalidInput(f"No active key {kid!r} for {actor.member}.")
            row.revoked_at = at

    def keys(self, member: str, active_only: bool = False) -> list[DelegationKey]:
        with self.store.read() as repo:
            return [DelegationKey(k.member, k.key_id, k.public_key, k.registered_at,
                                  k.revoked_at)
                    for k in repo.delegation_keys(member, active_only)]


@functools.cache
def _dummy_hash() -> str:
    return PasswordHasher().hash("not a real password; used to even out timing")


__all__ = ["Access", "Account", "NotAuthorised", "SignInFailed", "SignedIn",
           "TooManyAttempts"]
