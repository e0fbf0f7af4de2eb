"""The façade over a real database: letters from stored votes, concurrency, numbering."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

from council.council import Council
from council.domain.errors import CouncilError


def _run_vote(council: Council, symbol: str, opened: datetime, positions: dict[str, str]
              ) -> None:
    council.add_draft(symbol, ["Niger", "Germany"], "The situation in Mali", "The Council,")
    council.open_vote(symbol, at=opened)
    for i, (member, position) in enumerate(positions.items()):
        council.cast_vote(symbol, member, position, at=opened + timedelta(minutes=i + 1))
    council.close_vote(symbol, at=opened + timedelta(hours=24))


def test_a_woman_president_signs_as_la_presidente_in_french(council: Council) -> None:
    opened = datetime(2020, 11, 10, 16, tzinfo=UTC)
    members = [m.code for m in council.members(2020).members]
    _run_vote(council, "S/2020/1100", opened, dict.fromkeys(members, "yes"))
    council.announce("S/2020/1100", at=opened + timedelta(hours=25), letter_symbol="S/2020/1110",
                     letter_date=date(2020, 11, 11))
    french = council.letter("S/2020/1110", "fr")
    assert "par la Présidente du Conseil de sécurité" in french
    assert "La Présidente du Conseil de sécurité\n(Signé) Inga Rhonda King" in french
    english = council.letter("S/2020/1110", "en")
    assert "submitted by the Niger and Germany" in english
    assert "(Signed) Inga Rhonda King" in english


def test_an_absent_member_is_listed_and_the_count_says_fourteen(council: Council) -> None:
    opened = datetime(2020, 7, 6, 16, tzinfo=UTC)
    members = [m.code for m in council.members(2020).members if m.code != "VCT"]
    _run_vote(council, "S/2020/654", opened, dict.fromkeys(members, "yes") | {"CHN": "no"})
    announced = council.announce("S/2020/654", at=opened + timedelta(hours=25),
                                 letter_date=date(2020, 7, 7))
    assert announced.result.outcome.value == "vetoed"
    assert announced.result.absent == ("VCT",)
    english = council.letter(announced.letter_symbol, "en")
    assert "received letters from 14 members" in english
    assert "Absent:\nSaint Vincent and the Grenadines." in english
    assert "owing to the negative vote of a permanent member" in english


def test_concurrent_letters_are_all_kept_and_each_member_counted_once(council: Council) -> None:
    opened = datetime(2020, 6, 28, 16, tzinfo=UTC)
    council.add_draft("S/2020/600", ["France"], "The situation in Mali", "Text")
    council.open_vote("S/2020/600", at=opened)
    members = [m.code for m in council.members(2020).members]
    accepted: list[str] = []
    refused: list[str] = []
    lock = threading.Lock()

    def send(member: str, attempt: int) -> None:
        # Each sender has its own façade (and connection pool) on the same database.
        sender = Council(council.settings, type(council.store)(council.settings.database_url))
        try:
            sender.cast_vote("S/2020/600", member, "yes" if attempt == 0 else "no",
                             at=opened + timedelta(minutes=1 + attempt))
            with lock:
                accepted.append(member)
        except CouncilError as exc:
            with lock:
                refused.append(f"{member}: {exc}")
        finally:
            sender.store.dispose()

    threads = [threading.Thread(target=send, args=(m, a)) for m in members for a in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(accepted) == sorted(members)
    assert len(refused) == 15
    assert all("one letter and it cannot be replaced" in message for message in refused)
    stored = council.procedure("S/2020/600").ballots
    assert sorted(b.member for b in stored) == sorted(members)
