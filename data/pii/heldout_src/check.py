"""Sanity checks and counts for data/pii/heldout.jsonl.

Usage: .venv/bin/python data/pii/heldout_src/check.py [--path FILE] [--informal]

--path picks another corpus in the same format (default: data/pii/heldout.jsonl).
--informal also accepts what informal chats and call transcripts contain:
names and NL postcodes written in lower case ("groetjes sanne", "1234 ab") and
e-mail addresses spelled out ("jan punt smit at gmail punt com", "... apenstaartje ...").
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.be import nn as be_nn
from stdnum.nl import bsn as nl_bsn

PATH = Path(__file__).resolve().parent.parent / "heldout.jsonl"
KINDS = ["email", "phone", "iban", "bsn", "be_nn", "card", "address", "postcode", "name"]


def digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def check_value(kind: str, v: str, informal: bool = False) -> str | None:
    d = digits(v)
    if informal:
        if kind == "name" and re.fullmatch(r"[a-zà-ÿ][\w'’.\- ]*", v):
            return None
        if kind == "postcode" and re.fullmatch(r"[1-9]\d{3} ?[a-z]{2}", v):
            return None if v[-2:] not in {"sa", "sd", "ss"} else "NL postcode with SA/SD/SS"
        if kind == "email" and re.search(r"\b(at|apenstaartje)\b", v) and re.search(r"\bpunt\b", v):
            return None
    if kind == "iban":
        return None if std_iban.is_valid(v.replace(" ", "").upper()) else "invalid IBAN"
    if kind == "bsn":
        return None if len(d) == 9 and nl_bsn.is_valid(d) else "invalid BSN"
    if kind == "be_nn":
        return None if be_nn.is_valid(d) else "invalid rijksregisternummer"
    if kind == "card":
        return None if 13 <= len(d) <= 19 and luhn.is_valid(d) else "invalid card"
    if kind == "email":
        return None if re.fullmatch(r"[^\s@]+@[^\s@]+\.[a-z]{2,}", v, re.I) or "[at]" in v or "(at)" in v else "odd email"
    if kind == "postcode":
        if re.fullmatch(r"[1-9]\d{3} ?[A-Z]{2}", v):
            return None if v[-2:] not in {"SA", "SD", "SS"} else "NL postcode with SA/SD/SS"
        return None if re.fullmatch(r"[1-9]\d{3}", v) else "odd postcode"
    if kind == "phone":
        if d.startswith("0031"):
            d = "0" + d[4:]
        elif d.startswith("0032"):
            d = "0" + d[4:]
        elif v.startswith("+31") or v.startswith("+32"):
            d = "0" + d[2:]
        if "(0)" in v:
            d = d.replace("00", "0", 1)
        ok_nl = d.startswith("0") and len(d) == 10 and not d.startswith("00")
        ok_be = d.startswith("04") and len(d) == 10 or (d.startswith("0") and len(d) == 9)
        if d.startswith("06") and d[2] not in "12345":
            return "NL mobile outside 061-065"
        return None if ok_nl or ok_be else f"odd phone ({d})"
    if kind == "address":
        return None if re.search(r"\d", v) and re.search(r"[A-Za-z]{3}", v) else "odd address"
    if kind == "name":
        return None if v[:1].isupper() or v[:1] in "'" or v.startswith(("van", "de ", "ter", "in ")) else "odd name"
    return f"unknown kind {kind}"


def stray_numbers(text: str, pii_values: list[str]) -> list[str]:
    """Checksum-valid identifiers in the text that are NOT labelled (would be unfair traps)."""
    masked = text
    for v in sorted(pii_values, key=len, reverse=True):
        masked = masked.replace(v, " " * len(v))
    found = []
    for m in re.finditer(r"\d[\d .\-/]{7,30}\d", masked):
        run = digits(m.group())
        for cand in {run, digits(m.group().split("/")[0])}:
            if len(cand) == 9 and nl_bsn.is_valid(cand):
                found.append(f"BSN-valid {m.group()!r}")
            if len(cand) == 11 and be_nn.is_valid(cand):
                found.append(f"NN-valid {m.group()!r}")
            if 13 <= len(cand) <= 19 and luhn.is_valid(cand):
                found.append(f"Luhn-valid {m.group()!r}")
    for m in re.finditer(r"\b[A-Z]{2}\d{2}[A-Z0-9 ]{10,30}", masked, re.I):
        if std_iban.is_valid(m.group().replace(" ", "").upper()[:34]):
            found.append(f"IBAN-valid {m.group()!r}")
    for m in re.finditer(r"[^\s@]+@[^\s@]+\.\w+", masked):
        found.append(f"unlabelled email {m.group()!r}")
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--path", type=Path, default=PATH, help="corpus to check (default: data/pii/heldout.jsonl)")
    ap.add_argument("--informal", action="store_true",
                    help="accept lower-case names and postcodes and spelled-out e-mail addresses")
    args = ap.parse_args(argv)
    errors = []
    records = []
    for i, line in enumerate(args.path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"line {i}: invalid JSON ({e})")
            continue
        if set(rec) != {"text", "pii"} or not isinstance(rec["text"], str) or not isinstance(rec["pii"], list):
            errors.append(f"line {i}: bad record shape")
            continue
        for p in rec["pii"]:
            if set(p) != {"value", "kind"}:
                errors.append(f"line {i}: bad pii entry {p}")
                continue
            if p["kind"] not in KINDS:
                errors.append(f"line {i}: unknown kind {p['kind']}")
            if p["value"] not in rec["text"]:
                errors.append(f"line {i}: value {p['value']!r} not in text")
            if p["value"] != p["value"].strip() or not p["value"]:
                errors.append(f"line {i}: value has outer whitespace {p['value']!r}")
            err = check_value(p["kind"], p["value"], args.informal)
            if err:
                errors.append(f"line {i}: {err}: {p['value']!r}")
        for s in stray_numbers(rec["text"], [p["value"] for p in rec["pii"]]):
            errors.append(f"line {i}: {s}")
        records.append(rec)

    texts = Counter(r["text"] for r in records)
    for t, c in texts.items():
        if c > 1:
            errors.append(f"duplicate text x{c}: {t[:60]!r}")
    values = Counter(p["value"] for r in records for p in r["pii"] if p["kind"] not in ("name", "postcode"))
    for v, c in values.items():
        if c > 1:
            errors.append(f"value used in {c} records: {v!r}")

    rec_per_kind = Counter(k for r in records for k in {p["kind"] for p in r["pii"]})
    val_per_kind = Counter(p["kind"] for r in records for p in r["pii"])
    nkinds = Counter(len({p["kind"] for p in r["pii"]}) for r in records)
    print(f"records: {len(records)}")
    print(f"records with PII: {sum(1 for r in records if r['pii'])}")
    print(f"records without PII: {sum(1 for r in records if not r['pii'])}")
    print("kind        records  values")
    for k in KINDS:
        print(f"{k:10s} {rec_per_kind[k]:8d} {val_per_kind[k]:7d}")
    print("distinct kinds per record:", dict(sorted(nkinds.items())))
    for e in errors:
        print("ERROR", e)
    print(f"{len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
