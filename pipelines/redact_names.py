"""Names in running text, beyond greetings and signatures: first names from a gazetteer, names after relation
words ("mijn man Pieter", "uw collega Mohammed"), answers to "mag ik uw naam?", names that also make up an
e-mail address in the same text, and every other mention of a name found once.

The first-name lists are Faker's (nl_NL, nl_BE, fr_BE, fr_FR, en_GB, pl_PL, tr_TR) plus names common in the
Netherlands and Flanders that those lists lack. A first name that is also a Dutch word or a shop ("Roos",
"Dirk", "Albert Heijn") only counts with stronger evidence than capitalisation.
"""

from __future__ import annotations

import re
from functools import lru_cache


def _split(words: str) -> frozenset[str]:
    return frozenset(words.split())


LOCALES = ("nl_NL", "nl_BE", "fr_BE", "fr_FR", "en_GB", "pl_PL", "tr_TR")
EXTRA_FIRST_NAMES = _split(
    # Moroccan, Turkish, Surinamese, Antillean, Frisian, Flemish names common here and missing from the lists
    "Mohammed Mohamed Muhammed Ahmed Ahmet Youssef Yusuf Yassine Samira Khadija Fatima Fatma Said Saïd Karim "
    "Rachid Nadia Hassan Hamza Ibrahim Ayoub Bilal Imane Soufiane Zakaria Mustafa Omar Ali Aisha Aicha Amina "
    "Yasmina Yasmine Salma Layla Nour Rania Mehmet Emre Elif Zeynep Büşra Ravi Anil Sunita Priya Shanti Rakesh "
    "Dewi Sharda Roshni Jurgen Shirley Romy Fenna Sjoerd Wietse Jelle Hylke Tjitske Griet Lieselot Jef Jens Lotte "
    "Wout Stijn Sien Fien Lore Jolien Nele Ine Ilse Els Wim Luc Marc Koen Bart Dries Pieter Joris Hannelore Lies "
    "Liesbeth Ruben Sanne Femke Floor Fleur Noa Tess Lieke Maud Bram Sem Finn Daan Thijs Luuk Jesse Milan Lucas"
)
# first names that are also everyday words, shops or brands: never on capitalisation alone
AMBIGUOUS = _split(
    "ben bas mark roos dag hoop storm zon maan rust lief will joy hope may june dirk albert emma otto douglas zara "
    "hugo tommy levi mercedes vera bruna gamma iris lotus amber jade ruby crystal sky rose rosa paz luz cruz "
    "april august kim mees noor jan bob do mo pim kees loes fien sien els bram tijn ties tom art frans bali petra "
    "florence bergen mare linde leen roma paris sydney victoria chelsea georgia india jordan lourdes lucia nice "
    "content merci chapeau gent brugge mechelen"
)
BRANDS = re.compile(r"Albert Heijn|Jan Linders|Ben & Jerry|Simon Lévelt|Hugo Boss|Tommy Hilfiger|Max Mara")


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    import importlib

    names: set[str] = set(EXTRA_FIRST_NAMES)
    for loc in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female"):
            names.update(getattr(provider, attr, ()) or ())
    # single capitalised words only ("Hans-Wilhelm" keeps its parts); 3+ letters, Latin script
    out = {n for n in names if re.fullmatch(r"[A-ZÀ-Þ][a-zß-ÿ]{2,}", n)}
    return frozenset(n.lower() for n in out) - AMBIGUOUS


_CAP = re.compile(r"(?<![\w@.])[A-ZÀ-Þ][a-zß-ÿ]{2,}")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\"“(]|^\W*)\W*$")
RELATION = re.compile(
    r"\b(?:mijn|onze|uw|je|jouw|ons|m'n|de)\s+(?:(?:ex-)?(?:man|vrouw|echtgeno(?:ot|te)|partner|vriend(?:in)?|"
    r"zoon|dochter|vader|moeder|pa|ma|broer|zus|zuster|buurman|buurvrouw|collega|schoon(?:zoon|dochter|vader|moeder)|"
    r"opa|oma|oom|tante|neef|nicht|klein(?:zoon|dochter)|huisgeno(?:ot|te)|kind|baby|stiefvader|stiefmoeder)|"
    r"medewerk(?:er|ster)|contactpersoon|adviseur|monteur|bezorger|chauffeur)\s*,?\s+"
    r"|\b(?:gesproken met|gebeld met|sprak met|spraken met|contact met|geholpen door|bediend door|namens)\s+"
)  # run on the lowered text
# the turn after a question for the name: "Mag ik uw naam?\nKlant: Ja, Griet Van den Broeck"
NAME_ANSWER = re.compile(
    r"naam[^\n?]*\?[ \t]*\n[ \t]*(?:[\w ]{1,20}:[ \t]*)?(?:(?:ja|jawel|ok|oké|goed|dat is|het is|zeker)[,.!]?[ \t]+)*"
    r"(?:met[ \t]+)?",
    re.IGNORECASE,
)


def _sentence_initial(text: str, start: int) -> bool:
    return bool(_SENTENCE_START.search(text, max(0, start - 4), start))


def gazetteer_names(text: str, name_at: re.Pattern[str]) -> list[tuple[int, int]]:
    """First names from the lists, capitalised, in running text; at a sentence start only when a surname follows
    ("Pieter de Vries belde"). ``name_at`` matches a whole name (first name, tussenvoegsels, surnames)."""
    names = first_names()
    out = []
    for m in _CAP.finditer(text):
        if m.group(0).lower() not in names or BRANDS.match(text, m.start()):
            continue
        full = name_at.match(text, m.start())
        end = full.end() if full and not _companyish(text[m.end() : full.end()]) else m.end()
        if _sentence_initial(text, m.start()) and " " not in text[m.start() : end].strip():
            continue
        out.append((m.start(), end))
    return out


_COMPANY_WORD = re.compile(r"[a-z][A-Z]|(?i:bank|desk|direct|vakanties|reizen|service|shop|verzekering|energie|"
                           r"telecom|groep|zorg|kliniek|hotel|air|lines)\b")


def _companyish(rest: str) -> bool:
    """"Linda van Spaarbank Lindeboom", "Tom van BagageDesk": what follows a first name is a company."""
    return bool(_COMPANY_WORD.search(rest))


def relation_names(text: str, low: str, name_at: re.Pattern[str]) -> list[tuple[int, int]]:
    """A capitalised name right after a relation or contact word ("mijn man Pieter", "gesproken met Ilse")."""
    out = []
    for m in RELATION.finditer(low):
        n = name_at.match(text, m.end())
        if n and not BRANDS.match(text, n.start()):
            out.append((n.start(), n.end()))
    return out


def answered_names(text: str, low: str, name_at: re.Pattern[str]) -> list[tuple[int, int]]:
    out = []
    if "naam" in low and "?" in text:
        for m in NAME_ANSWER.finditer(text):
            n = name_at.match(text, m.end())
            if n:
                out.append((n.start(), n.end()))
    return out


_LOCAL_PART = re.compile(r"([\w.+-]+)@")


def email_names(text: str) -> list[tuple[int, int]]:
    """Capitalised words that also make up an e-mail address's local part ("hendrik.deprez@..." and "Hendrik en
    Annick Deprez")."""
    parts = {p for m in _LOCAL_PART.finditer(text) for p in re.split(r"[._+-]", m.group(1).lower()) if len(p) >= 3}
    if not parts:
        return []
    return [(m.start(), m.end()) for m in _CAP.finditer(text) if m.group(0).lower() in parts]


def repeated_names(text: str, found: list[tuple[int, int]], name_at: re.Pattern[str]) -> list[tuple[int, int]]:
    """Every other capitalised mention of a word of a name found once ("F. Hendriks" signs, "L. Hendriks-Schouten"
    is mentioned), with the initials or first names written before it."""
    words = {w for s, e in found for w in re.findall(r"[A-ZÀ-Þ][a-zß-ÿ]{3,}", text[s:e])}
    if not words:
        return []
    out = []
    for m in _CAP.finditer(text):
        w = m.group(0)
        if w not in words and w.split("-")[0] not in words:
            continue
        start = m.start()
        before = _INITIALS_BEFORE.search(text, max(0, start - 12), start)
        if before:
            start = before.start()
        n = name_at.match(text, start)
        out.append((start, max(n.end() if n else m.end(), m.end())))
    return out


_INITIALS_BEFORE = re.compile(r"(?:[A-Z]\.){1,3}[ \t]?(?:(?:van|de|der|den|ter|ten)[ \t]+)*$")
