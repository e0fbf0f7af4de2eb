"""The seed's vote replayed through the pages in a real browser (issue 4 acceptance).

Playwright drives Debian's Chromium against ``create_app(council)`` served by uvicorn on
127.0.0.1, with a ``ManualClock`` standing in for June 2020: the Secretariat registers
S/2020/600, France's Permanent Representative (President of the Council in June 2020) puts it
to the vote, the fifteen delegations of the 2020 Council each sign in and send a letter "in
favour", the period ends, the Secretariat closes, counts and publishes, and an anonymous
visitor reads the outcome letter S/2020/613 and resolution 2531 (2020). Each step leaves a
numbered screenshot in ``test-artifacts/<test name>/``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from playwright.sync_api import Browser, BrowserContext, FloatRect, Page, expect

from council.council import Council
from council.settings import load_settings
from council.signing import load_public_key, verify_receipt
from council.store.repository import Store
from council.web.app import create_app
from tests.web.clock import ManualClock
from tests.web.conftest import LiveServer

ROOT = Path(__file__).resolve().parents[2]
DRAFT_FILE = ROOT / "src" / "council" / "data" / "records" / "S_2020_600.txt"
DRAFT_URL = "/drafts/2020/600"
LETTER_URL = "/letters/2020/613"
RESOLUTION_URL = "/resolutions/2531"
DIRECTOR = "scad"

# Who signs for each member of the 2020 Council in June 2020: the Permanent Representatives,
# and the United Kingdom's Chargé d'affaires between Karen Pierce and Barbara Woodward. France's
# (the President's) is the seed's; the others are the envoys of mid-2020 as best we know, and
# nothing here depends on them being exact.
SIGNATORIES = {
    "BEL": ("permanent-representative", "Marc Pecsteen de Buytswerve"),
    "CHN": ("permanent-representative", "Zhang Jun"),
    "DOM": ("permanent-representative", "José Singer Weisinger"),
    "EST": ("permanent-representative", "Sven Jürgenson"),
    "FRA": ("permanent-representative", "Nicolas de Rivière"),
    "DEU": ("permanent-representative", "Christoph Heusgen"),
    "IDN": ("permanent-representative", "Dian Triansyah Djani"),
    "NER": ("permanent-representative", "Abdou Abarry"),
    "RUS": ("permanent-representative", "Vassily Nebenzia"),
    "VCT": ("permanent-representative", "Inga Rhonda King"),
    "ZAF": ("permanent-representative", "Jerry Matthews Matjila"),
    "TUN": ("permanent-representative", "Kais Kabtani"),
    "GBR": ("charge-d-affaires", "Jonathan Allen"),
    "USA": ("permanent-representative", "Kelly Craft"),
    "VNM": ("permanent-representative", "Dang Dinh Quy"),
}

REGISTERED_AT = datetime(2020, 6, 28, 15, 30, tzinfo=UTC)
OPENED_AT = datetime(2020, 6, 28, 16, 0, tzinfo=UTC)
AFTER_THE_PERIOD = datetime(2020, 6, 29, 16, 5, tzinfo=UTC)
MAX_HEIGHT = 1800


def password_of(username: str) -> str:
    return f"{username}-correct-horse"


def username_of(code: str) -> str:
    return f"{code.lower()}-pr"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(REGISTERED_AT)


@pytest.fixture
def council(tmp_path: Path, clock: ManualClock) -> Iterator[Council]:
    url = f"sqlite:///{tmp_path / 'council.db'}"
    settings = load_settings(environ={"COUNCIL_DATABASE_URL": url}, dotenv=None)
    store = Store(url)
    instance = Council(settings, store, clock=clock)
    # Still argon2, at its lowest cost: 33 hashes at the default cost take half a minute on a
    # busy CI machine, and the sign-in throttling and password checks work the same.
    instance.access.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    instance.init(resolution_start=2531, serial_start=613)
    instance.access.add_user(DIRECTOR, password_of(DIRECTOR), "secretariat-director",
                             name="SCAD Director")
    for member in instance.members(2020).members:
        role, name = SIGNATORIES[member.code]
        instance.access.add_user(username_of(member.code), password_of(username_of(member.code)),
                                 role, member=member.code, name=name)
    yield instance
    store.dispose()


class Steps:
    """Numbered full-page screenshots, one per step, kept as the test's artifacts."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.saved: list[Path] = []

    def shot(self, page: Page, name: str) -> None:
        path = self.directory / f"{len(self.saved) + 1:02d}-{name}.png"
        height = page.evaluate("document.documentElement.scrollHeight")
        text = page.locator("#draft-text")
        box = text.bounding_box() if text.count() else None
        # The page down to the first lines of the draft's text, or its first MAX_HEIGHT
        # pixels: the full text is some 60 screens long (an annexed resolution too), and
        # shooting it all makes each screenshot slow and huge.
        bottom = box["y"] + 240 if box is not None else MAX_HEIGHT
        width = page.viewport_size["width"] if page.viewport_size else 1280
        clip: FloatRect = {"x": 0, "y": 0, "width": width, "height": min(height, bottom)}
        page.screenshot(path=str(path), full_page=True, clip=clip)
        self.saved.append(path)


def listed(letter: str, heading: str, next_heading: str, separator: str) -> list[str]:
    """The names a letter lists under ``heading`` (up to ``next_heading``), in order."""
    start = letter.index(heading) + len(heading)
    names = letter[start:letter.index(next_heading, start)]
    return [" ".join(name.split()).strip(".。") for name in names.split(separator)]


def new_page(browser: Browser) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    return context, context.new_page()


def sign_in(page: Page, base_url: str, username: str, next_url: str = DRAFT_URL) -> None:
    page.goto(f"{base_url}/login?next={next_url}")
    page.fill("#username", username)
    page.fill("#password", password_of(username))
    page.click("#login")
    page.wait_for_url(f"{base_url}{next_url}")
    expect(page.locator("#who")).to_be_visible()


def test_the_seeds_vote_replayed_through_the_pages_publishes_letter_and_resolution(
    council: Council, clock: ManualClock, live_server: LiveServer,
    chromium_browser: Browser, artifacts_dir: Path,
) -> None:
    base_url = live_server(create_app(council))
    steps = Steps(artifacts_dir)
    members = council.members(2020).members
    assert len(members) == 15
    english = [member.name("en") for member in members]
    chinese = [member.name("zh") for member in members]

    # 1. The Secretariat signs in and registers S/2020/600 with the file of its text.
    secretariat, page = new_page(chromium_browser)
    page.goto(base_url + "/login?next=/drafts/new")
    page.fill("#username", DIRECTOR)
    page.fill("#password", password_of(DIRECTOR))
    steps.shot(page, "secretariat-signs-in")
    page.click("#login")
    page.wait_for_url(base_url + "/drafts/new")
    page.fill("#symbol", "S/2020/600")
    page.fill("#sponsors", "France")
    page.fill("#agenda_item", "The situation in Mali")
    page.set_input_files("#file", str(DRAFT_FILE))
    steps.shot(page, "secretariat-fills-in-the-draft")
    page.click("#register")
    page.wait_for_url(base_url + DRAFT_URL)
    expect(page.locator("h1")).to_have_text("Draft resolution S/2020/600")
    expect(page.locator("#state")).to_have_text("registered")
    expect(page.locator("pre.draft-text")).to_contain_text("Mali")
    steps.shot(page, "draft-registered")

    # 2. The President (France's PR in June 2020) puts it to the vote for 24 hours.
    clock.set(OPENED_AT)
    president, page = new_page(chromium_browser)
    sign_in(page, base_url, username_of("FRA"))
    expect(page.locator("#who")).to_contain_text("Nicolas de Rivière")
    expect(page.locator("#who")).to_contain_text("President of the Council")
    page.fill("#period_hours", "24")
    steps.shot(page, "president-puts-the-draft-to-the-vote")
    page.click("#open-vote")
    page.wait_for_url(base_url + DRAFT_URL)
    expect(page.locator("#state")).to_have_text("in voting")
    # 2020-06-29 16:00 UTC is noon in New York (EDT, UTC-4).
    expect(page.locator("#deadline")).to_contain_text("2020-06-29 16:00 UTC")
    expect(page.locator("#deadline")).to_contain_text("2020-06-29 12:00 EDT (New York)")
    expect(page.locator("#opening-letter")).to_be_visible()
    steps.shot(page, "vote-opened")
    president.close()

    # Before the period ends the public sees the deadline, but no turnout and no positions.
    public, page = new_page(chromium_browser)
    page.goto(base_url + DRAFT_URL)
    expect(page.locator("#deadline")).to_contain_text("2020-06-29 16:00 UTC")
    expect(page.locator("#turnout")).to_have_count(0)
    expect(page.locator("#result")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text("Letters received")
    steps.shot(page, "public-sees-the-vote-open")
    public.close()

    # 3. Each delegation signs in, votes in favour, gets its receipt and signs out.
    receipts: dict[str, dict[str, object]] = {}
    delegations, page = new_page(chromium_browser)
    for number, member in enumerate(members):
        clock.advance(minutes=5)
        sign_in(page, base_url, username_of(member.code))
        # Until the announcement a delegation sees its own letter only.
        expect(page.locator("#turnout")).to_have_count(0)
        expect(page.locator("#result")).to_have_count(0)
        expect(page.locator("#own-position")).to_have_count(0)
        expect(page.locator("#signatory")).to_contain_text(SIGNATORIES[member.code][1])
        page.check("#position-yes")
        page.check("#confirm")
        if number == 0:
            steps.shot(page, f"{member.code.lower()}-chooses-in-favour")
        page.click("#send-letter")
        page.wait_for_url(base_url + DRAFT_URL + "/receipt")
        expect(page.locator("#receipt-summary")).to_contain_text(
            f"The Secretariat received the letter of {member.code} (In favour)")
        receipts[member.code] = json.loads(page.text_content("#receipt") or "")
        steps.shot(page, f"{member.code.lower()}-receipt")
        if number == 1:
            # The second delegation, back on the draft, sees its letter but not the first's.
            page.goto(base_url + DRAFT_URL)
            expect(page.locator("#own-position")).to_contain_text("In favour")
            expect(page.locator("#turnout")).to_have_count(0)
            expect(page.locator("#result")).to_have_count(0)
            expect(page.locator("body")).not_to_contain_text(members[0].name("en"))
            steps.shot(page, f"{member.code.lower()}-sees-only-its-own-letter")
        page.click("#sign-out")
        page.wait_for_url(base_url + "/")
        expect(page.locator("#sign-in")).to_be_visible()
    delegations.close()

    public_key = load_public_key(council.secretariat_public_key())
    assert set(receipts) == {member.code for member in members}
    for code, signed in receipts.items():
        body = verify_receipt(signed, public_key)
        assert (body["draft"], body["member"], body["position"]) == ("S/2020/600", code, "yes")

    # 4. The period ends. The Secretariat's session from step 1 has expired (idle and age),
    # so its browser shows the public page until it signs in again.
    clock.set(AFTER_THE_PERIOD)
    page = secretariat.pages[0]
    page.goto(base_url + DRAFT_URL)
    expect(page.locator("#sign-in")).to_be_visible()
    expect(page.locator("#close-vote")).to_have_count(0)
    steps.shot(page, "secretariat-session-expired")
    sign_in(page, base_url, DIRECTOR)
    expect(page.locator("#turnout h2")).to_have_text("Letters received: 15 of 15")
    steps.shot(page, "secretariat-sees-15-letters-after-the-period")

    # 5. The Secretariat closes the vote, counts and publishes.
    page.click("#close-vote")
    page.wait_for_url(base_url + DRAFT_URL)
    expect(page.locator("#error")).to_have_count(0)
    expect(page.locator("#state")).to_have_text("announced")
    expect(page.locator("#published")).to_contain_text("S/2020/613")
    expect(page.locator("#published")).to_contain_text("S/RES/2531 (2020)")
    expect(page.locator("#in-favour")).to_have_text(", ".join(english))
    steps.shot(page, "secretariat-closes-counts-and-publishes")
    secretariat.close()

    # 6. An anonymous visitor reads the result, the outcome letter and the resolution.
    public, page = new_page(chromium_browser)
    page.goto(base_url + DRAFT_URL)
    expect(page.locator("#sign-in")).to_be_visible()
    expect(page.locator("#state")).to_have_text("announced")
    expect(page.locator("#result h2")).to_have_text("Result: adopted")
    assert (page.text_content("#in-favour") or "").split(", ") == english
    expect(page.locator("#against")).to_have_text("None")
    expect(page.locator("#abstentions")).to_have_text("None")
    expect(page.locator("#absent")).to_have_text("None")
    expect(page.locator("#published")).to_contain_text("S/2020/613")
    steps.shot(page, "public-sees-the-result")

    page.click("#published a:has-text('S/2020/613')")
    page.wait_for_url(base_url + LETTER_URL)
    letter = page.text_content("#document") or ""
    assert "S/2020/613" in letter
    assert "2531 (2020)" in letter
    assert listed(letter, "In favour:", "Against:", ",") == english
    assert listed(letter, "Against:", "Abstentions:", ",") == ["None"]
    assert "received 15 votes in favour" in " ".join(letter.split())
    assert "Nicolas de Rivière" in letter
    steps.shot(page, "outcome-letter-en")

    page.click("a[hreflang=zh]")
    page.wait_for_url(base_url + LETTER_URL + "?lang=zh")
    letter_zh = page.text_content("#document") or ""
    assert "S/2020/613" in letter_zh
    assert "第2531(2020)号决议" in letter_zh
    assert listed(letter_zh, "赞成：", "反对：", "、") == chinese
    steps.shot(page, "outcome-letter-zh")

    page.goto(base_url + RESOLUTION_URL)
    expect(page.locator("#document")).to_contain_text(
        re.compile(r"Resolution 2531 \(2020\)|S/RES/2531 \(2020\)"))
    expect(page.locator("#document")).to_contain_text("Mali")
    steps.shot(page, "resolution-2531")
    public.close()

    for path in steps.saved:
        assert path.is_file() and path.read_bytes().startswith(b"\x89PNG"), path
    assert len(list(artifacts_dir.glob("*.png"))) == len(steps.saved) >= 20

