"""Redaction of personal data in Dutch customer texts, before anything is stored.

Each detector finds spans; overlapping spans are merged (the longer one wins) and replaced by a typed
placeholder. Numbers are checked with well-kept libraries rather than hand-written rules: ``phonenumbers``
(NL and BE numbers in every spelling), ``python-stdnum`` (IBAN, BSN 11-proof, Belgian national number, Luhn
for card numbers). Dates, prices, times and order numbers are left alone: a number written right after an
order/invoice/ticket word is never treated as personal data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

import phonenumbers
from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.be import nn as be_nn
from stdnum.nl import bsn as nl_bsn

from pipelines.redact_names import (
    LC_CUES_WORDS,
    RELATED_TO,
    RELATION_POSSESSIVES,
    RELATION_WORDS,
    CueWords,
    all_starts,
    answered_names,
    capitalised,
    email_names,
    field_names,
    first_names,
    gazetteer_names,
    lower_case_names,
    matches_at,
    occurrences,
    relation_names,
    repeated_lower,
    repeated_names,
    scan,
    trailing_name,
)

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


class Span(NamedTuple):  # (a tuple: made several times a text, at a third of a frozen dataclass's cost)
    start: int
    end: int
    kind: str


# (the local part possessive: what may follow it is none of its characters, so re need not back off from it)
EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]++(?:@|\s?[\[(]at[\])]\s?|\s?\[@\]\s?)[\w-]+(?:\.[\w-]+)*(?:\.|\s?[\[(]dot[\])]\s?)[a-z]{2,}\b",
    re.IGNORECASE,
)
# (\b as a lookbehind after the first letter, and that letter as the class re.IGNORECASE makes of [A-Z], not
# ignoring case: re then tries the pattern only where such a letter stands, not at every position)
IBAN = re.compile(r"(?-i:[A-Za-z\u0130\u0131\u017f\u212a])(?<!\w.)[A-Z] ?\d{2}(?:[ .-]?[A-Z0-9]{4}){2,7}"
                  r"(?:[ .-]?[A-Z0-9]{1,3})?\b", re.IGNORECASE)
NL_IBAN_SHAPE = re.compile(r"^NL\d{2}[A-Z]{4}\d{10}$")  # right shape, checksum mistyped: still a bank account
_BE_SLASHED = r"0\d{1,3}/\d{2,3}[. ]?\d{2}[. ]?\d{2}(?![\w/])"  # "02/123.45.67"
_NL_MOBILE = r"(?:\+31|0031|0)[\s-]?(?:\(0\)[\s-]?)?6[\s-]?(?:\d[\s-]?){7}\d(?!\d)"
_DIGIT_RUN = r"\d(?:[ .-]?\d){7,18}(?![\w/-]|[.,]\d)"
BE_SLASHED = re.compile(r"(?<![\w/])" + _BE_SLASHED)
NL_MOBILE = re.compile(r"(?<![\w+])" + _NL_MOBILE)
DIGIT_RUN = re.compile(r"(?<![\w.,/-])" + _DIGIT_RUN)
# for scan(): the same without the opening lookbehind, so that re skips to the "0", "+" or digit they start with
BE_SLASHED_STARTS, NL_MOBILE_STARTS, DIGIT_RUN_STARTS = map(re.compile, (_BE_SLASHED, _NL_MOBILE, _DIGIT_RUN))
# a number right after one of these words is a business reference, not personal data
REFERENCE_WORDS = re.compile(
    r"\b(?:order|bestel|factuur|ticket|dossier|zaak|referentie|ref|klantn(?:umme)?r|contract|pakket|zending|track|"
    r"artikel|aanvraag|polis|meter|ean|case)[\w.]*\s*(?:nummer|nr\.?|no\.?|#|:)?\s*[:#]?\s*$",
    re.IGNORECASE,
)
# REFERENCE_WORDS read backwards, matched on the reversed text before the number: one anchored attempt where the
# search tries every position (the one matches where the other does: same words, same order reversed)
_REFERENCE_REVERSED = re.compile(
    r"\s*[:#]?\s*(?:remmun|\.?rn|\.?on|#|:)?\s*[\w.]*(?:"
    + "|".join(w[::-1] for w in ("order", "bestel", "factuur", "ticket", "dossier", "zaak", "referentie", "ref",
                                  "klantnummer", "klantnr", "contract", "pakket", "zending", "track", "artikel",
                                  "aanvraag", "polis", "meter", "ean", "case"))
    + r")\b",
    re.IGNORECASE,
)
DATE_LIKE = re.compile(r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$|^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$")
BSN_WORDS = re.compile(r"(?:bsn|burgerservicenummer|sofi-?nummer|sofinummer)\W{0,20}$", re.IGNORECASE)

_SUFFIXES = (
    "straat|laan|weg|plein|gracht|kade|dijk|singel|steenweg|lei|dreef|hof|pad|markt|park|baan|ring|straatweg|"
    "dam|wal|steeg|allee|kaai|vest|boulevard|erf|hoek|veld|berg|burcht|poort|haven|oord|dal"
)
_NUMBER = (
    r"\d{1,4}(?:\s?bis\b|\s?bus\s?\d{1,4}(?:\.\d{1,2})?|\s(?:kamer|app\.?|appartement)\s?\d{1,4}|[a-zA-Z]{1,2}\b"
    r"|\s(?:hs|hg|huis|boven|beneden|I{1,3}V?|IV|\d(?:hg|h|hoog)|[A-Za-z])\b"
    r"|\s?-\s?(?:\d{1,3}|[A-Za-z]{1,3}|I{1,3}V?)\b|/\d{1,3})?(?![\w/])"
)
_HOUSE_NUMBER = r"\s+" + _NUMBER
ADDRESS = re.compile(
    # "Kerkstraat 12a", "dorpsweg 3", "Van Baerlestraat 4-2"; or capitalised "Grote Markt 5", "Korte Lei 7 bus 2"
    rf"\b(?:(?:(?:\d{{1,2}}e\s+)?[A-Z][\w'’.-]*\s+(?:(?:van|de|der|den|het|op|aan|te|ten|ter)\s+)*){{0,3}}"
    rf"(?:\d{{1,2}}e\s+)?[A-Za-zÀ-ÿ'’-]{{2,}}(?:{_SUFFIXES})"
    rf"|(?:[A-Z][\w'’-]*\s+){{1,3}}(?:{'|'.join(w.capitalize() for w in _SUFFIXES.split('|'))})"
    rf"|(?:Laan|Weg|Plein|Straat|Dreef|Kade|Singel|Hof)\s+(?:van|der|de|den|te|ter|op)\s+(?:[A-Za-z'’-]+\s+)?[A-Z][\w'’-]+)"
    rf"{_HOUSE_NUMBER}"
)
# a street without a known suffix ("Meir 12", "Hoogstraat" is caught above) after an address cue
ADDRESS_CUE = re.compile(
    r"(?i:\b(?:adres(?:\s+is)?:?|woon(?:t|achtig)?\s+(?:op|aan)|bezorgadres:?|afleveradres:?|factuuradres:?|"
    r"ophalen\s+op|wonende\s+(?:te|op)))\s+((?:[A-Z][\w'’-]+\s+(?:(?:van|de|der|den|het|op|aan|te|ten|ter)\s+)*){1,3}?"
    + _NUMBER + ")",
)
_CONNECT = r"(?:van|de|der|den|het|op|aan|te|ten|ter|'t|la|le|du|des|d')"
# any street right before a postcode: "Zuiderdiep 140, 7901 BR Hoogeveen", "Dorp 17, 2235 Hulshout"
_STREET_WORD = rf"[A-Z][\w'’.-]*[ \t]+(?:{_CONNECT}[ \t]+)*"  # with the tussenvoegsels after it
_POSTCODE_BEFORE_PLACE = r"[1-9]\d{3}(?:[ \t]?[A-Z]{2}\b|(?=[ \t]+[A-Z][a-zà-ÿ]))"
STREET_THEN_POSTCODE = re.compile(
    rf"((?:\d{{1,2}}e[ \t]+)?(?:{_STREET_WORD}){{1,4}}?" + _NUMBER
    + rf")(?![.,:]\d)[ \t]*[,-]?[ \t]*(?:in[ \t]+)?({_POSTCODE_BEFORE_PLACE})"
)
# STREET_THEN_POSTCODE's postcode (a scan from the digits): the pattern itself, tried at every capital and digit,
# costs more where there is none
POSTCODE_BEFORE_PLACE = re.compile(_POSTCODE_BEFORE_PLACE)
# the same in lower case (call transcripts): "jan steenlaan 44 3723 bv bilthoven", "bovenweg 31 4231 ak"
STREET_THEN_POSTCODE_LC = re.compile(
    r"((?:[a-zà-ÿ][\w'’.-]*[ \t]+){1,3}?\d{1,4}(?:[ \t]?[a-z]{1,3}\b)?)[ \t]*[,-]?[ \t]*(?:in[ \t]+)?"
    r"([1-9]\d{3}[ \t]?[a-z]{2})\b(?=[ \t]+[a-z]{3,}|[ \t]*$|[ \t]*[\n,.])"
)
# a lower-case postcode with a space ("7521 cm") only where the context is an address or a postcode
LC_POSTCODE = re.compile(  # (the lookbehind after the first digit: re then skips to the digits)
    r"([1-9](?<![\d.,].)\d{3} ?(?!is|en|de|in|op|om|te|of|je|ik|we|ze|al|na|nu|zo|er|ie|eu|pm|am)[a-z]{2})\b"
    r"(?![ \t]*(?:per|euro|km|kg|cm|mm|ml|min|uur))"
)
LC_POSTCODE_CONTEXT = re.compile(
    r"postcode|adres|woon|huisnummer|straat|laan|weg|plein|[a-z]{3,}\s+\d{1,4}[a-z]?\s+(?:in\s+)?$"
)
# a street (known suffix or not) followed by a place, where the sentence speaks of an address
STREET_IN_PLACE = re.compile(  # (the first word before the repetition: re then skips to the capitals)
    rf"({_STREET_WORD}(?:{_STREET_WORD}){{0,3}}?" + _NUMBER
    + r")(?![.,:]\d)(?=,?[ \t]+(?:in[ \t]+)?[A-Z][a-zà-ÿ]{2,}"
    r"|[ \t]*[,.)]|[ \t]+(?:naast|bij|tegenover)\b)"
)
ADDRESS_WORDS = re.compile(r"adres|woon|woont|wonen|verhuisd|bezorg|lever|ophalen|op te halen|langs|bij ons op|naar|"
                           r"factuur|post", re.IGNORECASE)
SPOKEN_EMAIL = re.compile(
    r"\b[a-z0-9]+(?:[ \t]+(?:punt|streepje|liggend streepje|underscore)[ \t]+[a-z0-9]+)*[ \t]+(?:at|apenstaartje|@)"
    r"[ \t]+[a-z0-9-]+(?:[ \t]+punt[ \t]+[a-z]{2,6})+\b"
)

# an address block: a street line (without a known suffix: "Oudaan 2", "Meir 12") right above a postcode + place
ADDRESS_BLOCK = re.compile(
    r"(?:^|\n)[ \t]*((?:[A-Z][\w'’-]+[ \t]+(?:(?:van|de|der|den|het|op|aan|te|ten|ter|la|le|du|des)[ \t]+)*){1,3}?"
    + _NUMBER
    + r")[ \t]*,?[ \t]*\n?[ \t]*([1-9]\d{3})(?:[ \t]?[A-Z]{2})?[ \t]+[A-Z][a-zà-ÿ]+"
)
# "2000 MB", "1500 ML" are amounts, unless a place name follows ("3061 KM Rotterdam"); SA, SD, SS are never issued
# (\b before the first digit as a lookbehind after it: re then skips to the digits)
NL_POSTCODE = re.compile(
    r"[1-9](?<!\w.)\d{3}(?:\s?(?!SA|SD|SS)(?:(?!ML|MB|GB|KB|TB|XL|XS|KG|KM|CM|MM|MG|GR|KW|HZ|PK|EU|LT|CL|DL)[A-Z]{2}\b"
    r"|[A-Z]{2}(?=\s+[A-Z][a-z]))|(?!sa|sd|ss|ml|mb|gb|kb|tb|xl|kg|km|cm|mm|mg|gr|kw|hz)[a-z]{2}\b)"
)
# a Belgian postcode is four digits; only taken right after an address or the word postcode (else: years, prices)
BE_POSTCODE_AFTER = re.compile(r"[,\s]+([1-9]\d{3})(?=\s+[A-Z])")
BE_POSTCODE_LINE = re.compile(r"\d[\w/-]*,\s+([1-9]\d{3})\s+[A-Z][a-zà-ÿ]+")  # "Dorp-Oost 5, 3560 Lummen"
POSTCODE_WORD = re.compile(r"\bpostcode\s*:?\s*([1-9]\d{3})\b", re.IGNORECASE)

_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
_LOW = "a-zß-öø-ÿāăąćčďđēėęěğīįıķĺļľłńņňōőœŕřśşšţťūůűųźżž'’"
_WORD = rf"[{_UP}][{_LOW}]+(?!\w)"  # whole words: "KookKompas" is no name
# "Smit-Vos", "Hoekstra-de Vries", initials "A.J."
_NAME_PART = rf"(?:{_WORD}(?:-(?:(?:de|van|van der|van den|ter|ten|den)[ \t])?{_WORD})?|(?:[{_UP}]\.){{1,3}}(?=[ \t]))"
_TUSSEN = r"(?i:van der|van den|van de|van 't|van|de|der|den|ter|ten|te|in 't|'t|el|al|le|la|da|di|dos|du)"
NAME = rf"{_NAME_PART}(?:[ \t]+(?:{_TUSSEN}[ \t]+)?{_NAME_PART}){{0,2}}"  # a name does not cross a line break
NAME_LC = rf"{NAME}|{_TUSSEN}[ \t]+{_NAME_PART}"  # "Beste meneer van Dijk"
TITLE = (r"(?:meneer|mevrouw|mijnheer|mevr\.?|mw\.?|dhr\.?|heer|juffrouw|dokter|dr\.?|drs\.?|prof\.?|mr\.?|ir\.?|"
         r"ing\.?|fam\.?)")
# a name right after a title is a name wherever it stands: "namens mijn vader, dhr. B.J. Hoogland"
TITLED_NAME = re.compile(
    r"\b(?:(?:dhr|mevr|mw|drs|prof|fam)\.?|(?:meneer|mevrouw|mijnheer|madame|monsieur|heer))[ \t]+"
)
TITLED_NAME_WORDS = "dhr|mevr|mw|drs|prof|fam|meneer|mevrouw|mijnheer|madame|monsieur|heer"
# a signature: a short line of one to four name words closing the message (after a blank line or a "!"/".")
LAST_LINE_NAME = re.compile(rf"(?:\n|[.!?][ \t]+)[ \t]*(?:{TITLE}[ \t]+)?({NAME})[ \t]*[.!]?$")
LAST_LINE_STARTS = re.compile(r"[\n.!?]")
# LAST_LINE_NAME's name closes the text: a capitalised word (or initials), then at most blanks and one "." or "!";
# checked at the start of the reversed last 80 characters (where the search looks), which rules most texts out
_NAME_AT_END_REVERSED = re.compile(rf"(?:[.!][ \t]*)?[{_LOW}]+[{_UP}]|[.!][ \t]+\.[{_UP}]")
NAME_RE = re.compile(NAME)
NOT_NAMES = {
    "Klantenservice", "Team", "Heer", "Mevrouw", "Meneer", "Allemaal", "Iedereen", "Allen", "Support", "Service",
    "Medewerker", "Medewerkers", "Lezer", "Collega", "Collega's", "Dames", "Heren", "Sir", "Madam", "Klant",
    "Helpdesk", "Afdeling", "Directie", "Beheer", "Hallo", "Goedemorgen", "Goedemiddag", "Goedenavond", "Ik",
    "Wij", "We", "Je", "U", "Jij", "Jullie", "Dank", "Bedankt", "Alvast", "Met", "Vriendelijke", "Groet",
    "Groeten", "Mvg", "Gr", "Graag", "Nee", "Ja", "Ok", "Oké", "Sorry", "Excuus", "Hoi", "Hey", "Beste",
    "Hoogachtend", "Groetjes", "Top", "Super", "Fijne", "Fijn", "Prettige", "Succes", "Tot",
}
# Cue patterns run on the lowered text (a case-insensitive scan is 2-3x slower); the name after the cue is matched
# on the original text, where it must be capitalised.
# Each cue pattern has its *_WORDS: the words its matches begin with, for CUES below.
GREETING_WORDS = "beste|geachte|hoi|hey|hai|hallo|hello|hi|dag|goedemorgen|goedemiddag|goedenavond|lieve|dear"
GREETING = re.compile(rf"\b(?:{GREETING_WORDS})\s+(?:{TITLE}\s+)?")
SIGN_OFF = re.compile(
    r"\b(?:(?:met\s+)?(?:vriendelijke|hartelijke|beste|lieve|warme|zonnige)\s+groet(?:en)?|groet(?:en|jes|n)?|mvg|"
    r"m\.v\.g\.?|gr\.?|doei|cheers|thx|thnx|thanks|bedankt|dank je wel|dank u wel|kind regards|regards|"
    r"alvast bedankt|hoogachtend|liefs|grtz|greetz|ciao|doeg|xx|xxx)(?:[ \t]+(?:van|uit[ \t]+\w+))?"
)
SIGN_OFF_WORDS = (
    "met|vriendelijke|hartelijke|beste|lieve|warme|zonnige|gr|mvg|m.v.g|doei|cheers|thx|thnx|thanks|bedankt|"
    "dank je wel|dank u wel|kind regards|regards|alvast bedankt|hoogachtend|liefs|ciao|doeg|xx"
)
# the name must end its line or sentence: "thx Levering was ..." is not a signature
SIGN_OFF_NAME = re.compile(
    rf"[,!.]?[ \t]*(?:\r?\n[ \t]*)*(?:(?i:{TITLE})[ \t]+)?((?:{NAME}[ \t]+en[ \t]+)?{NAME_LC})"
    r"(?=[ \t]*(?:$|\r?\n|[,.!]|\W*$))"
)
# payment and form cues: "t.n.v. P. van Dijk", "Rekeninghouder: J.P. Mulder", "Contactpersoon is Wim Dewitte"
CUE_NAME = re.compile(
    rf"(?:\bt\.?\s?n\.?\s?v\.?|\bt\.?\s?a\.?\s?v\.?|\bten name van|\bop naam van|\brekeninghouder:?|"
    rf"\bcontactpersoon(?: is)?:?|\bter identificatie:?|\bmijn gegevens:?|\bgegevens:|\bnaam:|\bnamens)"
    rf"[ \t]+(?:{TITLE}[ \t]+)?"
)
NAME_OR_COUPLE = re.compile(rf"(?:{NAME}[ \t]+en[ \t]+)?{NAME}")
NAME_LC_RE = re.compile(NAME_LC)
# a name just before contact details: "Jelle Brinkman, 050-2304895", "Lotte Geerts, lotte.geerts@gmail.com"
# Found from the comma: a scan for NAME at every position of the text would cost more than all the rest.
CONTACT_AFTER_COMMA = re.compile(r",[ \t]+(?=[^\s,]*[\d@]|(?:[A-Z][\w'’-]+[ \t]+){1,3}\d)")
NAME_AT_END = re.compile(rf"({NAME})$")
# a contact block: a line holding only a name, followed by a line with an address, number or e-mail
BLOCK_NAME = re.compile(rf"(?:^|\n)[ \t]*(?:(?i:{TITLE})[ \t]+)?({NAME})[ \t]*\n(?=[^\n]*[\d@])")
LINE_BREAK = re.compile(r"\n")
SELF_NAME = re.compile(  # the cue (names after it must be capitalised: matched on the original text)
    rf"(?:\b(?:(?:mijn|mijne|zijn|haar) naam is|my name is|ik ben|ik heet|u spreekt met|je spreekt met|spreek ik met|"
    rf"hier is|"
    rf"contactpersoon:?|naam:)|(?:^|[.!?\n])[\W]*(?:(?:ja|hallo|hoi|goedemorgen|goedemiddag|goedenavond|dag|hey)[,!\s]+)*met)"
    rf"\s+(?:{TITLE}\s+)?",
)
# SELF_NAME begins with one of these words, at the start of the text, or with "met" at the punctuation or line
# break before it (SELF_NAME_MET)
SELF_NAME_WORDS = (
    "mijn naam is|mijne naam is|zijn naam is|haar naam is|my name is|ik ben|ik heet|u spreekt met|je spreekt met|"
    "spreek ik met|hier is|contactpersoon|naam:"
)
SELF_NAME_MET = re.compile(r"[.!?\n]\W*(?:(?:ja|hallo|hoi|goedemorgen|goedemiddag|goedenavond|dag|hey)[,!\s]+)*met")


def _after_cue(cue: re.Pattern[str], name: re.Pattern[str], text: str, low: str, starts: list[int],
               at_start: bool = False) -> Iterator[tuple[re.Match[str], re.Match[str]]]:
    """(cue, name) pairs: the cue found in the lowered text (tried at ``starts``: matches_at()), a name right after
    it in the original."""
    for c in matches_at(cue, low, starts, at_start):
        n = name.match(text, c.end())
        if n:
            yield c, n


def _names_after(cue: re.Pattern[str], text: str, low: str, starts: list[int]) -> list[Span]:
    return [Span(n.start(), n.end(), "name") for _, n in _after_cue(cue, NAME_LC_RE, text, low, starts)
            if _name_ok(n.group(0))]


def _name_ok(name: str) -> bool:
    first = name.split()[0]
    shouting = first.isupper() and "." not in first and len(first) > 1  # "BOOS", not the initials "A.J."
    return first not in NOT_NAMES and not shouting


# Substring gates: a pattern runs only where one of these occurs in the lowered text (GREETING needs "hi " or
# "dag " somewhere, not only the "hi" it matches, and so on); found by CUES at a word start, else by `in`: _gate().
GREETING_CUES = ("beste", "geachte", "hoi", "hey", "hai", "hallo", "hello", "hi ", "dag ", "goede", "lieve", "dear")
SIGN_OFF_CUES = ("groet", "mvg", "m.v.g", "gr ", "gr.", "gr,", "gr\n", "doei", "cheers", "thx", "thnx", "thanks",
                 "bedankt", "dank je", "dank u", "regards", "hoogachtend", "liefs", "grtz", "greetz", "ciao", "doeg",
                 "xx")
SELF_CUES = ("naam", "ik ben", "ik heet", "spreek", "hier is", "namens", "contactpersoon")
# CUE_NAME's words: "t.n.v."/"t.a.v." (a "t" followed by the rest), the others as they start its alternatives
CUE_NAME_WORDS = ("ten name van|op naam van|rekeninghouder|contactpersoon|ter identificatie|mijn gegevens|gegevens:|"
                  "naam:|namens")
# "met Jan": only at the start of a sentence, after a greeting ("Goedemorgen, met Jan de Wit")
_MET_BEFORE = re.compile(r"(?:^|[.!?\n])\W*(?:(?:ja|hallo|hoi|goedemorgen|goedemiddag|goedenavond|dag|hey)[,!\s]+)*$")

# All the cue words above, found in one scan of the lowered text: the gates and where each cue pattern can start.
CUES = CueWords({
    "greeting?": "|".join(GREETING_CUES), "sign-off?": "|".join(SIGN_OFF_CUES), "self?": "|".join(SELF_CUES),
    "met": "met", "GREETING": GREETING_WORDS, "SIGN_OFF": SIGN_OFF_WORDS, "SELF_NAME": SELF_NAME_WORDS,
    "TITLED_NAME": TITLED_NAME_WORDS, "CUE_NAME": CUE_NAME_WORDS, "LC_CUES": LC_CUES_WORDS,
    "RELATION": RELATION_WORDS,
}, followed={"RELATION": (RELATION_POSSESSIVES, RELATED_TO), "CUE_NAME": ("t", r"\.?\s?[na]\.?\s?v")})


def _gate(low: str, cues: dict[str, list[int]], gate: str, words: tuple[str, ...]) -> bool:
    """Whether one of a gate's ``words`` occurs in ``low``: found by CUES at a word start, or inside a word."""
    return gate in cues or any(w in low for w in words)


def _self_cue(low: str, cues: dict[str, list[int]]) -> bool:
    return "self?" in cues or any(_MET_BEFORE.search(low, max(0, i - 40), i) for i in cues.get("met", ())) \
        or _gate(low, cues, "self?", SELF_CUES)


def _lowered(text: str) -> str:
    """The lowered text, position for position (a few characters lower to two: those stay as they are)."""
    low = text.lower()
    return low if len(low) == len(text) else "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _names(text: str, digit: int, low: str) -> list[Span]:
    """``digit``: the position of the first digit, -1 for none; ``low``: text.lower()."""
    spans: list[Span] = []
    if len(low) != len(text):
        low = _lowered(text)
    cues = CUES.find(low)
    # (each pattern below opens with \b and a cue word: without one at a word start it matches nothing, and the
    # gate need not be asked; SELF_NAME may also open with a "met". A gate not found at a word start is asked
    # only about names found: a test with `in` for each word costs more than the pattern at its few starts.)
    if (starts := cues.get("GREETING")) and (named := _names_after(GREETING, text, low, starts)) \
            and _gate(low, cues, "greeting?", GREETING_CUES):
        spans += named
    if (starts := cues.get("SIGN_OFF")) and (named := _sign_off_names(text, low, starts)) \
            and _gate(low, cues, "sign-off?", SIGN_OFF_CUES):
        spans += named
    if ("SELF_NAME" in cues or "met" in cues) and _self_cue(low, cues):
        starts = cues.get("SELF_NAME", [])
        if "met" in cues:
            starts = sorted(starts + all_starts(SELF_NAME_MET, low))
        spans += _self_names(text, low, starts)
    if starts := cues.get("TITLED_NAME"):  # (every match holds a title: no gate)
        spans += _names_after(TITLED_NAME, text, low, starts)
    if starts := cues.get("CUE_NAME"):
        spans += [Span(n.start(), n.end(), "name") for _, n in _after_cue(CUE_NAME, NAME_OR_COUPLE, text, low, starts)
                  if _name_ok(n.group(0))]
    if "," in text and ("@" in text or digit >= 0):
        spans += _names_before_contact(text)
    nl = text.find("\n")
    if nl >= 0 and _digit_or_at_after(text, nl, digit):  # (the line after a block's name has a digit or "@")
        spans += [Span(m.start(1), m.end(1), "name") for m in scan(BLOCK_NAME, LINE_BREAK, text, at_start=True)
                  if _name_ok(m.group(1)) and len(m.group(1).split()) >= 2]
    tail = text.rstrip()
    m = None
    if _NAME_AT_END_REVERSED.match(tail[-80:][::-1]):
        m = next(scan(LAST_LINE_NAME, LAST_LINE_STARTS, tail, max(0, len(tail) - 80)), None)
    # "... Jammer." closes many messages: with a full stop after it, a one-word closing must be a known first name
    if m and _name_ok(m.group(1)) and len(m.group(1).split()) <= 4 and (
        not tail.endswith((".", "!")) or " " in m.group(1) or m.group(1).lower() in first_names()
    ):
        spans.append(Span(m.start(1), m.end(1), "name"))
    extra = relation_names(text, low, NAME_RE, cues.get("RELATION", [])) + answered_names(text, low, NAME_RE)
    extra += lower_case_names(text, low, cues.get("LC_CUES", []), cues.get("met", []))
    extra += field_names(text, NAME_RE) + trailing_name(text, low)
    caps = capitalised(text)
    if "@" in text:
        extra += email_names(text, caps)
    spans += [Span(s, e, "name") for s, e in extra if _name_ok(text[s:e])]
    # a name found by its context is redacted wherever else it is mentioned; list-only names are not spread
    found = [(sp.start, sp.end) for sp in spans if sp.end - sp.start >= 4]
    if found:
        spans += [Span(s, e, "name") for s, e in repeated_names(text, found, NAME_RE, caps) if _name_ok(text[s:e])]
        spans += [Span(s, e, "name") for s, e in repeated_lower(text, low, found)]
    spans += [Span(s, e, "name") for s, e in gazetteer_names(text, NAME_RE, caps) if _name_ok(text[s:e])]
    return spans


def _digit_or_at_after(text: str, pos: int, digit: int) -> bool:
    """A digit or "@" after ``pos`` (``digit``: the position of the first digit, -1 for none)."""
    return text.find("@", pos) >= 0 or digit > pos or (digit >= 0 and HAS_DIGIT.search(text, pos) is not None)


def _names_before_contact(text: str) -> list[Span]:
    spans = []
    for c in CONTACT_AFTER_COMMA.finditer(text):
        lo = max(0, c.start() - 80)
        m = NAME_AT_END.search(text, lo, c.start())
        if m and _name_ok(m.group(1)) and len(m.group(1).split()) >= 2:
            spans.append(Span(m.start(1), m.end(1), "name"))
    return spans


def _sign_off_names(text: str, low: str, starts: list[int]) -> list[Span]:
    spans = []
    for m in matches_at(SIGN_OFF, low, starts):
        n = SIGN_OFF_NAME.match(text, m.end())
        if n and _name_ok(n.group(1)):
            spans.append(Span(n.start(1), n.end(1), "name"))
    return spans


def _self_names(text: str, low: str, starts: list[int]) -> list[Span]:
    spans = []
    for c, n in _after_cue(SELF_NAME, NAME_LC_RE, text, low, starts, at_start=True):
        name, cue = n.group(0), c.group(0)
        # "ik ben Boos" / "met Excuses": self-introductions need a name-like word, not a capitalised adjective
        if _name_ok(name) and (cue[:3] not in ("ik ", "met") or name[0].isupper()):
            if cue.startswith(("ik ben", "met ")) and " " not in name and name.lower() in _COMMON:
                continue
            spans.append(Span(n.start(), n.end(), "name"))
    return spans


_COMMON = {"blij", "boos", "klaar", "benieuwd", "teleurgesteld", "bang", "excuses", "vriendelijke", "spoed"}


def _is_reference(text: str, start: int) -> bool:
    """Whether REFERENCE_WORDS matches the 40 characters before ``start``."""
    return _REFERENCE_REVERSED.match(text[max(0, start - 40) : start][::-1]) is not None


EIGHT_DIGITS = re.compile(r"\d(?:\D{0,3}\d){7}")  # phone, BSN, card, national-number candidates need 8+ digits
EIGHT_DIGITS_ASCII = re.compile(r"[0-9](?:[^0-9]{0,3}[0-9]){7}")  # (the same in ASCII text, a faster scan)
PHONE_CANDIDATE = re.compile(r"[+(]?\d[\d \t().\/-]{6,}\d")
PHONE_CANDIDATE_STARTS = re.compile(r"[+(\d][\d \t().\/-]{6,}\d")  # (matches wherever it does, from a class)


def _phone_regions(candidate: str) -> tuple[str, ...]:
    """Where a digit run could be an NL or BE phone number: national numbers start with the trunk 0 ("06-...",
    "(020) ...", "0475/..."), international ones with + or 00. Anything else (order numbers, dates, amounts)
    never reaches phonenumbers, whose matcher costs ~0.1 ms a call."""
    lead = candidate.lstrip("(")
    if lead.startswith(("+32", "0032")):
        return ("BE",)
    if lead.startswith(("+", "00")):
        return ("NL", "BE")
    if not lead.startswith("0") or sum(ch.isdigit() for ch in candidate) < 9:
        return ()
    return ("NL", "BE")


def _phones(text: str, known: list[Span], lo: int) -> list[Span]:
    """phonenumbers' matcher is thorough but slow: run it on plausible digit runs (with a little context) only,
    and not on a run that is exactly a number found already (a mobile number in its usual spelling)."""
    spans = []
    done = {(k.start, k.end) for k in known}
    for c in scan(PHONE_CANDIDATE, PHONE_CANDIDATE_STARTS, text, lo):
        if (c.start(), c.end()) in done:
            continue
        regions = _phone_regions(c.group(0))
        if not regions:
            continue
        lo, hi = max(0, c.start() - 6), min(len(text), c.end() + 1)
        window = text[lo:hi]
        # with its country code written out (+32, 0031) a number of a possible length is a phone number even where
        # the range is not (yet) allocated; without one it must be a valid number
        lead = c.group(0).lstrip("(")
        levels = [phonenumbers.Leniency.VALID]
        if lead.startswith(("+31", "+32", "0031", "0032")):
            levels.append(phonenumbers.Leniency.POSSIBLE)
        for leniency in levels:
            found = []
            for region in regions:
                found = [pm for pm in phonenumbers.PhoneNumberMatcher(window, region, leniency=leniency)
                         if not _is_reference(text, lo + pm.start)]
                if found:  # a number valid in the Netherlands needs no second look as a Belgian one
                    break
            spans += [Span(lo + pm.start, lo + pm.end, "phone") for pm in found]
            if found:
                break
    return spans


def _numbers(text: str, digit: int) -> list[Span]:
    """``digit``: the position of the first digit. Every pattern here matches from at most three characters before
    a digit on (IBAN: two letters and a space), so the scans start there; the mobile, slashed and digit-run
    patterns hold eight digits at most three characters apart (an EIGHT_DIGITS match) from their first or second
    character on, so they start at most one character before the first such match."""
    spans: list[Span] = []
    eight = (EIGHT_DIGITS_ASCII if text.isascii() else EIGHT_DIGITS).search(text, digit)
    if not eight:
        return spans
    lo, lo8 = max(0, digit - 3), max(0, eight.start() - 1)
    for m in IBAN.finditer(text, lo):
        # the pattern may run on into a following short word ("... 9020 aub"): shorten until the checksum holds
        value = m.group(0)
        while len(value) >= 15:
            compact = re.sub(r"[ .-]", "", value).upper()
            # mod-97 only: the country check also demands a bank code in stdnum's registry, which ages
            if std_iban.is_valid(compact, check_country=False) or NL_IBAN_SHAPE.match(compact):
                spans.append(Span(m.start(), m.start() + len(value), "iban"))
                break
            value = re.sub(r"[ .-]?[A-Za-z0-9]{1,4}$", "", value)
    mobile, slashed = scan(NL_MOBILE, NL_MOBILE_STARTS, text, lo8), scan(BE_SLASHED, BE_SLASHED_STARTS, text, lo8)
    plain = [Span(m.start(), m.end(), "phone") for m in [*mobile, *slashed] if not _is_reference(text, m.start())]
    spans += plain + _phones(text, plain, lo)
    for m in scan(DIGIT_RUN, DIGIT_RUN_STARTS, text, lo8):
        digits = _NON_DIGIT.sub("", m.group(0))
        if len(digits) not in _ID_LENGTHS:
            continue
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


_NON_DIGIT = re.compile(r"\D")
_ID_LENGTHS = {8, 9, 11, *range(13, 20)}  # digits in a BSN (8 or 9), a Belgian national number (11), a card number
HAS_DIGIT = re.compile(r"\d")
ASCII_DIGIT = re.compile(r"[0-9]")  # \d in ASCII text, and a faster scan


def _addresses(text: str, low: str, digit: int) -> list[Span]:
    """``low``: text.lower(); ``digit``: the position of the first digit, -1 for none."""
    spans: list[Span] = []
    if digit < 0:  # an address has a house number, a postcode has digits
        return spans
    if _street_hint(low):
        spans += _street_addresses(text)
    if any(c in low for c in ("adres", "woon", "ophalen", "wonende")):
        spans += [Span(m.start(1), m.end(1), "address") for m in _address_cues(text, low)]
    postcode = POSTCODE_HINT.search(text, digit) is not None
    if postcode:
        spans += _postcodes(text, low)
    if STREET_NUMBER.search(text):
        for m in STREET_IN_PLACE.finditer(text):
            if ADDRESS_WORDS.search(text, max(0, m.start() - 60), m.start()):
                spans.append(Span(m.start(1), m.end(1), "address"))
    if "postcode" in low:
        spans += [Span(m.start(1), m.end(1), "postcode") for m in POSTCODE_WORD.finditer(text)]
    if not postcode:
        return spans
    for m in BE_POSTCODE_LINE.finditer(text):
        spans.append(Span(m.start(1), m.end(1), "postcode"))
        comma = text.rfind(",", m.start(), m.start(1))
        street = STREET_BEFORE.search(text, max(0, comma - 60), comma)  # "Oudaan 2, 2000 Antwerpen"
        if street:
            spans.append(Span(street.start(1), street.end(1), "address"))
    return spans


# Necessary conditions, each a short scan that re runs from its first character: every postcode pattern (NL_POSTCODE,
# STREET_THEN_POSTCODE(_LC), LC_POSTCODE, ADDRESS_BLOCK, BE_POSTCODE_LINE) needs four digits and then a letter;
# STREET_IN_PLACE needs its last capitalised word (and tussenvoegsels) right before a house number.
POSTCODE_HINT = re.compile(r"[1-9]\d{3}\s*[A-Za-z]")
STREET_NUMBER = re.compile(rf"{_STREET_WORD}\d")


def _postcodes(text: str, low: str) -> list[Span]:
    """Postcodes, with the street before them where there is one (only where POSTCODE_HINT matches)."""
    spans = []
    if "\n" in text:
        for m in scan(ADDRESS_BLOCK, LINE_BREAK, text, at_start=True):
            spans += [Span(m.start(1), m.end(1), "address"), Span(m.start(2), m.end(2), "postcode")]
    spans += [Span(m.start(), m.end(), "postcode") for m in NL_POSTCODE.finditer(text)]
    for m in STREET_THEN_POSTCODE.finditer(text) if POSTCODE_BEFORE_PLACE.search(text) else ():
        spans += [Span(m.start(1), m.end(1), "address"), Span(m.start(2), m.end(2), "postcode")]
    if LC_POSTCODE.search(text):
        for m in STREET_THEN_POSTCODE_LC.finditer(text):
            spans += [Span(m.start(1), m.end(1), "address"), Span(m.start(2), m.end(2), "postcode")]
        spans += [Span(m.start(1), m.end(1), "postcode") for m in LC_POSTCODE.finditer(text)
                  if LC_POSTCODE_CONTEXT.search(low, max(0, m.start() - 80), m.start())]
    return spans


STREET_BEFORE = re.compile(rf"(?:^|\n|,[ \t]|:[ \t])[ \t]*((?:[A-Z][\w'’-]+[ \t]+){{1,3}}{_NUMBER})\s*$")


# a digit, white space and a street suffix, in the reversed text ("21 taartskrek"): re finds it from the digits,
# where a scan for the suffixes would try each of them at every position
_SUFFIXES_REVERSED = "|".join(w[::-1] for w in _SUFFIXES.split("|"))
_STREET_HINT_REVERSED = re.compile(rf"\d\s+(?:{_SUFFIXES_REVERSED})")
_STREET_HINT_REVERSED_ASCII = re.compile(rf"[0-9]\s+(?:{_SUFFIXES_REVERSED})")  # (the same in ASCII text, faster)


ADDRESS_CUE_WORDS = ("adres", "woon", "bezorgadres", "afleveradres", "factuuradres", "ophalen", "wonende")


def _address_cues(text: str, low: str) -> Iterator[re.Match[str]]:
    """ADDRESS_CUE.finditer(text), tried only where its words start (it is case-insensitive and opens with \\b: a
    scan tries every position). Those are found in the lower-cased text, which in ASCII text is the same match."""
    if not text.isascii():
        return ADDRESS_CUE.finditer(text)
    starts = sorted({i for w in ADDRESS_CUE_WORDS for i in occurrences(low, w)})
    return matches_at(ADDRESS_CUE, text, starts)


def _street_hint(low: str) -> bool:
    """A word ending in a street suffix followed by white space and a number ("kerkstraat 12")."""
    hint = _STREET_HINT_REVERSED_ASCII if low.isascii() else _STREET_HINT_REVERSED
    return hint.search(low[::-1]) is not None


def _street_addresses(text: str) -> list[Span]:
    spans = []
    for m in ADDRESS.finditer(text):
        spans.append(Span(m.start(), m.end(), "address"))
        after = BE_POSTCODE_AFTER.match(text, m.end())
        if after:
            spans.append(Span(after.start(1), after.end(1), "postcode"))
    return spans


def find_pii(text: str) -> list[Span]:
    """Non-overlapping personal-data spans, in text order."""
    low = text.lower()
    has_at = "@" in text or "[at]" in low or "(at)" in low
    found = [Span(m.start(), m.end(), "email") for m in EMAIL.finditer(text)] if has_at else []
    if " punt " in low:  # spoken: "roel punt mulder at kpnplanet punt nl"
        found += [Span(m.start(), m.end(), "email") for m in SPOKEN_EMAIL.finditer(low)]
    first_digit = (ASCII_DIGIT if text.isascii() else HAS_DIGIT).search(text)
    digit = first_digit.start() if first_digit else -1
    found += _numbers(text, digit) if digit >= 0 else []
    found += _addresses(text, low, digit) + _names(text, digit, low)
    found.sort(key=lambda s: (s.start, -(s.end - s.start)))
    merged: list[Span] = []
    for s in found:
        if merged and s.start < merged[-1].end:
            # overlapping finds: one placeholder over both (the longer one's kind), so no part is left visible
            last = merged[-1]
            kind = s.kind if s.end - s.start > last.end - last.start else last.kind
            merged[-1] = Span(last.start, max(last.end, s.end), kind)
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
