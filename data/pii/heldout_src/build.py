"""Build data/pii/heldout.jsonl from the hand-written chunk files in this folder.

Held-out planted-PII corpus, written independently of the redactor and of the
team's own planted corpus.

Chunk files (chunk_*.txt) hold one message per block; blocks are separated by a
line containing only "===". Inside a message:

  [[kind|value]]     literal personal data (name, email, address, postcode, ...)
  {{kind:style}}     generated, checksum-valid personal data (iban, bsn, nn, card, phone)

Everything is deterministic (one seed per chunk file), so re-running rebuilds the
same file; every new chunk is appended after the earlier ones.

Usage: .venv/bin/python data/pii/heldout_src/build.py [--src DIR] [--out FILE] [--seed N]

Without options it rebuilds data/pii/heldout.jsonl from this folder (seed base
20260500). The same format serves other corpora, e.g. the unseen corpus:

  .venv/bin/python data/pii/heldout_src/build.py --src data/pii/unseen_src --out data/pii/unseen.jsonl

For another folder the seed base defaults to a value derived from the folder
name (crc32), so its generated numbers differ from those of heldout.jsonl.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import zlib
from pathlib import Path

from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.be import iban as be_iban
from stdnum.be import nn as be_nn
from stdnum.nl import bsn as nl_bsn

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "heldout.jsonl"

TOKEN = re.compile(r"\[\[(\w+)\|(.+?)\]\]|\{\{(\w+):([^}]+)\}\}", re.S)

NL_BANKS = ["ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ", "RBRB"]
BE_BANKS = ["001", "068", "363", "734", "737", "310", "973", "063", "750"]


class Gen:
    def __init__(self, seed: int, used: set[str]):
        self.r = random.Random(seed)
        self.used = used

    def _uniq(self, f):
        for _ in range(1000):
            v = f()
            key = re.sub(r"[^0-9A-Za-z]", "", v).upper()
            if key not in self.used:
                self.used.add(key)
                return v
        raise RuntimeError("could not make a unique value")

    def digits(self, n: int) -> str:
        return "".join(str(self.r.randint(0, 9)) for _ in range(n))

    # ---- phone: pattern chars  # any digit, N 2-9, M 1-5 (NL mobile), K 7-9 (BE mobile)
    def phone(self, pattern: str) -> str:
        def f():
            out = []
            for ch in pattern:
                if ch == "#":
                    out.append(str(self.r.randint(0, 9)))
                elif ch == "N":
                    out.append(str(self.r.randint(2, 9)))
                elif ch == "M":
                    out.append(str(self.r.randint(1, 5)))
                elif ch == "K":
                    out.append(str(self.r.randint(7, 9)))
                else:
                    out.append(ch)
            return "".join(out)
        return self._uniq(f)

    # ---- IBAN: style = NL-sp, NL-plain, NL-lower, NL-lowsp, NL-odd, BE-sp, BE-plain, BE-lower, BE-lowsp
    def iban(self, style: str) -> str:
        country, fmt = style.split("-")

        def f():
            if country == "NL":
                bban = self.r.choice(NL_BANKS) + str(self.r.randint(1, 9)) + self.digits(9)
            else:
                bank = self.r.choice(BE_BANKS)
                acc = bank + self.digits(7)
                chk = int(acc) % 97 or 97
                bban = acc + f"{chk:02d}"
            cd = std_iban.calc_check_digits(country + "00" + bban)
            compact = country + cd + bban
            assert std_iban.is_valid(compact), compact
            if country == "BE":
                assert be_iban.is_valid(compact), compact
            grouped = " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))
            if fmt == "plain":
                return compact
            if fmt == "sp":
                return grouped
            if fmt == "lower":
                return compact.lower()
            if fmt == "lowsp":
                return grouped.lower()
            if fmt == "odd":  # "NL 91 ABNA 0417 1643 00"
                return f"{compact[:2]} {compact[2:4]} " + " ".join(compact[i:i + 4] for i in range(4, len(compact), 4))
            raise ValueError(style)
        return self._uniq(f)

    # ---- BSN: plain, dots (1234.56.789), dots3 (123.456.789), space (123 456 789)
    def bsn(self, style: str) -> str:
        def f():
            while True:
                d = [self.r.randint(1, 9)] + [self.r.randint(0, 9) for _ in range(7)]
                s = sum(x * w for x, w in zip(d, range(9, 1, -1)))
                last = s % 11
                if last < 10:
                    n = "".join(map(str, d)) + str(last)
                    assert nl_bsn.is_valid(n), n
                    break
            return {"plain": n, "dots": f"{n[:4]}.{n[4:6]}.{n[6:]}",
                    "dots3": f"{n[:3]}.{n[3:6]}.{n[6:]}", "space": f"{n[:3]} {n[3:6]} {n[6:]}"}[style]
        return self._uniq(f)

    # ---- Belgian rijksregisternummer: dots (85.07.30-033.28), plain, dash (850730-033-28), space (850730 033 28)
    def nn(self, style: str) -> str:
        def f():
            y = self.r.randint(1940, 2006)
            m = self.r.randint(1, 12)
            d = self.r.randint(1, 28)
            cnt = self.r.randint(1, 997)
            n9 = f"{y % 100:02d}{m:02d}{d:02d}{cnt:03d}"
            base = int(("2" if y >= 2000 else "") + n9)
            chk = 97 - base % 97
            n = n9 + f"{chk:02d}"
            assert be_nn.is_valid(n), n
            return {"plain": n, "dots": f"{n[:2]}.{n[2:4]}.{n[4:6]}-{n[6:9]}.{n[9:]}",
                    "dash": f"{n[:6]}-{n[6:9]}-{n[9:]}", "space": f"{n[:6]} {n[6:9]} {n[9:]}",
                    "dotsp": f"{n[:2]}.{n[2:4]}.{n[4:6]} {n[6:9]} {n[9:]}"}[style]
        return self._uniq(f)

    # ---- payment card: visa/mc/amex/bcmc + -sp/-plain/-dash
    def card(self, style: str) -> str:
        brand, fmt = style.split("-")

        def f():
            if brand == "visa":
                body = "4" + self.digits(14)
            elif brand == "mc":
                body = "5" + str(self.r.randint(1, 5)) + self.digits(13)
            elif brand == "amex":
                body = "3" + self.r.choice("47") + self.digits(12)
            elif brand == "bcmc":
                body = "6703" + self.digits(12)
            else:
                raise ValueError(style)
            n = body + luhn.calc_check_digit(body)
            assert luhn.is_valid(n)
            if brand == "amex":
                groups = [n[:4], n[4:10], n[10:]]
            elif brand == "bcmc":
                groups = [n[:4], n[4:8], n[8:12], n[12:16], n[16:]]
            else:
                groups = [n[i:i + 4] for i in range(0, len(n), 4)]
            return {"sp": " ".join(groups), "plain": n, "dash": "-".join(groups)}[fmt]
        return self._uniq(f)

    def make(self, kind: str, style: str) -> str:
        return getattr(self, kind)(style)


KIND_OF_GEN = {"phone": "phone", "iban": "iban", "bsn": "bsn", "nn": "be_nn", "card": "card"}
KINDS = {"email", "phone", "iban", "bsn", "be_nn", "card", "address", "postcode", "name"}


def render(block: str, gen: Gen) -> dict:
    pii = []
    parts = []
    pos = 0
    for m in TOKEN.finditer(block):
        parts.append(block[pos:m.start()])
        if m.group(1):
            kind, value = m.group(1), m.group(2)
        else:
            kind, value = KIND_OF_GEN[m.group(3)], gen.make(m.group(3), m.group(4))
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r} in {block[:60]!r}")
        parts.append(value)
        pii.append({"value": value, "kind": kind})
        pos = m.end()
    parts.append(block[pos:])
    return {"text": "".join(parts), "pii": pii}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=HERE, help="folder with chunk_*.txt (default: this folder)")
    ap.add_argument("--out", type=Path, default=OUT, help="output jsonl (default: data/pii/heldout.jsonl)")
    ap.add_argument("--seed", type=int, default=None,
                    help="seed base (default: 20260500 for this folder, else derived from the folder name)")
    args = ap.parse_args(argv)
    src = args.src.resolve()
    if args.seed is not None:
        seed = args.seed
    elif src == HERE:
        seed = 20260500
    else:
        seed = 20260500 + 1000 * (zlib.crc32(src.name.encode("utf-8")) % 100000)
    chunks = sorted(src.glob("chunk_*.txt"))
    if not chunks:
        sys.exit(f"no chunk_*.txt in {src}")
    used: set[str] = set()
    records = []
    for i, path in enumerate(chunks):
        gen = Gen(seed + i, used)
        blocks = [b.strip("\n") for b in re.split(r"^===\s*$", path.read_text(encoding="utf-8"), flags=re.M)]
        for b in blocks:
            if b.strip():
                records.append(render(b.strip(), gen))
        print(f"{path.name}: {len(blocks)} blocks", file=sys.stderr)
    with args.out.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} records to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
