"""Build data/pii/planted.jsonl: Dutch customer sentences with planted personal data and its exact spans.

Run: .venv/bin/python data/pii/build_planted.py  (deterministic: seeded). Every value is fake but well formed
(valid IBAN/BSN/national-number/card checksums, real NL/BE number plans), in the spellings customers use.
Each record: {"text", "pii": [{"start", "end", "kind", "value"}], "clean_chars"} where clean_chars counts the
characters that are not personal data (the denominator of the "clean text altered" figure).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.nl import bsn as nl_bsn

OUT = Path(__file__).with_name("planted.jsonl")
rng = random.Random(20260312)

FIRST = [
    "Jan",
    "Sanne",
    "Piet",
    "Fatima",
    "Mohamed",
    "Anouk",
    "Kees",
    "Lotte",
    "Bram",
    "Eline",
    "Tom",
    "Noor",
    "Sophie",
    "Daan",
    "Lieke",
    "Wouter",
    "Yasmina",
    "Jeroen",
    "Femke",
    "Ruben",
    "Hanne",
    "Jens",
    "Marieke",
    "Senne",
    "Lore",
    "Wout",
    "Emre",
    "Priya",
    "Ilse",
    "Stijn",
    "Nathalie",
    "Koen",
    "Elif",
    "Thijs",
    "Ans",
]
LAST = [
    "de Vries",
    "Jansen",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Peeters",
    "Janssens",
    "Maes",
    "Claes",
    "Wouters",
    "El Amrani",
    "Yilmaz",
    "van Dijk",
    "Vermeulen",
    "Hendriks",
    "van der Linden",
    "Dubois",
    "Willems",
    "Goossens",
    "Bos",
    "Kok",
    "Verbruggen",
]
STREETS = [
    "Kerkstraat",
    "Dorpsweg",
    "Molenlaan",
    "Stationsplein",
    "Lindenlaan",
    "Van Baerlestraat",
    "Nieuwe Gracht",
    "Havenkade",
    "Schoolstraat",
    "Beukenlaan",
    "Kortrijksesteenweg",
    "Meir",
    "Grote Markt",
    "Turnhoutsebaan",
    "Vlaamsekaai",
    "Zeedijk",
    "Prinsengracht",
    "Burgemeester Roelenweg",
    "Oude Vest",
]
CITIES_NL = ["Amsterdam", "Utrecht", "Zwolle", "Groningen", "Eindhoven", "Den Haag", "Leiden", "Tilburg"]
CITIES_BE = [("2000", "Antwerpen"), ("9000", "Gent"), ("3000", "Leuven"), ("8000", "Brugge"), ("3500", "Hasselt")]
EMAIL_DOMAINS = [
    "gmail.com",
    "hotmail.com",
    "ziggo.nl",
    "kpnmail.nl",
    "telenet.be",
    "outlook.be",
    "live.nl",
    "xs4all.nl",
    "proximus.be",
    "icloud.com",
]


def person() -> tuple[str, str]:
    return rng.choice(FIRST), rng.choice(LAST)


def email() -> str:
    f, last = person()
    slug = last.replace(" ", "").lower()
    return (
        rng.choice(
            [
                f"{f.lower()}.{slug}",
                f"{f[0].lower()}.{slug}",
                f"{f.lower()}{rng.randint(1, 99)}",
                f"{f.lower()}_{slug}",
                f"{f.lower()}+bestellingen",
            ]
        )
        + "@"
        + rng.choice(EMAIL_DOMAINS)
    )


def _digits(n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def phone() -> str:
    sub = str(rng.randint(1, 5)) + _digits(7)  # allocated Dutch mobile ranges 061-065
    choices = [
        f"06-{sub}",
        f"06 {sub[:4]} {sub[4:]}",
        f"06{sub}",
        f"+31 6 {sub}",
        f"+31 (0)6 {sub[:4]} {sub[4:]}",
        f"+316{sub}",
        f"0031 6 {sub[:2]} {sub[2:4]} {sub[4:6]} {sub[6:]}",
        f"06 {sub[:2]} {sub[2:4]} {sub[4:6]} {sub[6:]}",
        f"020-{_digits(7)}",
        f"010 {_digits(3)} {_digits(4)}",
        f"(030) {_digits(3)} {_digits(2)} {_digits(2)}",
        f"0{rng.choice(['70', '40', '50', '38'])}-{_digits(7)}",
        f"04{rng.choice(['70', '75', '86', '95'])} {_digits(2)} {_digits(2)} {_digits(2)}",
        f"+32 4{rng.choice(['70', '77', '94'])} {_digits(2)} {_digits(2)} {_digits(2)}",
        f"0032 4{rng.choice(['78', '85'])} {_digits(2)} {_digits(2)} {_digits(2)}",
        f"09 {_digits(3)} {_digits(2)} {_digits(2)}",
        f"02/{_digits(3)}.{_digits(2)}.{_digits(2)}",
        f"+32 2 {_digits(3)} {_digits(2)} {_digits(2)}",
        f"04{rng.choice(['70', '96'])}/{_digits(2)}.{_digits(2)}.{_digits(2)}",
    ]
    return rng.choice(choices)


def iban() -> str:
    if rng.random() < 0.6:
        bban = rng.choice(["ABNA", "INGB", "RABO", "SNSB", "TRIO", "KNAB", "BUNQ"]) + _digits(10)
        country = "NL"
    else:
        acct = rng.choice(["001", "068", "363", "734", "096", "143"]) + _digits(7)  # real Belgian bank codes
        bban = acct + f"{int(acct) % 97 or 97:02d}"
        country = "BE"
    check = std_iban.calc_check_digits(country + "00" + bban)
    compact = country + check + bban
    assert std_iban.is_valid(compact)
    if rng.random() < 0.5:
        return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
    return compact if rng.random() < 0.8 else compact.lower()


def bsn() -> str:
    while True:
        b = _digits(9)
        if b[0] != "0" and nl_bsn.is_valid(b):
            break
    return rng.choice([b, f"{b[:3]}.{b[3:5]}.{b[5:]}", f"{b[:4]}.{b[4:6]}.{b[6:]}", f"{b[:3]} {b[3:6]} {b[6:]}"])


def be_nn() -> str:
    yy, mm, dd = rng.randint(50, 99), rng.randint(1, 12), rng.randint(1, 28)
    seq = rng.randint(1, 997)
    base = f"{yy:02d}{mm:02d}{dd:02d}{seq:03d}"
    check = 97 - int(base) % 97
    d = f"{base}{check:02d}"
    return rng.choice([d, f"{d[:2]}.{d[2:4]}.{d[4:6]}-{d[6:9]}.{d[9:]}", f"{d[:6]} {d[6:9]} {d[9:]}"])


def card() -> str:
    prefix = rng.choice(["4", "51", "52", "55", "37"])
    length = 15 if prefix == "37" else 16
    body = prefix + _digits(length - len(prefix) - 1)
    full = body + luhn.calc_check_digit(body)
    if rng.random() < 0.6:
        return " ".join(full[i : i + 4] for i in range(0, len(full), 4))
    return full if rng.random() < 0.5 else "-".join(full[i : i + 4] for i in range(0, len(full), 4))


def address() -> str:
    return f"{rng.choice(STREETS)} {rng.randint(1, 240)}{rng.choice(['', '', 'a', 'B', '-2', ' bus 3', 'bis'])}"


def postcode() -> str:
    p = f"{rng.randint(1000, 9999)}{''.join(rng.choice('ABCEGHJKLMNPRTVWXZ') for _ in range(2))}"
    return rng.choice([p, p[:4] + " " + p[4:]])


# Carrier sentences: {X} marks where a value goes. Each kind has several, in the registers customers use.
CARRIERS: dict[str, list[str]] = {
    "email": [
        "Mijn mailadres is {X}, stuur de factuur daarheen aub.",
        "kunnen jullie mailen naar {X}? thx",
        "Ik heb vanaf {X} al drie keer gemaild zonder antwoord!",
        "Contact: {X}",
        "graag de retourlabel naar {X} sturen",
        "Mijn account staat op {X} maar ik kan niet inloggen.",
        "Stuur het maar naar {X} want mijn werkmail leest niemand",
        "E-mail: {X} | bestelling 88213",
    ],
    "phone": [
        "U kunt mij bereiken op {X}.",
        "bel me ff terug op {X} ajb",
        "Mijn gsm-nummer is {X}, na 17u bereikbaar.",
        "Telefoonnummer: {X}",
        "Ik ben al drie keer teruggebeld op {X} maar nooit iemand gehad.",
        "de bezorger kan {X} bellen als ik niet thuis ben",
        "Bereikbaar via {X} (overdag).",
        "ja euh mijn nummer is {X} weet je",
    ],
    "iban": [
        "Graag het bedrag terugstorten op {X} t.n.v. mijn partner.",
        "Mijn rekeningnummer is {X}.",
        "IBAN: {X}",
        "De dubbele afschrijving is van {X} gegaan.",
        "stort het maar terug op {X} aub",
        "Terugbetaling graag op rekening {X}, dank u.",
    ],
    "bsn": [
        "Mijn BSN is {X}.",
        "Ze vroegen mijn burgerservicenummer ({X}) maar dat wil ik niet delen via de chat.",
        "bsn {X}",
        "Voor de aanvraag: BSN {X}, geboren 12-03-1980.",
    ],
    "be_nn": [
        "Mijn rijksregisternummer is {X}.",
        "Rijksregisternr.: {X}",
        "ik heb mijn rijksregisternummer {X} al doorgegeven",
        "Nationaal nummer {X}, zoals gevraagd.",
    ],
    "card": [
        "Ik heb betaald met kaart {X} en het bedrag is twee keer afgeschreven.",
        "creditcard: {X}",
        "De betaling met {X} is mislukt maar wel afgeschreven??",
        "kaartnummer {X} geblokkeerd na jullie fout",
    ],
    "address": [
        "Het pakket moest naar {X} maar ligt nu bij de buren.",
        "Mijn adres is {X}, {P}.",
        "Bezorgadres: {X}",
        "ik woon op {X} en de bezorger zegt dat hij me niet kon vinden",
        "Graag ophalen op {X}, ik ben thuis tussen 9 en 12.",
    ],
    "greeting_name": [
        "Beste {N}, bedankt voor uw snelle reactie.",
        "Hoi {N}! Het mes is eindelijk binnen.",
        "Geachte mevrouw {L}, hierbij mijn klacht.",
        "Dag {N}, ik heb nog een vraag over mijn bestelling.",
        "Beste meneer {L}, het retourlabel werkt niet.",
        "Hallo {N}, fijn dat je me terugbelde.",
    ],
    "signoff_name": [
        "Alvast bedankt.\n\nMet vriendelijke groet,\n{N}",
        "Ik hoor graag van jullie. Groetjes, {N}",
        "Dank voor de moeite!\nMvg {N}",
        "Graag een reactie.\n\nVriendelijke groeten,\n{N}",
        "Het mes is prachtig. Groet, {N}",
        "Laat maar weten.\nGr. {N}",
    ],
    "self_name": [
        "Goedemiddag, u spreekt met {N}, ik bel over mijn bestelling.",
        "Mijn naam is {N} en ik heb een klacht.",
        "ja hallo met {N}, ik bel over die retour",
    ],
}
# Text that must survive: dates, prices, times, order numbers. Appended to some records as clean context.
CLEAN_TAILS = [
    "Bestelnummer 20260312 van 12-03-2026 (€ 89,95).",
    "Ordernummer 123456782, besteld om 14:05.",
    "Het ging om 2 messen van €129,- per stuk.",
    "Levering was beloofd op 3 april 2026 tussen 10:00 en 12:00.",
    "Ticket #48213 is nog open.",
    "Klantnummer 5512034, factuur F-2026-0412.",
    "Track & trace 3SKAB1234567.",
    "Ik heb 3 weken gewacht, sinds 1 maart.",
    "Totaal € 1.249,00 incl. btw.",
    "Retour aangemeld op 05-05-2026.",
]


def _fill(carrier: str, kind: str) -> tuple[str, list[dict]]:
    pii = []
    text = carrier
    first, last = person()
    subst = {
        "email": email,
        "phone": phone,
        "iban": iban,
        "bsn": bsn,
        "be_nn": be_nn,
        "card": card,
        "address": address,
    }
    out = ""
    i = 0
    while i < len(text):
        if text.startswith("{X}", i):
            value = subst[kind]()
            pii.append({"start": len(out), "end": len(out) + len(value), "kind": kind, "value": value})
            out += value
            i += 3
        elif text.startswith("{P}", i):
            if rng.random() < 0.5:
                value = postcode()
                pii.append({"start": len(out), "end": len(out) + len(value), "kind": "postcode", "value": value})
                out += value + " " + rng.choice(CITIES_NL)
            else:
                code, city = rng.choice(CITIES_BE)
                pii.append({"start": len(out), "end": len(out) + 4, "kind": "postcode", "value": code})
                out += f"{code} {city}"
            i += 3
        elif text.startswith("{N}", i) or text.startswith("{L}", i):
            value = (
                f"{first} {last}"
                if (text[i + 1] == "N" and rng.random() < 0.5)
                else (first if text[i + 1] == "N" else last[0].upper() + last[1:])
            )
            pii.append({"start": len(out), "end": len(out) + len(value), "kind": "name", "value": value})
            out += value
            i += 3
        else:
            out += text[i]
            i += 1
    return out, pii


def build(n_per_kind: int = 60) -> list[dict]:
    records = []
    for kind, carriers in CARRIERS.items():
        value_kind = kind if kind in ("email", "phone", "iban", "bsn", "be_nn", "card", "address") else "name"
        for _ in range(n_per_kind):
            text, pii = _fill(rng.choice(carriers), value_kind)
            if rng.random() < 0.5:
                tail = rng.choice(CLEAN_TAILS)
                sep = "\n" if kind == "signoff_name" else " "  # nothing follows a signature on its own line
                text, pii = (
                    (text + sep + tail, pii)
                    if rng.random() < 0.5
                    else (
                        tail + " " + text,
                        [{**p, "start": p["start"] + len(tail) + 1, "end": p["end"] + len(tail) + 1} for p in pii],
                    )
                )
            clean = len(text) - sum(p["end"] - p["start"] for p in pii)
            records.append({"text": text, "pii": pii, "clean_chars": clean})
    rng.shuffle(records)
    return records


def main() -> None:
    records = build()
    with OUT.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} records, {sum(len(r['pii']) for r in records)} planted values to {OUT}")


if __name__ == "__main__":
    main()
