"""Regenerate the country and membership data shipped in ``src/council/data/``.

Sources (both in ``../shared/data``):

* ``names/country-codes.csv``: the datasets/country-codes collection (PDDL), whose UNTERM
  columns give every Member State's short and formal names in the six official languages.
* ``votes/unsc_votes_2000_2026_unxml.csv``: member votes taken from the UN's UNxml metadata
  (UN DGACM, UNxml/SCresolutions); the members who voted in a year are that year's Council.

Run ``python scripts/build_data.py`` (or ``make data``) after the shared data changes;
``python scripts/build_data.py --check`` fails when the shipped files are stale.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "council" / "data"
LANGS = {"ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French", "ru": "Russian",
         "es": "Spanish"}
PERMANENT = ["CHN", "FRA", "RUS", "GBR", "USA"]

# Official documents win over UNTERM where they differ (shared/data/names/README.md):
# S/2020/613 writes the Dominican Republic as 多米尼加共和国.
OVERRIDES = {("DOM", "zh"): "多米尼加共和国"}

# Two Member States have no UNTERM columns in the CSV; their short names come from the same
# file's official_name_* and CLDR columns, with the UN's article forms added.
SUPPLEMENT = {
    "CIV": {"ar": "كوت ديفوار", "zh": "科特迪瓦", "en": "Côte d'Ivoire", "fr": "Côte d'Ivoire (la)",
            "ru": "Кот-д'Ивуар", "es": "Côte d'Ivoire"},
    "TUR": {"ar": "تركيا", "zh": "土耳其", "en": "Türkiye", "fr": "Türkiye (la)", "ru": "Турция",
            "es": "Türkiye"},
}

# Spellings in the vote metadata that are not UNTERM short names (typos and older names).
VOTE_NAME_ALIASES = {
    "UNITED KINGDOM": "GBR", "UNITED STATES": "USA", "CHILES": "CHL", "TURKEY": "TUR",
    "LIBYAN ARAB JAMAHIRIYA": "LBY", "CÔTE.": "CIV", "D'IVOIRE": "CIV", "COTE D'IVOIRE": "CIV",
    "CÔTE D’IVOIRE": "CIV", "TÜRKİYE": "TUR", "NETHERLANDS (KINGDOM OF THE)": "NLD",
}


def fold(text: str) -> str:
    """Case- and accent-insensitive key."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()


def build_countries() -> list[dict[str, object]]:
    rows = csv.DictReader((SHARED / "names" / "country-codes.csv").open(encoding="utf-8"))
    countries = []
    for row in rows:
        code = row["ISO3166-1-Alpha-3"].strip()
        if not row["UNTERM English Short"].strip() and code not in SUPPLEMENT:
            continue
        short = {}
        formal = {}
        # UNTERM marks non-members with a trailing "*" (observer States: the Holy See, the
        # State of Palestine) or "**" (the Cook Islands, Niue); the mark is not in the name.
        member_state = not row["UNTERM English Short"].strip().endswith("*")
        for lang, column in LANGS.items():
            if code in SUPPLEMENT:
                short[lang] = SUPPLEMENT[code][lang]
                formal[lang] = short[lang]
                continue
            short[lang] = OVERRIDES.get(
                (code, lang), row[f"UNTERM {column} Short"].strip().rstrip("* "))
            formal[lang] = row[f"UNTERM {column} Formal"].strip().rstrip("* ")
        countries.append({"code": code, "m49": row["M49"].strip(), "short": short,
                          "formal": formal, "member_state": member_state})
    countries.sort(key=lambda c: c["code"])  # type: ignore[arg-type,return-value]
    return countries


def build_memberships(countries: list[dict[str, object]]) -> dict[str, list[str]]:
    index: dict[str, str] = {}
    for country in countries:
        short = country["short"]
        assert isinstance(short, dict)
        english = short["en"]
        index[fold(english)] = str(country["code"])
        if english.endswith(")"):
            index[fold(english[: english.rindex("(")])] = str(country["code"])
    for alias, code in VOTE_NAME_ALIASES.items():
        index[fold(alias)] = code
    years: dict[int, set[str]] = defaultdict(set)
    path = SHARED / "votes" / "unsc_votes_2000_2026_unxml.csv"
    for row in csv.DictReader(path.open(encoding="utf-8")):
        key = fold(row["member"])
        if key not in index:
            raise SystemExit(f"vote metadata names an unknown member: {row['member']!r}")
        years[int(row["year"])].add(index[key])
    out: dict[str, list[str]] = {}
    for year in sorted(years):
        elected = sorted(years[year] - set(PERMANENT))
        if len(elected) != 10:
            raise SystemExit(f"{year}: expected 10 elected members, found {elected}")
        out[str(year)] = elected
    return out


def render() -> dict[str, str]:
    countries = build_countries()
    memberships = {
        "source": "UNxml/SCresolutions vote metadata (UN DGACM), via "
                  "shared/data/votes/unsc_votes_2000_2026_unxml.csv",
        "permanent": PERMANENT,
        "elected": build_memberships(countries),
    }
    names = {
        "source": "UNTERM short and formal names via datasets/country-codes (PDDL); "
                  "S/2020/613 wins where it differs",
        "countries": countries,
    }
    return {
        "countries.json": json.dumps(names, ensure_ascii=False, indent=1) + "\n",
        "memberships.json": json.dumps(memberships, ensure_ascii=False, indent=1) + "\n",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the shipped files differ")
    args = parser.parse_args()
    stale = []
    for name, text in render().items():
        path = OUT / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print(f"stale: {', '.join(stale)}; run python scripts/build_data.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
