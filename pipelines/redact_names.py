"""Names in running text, beyond greetings and signatures: first names from a gazetteer, names after relation
words ("mijn man Pieter", "uw collega Mohammed"), answers to "mag ik uw naam?", names that also make up an
e-mail address in the same text, and every other mention of a name found once.

The first-name lists are Faker's (nl_NL, nl_BE, fr_BE, fr_FR, en_GB, pl_PL, tr_TR) plus names common in the
Netherlands and Flanders that those lists lack. A first name that is also a Dutch word or a shop ("Roos",
"Dirk", "Albert Heijn") only counts with stronger evidence than capitalisation.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path


def _split(words: str) -> frozenset[str]:
    return frozenset(words.split())


def occurrences(text: str, word: str) -> Iterator[int]:
    """Every position where ``word`` starts in ``text``."""
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


class CueWords:
    """Where in a lowered text the cue words of the name rules start a word, found in one scan.

    Each rule looks for a few dozen words, where its pattern can start (after \\b: at a word start) and in its
    gate. re finds a group of literal words by a match attempt wherever the first character of one of them
    stands, so a scan for ten words costs about as much as one for a hundred: all words in one scan, then each
    rule tries its pattern only where one of its own words starts (matches_at). The words are tried only after a
    character that is no ASCII letter, digit or "_" (re skips through such a set faster than through \\W, and
    much faster than it tries the words at every letter): at every word start, and at a few other places (after
    "é", say). So a word found occurs in the text, but one inside another word is not found: a gate that asks
    whether a word occurs anywhere also looks with `in`."""

    def __init__(self, uses: dict[str, str], followed: dict[str, tuple[str, str]]) -> None:
        """``uses``: for each gate or pattern (a name of one's choice), its |-separated literal words;
        ``followed``: for a pattern, words that count only where a regex follows them ("de" before "vriend")."""
        words = {u: use_words.split("|") for u, use_words in uses.items()}
        union = sorted({w for ws in words.values() for w in ws}, key=len, reverse=True)
        groups: dict[str, list[str]] = {}
        self._followed: dict[str, str] = {}
        for use, (use_words, then) in followed.items():  # as named groups, first in their group: see find()
            for w in use_words.split("|"):
                name = f"w{len(self._followed)}"
                self._followed[name] = use
                groups.setdefault(w[0], []).append(f"(?P<{name}>{re.escape(w[1:])}{then})")
        for w in union:  # grouped by first character, longest first: a match is the longest word at its position
            groups.setdefault(w[0], []).append(re.escape(w[1:]))
        alternatives = "|".join(f"{re.escape(c)}(?:{'|'.join(rest)})" for c, rest in groups.items())
        self._scan = re.compile(f"[^a-z0-9_](?:{alternatives})")  # run on " " + the text: a word start at 0 too
        self._literal = re.compile("|".join(re.escape(w) for w in union))
        # the uses of a word found: those of the words it starts with (all the words that occur there)
        self._uses = {w: tuple(u for u, ws in words.items() if w.startswith(tuple(ws))) for w in union}

    def find(self, low: str) -> dict[str, list[int]]:
        """For each use with a word at a word start in ``low``: the positions where its words start there, in
        order."""
        found: dict[str, list[int]] = {}
        padded = " " + low
        pos = 0
        while m := self._scan.search(padded, pos):
            at = m.start()  # (where the word starts in ``low``: one character on in ``padded``)
            if m.lastgroup:  # a followed word, tried first: the longest literal word there may start there too
                literal = self._literal.match(low, at)
                uses = (self._followed[m.lastgroup], *(self._uses[literal.group()] if literal else ()))
            else:
                uses = self._uses[m.group()[1:]]
            for use in uses:
                if use in found:
                    found[use].append(at)
                else:
                    found[use] = [at]
            pos = at + 1
        return found


def matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int], at_start: bool = False
               ) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, tried only at ``starts`` (ascending; and at 0 with ``at_start``,
    for a pattern that may match at ``^``): ``starts`` must hold every position where ``pattern`` can start a
    match, and ``pattern`` must never match the empty string."""
    end = 0
    if at_start and (m := pattern.match(text)):
        yield m
        end = m.end()
    for at in starts:
        if at >= end and (m := pattern.match(text, at)):
            yield m
            end = m.end()


_LINE_BREAK = re.compile(r"\n")


def all_starts(pattern: re.Pattern[str], text: str, pos: int = 0) -> list[int]:
    """Every position from ``pos`` on where ``pattern`` matches, overlapping matches too."""
    out = []
    while m := pattern.search(text, pos):
        out.append(m.start())
        pos = m.start() + 1
    return out


def scan(pattern: re.Pattern[str], starts: re.Pattern[str], text: str, pos: int = 0, at_start: bool = False
         ) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text, pos)``, tried only where ``starts`` matches (and at 0 as well with
    ``at_start``, for a pattern that may match at ``^``).

    re tries a pattern that opens with \\b or a lookbehind at every position of the text, one match attempt after
    the other; for one that opens with a literal character (or a group of alternatives that all do) it skips to
    the positions where such a character stands. So ``starts`` must match wherever ``pattern`` can start a match
    (``pattern`` without its opening lookbehind, say), and ``pattern`` must never match the empty string."""
    if at_start and pos == 0 and (m := pattern.match(text)):
        yield m
        pos = m.end()
    while c := starts.search(text, pos):
        m = pattern.match(text, c.start())
        if m:
            yield m
            pos = m.end()
        else:
            pos = c.start() + 1


LOCALES = ("nl_NL", "nl_BE", "fr_BE", "fr_FR", "en_GB", "en_US", "de_DE", "pl_PL", "tr_TR", "es_ES", "it_IT", "da_DK")
EXTRA_FIRST_NAMES = _split(
    # Moroccan, Turkish, Surinamese, Antillean, Frisian, Flemish names common here and missing from the lists
    "Mohammed Mohamed Muhammed Ahmed Ahmet Youssef Yusuf Yassine Samira Khadija Fatima Fatma Said Saïd Karim "
    "Rachid Nadia Hassan Hamza Ibrahim Ayoub Bilal Imane Soufiane Zakaria Mustafa Omar Ali Aisha Aicha Amina "
    "Yasmina Yasmine Salma Layla Nour Rania Mehmet Emre Elif Zeynep Büşra Ravi Anil Sunita Priya Shanti Rakesh "
    "Dewi Sharda Roshni Jurgen Shirley Romy Fenna Sjoerd Wietse Jelle Hylke Tjitske Griet Lieselot Jef Jens Lotte "
    "Wout Stijn Sien Fien Lore Jolien Nele Ine Ilse Els Wim Luc Marc Koen Bart Dries Pieter Joris Hannelore Lies "
    "Liesbeth Ruben Sanne Femke Floor Fleur Noa Tess Lieke Maud Bram Sem Finn Daan Thijs Luuk Jesse Milan Lucas "
    # common Dutch and Frisian names the locale lists lack
    "Rutger Wilco Freek Greetje Froukje Truus Willemijn Wietske Esra Shanice Dunya Joost Jeroen Sjaak Henk Kees Gerrit "
    "Geert Gert Arjen Arjan Wouter Maarten Sander Joep Teun Stef Gijs Bart Niels Rik Rick Jorrit Hidde Wessel Tijmen "
    "Mirjam Marieke Margriet Ineke Annemieke Anneke Janneke Hanneke Marloes Mariska Wendy Bianca Chantal Esther "
    "Ingrid Trijntje Aaltje Geertje Hennie Riet Toos Bep Nel Mien Sjaan Sietske Jitske Baukje Sytske Auke Douwe "
    "Sietse Tjeerd Wiebe Jelmer Durk Femmie Jolanda Yvonne Kirsten Lisanne Nienke Ilona Marjolein Annelies "
    "Kristel Katrien Veerle Sofie Griet Leen Lien Hanne Jana Kato Nore Jef Staf Rik Warre Seppe Lowie Mathis "
    "Robbe Arne Siebe Wannes Jonas Thibault Chandrika Roshni Anand Sunil Kiran Glenda Priscilla Marciano Romano "
    "Hodan Ilias Dounia Soumaya Khalid Redouan Mounir Anouar Ayman Hatice Emine Serkan Burak Tomasz Piotr Kasia "
    "Agnieszka Magda Ewa Joanna Pawel Ruud Ans Tijn Jarne Jordy Quincy Oussama Hatim Margreet Sjoukje Aaltsje "
    "Gosia Kavita Winston Kofi Jarno Jorn Dirkje Gerda Hilde Jos Josephine Mariette Marjan Wilma Wilhelmina Cornelis "
    "Johannes Hendrikus Adrianus Petrus Theo Ton Toon Fons Sjef Harrie Henkie Gijsbert Berend Adriaan Klaas Jaap "
    "Sjoerd Rinse Ysbrand Tamara Demi Kimberley Naomi Shirley Kiki Bibi Dewi Cheyenne Rowena Xavier Dario Ilias"
)
# first names that are also everyday words, shops or brands: never on capitalisation alone
AMBIGUOUS = _split(
    "ben bas mark roos dag hoop storm zon maan rust lief will joy hope may june dirk albert emma otto douglas zara "
    "hugo tommy levi mercedes vera bruna gamma iris lotus amber jade ruby crystal sky rose rosa paz luz cruz "
    "april august kim mees noor jan bob do mo pim kees loes fien sien els bram tijn ties tom art frans bali petra "
    "florence bergen mare linde leen roma paris sydney victoria chelsea georgia india jordan lourdes lucia nice "
    "content merci chapeau gent brugge mechelen austin lincoln madison dallas houston denver phoenix georgia "
    "carolina virginia india china romeo alfa fiat tesla nissan toyota apple amazon paypal ideal bol lidl aldi "
    "delta kerst pasen juni juli maart mei per octavia coral erna"
)
BRANDS = re.compile(r"Albert Heijn|Jan Linders|Ben & Jerry|Simon Lévelt|Hugo Boss|Tommy Hilfiger|Max Mara")


_FIRST_NAMES: list[frozenset[str]] = []  # the gazetteer, once loaded
_NAMES_LOADING = threading.Lock()


def first_names(cache_dir: Path | None = None) -> frozenset[str]:
    """The lower-cased first names, loaded on first use. Building them imports Faker's locales (0.15 s); with
    ``cache_dir`` they are kept there as a plain word list, keyed by Faker's version and these lists."""
    if _FIRST_NAMES:  # (called several times for each text)
        return _FIRST_NAMES[0]
    with _NAMES_LOADING:
        if not _FIRST_NAMES:
            _FIRST_NAMES.append(_cached_first_names(cache_dir) if cache_dir is not None else _build_first_names())
    return _FIRST_NAMES[0]


def _cached_first_names(cache_dir: Path) -> frozenset[str]:
    from importlib.metadata import version

    basis = "|".join([version("faker"), *LOCALES, *sorted(EXTRA_FIRST_NAMES), *sorted(AMBIGUOUS)])
    path = cache_dir / f"first-names-{hashlib.sha256(basis.encode()).hexdigest()[:16]}.txt"
    try:
        count, *words = path.read_text(encoding="utf-8").split()
        if count == str(len(words)):  # the whole list, as written (a damaged one is built again)
            return frozenset(words)
    except (OSError, ValueError):  # not there yet, unreadable or empty
        pass
    names = _build_first_names()
    try:  # kept for the next run, written whole or not at all
        cache_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=cache_dir, delete=False) as fh:
            fh.write("\n".join([str(len(names)), *sorted(names)]))
        os.replace(fh.name, path)
    except OSError:  # a read-only cache directory: built again next time
        pass
    return names


def _build_first_names() -> frozenset[str]:
    import importlib

    names: set[str] = set(EXTRA_FIRST_NAMES)
    for loc in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female"):
            names.update(getattr(provider, attr, ()) or ())
    # single capitalised words only ("Hans-Wilhelm" keeps its parts); 3+ letters, Latin script
    out = {n for n in names if re.fullmatch(r"[A-ZÀ-Þ][a-zß-ÿ]{2,}", n)}
    return frozenset(n.lower() for n in out) - AMBIGUOUS


# a capitalised word not glued to a word, "@" or "."; the lookbehind stands after the capital (it then spans the
# character before it and the capital itself: the same test) so that re finds candidates by the capital
_CAP = re.compile(r"[A-ZÀ-Þ](?<![\w@.].)[a-zß-ÿ]{2,}")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\"“]|^\W*)\W*$")
RELATED_TO = (
    r"\s+(?:(?:ex-)?(?:man|vrouw|echtgeno(?:ot|te)|partner|vriend(?:in)?|"
    r"zoon|dochter|vader|moeder|pa|ma|broer|zus|zuster|buurman|buurvrouw|collega|schoon(?:zoon|dochter|vader|moeder)|"
    r"opa|oma|oom|tante|neef|nicht|klein(?:zoon|dochter|kind)|huisgeno(?:ot|te)|kind|baby|stiefvader|stiefmoeder|"
    r"groot(?:vader|moeder)|bewindvoerder|mentor|verzorger|verzorgster)|"
    r"medewerk(?:er|ster)|contactpersoon|adviseur|monteur|bezorger|chauffeur)\s*,?\s+"
)
RELATION_POSSESSIVES = "mijn|onze|uw|je|jouw|ons|m'n|de"
RELATION = re.compile(
    rf"\b(?:{RELATION_POSSESSIVES})" + RELATED_TO
    + r"|\b(?:gesproken met|gebeld met|sprak met|spraken met|contact met|geholpen door|bediend door|namens|"
    r"(?:hij|ze|zij|die) heet|heette|dank je|dank u|bedankt|merci|shoutout naar|antwoord van)\s+"
)  # run on the lowered text
RELATION_WORDS = (  # what its matches begin with (for CueWords): these, or a possessive followed by RELATED_TO
    "gesproken met|gebeld met|sprak met|spraken met|contact met|geholpen door|bediend door|namens|hij heet|ze heet|"
    "zij heet|die heet|heette|dank je|dank u|bedankt|merci|shoutout naar|antwoord van"
)
# the turn after a question for the name: "Mag ik uw naam?\nKlant: Ja, Griet Van den Broeck"
NAME_ANSWER = re.compile(
    r"naam[^\n?]*\?[ \t]*\n[ \t]*(?:[\w ]{1,20}:[ \t]*)?(?:(?:ja|jawel|ok|oké|goed|dat is|het is|zeker)[,.!]?[ \t]+)*"
    r"(?:met[ \t]+)?",
    re.IGNORECASE,
)


def _sentence_initial(text: str, start: int) -> bool:
    return bool(_SENTENCE_START.search(text, max(0, start - 4), start))


_ROLE_AFTER = re.compile(r"\s+(?:van\s+(?:de|het)\s+[a-z]|en\s+[A-Z]|\(|,\s+(?:de|die|onze|jullie)\b)")


def capitalised(text: str) -> list[re.Match[str]]:
    """The capitalised words that gazetteer_names, email_names and repeated_names look at (one scan for all)."""
    return list(_CAP.finditer(text))


def gazetteer_names(text: str, name_at: re.Pattern[str], caps: list[re.Match[str]]) -> list[tuple[int, int]]:
    """First names from the lists, capitalised, in running text; at a sentence start only when a surname follows
    ("Pieter de Vries belde"). ``name_at`` matches a whole name (first name, tussenvoegsels, surnames)."""
    names = first_names()
    out = []
    for m in caps:
        if m.group(0).lower() not in names or BRANDS.match(text, m.start()):
            continue
        full = name_at.match(text, m.start())
        end = full.end() if full and not _companyish(text[m.end() : full.end()]) else m.end()
        # at a sentence start a capitalised word proves nothing: there a first name needs a surname, a role
        # ("Koen van de chat") or a companion ("Daphne en Rutger") after it
        if _sentence_initial(text, m.start()) and " " not in text[m.start() : end].strip() \
                and not _ROLE_AFTER.match(text, end):
            continue
        out.append((m.start(), end))
    return out


_COMPANY_WORD = re.compile(r"[a-z][A-Z]|(?i:bank|desk|direct|vakanties|reizen|service|shop|verzekering|energie|"
                           r"telecom|groep|zorg|kliniek|hotel|air|lines)\b")


def _companyish(rest: str) -> bool:
    """"Linda van Spaarbank Lindeboom", "Tom van BagageDesk": what follows a first name is a company."""
    return bool(_COMPANY_WORD.search(rest))


def relation_names(text: str, low: str, name_at: re.Pattern[str], starts: list[int]) -> list[tuple[int, int]]:
    """A name right after a relation or contact word: capitalised ("mijn man Pieter", "gesproken met Ilse"), or
    in lower case a first name from the lists ("mijn vrouw truus", "ze heet priscilla"). ``starts``: where the
    RELATION_WORDS occur."""
    out = []
    for m in matches_at(RELATION, low, starts):
        n = name_at.match(text, m.end())
        if n and not BRANDS.match(text, n.start()):
            out.append((n.start(), n.end()))
        if not text[m.end() : m.end() + 1].isupper():
            got = _lc_name(low, m.end(), first_required=True, max_words=3)
            if got:
                out.append(got)
    return out


# form fields: "Voornaam: Thomas", "Kaarthouder: Nicolaas Brandsma", "naam: mila van der zande"
FIELD_NAME = re.compile(
    r"(?im)^[ \t]*(?:(?:volledige |uw |naam |)naam(?: [\w ()]{0,30})?|voornaam|achternaam|roepnaam|voorletters|"
    r"tenaamstelling|kaarthouder|rekeninghouder|geadresseerde|ontvanger|afzender|contactpersoon|aanvrager|"
    r"naam consument|naam klant|klantnaam|name|full name)[ \t]*:[ \t]*([^\n:@\d]{2,60}?)[ \t]*$"
)
# "Maarten hier", "Winston Zeefuik hier uit Paramaribo": a name introducing itself at the start of a sentence
HERE = re.compile(r"(?:^|[.!?\n]\s*|,\s*)([A-ZÀ-Þ][\w'’-]+(?:[ \t]+[A-ZÀ-Þ][\w'’-]+){0,2})[ \t]+(?:hier|tutaj|here)\b")
# a name in brackets after a word: "(Jo Hettema)", "(C.M. de Wolff-Hanse)", "W.H. (Wim) Schuurman"
BRACKETED = re.compile(r"\(((?:[A-Z]\.){0,3}[ \t]?(?:[A-ZÀ-Þ][a-zß-ÿ'’-]+|(?:van|de|der|den|ter|ten|'t)[ \t])"
                       r"(?:[ \t]*(?:[A-ZÀ-Þ][a-zß-ÿ'’-]+|van|de|der|den|ter|ten|'t))*)\)")


def field_names(text: str, name_at: re.Pattern[str]) -> list[tuple[int, int]]:
    out = []
    if ":" in text:  # FIELD_NAME starts a line: tried at the line starts only
        lines = [i + 1 for i in all_starts(_LINE_BREAK, text)]
        out += [(m.start(1), m.end(1)) for m in matches_at(FIELD_NAME, text, lines, at_start=True)]
    if "hier" in text or "here" in text or "tutaj" in text:  # HERE ends in one of these words
        for m in HERE.finditer(text):
            if m.group(1).split()[0].lower() in first_names():
                out.append((m.start(1), m.end(1)))
    if "(" in text:
        for m in BRACKETED.finditer(text):
            words = m.group(1).split()
            if words[0].lower() in first_names() or (words[0].endswith(".") and len(words) >= 2):
                out.append((m.start(1), m.end(1)))
    return out


def trailing_name(text: str, low: str) -> list[tuple[int, int]]:
    """A lower-case signature closing the text: "... terug? mike", "mvg j. koster", "gr ruud"."""
    rev = low[::-1]
    if not _TRAILING_REVERSED.match(rev):
        return []
    back = _RUNS_FROM_END.match(rev)  # the same match as a search of the whole text, found near its end
    m = next(scan(_TRAILING, _TRAILING_STARTS, low, len(low) - back.end() if back else 0, at_start=True), None)
    if m and (m.group(2) in first_names() or m.group(1)):
        return [(m.start(1) if m.group(1) else m.start(2), m.end())]
    return []


_TRAILING = re.compile(  # (one \b before the words: per position, re tests it once instead of once per word)
    r"(?:^|[.!?\n]|\b(?:mvg|groetjes|groeten|groet|gr))[ \t,]+([a-z]\.[ \t]?)?([a-zà-ÿ]{3,})"
    r"(?:[ \t]+[a-zà-ÿ]{3,})?[ \t]*(?:[^\w\s]{0,3})$"
)
# A _TRAILING match holds at most six runs of [a-zà-ÿ] (cue word, initial, two words, and up to two of "÷", the
# one [^\w\s] character in à-ÿ), so it starts at or after the seventh run from the end: matched on the reversed
# text (possessive, no backtracking), the search then skips all but the last few words.
_RUNS_FROM_END = re.compile(r"(?:[^a-zà-ÿ]*+[a-zà-ÿ]++){7}")
_TRAILING_STARTS = re.compile(r"\.|!|\?|\n|mvg|gr")  # (single characters as alternatives: a group of literals)
# _TRAILING read backwards (cue last, \b after it, ^ as \Z), matched at the start of the reversed text: whether
# _TRAILING matches anywhere, in one attempt
_TRAILING_REVERSED = re.compile(
    r"\n?[^\w\s]{0,3}[ \t]*(?:[a-zà-ÿ]{3,}[ \t]+)?[a-zà-ÿ]{3,}(?:[ \t]?\.[a-z])?[ \t,]+"
    r"(?:\Z|[.!?\n]|(?:gvm|sejteorg|neteorg|teorg|rg)\b)"
)


def answered_names(text: str, low: str, name_at: re.Pattern[str]) -> list[tuple[int, int]]:
    out = []
    if "naam" in low and "?" in text:
        for m in NAME_ANSWER.finditer(text):
            n = name_at.match(text, m.end())
            if n:
                out.append((n.start(), n.end()))
    return out


_LOCAL_PART = re.compile(r"([\w.+-]+)@")


def email_names(text: str, caps: list[re.Match[str]]) -> list[tuple[int, int]]:
    """Capitalised words that also make up an e-mail address's local part ("hendrik.deprez@..." and "Hendrik en
    Annick Deprez")."""
    parts = {p for m in _LOCAL_PART.finditer(text) for p in re.split(r"[._+-]", m.group(1).lower()) if len(p) >= 3}
    if not parts:
        return []
    return [(m.start(), m.end()) for m in caps if m.group(0).lower() in parts]


_NAME_WORD = re.compile(r"[A-ZÀ-Þ][a-zß-ÿ]{3,}")


def repeated_names(text: str, found: list[tuple[int, int]], name_at: re.Pattern[str], caps: list[re.Match[str]]
                   ) -> list[tuple[int, int]]:
    """Every other capitalised mention of a word of a name found once ("F. Hendriks" signs, "L. Hendriks-Schouten"
    is mentioned), with the initials or first names written before it."""
    words = {w for s, e in found for w in _NAME_WORD.findall(text, s, e)}
    if not words:
        return []
    out = []
    for m in caps:
        w = m.group(0)
        if w not in words:  # (a _CAP word holds no "-")
            continue
        start = m.start()
        before = _INITIALS_BEFORE.search(text, max(0, start - 12), start)
        if before:
            start = before.start()
        n = name_at.match(text, start)
        out.append((start, max(n.end() if n else m.end(), m.end())))
    return out


def repeated_lower(text: str, low: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Lower-case mentions of a word of a name found once ("meneer hiemstra" after "met berend hiemstra"), with a
    first name or tussenvoegsels just before."""
    words = {w for s, e in found if low[s:e] == text[s:e]  # names written in lower case only
             for w in _LC_TOKEN.findall(low[s:e]) if len(w) >= 4 and w not in STOP}
    out = []
    for w in words:
        for m in re.finditer(rf"\b{re.escape(w)}\b", low):
            start = m.start()
            before = _LC_BEFORE.search(low, max(0, start - 40), start)
            if before and (before.group(1) is None or before.group(1) in first_names()):
                start = before.start(1) if before.group(1) else before.start()
            out.append((start, m.end()))
    return out


_LC_BEFORE = re.compile(r"(?:\b([a-zà-ÿ]{3,})[ \t]+)?(?:(?:van der|van den|van de|van|de|der|den|ter|ten)[ \t]+)$")


_INITIALS_BEFORE = re.compile(r"(?:[A-Z]\.){1,3}[ \t]?(?:(?:van|de|der|den|ter|ten)[ \t]+)*$")


# ---- names written in lower case (call transcripts, chats): only right after a strong cue -------------------

STOP = _split(
    "ik je jij u uw ge gij hij zij ze wij we jullie zij het de een en of maar want dus dan als dat die dit deze "
    "wat wie waar wanneer waarom waarmee waarover waardoor hoe welk welke er hier daar nu al nog ook wel niet geen "
    "zo heel erg veel "
    "ben bent is zijn was waren heb hebt heeft hebben had wil wilt wilde kan kun kunt kon mag moet moest zal "
    "zou gaat ga bel belt belde gebeld bellen zeg zegt zei vraag vragen sta staat woon woont heet spreek spreekt "
    "met van voor naar bij op in aan uit over door tot om te tegen zonder onder mijn m'n mijne zijn haar ons onze "
    "ja nee jawel oké ok okee goed prima hoi hallo hey dag goedemorgen goedemiddag goedenavond doei dank bedankt "
    "meneer mevrouw mijnheer juffrouw klant agent medewerker medewerkster de klantenservice namens even eens "
    "toch effe gewoon graag alstublieft alsjeblieft sorry excuus geloof denk weet hoor zeg kijk ok vandaag "
    "gisteren morgen straks vorige volgende week maand jaar dochter zoon man vrouw vader moeder broer zus"
)
TUSSEN = ("van der", "van den", "van de", "van 't", "van", "de", "der", "den", "ter", "ten", "te", "'t")
_LC_TOKEN = re.compile(r"[a-zà-ÿ][a-zà-ÿ'’-]*")
# cue -> what must come next: a first name from the lists ("first"), or any non-stop word, i.e. a surname too
LC_CUES = re.compile(
    r"(?P<self>\b(?:(?:u|je) spreekt met|spreek ik met|met wie spreek ik|mijn naam is|ik ben|ik heet|dit is|"
    r"hier is|(?:^|\n|[.!?,:]\s*|(?:ja|hallo|hoi|hey|dag|goedemorgen|goedemiddag|goedenavond)[,!]?\s+)met)\s+)"
    r"|(?P<title>\b(?:meneer|mevrouw|mijnheer|mevr\.?|dhr\.?)\s+)"
    r"|(?P<greet>\b(?:hoi|hallo|hey|dag|goedemorgen|goedemiddag|goedenavond|doei|dank je|dank u|bedankt|"
    r"groetjes|liefs|groeten|groet|mvg|gr)[,!]?\s+)"
)
# the words an LC_CUES match begins with, for CueWords; or it begins at the start of the text, or with "met" at the
# line break or punctuation before it (_before_met)
LC_CUES_WORDS = (
    "u spreekt|je spreekt|spreek ik|met wie spreek ik|mijn naam is|ik ben|ik heet|dit is|hier is|ja|hallo|hoi|hey|"
    "dag|goedemorgen|goedemiddag|goedenavond|meneer|mevrouw|mevr|mijnheer|dhr|doei|dank je|dank u|bedankt|groetjes|"
    "groeten|groet|liefs|mvg|gr"
)
_LC_MET_MARKS = frozenset(".!?,:")


def _before_met(low: str, mets: list[int]) -> list[int]:
    """Where LC_CUES' "met" cue may start, other than at a cue word: a line break right before a "met", or a mark
    right before it or before the white space in front of it."""
    out = []
    for at in mets:
        if at and low[at - 1] == "\n":
            out.append(at - 1)
        mark = at - 1
        while mark >= 0 and low[mark].isspace():  # (str.isspace is \s)
            mark -= 1
        if mark >= 0 and low[mark] in _LC_MET_MARKS:
            out.append(mark)
    return out


ANSWER_CUE = re.compile(
    r"(?:naam|achternaam|voornaam|wie spreek ik|hoe heet)[^\n]*\n[ \t]*(?:\[[\d:]+\][ \t]*)?"
    r"(?:klant|client|cliënt|beller|customer|spreker[ _]?\d|speaker[ _]?\d)[ \t]*:[ \t]*"
    r"(?:(?:ja|jawel|ok|oké|dat is|het is|met|mevrouw|meneer)[,.]?[ \t]+)*"
)


def _lc_name(low: str, pos: int, first_required: bool, max_words: int = 3) -> tuple[int, int] | None:
    """A lower-case name starting at ``pos``: a first name (or, where the cue asks for a surname, any word that
    is not a function word) and then up to ``max_words`` more name words or tussenvoegsels."""
    m = _LC_TOKEN.match(low, pos)
    if not m or m.group(0) in STOP or len(m.group(0)) < 2:
        return None
    if first_required and m.group(0) not in first_names():
        return None
    end, words = m.end(), 1
    while words < max_words:
        rest = low[end:]
        tus = next((t for t in TUSSEN if rest.startswith(" " + t + " ")), None)
        skip = len(tus) + 2 if tus else 1
        if not rest.startswith(" "):
            break
        n = _LC_TOKEN.match(low, end + skip)
        if not n or n.group(0) in STOP or len(n.group(0)) < 2:
            break
        end, words = n.end(), words + 1
    return pos, end


_OPENS = re.compile(r"[\n:,.!?]\s*$")
_PHONE_INTRO = re.compile(r"spreek|^(?:ja|hallo|hoi|hey|dag|goede\w+)[,!]?\s+met")


def lower_case_names(text: str, low: str, starts: list[int], mets: list[int]) -> list[tuple[int, int]]:
    """Names in lower-case text after a self-introduction, a title, a greeting or a question for the name.
    ``starts``: where the LC_CUES_WORDS occur; ``mets``: where "met" does."""
    out = []
    if mets:
        starts = sorted(starts + _before_met(low, mets))
    for m in matches_at(LC_CUES, low, starts, at_start=True):
        kind = m.lastgroup
        if text[m.end() : m.end() + 1].isupper():  # capitalised names are the other rules' work
            continue
        got = _lc_name(low, m.end(), first_required=kind in ("greet", "self"), max_words=1 if kind == "greet" else 3)
        cue = m.group(0)
        if kind == "greet" and m.start() > 0 and not _OPENS.search(low, max(0, m.start() - 3), m.start()):
            continue  # "de dag erna": a greeting opens a turn or a sentence
        if got is None and (kind == "title" or (kind == "self" and _PHONE_INTRO.search(cue))):  # "met van wijk"
            tus = next((t for t in TUSSEN if low.startswith(t + " ", m.end())), None)
            if tus:
                got = _lc_name(low, m.end() + len(tus) + 1, first_required=False, max_words=1)
                got = (m.end(), got[1]) if got else None
        if got and kind == "greet":  # "hoi thijs", "groetjes katrien vanhove": a surname may follow a first name
            got = _lc_name(low, m.end(), first_required=True, max_words=3)
        if got:
            out.append(got)
    if "\n" not in low or ":" not in low:  # ANSWER_CUE spans a line break and ends in "klant:" or the like
        return out
    for m in ANSWER_CUE.finditer(low):
        got = _lc_name(low, m.end(), first_required=False, max_words=4)
        if got:
            out.append(got)
    return out
