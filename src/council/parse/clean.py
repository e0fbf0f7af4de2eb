"""Undo the damage PDF extraction and OCR do to a resolution, keeping every position.

A resolution reaches us as text extracted from the UN's PDF (a blank line after every line,
page-break junk, ``https://undocs.org/...`` link lines), as OCR'd yearbook pages (hard line
breaks, words hyphenated at line ends) or typed (one paragraph per line). This first stage of
the pipeline splits the text into lines, drops the page furniture and says which of those
layouts the text has, so that the later stages join lines the right way. Nothing is moved:
every line keeps its number and column in the original text, so every node can point back to
where it came from (issue 3).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress, count, filterfalse, islice, repeat
from operator import add, itemgetter, lt, ne, not_, sub

from council.parse.lines import Line as Line  # re-exported: clean_lines makes them
from council.parse.lines import Lines, LineTable
from council.parse.lines import ends_sentence_part as ends_sentence_part
from council.parse.tokens import classify_text, classify_texts


class Layout(enum.Enum):
    """How paragraphs are laid out in the text."""

    PDF = "pdf"  # paragraphs start indented, continuation lines at column 1
    WRAPPED = "wrapped"  # hard line breaks inside paragraphs, blank lines between them (OCR)
    TYPED = "typed"  # one paragraph per line


_PDF_LAYOUT = Layout.PDF  # read in a loop: Python 3.11 finds Layout.PDF through a metaclass


@dataclass(frozen=True, slots=True)
class CleanText:
    """The text as lines, without page furniture, and how it is laid out."""

    lines: Lines  # the table of their columns, and its lines made as they are read
    layout: Layout
    furniture: tuple[Line, ...]  # the lines dropped as page furniture, for the dump
    words: frozenset[str]  # every lower-case word of the text, to judge hyphens and markers
    compounds: frozenset[str] = frozenset()  # every lower-case hyphenated word ("self-defence")


_LINK_LINE = re.compile(r"(?:(?:https?://)?(?:www\.)?undocs\.org/\S*\s*)+", re.IGNORECASE)
# Page furniture: job numbers ("20-08599 (C)    300620    300620"), barcodes ("*2008599*"),
# page numbers ("2/15"), in any order on one line, possibly with the repeated symbol.
_FURNITURE_TOKEN = re.compile(
    r"\d{2}-\d{5}|\([A-Z]\)|\d{6}|\d{1,3}/\d{1,3}|\*\d{6,}\*|S/RES/\d{1,5}\s*\(\d{4}\)"
)
_FURNITURE_CORE = re.compile(
    r"\d{2}-\d{5}|\*\d{6,}\*|^\d{1,3}/\d{1,3}$|\s\d{1,3}/\d{1,3}|^\d{1,3}/\d{1,3}\s"
)
_SYMBOL_ONLY = re.compile(r"S/RES/\d{1,5}\s*\(\d{4}\)")
_WORD = re.compile(r"[^\W\d_]+")
# What ``CleanText.words`` and ``compounds`` hold; ``_vocabulary`` finds the same, faster.
_WHOLE_WORD = re.compile(r"\b[^\W\d_]+\b")  # not "council" in "Council1"
_COMPOUND = re.compile(r"[^\W\d_]+-[^\W\d_]+")

# Prefixes and second halves that make a line-end hyphen part of a compound ("non-State",
# "self-sufficiency", "African Union-led") rather than a word broken across lines.
_COMPOUND_PREFIXES = frozenset(
    [
        "non",
        "self",
        "ex",
        "co",
        "anti",
        "cross",
        "cease",
        "counter",
        "well",
        "long",
        "short",
        "all",
        "half",
        "multi",
        "semi",
        "post",
        "pre",
        "mid",
        "so",
        "vice",
        "quasi",
        "pan",
        "intra",
        "extra",
        "inter",
    ]
)
_COMPOUND_SECONDS = frozenset(
    [
        "led",
        "based",
        "owned",
        "related",
        "free",
        "run",
        "held",
        "speaking",
        "contributing",
        "making",
        "keeping",
        "building",
        "term",
        "level",
        "scale",
        "wide",
        "up",
        "out",
        "off",
        "term",
    ]
)


def clean_lines(text: str) -> CleanText:
    """Split ``text`` into lines, drop page furniture and detect the layout.

    Args:
        text: the whole text, as extracted, OCR'd or typed.

    Returns:
        The non-blank lines that carry content, the dropped furniture and the layout.
    """
    # Column by column, at C speed, rather than line by line (issue 3 asks for speed): the PDF
    # of a long resolution has thousands of lines, half of them blank.
    text = _unify_breaks(text)
    raws = text.split("\n")
    strips = list(map(str.strip, raws))
    texts = list(filter(None, strips))  # the non-blank lines, stripped
    numbers = list(compress(range(1, len(strips) + 1), strips))  # their line numbers
    firsts = list(map(itemgetter(0), texts))
    raws = list(compress(raws, strips))  # the non-blank lines as they are
    heads = "".join(firsts)  # the first character of every line, in one string
    dropped = _furniture(texts, heads)
    furniture: tuple[Line, ...] = ()
    if dropped:  # taken out before the columns are made: only the lines kept have them
        furniture = tuple(_furniture_lines(raws, texts, numbers, dropped))
        for column in (texts, numbers, firsts, raws):
            for position in reversed(dropped):  # a few lines a page
                del column[position]
        heads = "".join(firsts)
    ends = "".join(map(itemgetter(-1), texts))  # the last character of every line
    leads = list(map(str.find, raws, firsts))
    indents = leads
    if "\t" in text or "\f" in text or "\v" in text:  # tabs count 4; form feeds are page breaks
        indents = list(map(_indent, raws, leads))
    lengths = list(map(len, texts))
    widths = list(map(add, indents, lengths))
    if not text.isascii():  # CJK characters count twice
        foreign = list(compress(count(), map(not_, map(str.isascii, texts))))
        for position in compress(foreign, map(_MAY_BE_WIDE, map(texts.__getitem__, foreign))):
            widths[position] += sum(map(len, _WIDE_RUNS.findall(texts[position])))
    # A line follows a blank one when the line before it is not the one before in the text:
    # the line after furniture, dropped already, reads as after a blank line.
    blanks = [numbers[0] > 1] if numbers else []
    blanks += map(ne, map(sub, numbers[1:], numbers), repeat(1))
    kinds, labels, rests = classify_texts(texts, lengths)
    table = LineTable(
        numbers, leads, indents, texts, blanks, widths, kinds, labels, rests, heads, ends
    )
    lines = Lines(table, 0, len(texts))
    layout = _layout(texts, ends, lengths, indents, blanks)
    if layout is Layout.PDF:  # the UN's PDFs neither hyphenate nor glue footnote numbers
        return CleanText(lines, layout, furniture, frozenset())
    words, compounds = _vocabulary(text.lower())
    return CleanText(lines, layout, furniture, words, compounds)


def _furniture_lines(
    raws: list[str], texts: list[str], numbers: list[int], dropped: list[int]
) -> Iterator[Line]:
    """The lines at the positions ``dropped``, as ``clean_lines`` would make them: each
    follows a blank line when the line before it is not the one before in the text, or is
    furniture too."""
    furniture = set(dropped)
    for position in dropped:
        raw, line, number = raws[position], texts[position], numbers[position]
        lead = raw.find(line[0])
        indent = _indent(raw, lead)
        if position:
            blank = number - numbers[position - 1] != 1 or position - 1 in furniture
        else:
            blank = number > 1
        width = indent + display_width(line)
        yield _new(Line, (number, lead + 1, indent, line, blank, width, *classify_text(line)))


def _indent(raw: str, lead: int) -> int:
    """The width of the ``lead`` characters of white space that start ``raw``: a tab counts 4,
    a form feed or vertical tab (a page break) nothing."""
    if lead and raw[:lead] != " " * lead:
        return _indent_width(raw[:lead].replace("\f", "").replace("\v", ""))
    return lead


def _vocabulary(lowered: str) -> tuple[frozenset[str], frozenset[str]]:
    """Every whole word (``_WHOLE_WORD``) and every compound (``_COMPOUND``) of ``lowered``.

    Without those regular expressions, which try every letter (an OCR'd yearbook page has
    thousands): the text is cut at every character that is neither a word character nor "-",
    and each distinct piece is looked at once. A whole word is a run of word characters that
    holds only letters; a compound lies inside a piece that holds a "-".
    """
    if lowered.isascii():
        pieces = list(set(lowered.translate(_ASCII_PIECES).split()))
    else:
        pieces = list(set(_PIECE_BREAKS.split(lowered)) - {""})
    hyphenated = list(compress(pieces, map(str.__contains__, pieces, repeat("-"))))
    runs = set(pieces)  # runs of word characters
    compounds: set[str] = set()
    for piece in hyphenated:
        runs.discard(piece)
        runs.update(piece.split("-"))
        compounds.update(_COMPOUND.findall(piece))
    words = set(filter(str.isalpha, runs))
    if not lowered.isascii():  # letters outside ASCII that are not alphabetic: "²", "½"
        words.update(filter(_WORD.fullmatch, filterfalse(str.isalpha, runs)))
    return frozenset(words), frozenset(compounds)


_PIECE_BREAKS = re.compile(r"[^\w-]+")
# ASCII characters that are neither word characters nor "-" become spaces.
_ASCII_PIECES = str.maketrans(
    {chr(code): " " for code in range(128) if not (chr(code).isalnum() or chr(code) in "_-")}
)


# What furniture lines may start with: the characters of _FURNITURE_FIRSTS or a decimal digit.
# (A digit that is not decimal, "①" or "²", stays when the furniture tokens are taken out.)
_MAY_BE_FURNITURE = re.compile(r"[hwuHWU*S\d]")


def _furniture(texts: list[str], heads: str) -> list[int]:
    """The positions, among the non-blank lines, of page furniture.

    Only a line starting with a decimal digit or one of ``_FURNITURE_FIRSTS`` can be furniture:
    the others are not looked at, and the candidates are found at C speed. A page header
    ("S/RES/2531 (2020)") is furniture when a line before it that is not furniture holds the
    same symbol; the other lines are searched for symbols only when that is in doubt.

    Args:
        texts: the non-blank lines, stripped.
        heads: their first characters, in one string.
    """
    candidates = [match.start() for match in _MAY_BE_FURNITURE.finditer(heads)]
    dropped: list[int] = []
    symbols: set[str] = set()  # of the lines up to ``searched`` and of the candidates so far
    searched = 0
    for position in candidates:
        line = texts[position]
        first = line[0]
        if first in "hwuHWU":
            furniture = "/" in line and _is_furniture(line, symbols)  # "https://undocs.org/..."
        elif len(line) <= 60 and (first in "*S" or first.isdigit()):
            if (
                line.startswith("S/RES/")
                and searched < position
                and _squash(line) not in symbols
                and _SYMBOL_ONLY.fullmatch(line)
            ):  # a page header, unless no line before gave its symbol
                _add_symbols(texts, range(searched, position), set(candidates), symbols)
                searched = position
            furniture = _is_furniture(line, symbols)
        else:
            furniture = False
        if furniture:
            dropped.append(position)
        elif "S/RES/" in line:
            _add_symbol(line, symbols)
    return dropped


def _add_symbols(
    texts: list[str], positions: range, skipped: set[int], symbols: set[str]
) -> None:
    for position in positions:
        if position not in skipped and "S/RES/" in texts[position]:
            _add_symbol(texts[position], symbols)


def _add_symbol(line: str, symbols: set[str]) -> None:
    symbol = _SYMBOL_ONLY.search(line)
    if symbol is not None:
        symbols.add(_squash(symbol.group()))


_new = tuple.__new__  # a NamedTuple without its Python-level constructor


def split_lines(text: str) -> list[str]:
    """The lines of ``text``, split at "\\r\\n", "\\r" or "\\n" as an editor numbers them (a form
    feed or other separator stays inside its line, as whitespace)."""
    return _unify_breaks(text).split("\n")


def _unify_breaks(text: str) -> str:
    if "\r" in text:
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _indent_width(whitespace: str) -> int:
    return sum(4 if char == "\t" else 1 for char in whitespace)


def _squash(text: str) -> str:
    return "".join(text.split())


# The first characters of furniture lines, besides digits: links, barcodes, page headers.
_FURNITURE_FIRSTS = frozenset("hwuHWU*S")


def _is_furniture(text: str, symbols: set[str]) -> bool:
    first = text[0]
    if first in "hwuHWU":
        return _LINK_LINE.fullmatch(text) is not None
    if len(text) > 60 or (first == "S" and not text.startswith("S/RES/")):
        return False
    if _SYMBOL_ONLY.fullmatch(text):
        # A page header repeats the symbol already given in the masthead.
        return _squash(text) in symbols
    if not _FURNITURE_CORE.search(text):
        return False
    rest = _FURNITURE_TOKEN.sub(" ", text)
    return not rest.strip()


def detect_layout(lines: Sequence[Line]) -> Layout:
    """Tell typed text (paragraphs end their lines) from hard-wrapped text, and PDF-extracted
    text (paragraphs start indented) from OCR'd text (blank lines between paragraphs).

    Hard-wrapped text breaks lines inside sentences: a line stops without punctuation and the
    next one, with no blank line between, goes on in lower case. Typed text rarely does.
    """
    texts = [line.text for line in lines]
    return _layout(
        texts,
        "".join(map(itemgetter(-1), texts)),
        list(map(len, texts)),
        [line.indent for line in lines],
        [line.blank_before for line in lines],
    )


def _layout(
    texts: list[str], ends: str, lengths: list[int], indents: list[int], blanks: list[bool]
) -> Layout:
    """``detect_layout`` on the lines' texts, their last characters (``ends``, in one string),
    their lengths, indents and blank_before flags."""
    ends = "".join(compress(ends, map(lt, repeat(24), lengths)))  # of the long lines
    long_lines = len(ends)  # lines of 25 characters or more
    opened = sum(map(str.isalnum, ends)) + ends.count("-")
    indented = len(indents) - indents.count(0)
    total = len(texts)
    if not long_lines:
        return Layout.TYPED
    if opened <= 0.5 * long_lines and _breaks(texts, blanks) <= max(1, 0.05 * total):
        return Layout.TYPED
    if indented >= 3 and 0.05 * total <= indented <= 0.95 * total:
        return Layout.PDF
    return Layout.WRAPPED


def _breaks(texts: list[str], blanks: list[bool]) -> int:
    """How many lines go on, with no blank line between, from a line left open."""
    breaks = 0
    previous_open = False
    for text, blank in zip(texts, blanks, strict=True):
        if previous_open and not blank and _is_continuation(text):
            breaks += 1
        last = text[-1]
        previous_open = last.isalnum() or last == "-"
    return breaks


_NUMBER_LABEL = re.compile(r"\d{1,3}\s?[.,]\s")


def _is_continuation(text: str) -> bool:
    """Whether a line reads as the middle of a sentence: it starts in lower case, or with a
    number that does not number a paragraph ("1972, 319 (1972) of ...")."""
    first = text[0]
    if first.islower():
        return True
    return first.isdigit() and _NUMBER_LABEL.match(text) is None


_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)


# Runs of wide characters: counted by their lengths, a line of Chinese makes a few strings,
# not one for each character (issue 3).
_WIDE_RUNS = re.compile(_WIDE.pattern + "+")


# Whether a line may hold a wide character: one from U+1100 on, except the narrow ones below
# U+2E80 (the quotes and dashes of English text, "’", "“", "–"). Two ranges, told apart at
# three times the speed of _WIDE's eleven; only the lines with one are searched for runs.
_MAY_BE_WIDE = re.compile("[\u1100-\u115f\u2e80-\uffe6]").search


WIDE = _WIDE  # for paragraphs, which looks for wide characters at line breaks


def display_width(text: str) -> int:
    """The width of ``text`` on a page, counting wide (CJK) characters twice."""
    if text.isascii():
        return len(text)
    return len(text) + sum(map(len, _WIDE_RUNS.findall(text)))


def is_wide(char: str) -> bool:
    """Whether ``char`` is a wide (CJK) character, written without spaces between words."""
    return not char.isascii() and _WIDE.match(char) is not None


def normalise_spaces(text: str) -> str:
    """``" ".join(text.split())``: every run of white space one space, none at either end;
    skipped, at C speed, for text that is already clean (no double space, no other space
    character: those are not printable)."""
    if "  " not in text and _is_printable(text):
        return text.strip(" ")
    return " ".join(text.split())


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


def _is_printable(text: str) -> bool:
    """``text.isprintable()``; for ASCII text, twice as fast: the printable bytes are deleted
    at C speed and nothing may be left (issue 3)."""
    if text.isascii():
        return not text.encode("ascii").translate(None, _PRINTABLE_ASCII)
    return text.isprintable()


def join_lines(parts: Iterable[str], layout: Layout, clean: CleanText | None = None) -> str:
    """Join the lines of one paragraph into one line, with single spaces.

    A line ending in "-" is joined without a space. In PDF-extracted text (the UN does not
    hyphenate) and for compounds ("non-" + "State", "self-" + "sufficiency") the hyphen stays;
    in OCR'd text a word broken across lines ("Coun-" + "cil") is mended when the word is not
    a compound. Wide (CJK) characters are joined without a space.

    Args:
        parts: the lines, already stripped.
        layout: the text's layout; decides what a line-end hyphen means.
        clean: the whole text, whose words tell a broken word from a compound.

    Returns:
        The paragraph's text, whitespace normalised to single spaces.
    """
    if not isinstance(parts, list) or "" in parts:
        parts = [part for part in parts if part]
        if not parts:
            return ""
    if len(parts) == 1:
        return normalise_spaces(parts[0])
    joined = " ".join(parts)
    # The common case: no hyphen at a line end and no CJK at a line break.
    if joined.isascii():
        plain = not any(map(str.endswith, parts, repeat("-")))
    else:
        before = islice(parts, len(parts) - 1)  # the lines before a line break
        plain = not any(map(str.endswith, before, repeat("-")))
        if plain:
            edges = "".join(map(itemgetter(-1), islice(parts, len(parts) - 1)))
            edges += "".join(map(itemgetter(0), islice(parts, 1, None)))
            plain = edges.isascii() or _WIDE.search(edges) is None
    if plain:
        return normalise_spaces(joined)
    # Pieces joined once at the end, and only the line before looked at: linear however long
    # the paragraph.
    pieces: list[str] = []
    previous = ""
    for part in parts:
        part = normalise_spaces(part)
        if not part:
            continue
        if not pieces:
            pieces.append(part)
        elif (
            previous.endswith("-")
            and len(previous) > 1
            and previous[-2].isalpha()
            and part[0].isalnum()
        ):
            if layout is not _PDF_LAYOUT and _is_broken_word(previous, part, clean):
                pieces[-1] = pieces[-1][:-1]
            pieces.append(part)
        elif is_wide(previous[-1]) or is_wide(part[0]):
            pieces.append(part)
        else:
            pieces.append(" ")
            pieces.append(part)
        previous = part
    return "".join(pieces)


def _is_broken_word(before: str, after: str, clean: CleanText | None) -> bool:
    """Whether "before-" + "after" is one word broken at a line end rather than a compound."""
    head = _last_word(before[:-1])
    tail_match = _WORD.match(after)
    if not head or tail_match is None:
        return False
    tail = tail_match.group()
    if tail[0].isupper():  # "Secretary-" + "General", "non-" + "State"
        return False
    if clean is not None:
        if (head + tail).lower() in clean.words:
            return True
        if f"{head}-{tail}".lower() in clean.compounds:
            return False
    return head.lower() not in _COMPOUND_PREFIXES and tail.lower() not in _COMPOUND_SECONDS


def _last_word(text: str) -> str:
    match = re.search(r"[^\W\d_]+$", text)
    return match.group() if match else ""
