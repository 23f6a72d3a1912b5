"""The redactor's scan shortcuts find exactly what the plain patterns find: matches tried only at candidate
positions (scan, matches_at, CueWords) equal finditer's, and the patterns read backwards on the reversed text
agree with the forward ones. Checked on the PII corpora (data/pii) and generated strings."""

from __future__ import annotations

import json
import random
import re

import pytest

from pipelines import redact as r
from pipelines import redact_names as rn
from tests.conftest import ROOT


def _corpus() -> list[str]:
    texts = []
    for f in sorted((ROOT / "data" / "pii").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


def _generated(parts: list[str], n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(parts) + rng.choice(["", " ", "  ", "\t", "\n", ",", "."])
                    for _ in range(rng.randint(1, 9))) for _ in range(n)]


TEXTS = _corpus()
CASED = TEXTS + [t.lower() for t in TEXTS] + [t.upper() for t in TEXTS]


def _spans(matches) -> list[tuple[int, int, str | None]]:
    return [(m.start(), m.end(), m.lastgroup) for m in matches]


@pytest.mark.parametrize(("pattern", "starts"), [
    (r.NL_MOBILE, r.NL_MOBILE_STARTS), (r.BE_SLASHED, r.BE_SLASHED_STARTS), (r.DIGIT_RUN, r.DIGIT_RUN_STARTS),
    (r.PHONE_CANDIDATE, r.PHONE_CANDIDATE_STARTS),
])
def test_scan_equals_finditer(pattern, starts):
    for text in CASED:
        assert _spans(rn.scan(pattern, starts, text)) == _spans(pattern.finditer(text)), text


CUE_TEXTS = _generated(["beste", "hi", "Sushi", "vandaag", "dag", "groet", "gr", "achternaam", "my name is", "met",
                        "komt", "t.n.v.", "tav", "rekeninghouder", "mijnheer", "Jan", "é", "x1", "\n", ":"], 20000, 4)


def test_cue_words_give_every_start_of_the_cue_patterns():
    for text in CASED + CUE_TEXTS:
        low = r._lowered(text)
        cues = r.CUES.find(low)
        mets = cues.get("met", [])
        checks = [
            (r.GREETING, cues.get("GREETING", []), False), (r.SIGN_OFF, cues.get("SIGN_OFF", []), False),
            (r.TITLED_NAME, cues.get("TITLED_NAME", []), False), (rn.RELATION, cues.get("RELATION", []), False),
            (r.CUE_NAME, cues.get("CUE_NAME", []), False),
            (r.SELF_NAME, sorted(cues.get("SELF_NAME", []) + rn.all_starts(r.SELF_NAME_MET, low)), True),
            (rn.LC_CUES, sorted(cues.get("LC_CUES", []) + rn._before_met(low, mets)), True),
        ]
        for pattern, starts, at_start in checks:
            assert _spans(rn.matches_at(pattern, low, starts, at_start)) == _spans(pattern.finditer(low)), text
        # a cue word is found wherever it starts a word; and where no ASCII letter, digit or "_" stands before it
        assert mets == [i for i in range(len(low)) if low.startswith("met", i)
                        and not (i and re.match("[a-z0-9_]", low[i - 1]))], text
        for gate, words in (("greeting?", r.GREETING_CUES), ("sign-off?", r.SIGN_OFF_CUES), ("self?", r.SELF_CUES)):
            assert r._gate(low, cues, gate, words) == any(c in low for c in words), text
        if not cues.get("SELF_NAME") and "met" not in cues:  # _names() skips _self_names() then
            assert not any(r._self_names(text, low, [])), text


def test_reversed_patterns_agree_with_the_forward_ones():
    references = _generated(["order", "Bestel", "FACTUUR", "doſſier", "klantnr", "KlantNummer", "case", "nummer",
                             "number", "nr.", "no", "#", ":", "x", "12", "ſ", "K"], 20000, 1)
    streets = _generated(["Kerkstraat", "van", "de", "'t", "d'", "Le", "12", "3a", "O'Neil", "St.", "’s", "É", "A"],
                         20000, 2)
    trailing = _generated(["groetjes", "gr", "mvg", "jan", "de", "vries", "j.", "ok", "÷", "!", "?", "x1"], 20000, 3)
    for text in CASED + references + streets + trailing:
        low = r._lowered(text)
        for start in {len(text), len(text) // 2}:
            assert r._is_reference(text, start) == bool(r.REFERENCE_WORDS.search(text[max(0, start - 40) : start]))
        assert (rn._TRAILING_REVERSED.match(low[::-1]) is None) == (rn._TRAILING.search(low) is None), text
        assert rn.trailing_name(text, low) == [] or rn._TRAILING.search(low)
        tail = text.rstrip()
        if r.LAST_LINE_NAME.search(tail, max(0, len(tail) - 80)):
            assert r._NAME_AT_END_REVERSED.match(tail[-80:][::-1]), text


# the patterns as they were first written: the ones above put a character class first (re then tries them only
# where one stands), a lookbehind after the character it looks behind, a repetition's first round before it
PLAIN = [
    (r.IBAN, re.compile(r"\b[A-Z]{2} ?\d{2}(?:[ .-]?[A-Z0-9]{4}){2,7}(?:[ .-]?[A-Z0-9]{1,3})?\b", re.IGNORECASE)),
    (r.EMAIL, re.compile(r"(?<![\w.+-])[\w.+-]+(?:@|\s?[\[(]at[\])]\s?|\s?\[@\]\s?)[\w-]+(?:\.[\w-]+)*"
                         r"(?:\.|\s?[\[(]dot[\])]\s?)[a-z]{2,}\b", re.IGNORECASE)),
    (r.NL_POSTCODE, re.compile(
        r"\b[1-9]\d{3}\s?(?!SA|SD|SS)(?:(?!ML|MB|GB|KB|TB|XL|XS|KG|KM|CM|MM|MG|GR|KW|HZ|PK|EU|LT|CL|DL)[A-Z]{2}\b"
        r"|[A-Z]{2}(?=\s+[A-Z][a-z]))|\b[1-9]\d{3}(?!sa|sd|ss|ml|mb|gb|kb|tb|xl|kg|km|cm|mm|mg|gr|kw|hz)[a-z]{2}\b")),
    (r.LC_POSTCODE, re.compile(
        r"(?<![\d.,])([1-9]\d{3} ?(?!is|en|de|in|op|om|te|of|je|ik|we|ze|al|na|nu|zo|er|ie|eu|pm|am)[a-z]{2})\b"
        r"(?![ \t]*(?:per|euro|km|kg|cm|mm|ml|min|uur))")),
    (r.STREET_IN_PLACE, re.compile(
        rf"((?:[A-Z][\w'’.-]*[ \t]+(?:{r._CONNECT}[ \t]+)*){{1,4}}?" + r._NUMBER
        + r")(?![.,:]\d)(?=,?[ \t]+(?:in[ \t]+)?[A-Z][a-zà-ÿ]{2,}|[ \t]*[,.)]|[ \t]+(?:naast|bij|tegenover)\b)")),
]
NUMBERS = _generated(["NL91", "ABNA", "0417", "1643", "BE68", "5390", "0075", "1234 AB", "1234ab", "2000 mb", "ſ", "İ",
                      "K", "ı", "Kerkstraat", "12", "3a", "Van", "de", "in", "Utrecht", "jan.de.vries", "@", "[at]",
                      "(dot)", "gmail.com", "x", "é", "06", "-", "/", ".", ","], 30000, 5)


def test_patterns_written_for_speed_match_as_written_plainly():
    for text in CASED + NUMBERS:
        for fast, plain in PLAIN:
            assert _spans(fast.finditer(text)) == _spans(plain.finditer(text)), (fast.pattern, text)
            assert [m.groups() for m in fast.finditer(text)] == [m.groups() for m in plain.finditer(text)], text
        if text.isascii():
            assert _spans(r.EIGHT_DIGITS_ASCII.finditer(text)) == _spans(r.EIGHT_DIGITS.finditer(text)), text
            rev = r._lowered(text)[::-1]
            assert _spans(r._STREET_HINT_REVERSED_ASCII.finditer(rev)) == _spans(r._STREET_HINT_REVERSED.finditer(rev))
        assert (r.STREET_NUMBER.search(text) is None) == (
            re.search(rf"[A-Z][\w'’.-]*[ \t]+(?:{r._CONNECT}[ \t]+)*\d", text) is None)
