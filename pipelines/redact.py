"""Redaction of personal data in Dutch customer texts, before anything is stored.

Each detector finds spans; overlapping spans are merged (the longer one wins) and replaced by a typed
placeholder. Numbers are checked with well-kept libraries rather than hand-written rules: ``phonenumbers``
(NL and BE numbers in every spelling), ``python-stdnum`` (IBAN, BSN 11-proof, Belgian national number, Luhn
for card numbers). Dates, prices, times and order numbers are left alone: a number written right after an
order/invoice/ticket word is never treated as personal data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.be import nn as be_nn
from stdnum.nl import bsn as nl_bsn

PLACEHOLDER = {
    "email": "[EMAIL]",
    "phone": "[TELEFOON]",
    "iban": "[IBAN]",
    "bsn": "[BSN]",
    "be_nn": "[RIJKSREGISTERNUMMER]",
    "card": "[KAARTNUMMER]",
    "address": "[ADRES]",
    "postcode": "[POSTCODE]",
    "name": "[NAAM]",
}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str


EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", re.IGNORECASE)
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ .-]?[A-Z0-9]{4}){2,7}(?:[ .-]?[A-Z0-9]{1,3})?\b", re.IGNORECASE)
NL_IBAN_SHAPE = re.compile(r"^NL\d{2}[A-Z]{4}\d{10}$")  # right shape, checksum mistyped: still a bank account
BE_SLASHED = re.compile(r"(?<![\w/])0\d{1,3}/\d{2,3}[. ]?\d{2}[. ]?\d{2}(?![\w/])")  # "02/123.45.67"
NL_MOBILE = re.compile(r"(?<![\w+])(?:\+31|0031|0)[\s-]?(?:\(0\)[\s-]?)?6[\s-]?(?:\d[\s-]?){7}\d(?!\d)")
DIGIT_RUN = re.compile(r"(?<![\w.,/-])\d(?:[ .-]?\d){7,18}(?![\w/-]|[.,]\d)")
# a number right after one of these words is a business reference, not personal data
REFERENCE_WORDS = re.compile(
    r"\b(?:order|bestel|factuur|ticket|dossier|zaak|referentie|ref|klant|contract|pakket|zending|track|"
    r"artikel|aanvraag|polis|meter|ean|case)[\w.]*\s*(?:nummer|nr\.?|no\.?|#|:)?\s*[:#]?\s*$",
    re.IGNORECASE,
)
DATE_LIKE = re.compile(r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$|^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$")
BSN_WORDS = re.compile(r"(?:bsn|burgerservicenummer|sofi-?nummer|sofinummer)\W{0,20}$", re.IGNORECASE)

_SUFFIXES = (
    "straat|laan|weg|plein|gracht|kade|dijk|singel|steenweg|lei|dreef|hof|pad|markt|park|baan|ring|straatweg|"
    "dam|wal|steeg|allee|kaai|vest|boulevard|erf|hoek|veld|berg|burcht|poort|haven|oord|dal"
)
_NUMBER = r"\d{1,4}(?:\s?bis\b|\s?bus\s?\d{1,3}|[a-zA-Z]{1,2}\b|\s[A-Za-z]\b|\s?-\s?\d{1,3})?\b"
_HOUSE_NUMBER = r"\s+" + _NUMBER
ADDRESS = re.compile(
    # "Kerkstraat 12a", "dorpsweg 3", "Van Baerlestraat 4-2"; or capitalised "Grote Markt 5", "Korte Lei 7 bus 2"
    rf"\b(?:(?:[A-Z][\w'’-]*\s+){{0,3}}[A-Za-zÀ-ÿ'’-]{{2,}}(?:{_SUFFIXES})"
    rf"|(?:[A-Z][\w'’-]*\s+){{1,3}}(?:{'|'.join(w.capitalize() for w in _SUFFIXES.split('|'))})){_HOUSE_NUMBER}"
)
# a street without a known suffix ("Meir 12", "Hoogstraat" is caught above) after an address cue
ADDRESS_CUE = re.compile(
    r"(?i:\b(?:adres(?:\s+is)?:?|woon(?:achtig)?\s+(?:op|aan)|bezorgadres:?|afleveradres:?|factuuradres:?|"
    r"ophalen\s+op|wonende\s+(?:te|op)))\s+((?:[A-Z][\w'’-]+\s+){1,3}?" + _NUMBER + ")",
)
NL_POSTCODE = re.compile(r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b|\b[1-9]\d{3}(?!sa|sd|ss)[a-z]{2}\b")
# a Belgian postcode is four digits; only taken right after an address or the word postcode (else: years, prices)
BE_POSTCODE_AFTER = re.compile(r"[,\s]+([1-9]\d{3})(?=\s+[A-Z])")
POSTCODE_WORD = re.compile(r"\bpostcode\s*:?\s*([1-9]\d{3})\b", re.IGNORECASE)

_NAME_PART = r"[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?"
_TUSSEN = r"(?:van der|van den|van de|van 't|van|de|der|den|ter|ten|te|in 't|'t|el|al|le|la|da|di|dos|du)"
NAME = rf"{_NAME_PART}(?:[ \t]+(?:{_TUSSEN}[ \t]+)?{_NAME_PART}){{0,2}}"  # a name does not cross a line break
NAME_LC = rf"{NAME}|{_TUSSEN}[ \t]+{_NAME_PART}"  # "Beste meneer van Dijk"
TITLE = r"(?:meneer|mevrouw|mevr\.?|mw\.?|dhr\.?|heer|juffrouw|dokter|dr\.?|mr\.?|ir\.?|ing\.?)"
NOT_NAMES = {
    "Klantenservice", "Team", "Heer", "Mevrouw", "Meneer", "Allemaal", "Iedereen", "Allen", "Support", "Service",
    "Medewerker", "Medewerkers", "Lezer", "Collega", "Collega's", "Dames", "Heren", "Sir", "Madam", "Klant",
    "Helpdesk", "Afdeling", "Directie", "Beheer", "Hallo", "Goedemorgen", "Goedemiddag", "Goedenavond", "Ik",
    "Wij", "We", "Je", "U", "Jij", "Jullie", "Dank", "Bedankt", "Alvast", "Met", "Vriendelijke", "Groet",
    "Groeten", "Mvg", "Gr", "Graag", "Nee", "Ja", "Ok", "Oké", "Sorry", "Excuus", "Hoi", "Hey", "Beste",
}
GREETING = re.compile(
    rf"\b(?:[Bb]este|[Gg]eachte|[Hh]oi|[Hh]ey|[Hh]ai|[Hh]allo|[Hh]ello|[Hh]i|[Dd]ag|[Gg]oedemorgen|[Gg]oedemiddag|"
    rf"[Gg]oedenavond|[Ll]ieve|[Dd]ear)\s+(?:{TITLE}\s+)?({NAME_LC})"
)
SIGN_OFF = re.compile(
    r"(?:met\s+)?(?:vriendelijke|hartelijke|beste|lieve|warme|zonnige)?\s*groet(?:en|jes)?|\bmvg|\bm\.v\.g\.?|\bgr\.?"
    r"|\bgroetjes|\bdoei|\bcheers|\bthx|\bthanks|\bbedankt|\bdank je wel|\bdank u wel|\bkind regards|\bregards"
    r"|\balvast bedankt|\bgroetn",
    re.IGNORECASE,
)
# the name must end its line or sentence: "thx Levering was ..." is not a signature
SIGN_OFF_NAME = re.compile(rf"[,!.]?[ \t]*(?:\r?\n[ \t]*)*(?:{TITLE}\s+)?({NAME_LC})(?=[ \t]*(?:$|\r?\n|[,.!]))")
SELF_NAME = re.compile(  # only the cue is case-insensitive: names must be capitalised
    rf"(?i:\b(?:mijn naam is|ik ben|ik heet|u spreekt met|je spreekt met|spreek ik met|hier is|namens|"
    rf"met|contactpersoon:?|naam:))\s+(?:(?i:{TITLE})\s+)?({NAME_LC})",
)


def _name_ok(name: str) -> bool:
    first = name.split()[0]
    return first not in NOT_NAMES and not first.isupper()


def _names(text: str) -> list[Span]:
    spans = []
    for m in GREETING.finditer(text):
        if _name_ok(m.group(1)):
            spans.append(Span(m.start(1), m.end(1), "name"))
    for m in SIGN_OFF.finditer(text):
        n = SIGN_OFF_NAME.match(text, m.end())
        if n and _name_ok(n.group(1)):
            spans.append(Span(n.start(1), n.end(1), "name"))
    for m in SELF_NAME.finditer(text):
        name = m.group(1)
        # "ik ben Boos" / "met Excuses": self-introductions need a name-like word, not a capitalised adjective
        if _name_ok(name) and (m.group(0)[:3].lower() not in ("ik ", "met") or name[0].isupper()):
            if m.group(0).lower().startswith(("ik ben", "met ")) and " " not in name and name.lower() in _COMMON:
                continue
            spans.append(Span(m.start(1), m.end(1), "name"))
    return spans


_COMMON = {"blij", "boos", "klaar", "benieuwd", "teleurgesteld", "bang", "excuses", "vriendelijke", "spoed"}


def _is_reference(text: str, start: int) -> bool:
    return bool(REFERENCE_WORDS.search(text[max(0, start - 40) : start]))


def _numbers(text: str) -> list[Span]:
    spans: list[Span] = []
    for m in IBAN.finditer(text):
        # the pattern may run on into a following short word ("... 9020 aub"): shorten until the checksum holds
        value = m.group(0)
        while len(value) >= 15:
            compact = re.sub(r"[ .-]", "", value).upper()
            # mod-97 only: the country check also demands a bank code in stdnum's registry, which ages
            if std_iban.is_valid(compact, check_country=False) or NL_IBAN_SHAPE.match(compact):
                spans.append(Span(m.start(), m.start() + len(value), "iban"))
                break
            value = re.sub(r"[ .-]?[A-Za-z0-9]{1,4}$", "", value)
    if sum(c.isdigit() for c in text) < 8:
        return spans
    for region in ("NL", "BE"):
        for pm in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
            if not _is_reference(text, pm.start):
                spans.append(Span(pm.start, pm.end, "phone"))
    for m in [*NL_MOBILE.finditer(text), *BE_SLASHED.finditer(text)]:
        if not _is_reference(text, m.start()):
            spans.append(Span(m.start(), m.end(), "phone"))
    for m in DIGIT_RUN.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if _is_reference(text, m.start()) or DATE_LIKE.match(m.group(0)):
            continue
        if len(digits) == 11 and be_nn.is_valid(digits):
            spans.append(Span(m.start(), m.end(), "be_nn"))
        elif (len(digits) == 9 and nl_bsn.is_valid(digits)) or (
            len(digits) in (8, 9) and BSN_WORDS.search(text[max(0, m.start() - 30) : m.start()])
        ):
            spans.append(Span(m.start(), m.end(), "bsn"))
        elif 13 <= len(digits) <= 19 and digits[0] in "3456" and luhn.is_valid(digits):
            spans.append(Span(m.start(), m.end(), "card"))
    return spans


def _addresses(text: str) -> list[Span]:
    spans = []
    for m in ADDRESS.finditer(text):
        spans.append(Span(m.start(), m.end(), "address"))
        after = BE_POSTCODE_AFTER.match(text, m.end())
        if after:
            spans.append(Span(after.start(1), after.end(1), "postcode"))
    for m in ADDRESS_CUE.finditer(text):
        spans.append(Span(m.start(1), m.end(1), "address"))
    for m in NL_POSTCODE.finditer(text):
        spans.append(Span(m.start(), m.end(), "postcode"))
    for m in POSTCODE_WORD.finditer(text):
        spans.append(Span(m.start(1), m.end(1), "postcode"))
    return spans


def find_pii(text: str) -> list[Span]:
    """Non-overlapping personal-data spans, in text order."""
    found = [Span(m.start(), m.end(), "email") for m in EMAIL.finditer(text)]
    found += _numbers(text) + _addresses(text) + _names(text)
    found.sort(key=lambda s: (s.start, -(s.end - s.start)))
    merged: list[Span] = []
    for s in found:
        if merged and s.start < merged[-1].end:
            last = merged[-1]
            if s.end - s.start > last.end - last.start:
                merged[-1] = s
            continue
        merged.append(s)
    return merged


def redact(text: str) -> str:
    out, pos = [], 0
    for s in find_pii(text):
        out.append(text[pos : s.start])
        out.append(PLACEHOLDER[s.kind])
        pos = s.end
    out.append(text[pos:])
    return "".join(out)
