"""What a resolution asks, of whom, by when (issue 6, point 4): obligations read from its
operative paragraphs, each dated so that it can become a due item.

Pure: a ``Document`` and its adoption date in, ``Obligation`` values out; no I/O, no clock.
The reading is by patterns over the English text, clause by clause (docs/obligations.md
gives the conventions, how they were checked by hand on eleven resolutions and where they
are known to miss):

- an operative paragraph is split into clauses at its lead verbs ("requests", "decides",
  "calls upon", "expresses its intention"…); only directive clauses (a request, a decision,
  a call, an authorization, the Council's stated intent) yield obligations; recitals
  ("recalls", "takes note", "welcomes"…) do not;
- a paragraph's points are read with the actor of the clause that introduces them;
- timing: fixed dates ("by 31 March 2021", "no later than 30 April 2021", two dates
  "respectively"), a named report ("in its April 2021 report": the last day of that month),
  recurrences ("every three months", "every 90 days", "quarterly", "biannual", "each
  month"…) expanded into every due date from adoption to the end of the period they run
  for, relative dates ("within 30 days of the adoption of this resolution", "before the end
  of MINUSMA's current mandate", "in his first quarterly report");
- mandate facts: an extension, renewal or termination "until" a date (or "for a period of
  six months") is a ``mandate_end``; personnel ceilings with their numbers a ``ceiling``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from council.domain.document import Document, Point, point_anchor

__all__ = ["DEFAULT_HORIZON_MONTHS", "KINDS", "Obligation", "extract_obligations"]

KINDS = ("report", "deadline", "mandate_end", "ceiling")

# A recurrence with no mandate end in the same resolution to run to is expanded this far from
# adoption (or one period, when the period is longer: a biennial report still gets its date).
DEFAULT_HORIZON_MONTHS = 12

COUNCIL = "Security Council"


@dataclass(frozen=True)
class Obligation:
    """One thing a resolution asks, or a mandate fact it sets, with the dates it falls due.

    Attributes:
        paragraph: the top-level operative paragraph number, as a string ("62").
        anchor: the HTML anchor of the paragraph or point it came from ("para_28_c_ii").
        kind: "report", "deadline", "mandate_end" or "ceiling".
        actor: who is asked, or whose mandate it is ("Secretary-General", "MINUSMA").
        action: what is asked ("report", "present long-term roadmap", "extend mandate").
        due: the due dates, in order; every date of a recurrence; empty for a ceiling.
        recurrence: an ISO 8601 duration ("P3M", "P90D") when it recurs, else None.
        text: the clause it was read from, as written.
        numbers: for a ceiling, the personnel numbers by category ({"military": 13289}).
    """

    paragraph: str
    anchor: str
    kind: str
    actor: str
    action: str
    due: tuple[date, ...] = ()
    recurrence: str | None = None
    text: str = ""
    numbers: dict[str, int] = field(default_factory=dict, hash=False)

    def as_json(self) -> dict[str, Any]:
        """The object ``council obligations --json`` prints for it."""
        return {"paragraph": self.paragraph, "kind": self.kind, "actor": self.actor,
                "action": self.action, "due": [d.isoformat() for d in self.due],
                "recurrence": self.recurrence, "text": self.text}


# -- words and patterns ------------------------------------------------------------------

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH = "(?:" + "|".join(name for name in calendar.month_name if name) + ")"
_DATE = (rf"(?:\d{{1,2}}\s*{_MONTH},?\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}})")
_DATES = rf"{_DATE}(?:(?:,\s*|\s+and\s+|,\s+and\s+|\s+or\s+){_DATE})*"
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
                 "eighteen": 18, "twenty": 20, "thirty": 30, "forty-five": 45, "sixty": 60,
                 "ninety": 90, "a": 1, "an": 1}
_N = r"(?:\d+|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
_UNITS = {"day": "D", "week": "W", "month": "M", "year": "Y"}

_DIRECTIVE = (r"requests?|request that|decides?|calls\s+(?:upon|on)|urges?|encourages?|invites?|"
              r"directs?|demands?|authori[sz]es?|expresses\s+its\s+(?:intention|intent|"
              r"readiness|determination)|affirms\s+its\s+(?:intention|readiness)|instructs?|"
              r"asks?|requires?|tasks?")
_RECITAL = (r"recalls?|notes?|takes\s+(?:positive\s+)?note|welcomes?|reaffirms?|stresses|"
            r"underlines?|underscores?|emphasi[sz]es?|recogni[sz]es?|acknowledges?|commends?|"
            r"condemns?|regrets?|expresses|reiterates?|looks\s+forward|appeals?|affirms?|"
            r"endorses?|deplores?|considers?|determines?|reminds?|highlights?")
_MODIFIERS = (r"(?:(?:further|also|strongly|once\s+again|again|continues\s+to|in\s+this\s+"
              r"regard,?|in\s+this\s+context,?)\s+)*")
_LEAD = re.compile(rf"{_MODIFIERS}(?P<verb>{_DIRECTIVE}|{_RECITAL})\b", re.I)
_BOUNDARY = re.compile(rf"(?:[,;:]\s+(?:and\s+)?|\s+and\s+)(?={_MODIFIERS}(?:{_DIRECTIVE}|"
                       rf"{_RECITAL})\b)")
_IS_DIRECTIVE = re.compile(rf"(?:{_DIRECTIVE})$", re.I)

_VERBS = ("report|brief|provide|submit|present|include|develop|conduct|deliver|inform|"
          "update|review|complete|conclude|hold|establish|fulfil|fulfill|implement|"
          "respond|consider|prepare|issue|transmit|share|keep|convene|achieve|finalize|"
          "assess|carry out|decide|extend|renew|terminate")
# "take" alone is "take action", "take note": not what is asked; "take a decision" is.
_PAST = {"presented": "present", "submitted": "submit", "provided": "provide",
         "issued": "issue", "delivered": "deliver", "held": "hold", "completed": "complete",
         "conducted": "conduct", "transmitted": "transmit", "finalized": "finalize",
         "concluded": "conclude", "carried out": "carry out"}
_VERB = re.compile(
    rf"\b(?:to\s+be\s+(?P<past>{'|'.join(_PAST)})|(?:to|and|or)\s+(?P<after>{_VERBS})|"
    r"(?P<decide>take\s+(?:a\s+)?decision)|"
    r"(?P<bare>submit|provide|present|include|develop|conduct|deliver|fulfil|carry out))\b",
    re.I)
_OBJECTS = ("reports?|letters?|roadmap|review|updates?|briefings?|assessment|recommendations|"
            "strategy|priority measures|measures|information|programme of work|options|"
            "proposals|plan")
_STOP = {"a", "an", "the", "its", "his", "her", "their", "with", "in", "on", "of", "to",
         "and", "these", "this", "that", "following", "further", "any", "such", "all", "or",
         "by", "as", "also", "provide", "submit", "present", "include", "develop", "due", "are",
         "is", "be", "when", "where", "which", "except", "until", "from", "for"}
_OBJECT = re.compile(rf"\b(?P<noun>{_OBJECTS})\b", re.I)
_REPORTING = re.compile(r"report|letter|briefing|update|assessment|roadmap|recommendation|"
                        r"review|information|programme of work", re.I)
_TELLING = {"report", "brief", "inform", "update"}  # verbs that are themselves a report
_DELIVERING = {"provide", "submit", "present", "include", "deliver", "issue", "transmit",
               "prepare", "develop", "conduct", "keep", "share", "carry out", None}

# Timing forms, in the order they claim text (an earlier form masks the later ones).
_T_NAMED_REPORT = re.compile(rf"\b(?:its|his|her|the)\s+(?P<month>{_MONTH})\s+(?P<year>\d{{4}})"
                             r"\s+reports?\b")
_T_FIRST_REPORT = re.compile(r"\b(?:its|his|her|the)\s+(?P<which>first|next)\s+(?P<sort>quarterly|"
                             r"regular|periodic|monthly|\d+-day)?\s*reports?\b", re.I)
_T_WITHIN = re.compile(rf"\b(?:within|no\s+later\s+than|not\s+later\s+than)\s+(?P<n>{_N})\s+"
                       r"(?P<unit>day|week|month)s?(?P<anchor>\s+(?:of|from|after)\s+"
                       r"[^,;]{0,60})?", re.I)
_T_MANDATE_END = re.compile(r"\b(?:before|by|until|at|prior\s+to)\s+the\s+end\s+of\s+(?:the\s+)?"
                            r"(?:(?P<owner>[A-Z][\w-]*)['’]s\s+)?(?:current\s+|present\s+)?"
                            r"mandate(?:\s+of\s+(?:the\s+)?(?P<of>[A-Z][\w-]*))?")
_T_FIXED = re.compile(rf"(?P<due_word>\bdue\s+)?\b(?P<prep>by|no\s+later\s+than|not\s+later\s+"
                      rf"than|before|on\s+or\s+before|until|to|ending\s+on|as\s+of|that\s+is,"
                      rf"\s+until)\s+(?:the\s+end\s+of\s+)?(?P<dates>{_DATES})"
                      r"(?:\s+respectively)?", re.I)
_T_MONTH = re.compile(rf"(?P<due_word>\bdue\s+)?\b(?P<prep>by|no\s+later\s+than|before|until)\s+"
                      rf"(?:the\s+end\s+of\s+)?(?P<month>{_MONTH})\s+(?P<year>\d{{4}})\b")
_T_YEAR_END = re.compile(r"\b(?:by|before)\s+the\s+end\s+of\s+(?P<year>\d{4})\b")
_T_PERIOD = re.compile(rf"\bfor\s+(?:a|an)?\s*(?:further|additional|initial)?\s*(?:period\s+of\s+)?"
                       rf"(?P<n>{_N})\s+(?P<unit>month|year)s?\b", re.I)
_RECURRENCES: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(rf"\bevery\s+(?P<n>{_N})\s+(?P<unit>day|week|month|year)s?\b", re.I), None),
    (re.compile(r"\b(?P<n>\d+)-(?P<unit>day|month)\s+reports?\b", re.I), None),
    (re.compile(r"\b(?:every|each)\s+quarter\b|\bquarterly\b", re.I), "P3M"),
    (re.compile(r"\bbi-?annual(?:ly)?\b|\bsemi-?annual(?:ly)?\b|\btwice\s+(?:a|per|each)\s+"
                r"year\b|\bsix-monthly\b", re.I), "P6M"),
    (re.compile(r"\bbiennial(?:ly)?\b|\bevery\s+other\s+year\b", re.I), "P2Y"),
    (re.compile(r"\b(?:every|each)\s+month\b|\bmonthly\b", re.I), "P1M"),
    (re.compile(r"\b(?:every|each)\s+year\b|\bannual(?:ly)?\b|\byearly\b", re.I), "P1Y"),
)
_THEREAFTER = re.compile(r"^[^.;]{0,20}?\bthereafter\b", re.I)

_MANDATE_VERB = re.compile(r"\b(extend|renew|terminate|authori[sz]e)(?:s|d)?\b", re.I)
_MANDATE_OF = re.compile(r"\bmandate\s+of\s+(?:the\s+)?(?P<name>[^,;]+?)(?=\s+(?:as|until|for|to|"
                         r"in|under|originally|previously|within|and|established|appointed)\b|"
                         r"[,;]|$)")
_OWNER_MANDATE = re.compile(r"\b(?P<name>[A-Z][\w-]*)['’]s\s+(?:current\s+|present\s+)?mandate")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9-]{2,}\b")
_CEILING = re.compile(r"ceiling|comprise\s+up\s+to|maximum\s+(?:of|strength)|force\s+levels?|"
                      r"authori[sz]ed\s+(?:troop|police|force)\s+(?:strength|level)", re.I)
_HEADCOUNT = re.compile(r"(?:(?P<cat1>troop|police|military|civilian)\s+ceiling\s+of\s+)?"
                        r"\b(?P<n>\d{1,3}(?:,\d{3})+|\d{3,})\s+(?P<cat2>military|police|"
                        r"troops?|civilian|uniformed|formed\s+police|corrections|individual\s+"
                        r"police)?\s*(?:personnel|officers|troops|units)\b", re.I)


# -- dates -------------------------------------------------------------------------------

def _add_months(day: date, months: int) -> date:
    """``day`` plus a number of months, clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def _duration(n: int, unit: str) -> str:
    return f"P{n}{_UNITS[unit.lower()]}"


def _step(start: date, duration: str, times: int) -> date:
    match = re.fullmatch(r"P(\d+)([DWMY])", duration)
    assert match, duration
    n, unit = int(match.group(1)) * times, match.group(2)
    if unit == "D":
        return start + timedelta(days=n)
    if unit == "W":
        return start + timedelta(weeks=n)
    return _add_months(start, n * (12 if unit == "Y" else 1))


def _parse_dates(text: str) -> list[date]:
    out = []
    for match in re.finditer(rf"(\d{{1,2}})\s*({_MONTH}),?\s+(\d{{4}})|({_MONTH})\s+(\d{{1,2}}),?"
                             r"\s+(\d{4})", text):
        if match.group(1):
            day, month, year = match.group(1), match.group(2), match.group(3)
        else:
            month, day, year = match.group(4), match.group(5), match.group(6)
        try:
            out.append(date(int(year), _MONTHS[month.lower()], int(day)))
        except ValueError:  # "31 April": not a date, not an obligation
            continue
    return out


# -- the document as clauses ----------------------------------------------------------------

@dataclass
class _Segment:
    """A paragraph's text, or one of its points' or wrap-ups', with where it sits."""

    paragraph: str
    anchor: str
    text: str
    actor: str | None  # the actor of the clause that introduces this point


@dataclass
class _Clause:
    text: str
    directive: bool
    lead: str  # the lead verb, lower case ("requests", "decides")
    actor: str | None


def _walk(points: tuple[Point, ...], number: int | None, path: tuple[str, ...],
          paragraph: str, actor: str | None, seg_out: list[_Segment]) -> None:
    """Record each point (dash items numbered by position, as the HTML anchors are) with the
    actor of the clause that introduces it, depth first."""
    for position, point in enumerate(points, start=1):
        num = str(position) if not any(c.isalnum() for c in point.num) else point.num
        nums = (*path, num)
        segment = _Segment(paragraph, point_anchor(number, nums), point.text, actor)
        inner = _read_segment(segment, seg_out)
        _walk(point.points, number, nums, paragraph, inner, seg_out)
        if point.wrap_up:
            _read_segment(_Segment(paragraph, point_anchor(number, nums), point.wrap_up, actor),
                          seg_out)


def _read_segment(segment: _Segment, seg_out: list[_Segment]) -> str | None:
    """Record ``segment``; return the actor its last directive clause names (for its points)."""
    seg_out.append(segment)
    actor = segment.actor
    for clause in _clauses(segment.text, segment.actor):
        if clause.directive and clause.actor:
            actor = clause.actor
    return actor


def _clauses(text: str, inherited: str | None) -> list[_Clause]:
    """``text`` split at its lead verbs; each clause knows whether it asks for something."""
    cuts = [(m.start(), m.end()) for m in _BOUNDARY.finditer(text)]
    starts = [0] + [end for _, end in cuts]
    ends = [start for start, _ in cuts] + [len(text)]
    pieces = [text[a:b] for a, b in zip(starts, ends, strict=True)]
    out: list[_Clause] = []
    actor = inherited
    for piece in pieces:
        lead = _LEAD.match(piece.lstrip())
        verb = re.sub(r"\s+", " ", lead.group("verb").lower()) if lead else ""
        directive = bool(lead and _IS_DIRECTIVE.match(verb)) or (not lead and inherited
                                                                 is not None)
        named = _actor(piece.lstrip(), verb, lead.end() if lead else 0) if lead else None
        if directive and named:
            actor = named
        out.append(_Clause(piece.strip(), directive, verb, actor if directive else None))
    return out


def _actor(clause: str, verb: str, after: int) -> str | None:
    """Who a clause asks: the words after its lead verb, up to "to" or a comma."""
    if verb.startswith(("decide", "expresses", "affirms")):
        that = re.match(r"\s*that\s+(?:,[^,]*,\s*)?(?P<who>.+?)\s+(?:should|shall|will|is|are)\b",
                        clause[after:])
        return _normalise_actor(that.group("who")) if that else COUNCIL
    rest = re.match(r"\s*(?:in\s+this\s+regard\s+)?(?:that\s*)?(?:,[^,]*,\s*)?(?P<who>.+?)"
                    r"(?=\s+to\s|\s+as\s|,|;|:|\s+(?:submit|provide|present|report|brief|include)\b|$)",
                    clause[after:])
    if not rest:
        return None
    who = rest.group("who")
    if re.match(r"\s+(?:reports?|updates?|letters?|briefings?)\b", clause[after + rest.end():]):
        return None  # "requests also a final report": the actor of the clause before
    if _OBJECT.search(who) and not re.search(r"Panel|Group|Committee|Secretar", who):
        return None  # "requests also a final report": the actor of the clause before
    return _normalise_actor(who)


def _normalise_actor(who: str) -> str:
    who = re.sub(r"^(?:also|further)\s+", "", who.strip())
    for pattern, name in ((r"Secretary[- ]General", "Secretary-General"),
                          (r"Panel of [Ee]xperts", "Panel of Experts"),
                          (r"Group of [Ee]xperts", "Group of Experts"),
                          (r"^(?:the\s+)?Secretariat\b", "Secretariat"),
                          (r"^(?:the\s+)?Committee\b", "Committee"),
                          (r"^(?:all\s+)?Member States\b", "Member States")):
        if re.search(pattern, who):
            return name
    who = re.sub(r"^the\s+", "", who)
    return who[:80]


# -- reading a clause ------------------------------------------------------------------------

@dataclass
class _Timing:
    start: int
    end: int
    due: list[date]
    recurrence: str | None = None
    mandate_of: str | None = None  # "before the end of X's mandate": resolved later
    first_report: str | None = None  # "in his first quarterly report": resolved later
    named_report: bool = False
    thereafter: bool = False


def _timings(text: str, adopted: date, fixed_until: bool) -> list[_Timing]:
    """Every timing expression in a clause, in text order; ``fixed_until`` keeps "until DATE"
    (a mandate clause) which elsewhere gives a duration, not a deadline."""
    found: list[_Timing] = []
    taken: list[tuple[int, int]] = []

    def free(m: re.Match[str]) -> bool:
        return all(m.end() <= a or m.start() >= b for a, b in taken)

    def claim(m: re.Match[str], timing: _Timing) -> None:
        taken.append((m.start(), m.end()))
        found.append(timing)

    for m in _T_NAMED_REPORT.finditer(text):
        claim(m, _Timing(m.start(), m.end(), [_end_of_month(int(m.group("year")),
                                                            _MONTHS[m.group("month").lower()])],
                         named_report=True))
    for m in _T_FIRST_REPORT.finditer(text):
        if free(m):
            claim(m, _Timing(m.start(), m.end(), [], first_report=(m.group("sort") or "").lower()))
    for m in _T_WITHIN.finditer(text):
        anchor = m.group("anchor") or ""
        if free(m) and re.search(r"adoption|this resolution", anchor):
            n, unit = _number(m.group("n")), m.group("unit")
            claim(m, _Timing(m.start(), m.end(), [_step(adopted, _duration(n, unit), 1)]))
        elif free(m):
            # "thirty days after the Panel's reappointment", "within 30 days" of an inspection:
            # counted from an event this resolution does not date.
            taken.append((m.start(), m.end()))
    for m in _T_MANDATE_END.finditer(text):
        if free(m):
            claim(m, _Timing(m.start(), m.end(), [], mandate_of=m.group("owner") or m.group("of")
                             or ""))
    for m in _T_FIXED.finditer(text):
        if not free(m):
            continue
        prep = re.sub(r"\s+", " ", m.group("prep").lower())
        if m.group("due_word") or (prep in ("until", "to", "as of", "that is, until",
                                            "ending on") and not fixed_until):
            taken.append((m.start(), m.end()))  # a restatement or a duration, not a deadline
            continue
        claim(m, _Timing(m.start(), m.end(), _parse_dates(m.group("dates"))))
    for m in _T_MONTH.finditer(text):
        if free(m) and not m.group("due_word") and (m.group("prep") != "until" or fixed_until):
            claim(m, _Timing(m.start(), m.end(), [_end_of_month(int(m.group("year")),
                                                                _MONTHS[m.group("month").lower()])]))
    for m in _T_YEAR_END.finditer(text):
        if free(m):
            claim(m, _Timing(m.start(), m.end(), [date(int(m.group("year")), 12, 31)]))
    for pattern, duration in _RECURRENCES:
        for m in pattern.finditer(text):
            if not free(m):
                continue
            every = duration or _duration(_number(m.group("n")), m.group("unit"))
            claim(m, _Timing(m.start(), m.end(), [], recurrence=every,
                             thereafter=bool(_THEREAFTER.match(text[m.end():]))))
    found.sort(key=lambda t: t.start)
    # Dates before adoption are history ("the Pact signed on 15 October 2018"), not due.
    for timing in found:
        timing.due = [d for d in timing.due if d >= adopted]
    return [t for t in found if t.due or t.recurrence or t.mandate_of is not None
            or t.first_report is not None]


def _verb_in(text: str) -> tuple[str, int] | None:
    """The last action verb in ``text`` and where it ends."""
    last = None
    for m in _VERB.finditer(text):
        word = (m.group("past") and _PAST[m.group("past").lower()]) or m.group("after") \
            or (m.group("decide") and "decide") or m.group("bare")
        last = (re.sub(r"\s+", " ", word.lower()).replace("fulfill", "fulfil"), m.end())
    return last


def _object_in(text: str, last: bool = False) -> str | None:
    """The first (or last) thing asked for in ``text``, with up to three words describing
    it; a noun used as a verb ("to report", "to review") is not a thing asked for."""
    matches = [m for m in _OBJECT.finditer(text)
               if not re.search(r"\b(?:to|and)\s+$", text[:m.start()])]
    if not matches:
        return None
    m = matches[-1] if last else matches[0]
    before = re.findall(r"[\w-]+", re.split(r"[,;:()]", text[:m.start()])[-1])[-3:]
    words: list[str] = []
    for word in reversed(before):
        if word.lower() in _STOP or (word[0].isupper() and not word.isupper()):
            break
        words.insert(0, word)
    return " ".join([*words, m.group("noun")])


def _action(region: str, after: str, previous_verb: str | None) -> tuple[str, str | None]:
    """What a clause asks: its verb and object around one timing expression. The verb is the
    last one before the timing (else the one the clause used before, else the next one); the
    thing asked for is the first after that verb, else the first after the timing."""
    found = _verb_in(region)
    later = _verb_in(after)
    verb = found[0] if found else previous_verb or (later[0] if later else None)
    thing = (_object_in(region[found[1]:]) or _object_in(region)) if found \
        else _object_in(region, last=True)
    if not thing and verb not in _TELLING:  # "report on ... the measures taken": no object
        thing = _object_in(after)
    if thing and verb and thing.lower() == verb:
        thing = None
    if verb and thing:
        return f"{verb} {thing}", verb
    if thing and previous_verb is None:
        return f"submit {thing}" if _REPORTING.search(thing) else thing, verb
    return verb or "act", verb


# -- the whole document ----------------------------------------------------------------------

def extract_obligations(doc: Document, adopted: date) -> list[Obligation]:
    """What ``doc`` asks, of whom and by when, in document order.

    Args:
        doc: the resolution.
        adopted: its adoption date: recurrences and relative dates count from it.

    Returns:
        One ``Obligation`` per thing asked for and per mandate fact (mandate end, ceiling),
        each with the paragraph and anchor it came from.
    """
    segments: list[_Segment] = []
    for node in doc.operative_paragraphs:
        paragraph = str(node.number) if node.number is not None else ""
        head = _Segment(paragraph, point_anchor(node.number, ()), node.text, None)
        actor = _read_segment(head, segments)
        _walk(node.points, node.number, (), paragraph, actor, segments)
        if node.wrap_up:
            _read_segment(_Segment(paragraph, head.anchor, node.wrap_up, actor), segments)

    # First the mandate facts: relative dates and recurrences are resolved against them.
    mandates = [o for seg in segments for o in _mandate_facts(seg, adopted)]
    # An authorization "until the end of MINUSMA's mandate" ends with the mandate this
    # resolution sets (2531 paragraph 41).
    mandates = [replace(m, due=(end,)) if m.kind == "mandate_end" and not m.due
                and (end := _mandate_end_of("", mandates)) else m for m in mandates]
    found: list[Obligation] = list(mandates)
    pending: list[tuple[int, _Timing, str]] = []  # resolved once all recurrences are known
    for segment in segments:
        for clause in _clauses(segment.text, segment.actor):
            if not clause.directive or _is_mandate_clause(clause):
                continue
            for obligation, timing in _read_clause(segment, clause, adopted, mandates):
                if timing is not None and timing.first_report is not None:
                    pending.append((len(found), timing, obligation.actor))
                found.append(obligation)
    for index, timing, actor in pending:
        first = _first_report(timing.first_report or "", actor, found, adopted)
        found[index] = replace(found[index], due=(first,) if first else ())
    order = {seg.anchor: i for i, seg in enumerate(segments)}
    kept: list[Obligation] = []
    seen: set[tuple[object, ...]] = set()
    for obligation in sorted(found, key=lambda o: order.get(o.anchor, 0)):
        key = (obligation.anchor, obligation.kind, obligation.actor, obligation.action,
               obligation.due, obligation.recurrence, obligation.text)
        if key not in seen and (obligation.due or obligation.kind == "ceiling"):
            seen.add(key)
            kept.append(obligation)
    return kept


def _is_mandate_clause(clause: _Clause) -> bool:
    return bool(clause.lead.startswith(("decide", "authori")) and
                (_MANDATE_VERB.search(clause.text) or _CEILING.search(clause.text)))


def _mandate_facts(segment: _Segment, adopted: date) -> Iterator[Obligation]:
    """Mandate ends and personnel ceilings the segment's decisions set."""
    for clause in _clauses(segment.text, segment.actor):
        if clause.lead.startswith("decide") and (initial := _INITIAL.search(clause.text)):
            yield from _initial_mandate(segment, clause.text, initial, adopted)
        if not _is_mandate_clause(clause):
            continue
        text = clause.text
        verb = _MANDATE_VERB.search(text)
        if verb:
            yield from _mandate_end(segment, clause, verb.group(1).lower(), adopted)
        if _CEILING.search(text):
            numbers: dict[str, int] = {}
            for m in _HEADCOUNT.finditer(text):
                category = (m.group("cat1") or m.group("cat2") or "personnel").lower()
                category = {"troops": "troop"}.get(category, category)
                numbers.setdefault(category, int(m.group("n").replace(",", "")))
            if numbers:
                said = " and ".join(f"{n:,} {c}" for c, n in numbers.items())
                yield Obligation(segment.paragraph, segment.anchor, "ceiling",
                                 _mission(text, segment.text), f"up to {said} personnel",
                                 text=text, numbers=numbers)


def _mandate_end(segment: _Segment, clause: _Clause, verb: str,
                 adopted: date) -> Iterator[Obligation]:
    text = clause.text
    fixed = [t for t in _timings(text, adopted, fixed_until=True) if t.due and not t.recurrence]
    end: date | None = fixed[0].due[-1] if fixed else None
    if end is None:
        period = _T_PERIOD.search(text)
        if period and verb in ("extend", "renew"):
            n, unit = _number(period.group("n")), period.group("unit")
            end = _step(adopted, _duration(n, unit), 1)
        elif re.search(r"initial\s+period\s+of\s+one\s+year", text):
            end = _add_months(adopted, 12)
    relative = next((t for t in _timings(text, adopted, True) if t.mandate_of is not None), None)
    if verb.startswith("authori"):
        who = clause.actor or COUNCIL
        if end is None and relative is None:
            return
        yield Obligation(segment.paragraph, segment.anchor, "mandate_end", who,
                         "authorization ends", tuple([end] if end else []), text=text)
        return
    if end is None:
        return
    owner = _OWNER_MANDATE.search(text)
    named = _MANDATE_OF.search(text)
    if named and not re.match(r"its\b", named.group("name")):
        entity = _short_name(named.group("name"))
        what = "mandate"
    elif owner and owner.group("name") not in ("Council",):
        entity, what = owner.group("name"), "mandate"
    elif re.search(r"\bmandate\b", text):
        entity, what = _mission(text, segment.text), "mandate"
    else:
        entity = COUNCIL
        thing = re.search(r"\b(?:the\s+)?((?:[a-z-]+\s+){0,3}?(?:measures|authori[sz]ations?|"
                          r"decisions|provisions|exemptions))\b", text)
        what = thing.group(1) if thing else "measures"
    action = {"extend": "extend", "renew": "renew", "terminate": "terminate"}[verb]
    yield Obligation(segment.paragraph, segment.anchor, "mandate_end", entity,
                     f"{action} {what}", (end,), text=text)


# A mission established with a mandate "for an initial period of 12 months" from a start date
# (S/RES/2100 (2013) 7: MINUSMA "shall commence the implementation of its mandate" on 1 July
# 2013 "for an initial period of 12 months", that is until 30 June 2014).
_INITIAL = re.compile(rf"\bmandate\b.*?\bfor\s+an\s+initial\s+period\s+of\s+(?P<n>{_N})\s+"
                      r"(?P<unit>month|year)s?\b", re.I | re.S)


def _initial_mandate(segment: _Segment, text: str, initial: re.Match[str],
                     adopted: date) -> Iterator[Obligation]:
    dates = [d for d in _parse_dates(text[:initial.end()]) if d >= adopted]
    start = dates[0] if dates else adopted
    period = _duration(_number(initial.group("n")), initial.group("unit"))
    end = _step(start, period, 1) - timedelta(days=1)
    before = _ACRONYM.findall(text[:text.find("mandate", 0, initial.end())])
    yield Obligation(segment.paragraph, segment.anchor, "mandate_end",
                     before[-1] if before else _mission(text, segment.text),
                     "establish mandate", (end,), text=text)


def _short_name(name: str) -> str:
    bracket = re.search(r"\(([A-Z][\w-]+)\)", name)
    if bracket:
        return bracket.group(1)
    for pattern, short in ((r"Panel of [Ee]xperts", "Panel of Experts"),
                           (r"Group of [Ee]xperts", "Group of Experts")):
        if re.search(pattern, name):
            return short
    return name.strip()


def _mission(clause: str, paragraph: str) -> str:
    """The mission a clause is about: its first acronym, else the paragraph's last before it."""
    found = _ACRONYM.search(clause)
    if found:
        return found.group(0)
    before = _ACRONYM.findall(paragraph[:max(paragraph.find(clause), 0)])
    return before[-1] if before else "the mission"


def _mandate_end_of(name: str, mandates: list[Obligation]) -> date | None:
    """The end of the mandate ``name`` names (or, unnamed, the resolution's first mandate)."""
    ends = [m for m in mandates if m.kind == "mandate_end" and m.due]
    named = [m for m in ends if name and m.actor == name]
    chosen = named or [m for m in ends if "mandate" in m.action] or ends
    return chosen[0].due[-1] if chosen else None


def _horizon(actor: str, recurrence: str, adopted: date, mandates: list[Obligation]) -> date:
    own = _mandate_end_of(actor, mandates) if any(m.actor == actor for m in mandates) else None
    end = own or _mandate_end_of("", mandates)
    if end is not None:
        return end
    return max(_add_months(adopted, DEFAULT_HORIZON_MONTHS), _step(adopted, recurrence, 1))


def _read_clause(segment: _Segment, clause: _Clause, adopted: date,
                 mandates: list[Obligation]) -> Iterator[tuple[Obligation, _Timing | None]]:
    timings = _timings(clause.text, adopted, fixed_until=False)
    actor = clause.actor or COUNCIL
    previous_end, previous_verb = 0, None
    previous_due: date | None = None
    out: list[tuple[Obligation, _Timing | None]] = []
    for index, timing in enumerate(timings):
        following = timings[index + 1].start if index + 1 < len(timings) else len(clause.text)
        region = clause.text[previous_end:timing.start]
        after = clause.text[timing.end:following]
        action, verb = _action(region, after, previous_verb)
        due: list[date] = timing.due
        if timing.mandate_of is not None:
            end = _mandate_end_of(timing.mandate_of, mandates)
            due = [end] if end else []
        if timing.recurrence:
            horizon = _horizon(actor, timing.recurrence, adopted, mandates)
            start, first = adopted, 1
            if timing.thereafter and previous_due is not None:
                start, first = previous_due, 0
            due = []
            times = first
            while (next_due := _step(start, timing.recurrence, times)) <= horizon:
                due.append(next_due)
                times += 1
        thing = action.removeprefix(verb or "").strip()
        reporting = (verb in _TELLING or timing.named_report or timing.first_report is not None
                     or (verb in _DELIVERING and bool(_REPORTING.search(thing))))
        previous_verb = verb
        kind = "report" if reporting and actor != COUNCIL else "deadline"
        obligation = Obligation(segment.paragraph, segment.anchor, kind, actor, action,
                                tuple(due), timing.recurrence, clause.text)
        if timing.thereafter and previous_due is not None and timing.recurrence and out:
            # "within 90 days ..., every 90 days thereafter": one recurring item, asking
            # what the first date asked.
            first_item, _ = out.pop()
            obligation = replace(obligation, kind=first_item.kind, action=first_item.action)
        out.append((obligation, timing))
        previous_end = timing.end
        previous_due = due[-1] if due and not timing.recurrence else previous_due
    return iter(out)


def _first_report(sort: str, actor: str, found: list[Obligation], adopted: date) -> date | None:
    """The due date of "his first (quarterly) report": the first date of the actor's
    recurring report, or for "quarterly" three months from adoption."""
    for obligation in found:
        if (obligation.recurrence and obligation.actor == actor and obligation.kind == "report"
                and obligation.due and (sort != "quarterly" or obligation.recurrence == "P3M")):
            return obligation.due[0]
    if sort == "quarterly":
        return _add_months(adopted, 3)
    if sort == "monthly":
        return _add_months(adopted, 1)
    return None
