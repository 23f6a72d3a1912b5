"""Generate the sample exports in data/samples/exports/: six months of customer contacts of one fictional
kitchenware web shop (KookKompas), one file per export format the ingest pipeline supports.

Run: .venv/bin/python data/samples/generate.py   (deterministic: one random.Random(2026); same output every run)

Everything is synthetic: customers, addresses, phone numbers, IBANs (valid checksums, fake accounts), order
numbers and all texts were written for Klantgevoel. The texts are composed from hand-written Dutch and Flemish
utterance pools (situation x emotion) with varied openings, details and closings. Four patterns are planted on
purpose (see data/samples/README.md); the script prints the realised figures at the end.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import unicodedata
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import phonenumbers
from openpyxl import Workbook
from stdnum import iban as stdiban

OUT = Path(__file__).resolve().parent / "exports"
LOCAL = ZoneInfo("Europe/Amsterdam")
START, END = date(2026, 1, 1), date(2026, 6, 30)
SHOP = "KookKompas"
CARRIER = "PakketPijl"
R = random.Random(2026)

# ---- planted patterns (the numbers README.md quotes) ---------------------------------------------------------
# (1) carrier PakketPijl has delays in March: emotion mix of first delivery contacts
DELIVERY_MARCH = {"annoyance": .35, "anger": .20, "nervousness": .15, "neutral": .15, "relief": .05, "desire": .05,
                  "gratitude": .05}
DELIVERY_OTHER = {"annoyance": .11, "anger": .04, "nervousness": .22, "neutral": .30, "relief": .12, "desire": .10,
                  "gratitude": .11}
# (2) chat resolves better than e-mail: emotion of the follow-up contact, by the channel of the contact before it
FOLLOWUP_AFTER = {
    "chat": {"gratitude": .45, "relief": .30, "neutral": .13, "annoyance": .10, "anger": .02},
    "email": {"gratitude": .08, "relief": .10, "neutral": .20, "annoyance": .40, "anger": .22},
    "other": {"gratitude": .30, "relief": .20, "neutral": .20, "annoyance": .22, "anger": .08},
}
# (3) the returns portal breaks in May
RETURNS_MAY = {"annoyance": .50, "anger": .15, "nervousness": .12, "neutral": .15, "disappointment": .03,
               "relief": .05}
RETURNS_OTHER = {"annoyance": .18, "anger": .04, "nervousness": .18, "neutral": .40, "disappointment": .10,
                 "relief": .10}
MAY_RETURN_EXTRA_CUSTOMERS = 70  # the outage also brings extra returns contacts
# (4) the star knife: reviews mostly joy, except the April batch with chipped edges
STAR_REVIEW_APRIL = {"disappointment": .60, "annoyance": .10, "joy": .20, "neutral": .10}
STAR_REVIEW_OTHER = {"joy": .70, "gratitude": .08, "neutral": .06, "disappointment": .08, "annoyance": .06,
                     "anger": .02}
APRIL_STAR_EXTRA_CUSTOMERS = 45

N_CUSTOMERS = 860
BE_SHARE = 0.27
FOREIGN_SHARE = 0.025  # customers who write in English, French or German

NEGATIVE = ("anger", "annoyance", "disappointment", "nervousness")
POSITIVE = ("gratitude", "joy", "relief")


def pick(weights: dict[str, float] | dict[str, int]) -> str:
    keys = list(weights)
    return R.choices(keys, weights=[weights[k] for k in keys])[0]


_QUOTA: dict[str, list[str]] = {}


def quota(name: str, weights: dict[str, float]) -> str:
    """Draw from a shuffled deck holding each emotion in its exact share per 100 draws, so that the realised
    mix of a planted pattern follows its documented numbers closely."""
    deck = _QUOTA.get(name)
    if not deck:
        deck = [k for k, w in weights.items() for _ in range(round(w * 100))]
        R.shuffle(deck)
        _QUOTA[name] = deck
    return deck.pop()


def chance(p: float) -> bool:
    return R.random() < p


# ---- people ----------------------------------------------------------------------------------------------------

NL_FIRST = (  # noqa: SIM905 (a name list reads better as one string)
    "Sanne Lotte Emma Anouk Fleur Marieke Ingrid Petra Yvonne Fatima Noor Iris Femke Esther Linda Monique Saskia "
    "Naomi Ilse Joyce Nadia Wendy Kim Laura Anne Marloes Hanneke Mirjam Tamara Daphne Romy Eline Judith Priya Samira "
    "Annemiek Karin Renate Willemijn Jolien Daan Bram Thijs Jeroen Martijn Pieter Kees Sander Ruben Mohamed Youssef "
    "Hans Wim Gerard Ronald Bas Stefan Joost Niels Tim Rick Maarten Erik Frank Henk Koen Arjen Mark Jasper Thomas "
    "Mehmet Dennis Vincent Roel Sjoerd Tjeerd Guus Luuk Stijn Rutger Hidde Floor Merel Jesse Sem Lieke"
).split()
NL_LAST = [
    "de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
    "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits",
    "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel",
    "van der Veen", "van den Broek", "de Bruijn", "Schouten", "Willems", "van Dijk", "Hoekstra", "Koster", "Prins",
    "Blom", "Huisman", "Kuipers", "Veenstra", "El Amrani", "Yilmaz", "Bouzid", "Ramdin", "Tjon A Fong", "Nguyen",
    "Post", "Wolters", "Groen", "Zwart", "Timmermans", "Verhoeven", "Boersma", "Postma", "Kramer", "van Beek",
    "Scholten", "Lammers", "Evers", "Mol", "Hofman", "van Wijk", "Jonker", "Sterk", "Oosterhuis",
]
BE_FIRST = (  # noqa: SIM905
    "Jef Lies Wout An Els Stijn Pieter-Jan Sofie Griet Bart Tom Hanne Lotte Jonas Elke Kristof Nathalie Dries Ine "
    "Liesbeth Koen Tine Wim Joke Bram Sarah Ruben Katrien Geert Marijke Jens Femke Yasmine Karel Mieke Arne Ward "
    "Lien Nele Brecht Evy Jolien Senne Ilse Toon Annelies Wannes Fien Lander"
).split()
BE_LAST = [
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet",
    "Van den Broeck", "Vermeulen", "De Clercq", "Hermans", "Aerts", "Michiels", "Lambrechts", "Desmet",
    "Verstraete", "Van Damme", "De Backer", "Van de Velde", "Coppens", "Vandenberghe", "Wuyts", "Segers",
    "Verhaegen", "Cools", "Smets", "Van Hecke", "De Wilde", "Pauwels", "Verbeke", "Martens", "Stevens",
    "Vanderlinden", "Baert", "Dewulf", "Claeys", "Van Acker",
]
FOREIGN = {
    "en": (["James", "Emily", "Oliver", "Sophie", "Daniel", "Hannah"], ["Walker", "Hughes", "Carter", "Bennett"]),
    "fr": (["Camille", "Julien", "Chloé", "Thomas", "Manon", "Nicolas"], ["Dubois", "Lambert", "Lefèvre", "Dupont"]),
    "de": (["Lukas", "Anna", "Jonas", "Lena", "Felix"], ["Schneider", "Fischer", "Becker", "Hoffmann"]),
}
NL_CITIES = [
    ("Amsterdam", 1011, 1109), ("Utrecht", 3511, 3585), ("Rotterdam", 3011, 3089), ("Den Haag", 2491, 2597),
    ("Eindhoven", 5611, 5658), ("Groningen", 9711, 9747), ("Zwolle", 8011, 8045), ("Haarlem", 2011, 2037),
    ("Nijmegen", 6511, 6546), ("Amersfoort", 3811, 3829), ("Leiden", 2311, 2334), ("Tilburg", 5011, 5049),
    ("Breda", 4811, 4839), ("Apeldoorn", 7311, 7339), ("Arnhem", 6811, 6846), ("Maastricht", 6211, 6229),
    ("Delft", 2611, 2629), ("Alkmaar", 1811, 1827), ("Leeuwarden", 8911, 8939), ("Deventer", 7411, 7429),
    ("Enschede", 7511, 7548), ("'s-Hertogenbosch", 5211, 5237), ("Zeist", 3701, 3712), ("Hilversum", 1211, 1223),
    ("Gouda", 2801, 2809), ("Almere", 1311, 1359), ("Assen", 9401, 9409),
]
BE_CITIES = [
    (9000, "Gent"), (9050, "Gentbrugge"), (2000, "Antwerpen"), (2018, "Antwerpen"), (2600, "Berchem"),
    (3000, "Leuven"), (8000, "Brugge"), (3500, "Hasselt"), (2800, "Mechelen"), (8500, "Kortrijk"), (9300, "Aalst"),
    (1000, "Brussel"), (9100, "Sint-Niklaas"), (2300, "Turnhout"), (3600, "Genk"), (8400, "Oostende"),
    (9200, "Dendermonde"), (2500, "Lier"), (1800, "Vilvoorde"), (8800, "Roeselare"), (3010, "Kessel-Lo"),
]
NL_STREETS = [
    "Dorpsstraat", "Kerkstraat", "Lindelaan", "Stationsweg", "Molenweg", "Schoolstraat", "Beukenlaan",
    "Julianastraat", "Wilhelminastraat", "Oranjestraat", "Prinses Irenestraat", "Vondelstraat", "Merelstraat",
    "Kastanjelaan", "Rembrandtlaan", "Zonnebloemstraat", "Parallelweg", "Eikenlaan", "Burgemeester Visserstraat",
    "Hoofdstraat", "Van Goghstraat", "Tulpstraat", "Sportlaan", "Dijkweg", "Vlietkade", "Populierenlaan",
    "Spoorstraat", "Havenstraat", "Nieuwe Gracht", "Koekoekstraat",
]
BE_STREETS = [
    "Veldstraat", "Kerkstraat", "Stationsstraat", "Molenstraat", "Nieuwstraat", "Kapelstraat", "Schoolstraat",
    "Dorpsstraat", "Meersstraat", "Bruggestraat", "Lindenlaan", "Koning Albertlaan", "Kortrijksesteenweg",
    "Sint-Pietersnieuwstraat", "Brusselsesteenweg", "Leuvensesteenweg", "Bosstraat", "Hoogstraat", "Kouterstraat",
    "Begijnhofstraat",
]
NL_MAIL = {"gmail.com": 28, "hotmail.com": 15, "outlook.com": 10, "ziggo.nl": 8, "kpnmail.nl": 6, "live.nl": 5,
           "icloud.com": 6, "hotmail.nl": 5, "xs4all.nl": 3, "planet.nl": 3, "home.nl": 3, "upcmail.nl": 2}
BE_MAIL = {"telenet.be": 30, "gmail.com": 30, "hotmail.com": 10, "skynet.be": 8, "outlook.be": 8, "icloud.com": 6,
           "hotmail.be": 5}
POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
AGENTS_NL = ["Lisa", "Daan", "Sanne", "Mark", "Yara", "Joris", "Fenna", "Milan", "Noortje", "Ayoub"]
AGENTS_BE = ["Lotte", "Wout", "Hanne", "Jonas", "Febe"]


def ascii_fold(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def nl_postcode(lo: int, hi: int) -> str:
    while True:
        letters = R.choice(POSTCODE_LETTERS) + R.choice(POSTCODE_LETTERS)
        if letters not in ("SA", "SD", "SS"):
            return f"{R.randint(lo, hi)} {letters}"


def valid_phone(text: str, region: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(text, region))
    except phonenumbers.NumberParseException:
        return False


def nl_mobile() -> str:
    while True:
        d = f"6{R.choice('12345')}{R.randint(0, 9999999):07d}"  # 06 + 8 digits
        styles = [f"0{d[0]}-{d[1:]}", f"0{d[0]} {d[1:]}", f"0{d}", f"0{d[0]} {d[1:5]} {d[5:]}",
                  f"0{d[0]}-{d[1:3]} {d[3:5]} {d[5:7]} {d[7:]}", f"+31 {d[0]} {d[1:]}", f"+31{d}",
                  f"0031 {d[0]} {d[1:5]} {d[5:]}", f"(0{d[0]}) {d[1:4]} {d[4:7]} {d[7:]}"]
        s = R.choices(styles, weights=[18, 12, 14, 12, 8, 10, 5, 3, 4])[0]
        if valid_phone(s, "NL"):
            return s


def nl_landline() -> str:
    while True:
        area = R.choice(["20", "10", "30", "70", "40", "50", "38", "26", "24", "15", "71", "13"])
        rest = f"{R.randint(2, 8)}{R.randint(0, 10 ** (8 - len(area)) - 1):0{8 - len(area)}d}"
        s = R.choice([f"0{area}-{rest}", f"0{area} {rest[:3]} {rest[3:]}", f"+31 {area} {rest}"])
        if valid_phone(s, "NL"):
            return s


BE_MOBILE_PREFIXES = "70 71 72 73 75 76 77 78 79 84 85 86 87 88 89 91 92 93 94 95 96 97 98 99 60 65 68".split()  # noqa: SIM905


def be_phone() -> str:
    while True:
        if chance(0.8):
            d = f"4{R.choice(BE_MOBILE_PREFIXES)}{R.randint(0, 999999):06d}"
            styles = [f"0{d[:3]} {d[3:5]} {d[5:7]} {d[7:]}", f"0{d[:3]}/{d[3:5]}.{d[5:7]}.{d[7:]}", f"0{d}",
                      f"+32 {d[:3]} {d[3:5]} {d[5:7]} {d[7:]}", f"0032 {d[:3]} {d[3:]}", f"0{d[:3]}/{d[3:]}"]
            s = R.choices(styles, weights=[30, 15, 15, 20, 8, 12])[0]
        else:
            area = R.choice(["9", "3", "2", "16", "50", "11", "15"])
            rest = f"{R.randint(2, 8)}{R.randint(0, 10 ** (7 - len(area)) - 1):0{7 - len(area)}d}"
            s = R.choice([f"0{area} {rest[:3]} {rest[3:5]} {rest[5:]}", f"0{area}/{rest}"])
        if valid_phone(s, "BE"):
            return s


def nl_iban() -> str:
    while True:
        bank = R.choice(["ABNA", "RABO", "INGB", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ", "RBRB"])
        acct = f"{R.randint(0, 10**10 - 1):010d}"
        body = f"{bank}{acct}"
        num = f"NL{stdiban.calc_check_digits('NL00' + body)}{body}"
        if stdiban.is_valid(num):
            return num


def be_iban() -> str:
    while True:
        first = f"{R.choice(['001', '063', '068', '088', '143', '363', '731', '735', '751', '973', '979'])}" \
                f"{R.randint(0, 9999999):07d}"
        check = int(first) % 97 or 97
        body = f"{first}{check:02d}"
        num = f"BE{stdiban.calc_check_digits('BE00' + body)}{body}"
        if stdiban.is_valid(num):
            return num


def spaced_iban(num: str) -> str:
    return " ".join(num[i:i + 4] for i in range(0, len(num), 4))


@dataclass
class Customer:
    idx: int
    variant: str  # nl | be
    lang: str  # nl | en | fr | de
    first: str
    last: str
    email: str
    phone: str
    street: str
    house: str
    postcode: str
    city: str
    iban: str
    number: str  # customer number in the shop's systems (call centre key)
    handle: str
    reviewer: str
    display_from: bool  # writes e-mail with "Name <address>" in the From field
    pref: str  # preferred channel

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def address(self) -> str:
        return f"{self.street} {self.house}, {self.postcode} {self.city}"

    @property
    def initial(self) -> str:
        return self.first[0] + "."


def make_email(first: str, last: str, variant: str) -> str:
    f = ascii_fold(first).lower().replace(" ", "").replace("-", "")
    lparts = ascii_fold(last).lower().split()
    lj = "".join(lparts)
    core = lparts[-1]
    year = R.randint(60, 99) if chance(0.5) else R.randint(1, 99)
    local = R.choices(
        [f"{f}.{lj}", f"{f}{lj}", f"{f[0]}.{lj}", f"{f}_{core}", f"{f}{year}", f"{f}.{core}{year}", f"{f}{lj}{year}",
         f"{f[0]}{core}", f"{core}.{f}"],
        weights=[20, 10, 10, 6, 8, 10, 8, 8, 4])[0]
    domains = BE_MAIL if variant == "be" else NL_MAIL
    return f"{local}@{R.choices(list(domains), weights=list(domains.values()))[0]}"


def make_customer(idx: int, variant: str, lang: str = "nl") -> Customer:
    if lang != "nl":
        firsts, lasts = FOREIGN[lang]
        first, last = R.choice(firsts), R.choice(lasts)
    elif variant == "be":
        first, last = R.choice(BE_FIRST), R.choice(BE_LAST)
    else:
        first, last = R.choice(NL_FIRST), R.choice(NL_LAST)
    if variant == "be":
        pc, city = R.choice(BE_CITIES)
        postcode, street = str(pc), R.choice(BE_STREETS)
        phone, account = be_phone(), be_iban()
    else:
        city, lo, hi = R.choice(NL_CITIES)
        postcode, street = nl_postcode(lo, hi), R.choice(NL_STREETS)
        phone = nl_mobile() if chance(0.85) else nl_landline()
        account = nl_iban()
    house = str(R.randint(1, 180)) + (R.choice(["", "", "", "", "a", "b", "-2", " bus 3", "A"]) if variant == "nl"
                                      else R.choice(["", "", "", " bus 2", "/1"]))
    f = ascii_fold(first).lower().replace("-", "")
    handle = "@" + R.choice([f"{f}kookt", f"{f}_{ascii_fold(last).lower().replace(' ', '')}", f"{f}{R.randint(1, 99)}",
                             f"chef_{f}", f"{f}intheKitchen", f"{f}.eet", f"{f}_{R.randint(70, 99)}"])
    reviewer = R.choice([first, f"{first} {last.split()[-1][0]}.", f"{first[0]}. {last}", f"{first} uit {city}",
                         f"{first}{R.randint(1, 99)}"])
    pref = R.choices(["email", "chat", "phone", "webform", "social"], weights=[34, 30, 14, 16, 6])[0]
    return Customer(idx, variant, lang, first, last, make_email(first, last, variant), phone, street, house,
                    postcode, city, account, f"KK{R.randint(100000, 999999)}", handle, reviewer,
                    chance(0.12), pref)


# ---- products --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    price: float
    short: tuple[str, ...]  # how customers name it, with article
    knife: bool = True


STAR = Product("HK-G21", "Hikari keramisch koksmes 21 cm (gyuto)", 89.95,
               ("het Hikari-koksmes", "de gyuto", "het keramische koksmes", "het Hikari-mes", "mijn nieuwe koksmes",
                "de Hikari gyuto"))
PRODUCTS = [
    STAR,
    Product("HK-S18", "Hikari keramische santoku 18 cm", 79.95,
            ("de Hikari santoku", "de santoku", "het santokumes", "het keramische santokumes")),
    Product("HK-P08", "Hikari keramisch schilmes 8 cm", 24.95, ("het schilmesje", "het keramische schilmesje")),
    Product("HK-DUO", "Hikari duoset (gyuto + schilmes)", 104.95, ("de Hikari duoset", "de messenset")),
    Product("BB-SP40", "Bamboe snijplank 40 x 28 cm", 34.95, ("de snijplank", "de bamboe snijplank"), False),
    Product("TT-P28", "Tetsu gietijzeren koekenpan 28 cm", 64.95, ("de gietijzeren pan", "de koekenpan"), False),
    Product("DS-01", "Diamant-slijpstaaf voor keramische messen", 29.95, ("de slijpstaaf", "de diamant-slijpstaaf"),
            False),
    Product("MS-45", "Magnetische messenstrip walnoot 45 cm", 39.95, ("de messenstrip", "de magneetstrip"), False),
    Product("WK-32", "RVS wokpan 32 cm", 49.95, ("de wokpan",), False),
    Product("LS-01", "Linnen keukenschort", 27.50, ("het schort", "het linnen schort"), False),
]
PRODUCT_WEIGHTS = [40, 16, 8, 6, 7, 7, 5, 5, 3, 3]


def euro(x: float) -> str:
    s = f"{x:.2f}".replace(".", ",")
    return R.choice([f"€ {s}", f"€{s}", f"{s} euro", f"EUR {s}"])


# ---- hand-written utterance pools ------------------------------------------------------------------------------
# key: (situation, emotion). Lines starting with "BE|" are Flemish wording, used only for Belgian customers.
# Slots: {product} {Product} {order} {n} {nw} {weekday} {occasion} {agent} {city} {amount} {house} {postcode}
# {iban} {initial} {last} {phone} {address} {ago} {via} {topic} {carrier}

RAW_POOLS: dict[tuple[str, str], str] = {}

RAW_POOLS["presales", "neutral"] = """
Wat is precies het verschil tussen de Hikari gyuto en de Hikari santoku? Ik kook vooral Aziatisch.
Van welk materiaal is het lemmet van het Hikari-mes gemaakt? Is dat zirkoniumoxide?
Hoe hard is het keramische lemmet vergeleken met een stalen mes van 60 HRC?
Mag het keramische koksmes in de vaatwasser of moet het met de hand?
Kan ik met de Hikari ook door een pompoen of bevroren groente snijden?
Hoe slijp je een keramisch mes? Verkopen jullie daar ook een slijper voor?
Is het heft van de santoku ook geschikt voor linkshandigen?
Hoe lang is het lemmet van de gyuto precies, en hoeveel weegt het mes?
Wordt het koksmes geleverd met een beschermhoes of een schede?
Hoeveel jaar garantie zit er op de keramische messen?
Kan ik een naam laten graveren op het heft? En wat kost dat?
Is het zwarte lemmet anders dan het witte, of is het alleen een kwestie van kleur?
Verkopen jullie de Hikari ook als set, dus koksmes met schilmesje?
Wat is op dit moment de levertijd naar België?
Kan het mes in cadeauverpakking, met een kaartje erbij?
Wat gebeurt er als het lemmet breekt? Valt dat onder de garantie of niet?
Is jullie bamboe snijplank geschikt voor keramische messen, of wordt het mes daar bot van?
Hoe lang blijft een keramisch mes scherp als je het elke dag gebruikt?
Welk mes raden jullie aan voor het fileren van vis? De gyuto of iets anders?
Is de magnetische messenstrip sterk genoeg voor een keramisch mes? Keramiek is toch niet magnetisch?
Heeft de santoku kuiltjes in het lemmet of is het lemmet helemaal glad?
Kan ik bij jullie achteraf betalen?
Worden de Hikari-messen in Japan gemaakt of ergens anders?
Wat is het verschil tussen jullie keramische mes en een damastmes van dezelfde prijs?
Kan ik de gyuto ook gebruiken om kip uit te benen?
Is er een winkel waar ik het mes eerst even vast kan houden?
Ik zoek een mes voor mijn schoonvader die veel groente snijdt. Welke lengte is handig?
Hoe zwaar is de santoku vergeleken met een gewoon stalen koksmes?
Heeft het Hikari-mes een volle angel of zit het lemmet in het heft geklemd?
Hoe verstuur je een keramisch mes veilig? Zit er een stevige doos omheen?
Kunnen jullie een factuur op bedrijfsnaam maken als ik vijf messen bestel voor ons restaurant?
Zit er bij aankoop van het koksmes ook een slijpstaaf, of moet ik die los kopen?
BE|Mag dat keramisch mes in den afwasmachine of beter niet?
BE|Ik zoek een goed mes voor in de keuken, wat is het verschil tussen die twee Hikari's juist?
BE|Hoelang duurt de levering naar Gent ongeveer?
BE|Is het mogelijk om met Payconiq of Bancontact te betalen?
"""

RAW_POOLS["presales", "desire"] = """
Ik zit al maanden naar dat Hikari-koksmes te kijken. Ik hoop zo dat hij snel weer op voorraad is!
Ik zou de zwarte santoku zo graag hebben voor mijn verjaardag. Wanneer komt die weer binnen?
Ik kan bijna niet wachten tot de nieuwe gyuto er is. Laat het me alsjeblieft weten als hij te bestellen is.
Ik droom al een tijdje van een echt goed Japans mes en de Hikari lijkt me precies wat ik zoek.
Mijn vriend kookt elke dag en ik wil hem zó graag verrassen met jullie koksmes voor ons jubileum.
Ik hoop echt dat de santoku nog een keer in de aanbieding komt, want ik wil er al zo lang een.
Ik heb het mes bij een vriendin gezien en wil er nu ook per se een. Wanneer is het weer leverbaar?
Kunnen jullie me een seintje geven als de duoset er weer is? Ik wil hem heel graag hebben.
Ik spaar er al een tijdje voor en hoop het mes volgende maand eindelijk te kunnen kopen.
Dat witte lemmet is prachtig. Ik zou hem dolgraag in mijn keuken hebben.
Ik verheug me er nu al op om mijn eigen sushi te maken met zo'n scherp mes.
Mijn oude mes is helemaal op. Ik verlang echt naar iets dat weer gewoon door een tomaat gaat.
Was het maar vast {weekday}, dan kan ik eindelijk bestellen met mijn vakantiegeld.
Ik wil heel graag een Hikari voor de {occasion} van mijn moeder. Ik hoop dat jullie hem dan nog hebben!
Zodra de gyuto terug is bestel ik hem, ik kan echt niet wachten.
Ik hoop zo dat jullie ooit een Hikari-broodmes gaan maken. Die zou ik meteen kopen.
Ik heb het filmpje van jullie gezien en nu wil ik niks liever dan dat mes.
BE|Ik zou dat mes zo graag hebben voor mijne papa zijn pensioen. Komt dat nog binnen voor eind mei?
BE|Amai, die zwarte santoku, die wil ik echt wel hebben. Ik hoop dat ge die snel terug hebt.
BE|Ik kijk er echt naar uit om zo'n mes in huis te hebben, ik hoop dat het snel terug op stock is.
"""

RAW_POOLS["presales", "nervousness"] = """
Ik twijfel nog. Ik ben bang dat een keramisch mes meteen breekt als het een keer op de grond valt.
Ik durf het eerlijk gezegd niet goed aan: is een keramisch mes niet heel breekbaar met kleine kinderen in huis?
Stel dat het mes niet bevalt, kan ik het dan terugsturen? Ik wil niet met een mes van negentig euro blijven zitten.
Ik maak me een beetje zorgen over de scherpte. Mijn moeder is 78 en wat onhandig. Is dit wel veilig voor haar?
Ik heb nare verhalen gelezen over afbrekende punten bij keramische messen. Klopt dat? Ik vind het spannend.
Ik ben bang dat ik het mes verkeerd ga slijpen en het dan kapotmaak. Is dat een groot risico?
Ik heb nog nooit bij jullie besteld en vind het een beetje spannend. Zijn jullie een betrouwbare winkel?
Het is een duur cadeau en ik ben onzeker of de gyuto niet te groot is voor kleine handen.
Ik ben nerveus dat het mes niet op tijd is voor de {occasion} als ik nu bestel. Lukt dat nog?
Ik las dat keramiek kan splinteren. Kan er dan een stukje in het eten terechtkomen? Dat vind ik eng.
Ik heb reuma in mijn handen en ben bang dat het heft te dun is. Kan ik het proberen en anders terugsturen?
Ik twijfel en twijfel. Wat als ik er spijt van krijg? Hoe zit het met de bedenktijd?
BE|Ik ben toch wat ongerust: wat als het pakje beschadigd toekomt in België?
BE|Ik durf het niet goed te bestellen, ik heb schrik dat het mes direct breekt als het valt.
"""

RAW_POOLS["order", "neutral"] = """
Ik heb net bestelling {order} geplaatst, maar het huisnummer klopt niet. Het moet {house} zijn.
Kan ik aan bestelling {order} nog een slijpstaaf toevoegen?
Ik wil graag een factuur op naam van mijn bedrijf voor bestelling {order}.
Ik heb een kortingscode van de nieuwsbrief. Waar vul ik die in?
Graag het afleveradres van bestelling {order} wijzigen naar {address}.
Is bestelling {order} al verzonden? Ik zie nog geen track & trace.
Kan ik mijn bestelling nog annuleren? Het gaat om {order}.
Ik wil het mes graag in cadeauverpakking. Kan dat nog bij bestelling {order}?
Hoe lang duurt het voordat een bestelling na betaling wordt verzonden?
Ik heb per ongeluk twee keer dezelfde santoku besteld. Kan er één van de bestelling af?
Kan ik betalen met een cadeaubon en het restant met iDEAL?
Ik wil mijn bestelling graag afhalen in plaats van laten bezorgen. Kan dat?
Kunnen jullie op de pakbon de prijs weglaten? Het is een cadeau.
Bestelling {order}: graag de kleur van het heft wijzigen van zwart naar naturel.
Ik heb geen account, kan ik toch de status van mijn bestelling zien?
BE|Ik heb juist besteld (nr {order}) maar ik had het verkeerde busnummer ingegeven. Het moet bus 2 zijn.
BE|Kan ik mijn bestelling nog aanpassen? Ik wil er een snijplank bij.
"""

RAW_POOLS["order", "nervousness"] = """
Mijn iDEAL-betaling gaf een foutmelding, maar het geld is wel van mijn rekening af. Is mijn bestelling nu wel geplaatst?
Ik heb geen orderbevestiging gekregen, ook niet in mijn spam. Is er iets misgegaan?
Ik zie twee keer dezelfde bestelling in mijn account staan. Moet ik nu twee keer betalen? Ik schrik er een beetje van.
Ik heb mijn adres verkeerd ingevuld en de bestelling is al verzonden. Komt het nu nog wel goed?
Ik maak me zorgen: de betaling staat al twee dagen op 'in behandeling'.
Het is een cadeau voor {weekday} en de bestelling staat nog steeds op 'in verwerking'. Gaat dat nog lukken?
Ik kreeg een mail dat mijn betaling niet gelukt is, maar mijn bank zegt dat het wel betaald is. Wat klopt er nu?
Ik ben bang dat ik het verkeerde mes heb besteld, de 18 cm in plaats van de 21 cm. Kan dat nog aangepast worden?
In de bevestiging staat een ander adres dan ik heb ingevuld. Gaat het pakket nu naar het verkeerde huis?
Ik heb tijdens het betalen het venster per ongeluk gesloten. Ik weet nu niet of de bestelling gelukt is.
De website gaf een foutmelding en nu weet ik niet of ik besteld heb. Ik wil niet per ongeluk twee messen kopen.
BE|Mijn Bancontact-betaling is blijven hangen. Is mijn bestelling nu doorgegaan of niet? Ik ben er niet gerust in.
BE|Ik heb nog geen bevestigingsmail gehad. Is mijn bestelling wel goed toegekomen bij jullie?
"""

RAW_POOLS["order", "annoyance"] = """
De kortingscode uit jullie nieuwsbrief werkt niet. Ik krijg steeds 'code ongeldig'. Best irritant.
Al drie keer geprobeerd af te rekenen en elke keer loopt de website vast bij het betalen.
Waarom moet ik een account aanmaken om één mes te bestellen? Dat vind ik echt onnodig gedoe.
Ik heb mijn adres aangepast in mijn account, maar de bestelling gaat alsnog naar mijn oude adres. Lekker dan.
De verzendkosten verschijnen pas bij de allerlaatste stap. Dat had wel eerder vermeld mogen worden.
Ik wilde mijn bestelling wijzigen, maar dat kan nergens. Moet ik daar nou echt voor bellen?
Het mes stond op voorraad toen ik bestelde en nu ineens 'nabestelling, drie weken'. Slordig hoor.
Voor de tweede keer vandaag een foutmelding bij het afrekenen. Ik word er moe van.
Vijf minuten al mijn gegevens invullen en dan is mijn winkelmandje ineens leeg. Heel vervelend.
Ik krijg na het betalen alleen een wit scherm. Zo'n webshop zou dit toch gewoon moeten kunnen?
Jullie zeggen 'voor 22:00 besteld, morgen in huis' en nu staat er 'verzending over vier dagen'. Beetje misleidend.
BE|Ik krijg al de hele avond een foutmelding bij het betalen met Bancontact. Echt vervelend.
BE|Waarom moet ik een Nederlandse postcode ingeven? Ik woon in België, dat formulier aanvaardt mijn adres niet.
"""

RAW_POOLS["order", "desire"] = """
Net de Hikari gyuto besteld! Ik kan niet wachten tot hij er is.
Besteld als verrassing voor mijn moeder. Ik hoop zo dat hij er voor de {occasion} is.
Eindelijk besteld. Ik hoop echt dat het mes er {weekday} is, dan kook ik in het weekend voor vrienden.
Ik zit er nu al op te wachten, bestelling {order}. Zouden jullie hem vandaag nog kunnen versturen?
Mijn eerste Japanse mes is besteld en ik zit al te popelen om ermee aan de slag te gaan.
Ik heb zo lang getwijfeld en nu is hij besteld. Ik hoop dat hij snel onderweg is!
BE|Juist besteld, ik kijk er echt naar uit! Ik hoop dat het pakje er tegen het weekend is.
"""

RAW_POOLS["delivery", "annoyance"] = """
Mijn pakket staat al {nw} dagen op 'in sorteercentrum' bij {carrier}. Schiet niet echt op zo.
Voor de derde keer een melding 'bezorging uitgesteld'. Ik ben het een beetje zat.
{carrier} zegt dat ik niet thuis was, maar ik heb de hele dag thuis gezeten. Irritant.
Ik heb speciaal vrij genomen voor de bezorging en er kwam niemand. Dat is nu al de tweede keer.
De track & trace geeft al een week dezelfde status. Top service weer...
Mijn pakket lag ineens bij een afhaalpunt aan de andere kant van de stad, terwijl ik gewoon thuis was.
Alweer een dag later. Eerst dinsdag, toen woensdag, nu vrijdag. Wat is er aan de hand bij {carrier}?
Ik moet elke dag zelf de track & trace checken, want niemand laat me iets weten. Vermoeiend.
Bezorgvenster tussen 9 en 21 uur en dan uiteindelijk niet bezorgd. Heel fijn hoor.
Ik word er moe van om steeds te horen dat het 'morgen' komt.
Waarom werken jullie eigenlijk nog met {carrier}? Het is de zoveelste keer dat het misgaat.
Mijn bestelling is {n} dagen geleden verstuurd en ik heb nog niks. Voor een webshop in 2026 vind ik dat traag.
Volgens {carrier} is het pakket bezorgd, maar het ligt niet hier en niet bij de buren. Ik mag dus weer gaan zoeken.
Ik heb nu drie keer {carrier} gebeld en ze sturen me steeds terug naar jullie. Frustrerend.
Dus ik betaal verzendkosten om vervolgens zelf naar een afhaalpunt te fietsen. Leuk.
Weer geen pakket. Weer een dag voor niks thuis gezeten.
Gisteren stond er 'vandaag bezorgd', vandaag staat er 'verwacht: onbekend'. Hoe dan?
Kunnen jullie {carrier} eens bellen? Bij mij nemen ze niet op en ik sta al een week te wachten.
Er zit al {nw} dagen geen beweging in mijn zending. Een beetje communicatie zou fijn zijn.
Het bezorgmoment wordt steeds maar verschoven. Ik kan mijn hele week er niet omheen plannen.
De bezorger heeft een kaartje in de bus gedaan zonder aan te bellen. Ik zat gewoon binnen!
Ik snap niet dat het zo lang duurt. Het pakket ligt volgens de status al {n} dagen in het depot.
Bij jullie staat 'verzonden', bij {carrier} staat 'nog niet ontvangen'. Wie moet ik nou geloven?
Voor de vierde keer de melding 'vandaag tussen 14:00 en 18:00'. En weer niks.
Ik ben het wachten eerlijk gezegd spuugzat, het gaat maar om één doosje.
Het pakket ging volgens {carrier} 'retour afzender' terwijl mijn adres gewoon klopt. Ik snap het echt niet meer.
BE|Mijn pakje is nog altijd niet toegekomen. Al een week 'onderweg', dat is toch niet normaal?
BE|Voor de tweede keer een briefje in de bus terwijl ik thuis was. Ik word daar echt wat moe van.
BE|Het pakje staat al vijf dagen in een depot in Antwerpen. Waarom duurt dat zo lang?
"""

RAW_POOLS["delivery", "anger"] = """
Dit is echt belachelijk. Twee weken na bestelling nog steeds geen mes en niemand die me iets kan vertellen!
SCHANDALIG. {carrier} raakt mijn pakket kwijt en jullie doen alsof het mijn probleem is.
Ik wil nu mijn geld terug. Ik pik het niet langer dat ik elke dag met een kluitje in het riet word gestuurd.
Als het pakket er morgen niet is, dien ik een klacht in bij de Geschillencommissie. Genoeg is genoeg!
Waardeloos. Drie keer beloofd dat het zou komen en drie keer niks. Ik bestel hier nooit meer.
De bezorger heeft mijn pakket gewoon naast de container gegooid, helemaal doorweekt. Wie doet zoiets?!
Hoe haal je het in je hoofd om 'bezorgd' te melden als er niks bezorgd is? Dat is gewoon liegen.
Ik ben er helemaal klaar mee. Het cadeau voor mijn vader komt te laat en dat hebben jullie verpest.
Ik heb nu VIJF keer contact gezocht. Niemand belt terug. Klantonvriendelijk tot op het bot.
Reken maar dat ik dit op alle reviewsites ga zetten. Dit slaat werkelijk nergens op!!
Jullie verkopen een mes van negentig euro en kunnen het niet eens bij me thuis krijgen. Lachwekkend.
Ik ben het zat om aan het lijntje te worden gehouden. Vandaag een oplossing, of ik laat mijn bank het geld terughalen.
Wat een amateurisme. Eerst naar het verkeerde adres, dan kwijt, en nu krijg ik ook nog de schuld?!
Het is gewoon een schande. Drie weken niks en dan durven jullie ook nog te vragen om 'nog even geduld'.
Ik ben woedend. Het pakket is zoekgeraakt en jullie klantenservice wijst alleen maar naar {carrier}.
Ik heb het helemaal gehad met jullie. Stuur het geld terug en haal me uit jullie bestand.
BE|Dit is toch ongehoord! Drie weken wachten op een pakje en niemand die iets weet. Ik wil mijn geld terug, nu!
BE|Ik ben het echt beu. Al twee keer beloofd, nog altijd niks. Dit is van de zotte!
"""

RAW_POOLS["delivery", "nervousness"] = """
Mijn pakket staat nog op 'aangemeld'. Komt het nog voor {weekday}? Het is voor een verjaardag.
Ik ben een beetje ongerust, de track & trace is al drie dagen niet veranderd.
Er staat 'bezorgd', maar ik heb niks ontvangen. Ik hoop niet dat het gestolen is...
Ik ga donderdag op vakantie. Is er een kans dat het pakket dan nog niet binnen is?
Kan het pakket bij een afhaalpunt blijven als ik niet thuis ben? Ik ben bang dat het bij de buren zoekraakt.
Het is een duur mes en er staat dat het bij de voordeur wordt neergelegd. Dat vind ik best spannend. Kan dat anders?
Ik denk dat mijn pakket naar mijn oude adres is gegaan. Hoe weet ik of het daar niet zomaar wordt afgegeven?
De {occasion} is morgen en het mes is er nog niet. Gaat dit nog goedkomen?
Komt het pakket wel heel aan? Ik las dat {carrier} soms ruw met dozen omgaat en het is keramiek.
Ik heb een melding gekregen dat het pakket beschadigd is in het sorteercentrum. Weten jullie of het mes nog heel is?
Hoe laat komt het pakket ongeveer? Ik moet om drie uur weg en ben bang dat ik het mis.
Ik heb een sms gekregen van '{carrier}' met een betaallink voor invoerkosten. Is dat echt? Ik vertrouw het niet.
Het pakket is volgens de status 'bij de buren' bezorgd, maar welke buren? Ik maak me een beetje zorgen.
Ik wacht nu {n} dagen. Is er iets mis met mijn bestelling? Ik begin me af te vragen of hij nog komt.
Mijn zoon is jarig op {weekday} en ik heb het mes nog niet. Redden jullie dat nog?
BE|Ik ben wat ongerust: de koerier zou gisteren komen en er is nog niets. Is het pakje misschien verloren?
BE|Het pakje staat op 'afgeleverd' maar ik heb niks gekregen. Ik ben er niet gerust in.
"""

RAW_POOLS["delivery", "neutral"] = """
Wat is de track & trace code van bestelling {order}?
Kan ik het bezorgadres nog wijzigen? Het pakket is nog niet onderweg.
Met welke vervoerder versturen jullie naar België?
Het pakket mag bij nummer {house} worden afgegeven als ik niet thuis ben.
Wordt er ook op zaterdag bezorgd?
In de track & trace zie ik dat het pakket bij een afhaalpunt ligt. Hoe lang blijft het daar liggen?
Kunnen jullie het pakket naar een {carrier}-punt sturen in plaats van naar mijn huis?
Bestelling {order} is verzonden. Ik wil alleen weten op welke dag ik hem kan verwachten.
Moet ik tekenen voor ontvangst van het pakket?
Bestelling {order}: de bezorger mag het pakket in de schuur leggen, de deur is open.
Wat is de levertijd voor de messenstrip? Die staat op 'binnenkort leverbaar'.
Ik ben volgende week niet thuis. Kan de verzending een week later?
Ik heb twee bestellingen geplaatst. Komen die in één pakket of apart?
Kan ik een bezorgmoment kiezen, bijvoorbeeld 's avonds?
Mijn pakket ligt bij het afhaalpunt in {city}. Moet ik een legitimatie meenemen?
Wat zijn de verzendkosten naar een adres in België?
Ik heb een nieuw adres: {address}. Willen jullie dat voor de volgende levering gebruiken?
Hoe laat komt {carrier} ongeveer bij ons in de wijk?
BE|Wanneer mag ik mijn pakje verwachten? Het bestelnummer is {order}.
BE|Mag het pakje bij de buren afgegeven worden als ik niet thuis ben? Dat is nummer {house}.
"""

RAW_POOLS["delivery", "relief"] = """
Pakket is net bezorgd. Pfoe, net op tijd voor het feest!
Gelukkig, het lag gewoon bij de buren. Ik had me voor niks zorgen gemaakt.
Het mes is binnen en helemaal heel. Wat een pak van mijn hart.
Eindelijk! Het pakket is er, en nog voor de verjaardag ook. Ik ben zo opgelucht.
Laat maar, hij is toch gekomen. Gelukkig, want ik zag het al somber in.
Het pakket bleek bij het afhaalpunt te liggen. Gelukkig is het toch terecht.
Oké, nu ben ik gerust. De status staat eindelijk op 'onderweg naar jou'.
Pfff, eindelijk binnen. Ik was echt bang dat hij kwijt was.
De bezorger kwam vanavond alsnog. Gelukkig maar!
Gelukkig is de doos heel gebleven. Het mes is perfect in orde.
Het cadeau is op tijd! Ik kan weer rustig slapen, haha.
Hij is er. Wat een opluchting, ik had het al opgegeven.
Gevonden! Het pakket stond achter de plantenbak. Gelukkig, ik was al in paniek.
BE|Oef, het pakje is toegekomen. Ik was al bang dat het verloren was.
BE|Gelukkig, het pakje is er toch nog op tijd geraakt. Dat is een pak van mijn hart.
"""

RAW_POOLS["delivery", "gratitude"] = """
Wat snel geleverd! Gisteren besteld en vandaag al in huis. Dank jullie wel!
Bedankt dat jullie het pakket nog met spoed hebben verstuurd. Dat waardeer ik enorm.
Dank je wel {agent}, dankzij jou is het pakket toch nog op tijd aangekomen.
Heel fijn dat jullie zelf contact hebben opgenomen met {carrier}. Dank daarvoor!
Super bedankt voor het meedenken over het afhaalpunt, echt top geregeld.
Wat lief dat er een handgeschreven kaartje in de doos zat. Dank je wel!
Dank voor de snelle reactie en de nieuwe verzending. Fijn om zo geholpen te worden.
Ik wil jullie even bedanken: keurig verpakt en een dag eerder dan verwacht.
Bedankt voor de moeite om het pakket om te leiden naar mijn werk. Heel attent.
BE|Merci voor de snelle levering, op twee dagen in Gent. Top!
BE|Dank u wel om het pakje nog voor het weekend te versturen, echt vriendelijk.
"""

RAW_POOLS["delivery", "desire"] = """
Ik hoop zo dat het pakket morgen komt, ik wil het mes dit weekend gebruiken!
Ik zit op het vinkje te wachten. Wanneer komt hij nou? Ik wil hem zo graag uitproberen.
Zou het nog lukken om het voor vrijdag te leveren? Ik wil het heel graag aan mijn zus geven op haar verjaardag.
Ik kijk elke tien minuten naar de track & trace, ik kan bijna niet wachten.
Ik hoop stiekem dat hij er al voor het etentje van zaterdag is.
Ik kijk er zó naar uit om eindelijk met een goed mes te koken. Nog één nachtje slapen hoop ik!
BE|Ik kijk er echt naar uit, ik hoop dat het pakje er morgen al is!
"""

RAW_POOLS["product", "disappointment"] = """
Na drie weken zit er al een schilfer uit het lemmet van {product}. Jammer, ik had er meer van verwacht.
De punt van het mes is afgebroken bij het snijden van een ui. Ik baal er echt van.
Ik ben teleurgesteld: het mes was na een maand al minder scherp dan beloofd.
Er zitten kleine kartelingen in de snede, terwijl ik alleen groente snijd. Zonde van zo'n mooi mes.
Het heft zit los. Voor een mes van deze prijs vind ik dat echt jammer.
Ik had me er zo op verheugd, maar het mes kwam aan met een barstje in het lemmet.
Eerlijk gezegd valt het me tegen. Het mes is lichter en minder stevig dan ik dacht.
Het was een cadeau voor mijn man en de snede was na een week al beschadigd. Jammer, echt.
Niet boos, wel teleurgesteld: het lemmet heeft een schilfer en het is pas net gekocht.
Het snijdt goed, maar de kleur van het heft is anders dan op de foto. Beetje jammer.
Helaas is het schilmesje bij de eerste afwas gebarsten. Ik had er meer van verwacht.
Mijn vorige keramische mes ging jaren mee. Dit exemplaar heeft na zes weken al een hap uit de snede.
Ik vind het zo zonde. Het mes zag er prachtig uit, maar er is een stukje van de punt af.
Ik heb er lang voor gespaard en nu zit er na twee weken een kerf in. Dat doet wel pijn.
{Product} was mijn droommes, maar na een paar keer gebruik is de snede al niet meer gaaf. Teleurstellend.
Ik had een mes verwacht dat jaren scherp blijft, niet eentje dat na een maand schilfert.
BE|Spijtig, maar na veertien dagen zit er al een kerfje in de snede. Ik had er meer van verwacht.
BE|Het is jammer, het mes is zo mooi, maar de punt is er al af. Ik ben er niet content over.
"""

RAW_POOLS["product_other", "disappointment"] = """
{Product} heeft na een paar weken al roestplekken. Teleurstellend.
Jammer, {product} is na een paar keer afwassen kromgetrokken.
{Product} is mooi, maar veel zwaarder dan ik dacht. Beetje teleurgesteld.
Helaas, de houten achterkant van {product} heeft een barst. Ik had er meer van verwacht.
"""

RAW_POOLS["product", "annoyance"] = """
Het mes is al de tweede keer beschadigd. Moet ik het nu weer opsturen? Daar heb ik echt geen zin in.
Voor de garantie moet ik foto's, de bon, het serienummer én de verpakking aanleveren. Wat een gedoe.
De beschermhoes past niet om het mes, hij schuift er steeds af. Irritant.
Nu al het derde mes met een schilfer. Ik begin me echt te ergeren.
Ik heb de slijpstaaf gekocht op jullie advies en hij maakt het mes alleen maar botter. Lekker advies.
Waarom staat nergens duidelijk dat je er niet mee in bevroren eten mag snijden? Nu zit er een hap uit mijn mes.
De magneetstrip laat het mes gewoon vallen. Gelukkig op de vloer en niet op mijn voet, maar irritant is het wel.
De handleiding is alleen in het Engels en Japans. Lastig hoor.
Ik heb al twee mails gestuurd over het losse heft en krijg alleen standaardantwoorden.
Ik moet het mes voor garantie zelf opsturen en de verzendkosten betalen? Dat vind ik niet normaal.
Het vervangende mes heeft precies hetzelfde probleem. Ik word hier moe van.
BE|Het deksel van de pan past niet, nu moet ik dat allemaal terug opsturen. Vervelend.
BE|Ik heb al drie keer foto's gestuurd van het mes, hoeveel moet ge er nog hebben?
"""

RAW_POOLS["product", "anger"] = """
Het lemmet is gewoon doormidden gebroken. Dit is levensgevaarlijk en ik eis een volledige terugbetaling!
Er zat een splinter keramiek in mijn salade! Jullie verkopen rommel en dat ga ik iedereen vertellen.
Dit is de derde keer dat ik een kapot mes krijg. Jullie zijn gewoon oplichters.
Voor negentig euro verwacht ik een mes dat langer dan een week meegaat. Bespottelijk!
Jullie 'kwaliteitscontrole' is een grap. Ik stap naar de Consumentenbond.
Ik weiger nog één keer foto's te sturen. Vervang dat mes of geef mijn geld terug, en wel nu!
BE|Dit is echt schandalig, het mes is in twee gebroken en niemand neemt verantwoordelijkheid!
"""

RAW_POOLS["product", "neutral"] = """
Hoe kan ik {product} het beste schoonmaken?
Welke slijper raden jullie aan voor de Hikari santoku?
Mag ik met het keramische mes ook brood snijden?
Kan ik het mes bij jullie laten slijpen? Wat kost dat?
Er zit een klein krasje op het heft. Valt dat onder de garantie?
Hoe bewaar ik het mes het best, in een blok of op een magneetstrip?
Waar staat het serienummer van het mes?
Ik wil garantie aanvragen voor {product}. Welke gegevens hebben jullie nodig?
Kan ik een los heft of een nieuwe beschermhoes bijbestellen?
Ik heb een schilfertje in het lemmet. Kan dat bijgeslepen worden of moet het vervangen worden?
Hoe vaak moet ik de bamboe snijplank inoliën?
Welke hoek gebruik ik bij het slijpen op de diamantstaaf?
Mag de gietijzeren pan op inductie?
Ik heb een foto van de beschadiging gemaakt. Naar welk adres kan ik die mailen?
Het mes heeft een kleine kerf. Ik heb het in {month} gekocht. Wat zijn de mogelijkheden?
Kan ik {product} in de vaatwasser doen als ik het programma op 40 graden zet?
BE|Hoe onderhoud ik die houten snijplank best? Met olijfolie of iets anders?
BE|Waar moet ik het mes naartoe sturen voor de garantie?
"""

RAW_POOLS["product", "nervousness"] = """
Er is een piepklein stukje van de snede af. Kan dat in het eten terecht zijn gekomen? Ik maak me een beetje zorgen.
Mijn zoontje heeft het mes laten vallen en nu durf ik het niet meer te gebruiken. Is het nog veilig?
Ik weet niet of het een barstje is of een kras. Ik ben bang dat het lemmet afbreekt tijdens het snijden.
Vervalt mijn garantie nu ik het mes zelf heb geslepen? Daar ben ik een beetje ongerust over.
Ik heb het mes per ongeluk in de vaatwasser gedaan. Is het nu kapot? Ik durf het bijna niet te vragen.
Ik heb het bonnetje niet meer. Krijg ik nu geen garantie? Dat zou echt vervelend zijn.
BE|Is het normaal dat het lemmet zo tikt als ik het op de plank leg? Ik ben wat ongerust.
"""

RAW_POOLS["product", "joy"] = """
Wat een mes! Tomaten, uien, kruiden: alles gaat er moeiteloos doorheen. Ik ben er superblij mee.
Ik gebruik de santoku elke dag en hij is nog steeds vlijmscherp. Heerlijk!
Geweldig mes. Het ligt perfect in de hand en koken is weer echt leuk.
Ik ben zó blij met mijn gyuto. Beste aankoop van het jaar.
Dat lemmet is echt prachtig. Ik word elke keer blij als ik het pak.
Snijdt als een droom. Zelfs mijn schoonvader was onder de indruk.
Top mes, de groente valt bijna vanzelf uit elkaar.
Ik had geen idee dat snijden zo leuk kon zijn. Echt genieten.
BE|Amai, wat een mes! Ik ben er echt content mee.
"""

RAW_POOLS["returns_may", "annoyance"] = """
Het retourportaal geeft steeds 'Er is iets misgegaan'. Ik probeer al twee dagen een retour aan te melden.
Ik krijg geen retourlabel. Na het invullen van het formulier blijft de pagina gewoon laden.
Jullie retourportaal is onbruikbaar. Drie keer alles ingevuld, drie keer een foutmelding.
Het retourportaal herkent mijn bestelnummer niet, terwijl het gewoon in de bevestiging staat.
De link naar het retourportaal in jullie mail geeft een lege pagina. Hoe moet ik nou retourneren?
Ik zit nu een halfuur te klooien met dat retourformulier. Foutcode 500. Serieus?
Ik kan geen retour aanmelden en mijn bedenktijd loopt bijna af. Wie gaat dit oplossen?
Het retourlabel dat ik uiteindelijk kreeg staat op naam van iemand anders. Hoe dan?
Het portaal zegt dat mijn retour 'al verwerkt' is, maar ik heb nog niks teruggestuurd. Ik snap er niks meer van.
Voor de vierde keer geprobeerd, weer 'sessie verlopen'. Ik word er gek van.
Moet ik nu echt elke dag opnieuw proberen of dat retourportaal het weer doet?
Bij de laatste stap van het retourportaal verdwijnt alles wat ik heb ingevuld. Heel vervelend.
Het retourportaal werkt niet op mijn telefoon en ook niet op mijn laptop. Wat moet ik nog proberen?
Ik heb het retourformulier drie keer verstuurd en nooit een bevestiging gekregen. Irritant.
Het retourportaal vraagt om een 'retourcode' die ik nergens heb gekregen. Ik kom er niet uit.
Ik heb geen tijd om elke avond dat kapotte retourportaal te proberen. Kunnen jullie het label gewoon mailen?
BE|Dat retourportaal werkt gewoon niet. Ik krijg altijd een foutmelding, zeer vervelend.
BE|Ik heb al drie keer geprobeerd om mijn retour in te geven, maar het portaal blijft hangen. Dat is toch niet normaal?
"""

RAW_POOLS["returns", "annoyance"] = """
Mijn retour is al drie weken binnen volgens de track & trace en ik heb nog steeds geen geld terug.
Ik moet de retourzending zelf betalen, terwijl het mes kapot aankwam? Dat vind ik niet redelijk.
Ik heb het verkeerde bedrag teruggekregen. Er is vijf euro ingehouden zonder uitleg.
Waarom duurt een terugbetaling bij jullie twee weken? Afschrijven ging wel binnen een seconde.
Ik heb al twee keer gevraagd wanneer mijn terugbetaling komt. Gaat er nog iets gebeuren?
Het retourlabel werkt niet bij het afgiftepunt, de scanner herkent het niet. Nu moet ik weer terug.
Ik heb het mes omgeruild, maar jullie sturen weer dezelfde kleur. Nu moet ik het opnieuw retourneren. Zucht.
BE|Mijn retour is al lang bij jullie toegekomen en ik heb nog altijd mijn geld niet terug. Vervelend.
"""

RAW_POOLS["returns", "anger"] = """
Jullie retourportaal ligt er al een week uit en niemand reageert. Ik wil mijn geld terug, NU.
Ik ben het zat. Eerst werkt het retourportaal niet en dan zeggen jullie dat mijn bedenktijd voorbij is?! Belachelijk.
Dit is gewoon expres zo moeilijk gemaakt, zodat mensen niks terugsturen. Ik ga naar de Consumentenbond.
Drie weken wachten op mijn geld. Als het er vrijdag niet is, laat ik de betaling terugdraaien via mijn bank.
Wat een waardeloze webshop. Retourneren is onmogelijk en niemand neemt de telefoon op.
Ik heb er GEEN zin meer in. Repareer dat portaal of stort gewoon mijn geld terug!
BE|Ik heb het mes al twee weken terug gestuurd en nog altijd geen geld. Dit is pure oplichterij!
"""

RAW_POOLS["returns", "neutral"] = """
Ik wil de snijplank retourneren, de kleur valt anders uit. Hoe werkt dat?
Hoeveel dagen bedenktijd heb ik voor een retour?
Moet ik de originele verpakking gebruiken als ik het mes terugstuur?
Ik wil de santoku omruilen voor de gyuto. Moet ik dan eerst retourneren en opnieuw bestellen?
Waar kan ik in {city} een retourpakket afgeven?
Mijn retour van bestelling {order} is vandaag verzonden. Wanneer wordt het bedrag teruggestort?
Graag het bedrag terugstorten op {iban} t.n.v. {initial} {last}.
Kan ik een cadeau zonder bon ruilen?
Is retourneren gratis of betaal ik zelf de verzendkosten?
Het retourlabel is verlopen voordat ik het pakket kon afgeven. Kan ik een nieuw label krijgen?
Ik wil {product} terugsturen, het is ongebruikt. Wat moet ik doen?
Ik heb het retourformulier ingevuld. Hoe lang duurt het voordat het geld terug is?
Kan ik het mes ook bij jullie showroom terugbrengen?
BE|Hoe kan ik iets terugsturen vanuit België? Moet ik dat zelf via de post doen?
"""

RAW_POOLS["returns", "nervousness"] = """
Ik heb het pakket teruggestuurd, maar de track & trace zegt niks. Ik hoop niet dat het kwijt is.
Mijn bedenktijd loopt overmorgen af en het retourportaal werkt niet. Telt mijn retour dan nog wel?
Ik maak me zorgen over mijn terugbetaling, het gaat om bijna honderd euro.
Ik heb de retourdoos niet goed dichtgeplakt, denk ik. Wat als het mes onderweg beschadigd raakt?
Ik ben bang dat het retourpakket bij het verkeerde adres is afgeleverd. Kunnen jullie dat nakijken?
Ik durf het mes niet zomaar in een envelop te stoppen. Hoe verpak ik het veilig?
Ik heb geen bevestiging van mijn retour gekregen. Weten jullie zeker dat het is aangekomen?
BE|Ik heb het pakje afgegeven aan het afhaalpunt, maar ik heb geen bewijsje gekregen. Is dat erg?
"""

RAW_POOLS["returns", "relief"] = """
Het geld staat op mijn rekening. Gelukkig, ik was al bang dat het kwijt was.
Gelukt! Het retourportaal werkte vanochtend ineens wel. Pfoe.
Mijn retour is bij jullie aangekomen, zie ik. Dan ben ik gerust.
Ik heb de terugbetaling ontvangen. Wat een opluchting, het was best veel geld.
Eindelijk een retourlabel. Gelukkig, dan kan het mes morgen terug.
BE|Oef, het geld staat terug op mijn rekening. Ik was daar niet gerust in.
"""

RAW_POOLS["returns", "disappointment"] = """
Jammer, het mes was een cadeau, maar mijn vriendin had er al een. Dan moet het helaas terug.
Ik had me er echt op verheugd, maar de pan is te zwaar voor mij. Ik stuur hem met pijn in mijn hart terug.
Helaas past de messenstrip niet op onze tegelwand. Zonde, ik vond hem zo mooi.
Het mes voelde toch niet goed in mijn hand. Jammer, want het is prachtig gemaakt.
BE|Spijtig, maar het mes ligt niet goed in mijn hand. Ik stuur het terug.
"""

RAW_POOLS["billing", "annoyance"] = """
Ik zie twee afschrijvingen voor dezelfde bestelling. Graag één terugstorten, dit had niet mogen gebeuren.
Ik heb al drie keer om een factuur gevraagd. Zo moeilijk kan het toch niet zijn om een pdf te sturen?
Er is {amount} afgeschreven, terwijl de actieprijs lager was. Dat klopt dus niet.
De korting is niet verrekend op mijn factuur. Weer iets waar ik zelf achteraan moet.
Ik krijg betalingsherinneringen voor een bestelling die ik allang heb geretourneerd. Vervelend.
Dubbel afgeschreven en nu moet ik zelf een bankafschrift opsturen als bewijs? Kom op.
Het totaal op mijn factuur klopt niet met wat ik betaald heb. Graag corrigeren.
Ik krijg de factuur alleen als link die na zeven dagen verloopt. Onhandig voor mijn boekhouding.
BE|Ik ben twee keer gedebiteerd via Bancontact. Dat is toch niet de bedoeling?
"""

RAW_POOLS["billing", "anger"] = """
Jullie hebben drie keer geld van mijn rekening gehaald. Dit is diefstal en ik schakel mijn bank in!
Ik krijg een aanmaning met extra kosten voor iets wat ik al betaald heb. Schaamteloos!
Twee weken geleden dubbel afgeschreven en nog steeds niks terug. Ik ben woedend.
Stop met me die incassobrieven te sturen! Ik heb betaald en dat weten jullie best.
BE|Dat is nu al de derde maand dat ik achter mijn geld moet lopen. Schandalig gewoon!
"""

RAW_POOLS["billing", "nervousness"] = """
Ik zie een afschrijving van {shop} die ik niet herken. Is mijn rekening gehackt?
Ik heb misschien twee keer betaald, maar ik weet het niet zeker. Kunnen jullie even kijken? Ik ben er niet gerust op.
De terugbetaling zou binnen vijf dagen komen en het is nu dag acht. Komt het nog?
Ik heb volgens mij een verkeerd rekeningnummer doorgegeven. Gaat het geld nu naar iemand anders?
Ik heb een betalingsherinnering met een dreigende toon gekregen. Krijg ik nu een registratie? Ik maak me zorgen.
Ik kreeg een mail van '{shop}' met een betaallink. Is die echt? Ik vertrouw het niet.
"""

RAW_POOLS["billing", "neutral"] = """
Kan ik een factuur krijgen van bestelling {order}?
Graag de factuur op naam van {company}, met ons btw-nummer erop.
Welke betaalmethoden accepteren jullie?
De terugbetaling mag naar {iban}.
Ik wil graag een kopie van mijn factuur van vorige maand.
Is de prijs op de website inclusief btw?
Mijn rekeningnummer voor de terugbetaling is {iban}, t.n.v. {initial} {last}.
Kan ik de betaling van {order} nog wijzigen naar achteraf betalen?
BE|Mag ik een factuur met ons ondernemingsnummer? Het is voor de zaak.
"""

RAW_POOLS["billing", "relief"] = """
De dubbele afschrijving is teruggestort. Gelukkig!
Ik zie het geld weer op mijn rekening staan. Wat een opluchting.
Oké, dan was het toch maar één betaling. Fijn, dan ben ik gerust.
De herinnering is ingetrokken. Pfoe, daar was ik echt van geschrokken.
"""

RAW_POOLS["app", "annoyance"] = """
Ik kan niet inloggen in de app. Wachtwoord gereset, nog steeds 'ongeldige gegevens'. Irritant.
De app logt me elke keer uit als ik naar mijn bestellingen ga.
Sinds de laatste update crasht de app meteen bij het openen. Heel vervelend.
Mijn spaarpunten zijn verdwenen uit de app. Ik heb er maanden voor gespaard.
De mail om mijn wachtwoord te resetten komt nooit aan. Al vier keer geprobeerd.
In de app kan ik de track & trace niet openen, dus moet ik toch weer naar de website. Waarom heb je dan een app?
Inloggen met mijn e-mailadres lukt niet, de app zegt dat het account niet bestaat. Ik heb nota bene drie keer besteld.
De sms-code voor het inloggen komt nooit binnen. Ik word er gek van.
Elke keer dat ik de app open moet ik opnieuw inloggen. Dat kan toch slimmer?
De app toont een andere prijs dan de website. Wat klopt er nou?
BE|De app aanvaardt mijn wachtwoord niet meer. Heel vervelend, ik wou net iets bestellen.
"""

RAW_POOLS["app", "neutral"] = """
Hoe wijzig ik mijn e-mailadres in de app?
Waar vind ik mijn facturen in de app?
Is de app er ook voor Android of alleen voor iPhone?
Kan ik mijn account verwijderen? Ik bestel niet meer online.
Hoe koppel ik mijn spaarpunten aan mijn account?
Mijn nieuwe telefoonnummer is {phone}. Kunnen jullie dat aanpassen?
Kan ik in de app zien wanneer mijn pakket komt?
BE|Hoe kan ik mijn adres aanpassen in de app?
"""

RAW_POOLS["app", "disappointment"] = """
Jammer dat de app nog steeds geen verlanglijstje heeft. Dat had ik wel verwacht.
De nieuwe app vind ik minder fijn dan de oude. Zonde.
Ik had gehoopt op de beloofde ledenkorting in de app, maar die zie ik nergens. Beetje teleurstellend.
"""

RAW_POOLS["app", "anger"] = """
Drie dagen niet kunnen inloggen en niemand helpt me. Waardeloos!
Jullie app heeft mijn punten gewist en jullie doen er niks aan. Echt schandalig.
"""

# follow-ups: the same issue, a few days later
RAW_POOLS["followup_delivery", "gratitude"] = """
Het pakket is vanochtend bezorgd. Dank je wel voor je hulp {via}, {agent}!
Heel erg bedankt voor het snelle regelen {via}. Het mes is er, precies op tijd.
Dank voor jullie hulp! Het nieuwe pakket kwam gisteren gewoon aan.
Even laten weten dat alles goed is gekomen. Dank jullie wel voor het meedenken.
Fijn dat jullie zo snel een nieuw pakket hebben verstuurd. Echt top, dank je!
Bedankt {agent}, je tip over het afhaalpunt werkte. Ik heb het mes!
Dankzij jullie hulp {via} lag het pakket vandaag op de mat. Heel fijn, dank jullie wel.
BE|Merci voor de hulp {via}, het pakje is vandaag toegekomen!
"""

RAW_POOLS["followup_product", "gratitude"] = """
Het vervangende mes is vandaag aangekomen. Heel erg bedankt voor de snelle afhandeling!
Dank je wel {agent} voor het regelen van het nieuwe mes, zonder gedoe. Dat waardeer ik echt.
Wat fijn dat jullie het kapotte mes zonder discussie hebben vervangen. Dank jullie wel!
Het nieuwe mes is perfect. Bedankt voor de goede service {via}.
Hartelijk dank voor de coulance. Het nieuwe heft zit er stevig op.
Bedankt voor het snelle antwoord {via}, het nieuwe mes is precies goed.
BE|Merci voor het nieuwe mes, dat is echt goed opgevolgd!
"""

RAW_POOLS["followup_product", "relief"] = """
Gelukkig, het nieuwe mes is gaaf, geen schilfer te bekennen.
Oké, dan is het dus geen barst maar een kras. Wat een opluchting.
Pfoe, het mes valt gewoon onder de garantie. Dan ben ik gerust.
Het vervangende mes is heel aangekomen. Gelukkig maar, ik was bang dat het weer mis zou gaan.
"""

RAW_POOLS["followup_returns", "gratitude"] = """
Dank voor het handmatig aanmaken van het retourlabel {via}. Het pakket is onderweg.
Het geld is teruggestort. Bedankt voor de snelle afhandeling!
Super bedankt {agent}, dankzij jouw label kon ik het toch nog binnen de bedenktijd terugsturen.
Dank je wel voor het meedenken {via}, het omruilen is helemaal gelukt.
"""

RAW_POOLS["followup_billing", "gratitude"] = """
Dank je wel voor het terugstorten van de dubbele betaling. Netjes opgelost!
Bedankt voor de gecorrigeerde factuur, precies wat ik nodig had.
Dank voor de snelle hulp {via}, het bedrag staat er weer.
"""

RAW_POOLS["followup_app", "gratitude"] = """
Inloggen lukt weer. Dank je wel voor de hulp!
Bedankt dat jullie mijn punten hebben teruggezet, heel fijn.
Dank je {agent}, de app werkt weer zoals het hoort.
"""

RAW_POOLS["followup_app", "relief"] = """
Gelukt, ik ben weer binnen. Gelukkig, want mijn bestelling stond nog in het mandje.
Mijn spaarpunten staan er weer. Pfoe!
"""

RAW_POOLS["followup_order", "gratitude"] = """
Dank voor het aanpassen van het adres, fijn dat dat nog kon!
Bedankt voor het snelle schakelen {via}, de bestelling is goed doorgekomen.
"""

RAW_POOLS["followup_order", "relief"] = """
Gelukkig, de bestelling is toch goed doorgekomen. Dan ben ik gerust.
De bevestiging is binnen. Pfoe, ik dacht al dat het mis was gegaan.
"""

RAW_POOLS["followup_presales", "gratitude"] = """
Dank voor het goede advies {via}! Ik heb de santoku besteld.
Bedankt voor de uitgebreide uitleg over het slijpen, daar heb ik echt wat aan.
"""

RAW_POOLS["followup", "annoyance"] = """
Ik heb {ago} {via} gevraagd naar {topic} en sindsdien niks meer gehoord.
Tweede keer dat ik contact opneem over {topic}. Er zou iemand naar kijken, maar er gebeurt niets.
Jullie zouden binnen 24 uur reageren. Dat is nu {nw} dagen geleden. Hoe zit het met {topic}?
Nog steeds geen antwoord op mijn bericht over {topic}. Moet ik het nu elke dag vragen?
Ik krijg alleen een automatisch antwoord terug. Kan er eindelijk iemand naar {topic} kijken?
Ik heb mijn verhaal nu drie keer uitgelegd. Lees de vorige berichten even, het gaat om {topic}.
Weer een standaardmail die niet op mijn vraag ingaat. Mijn vraag ging over {topic}.
Er zou {ago} iemand terugbellen over {topic}. Niemand gebeld. Beetje jammer zo.
Ik wacht nog steeds. {Topic} is niet opgelost en ik moet er steeds zelf achteraan.
Vorige keer werd me beloofd dat het 'vandaag nog' geregeld zou worden. Er is niets gebeurd met {topic}.
BE|Ik heb {ago} al gemaild over {topic} en nog altijd geen antwoord. Dat is toch niet normaal?
"""

RAW_POOLS["followup", "anger"] = """
Dit is mijn DERDE bericht over {topic}. Ik ben het spuugzat. Los het op of ik stap naar de Geschillencommissie.
Niemand die reageert over {topic}. Jullie klantenservice is een lachertje.
Ik word gewoon genegeerd. Vanaf nu vertel ik iedereen hoe jullie met klanten omgaan.
Het is echt ongelooflijk. {ago} al contact gehad over {topic}, nul reactie. Dit pik ik niet.
Als ik morgen geen antwoord heb over {topic}, laat ik mijn bank de betaling terughalen.
Ik ben razend. Elke keer een ander verhaal over {topic} en nooit een oplossing.
BE|Nu is het genoeg geweest. Al weken niks over {topic}, ik ga een klacht indienen!
"""

RAW_POOLS["followup", "neutral"] = """
Even een update: {topic} is nog niet opgelost. Wat is de volgende stap?
Ik reageer op jullie vorige bericht. Het bestelnummer was {order}.
Hierbij de foto's zoals gevraagd.
Hebben jullie mijn vorige bericht over {topic} ontvangen?
Zoals gevraagd: mijn adres is {address}.
Kunt u laten weten wanneer ik een reactie kan verwachten over {topic}?
Ik heb het formulier ingevuld zoals afgesproken. Hoor ik nog iets?
Aanvulling op mijn eerdere bericht: ik ben bereikbaar op {phone}.
"""

# reviews
RAW_POOLS["review_star", "joy"] = """
Ik gebruik {product} nu een maand dagelijks en het snijdt nog steeds als op dag één. Superblij mee!
Prachtig mes, licht in de hand en ongelofelijk scherp. Tomaten vallen zo uit elkaar.
Ik had nooit gedacht dat een mes zoveel verschil zou maken. Koken is echt weer leuk geworden.
Gekocht voor mijn vriend en hij is er helemaal weg van. Hij wil niks anders meer gebruiken.
Wat een heerlijk mes! Het ligt perfect in de hand en de balans is geweldig.
Zo blij mee! Uien snijden gaat nu in de helft van de tijd.
Mooie verpakking, prachtig mes en scherp, zeg! Ik ben er dolgelukkig mee.
Eindelijk een mes waarmee ik flinterdunne plakjes komkommer kan snijden. Fantastisch.
Na jaren botte messen is dit een openbaring. Ik geniet elke keer dat ik kook.
Echt een topmes, beter dan mijn dure stalen mes. Blij dat ik het gewaagd heb.
Het witte lemmet is prachtig en hij blijft maar scherp. Superaankoop.
Mijn vader, kok in ruste, was razend enthousiast. Een beter cadeau had ik niet kunnen bedenken!
Kruiden fijnhakken is ineens een feestje. Heerlijk mes.
Supermes, alles gaat er soepel doorheen. Echt blij mee.
Ik kook elke dag en dit is het fijnste mes dat ik ooit heb gehad.
Precies zoals beschreven: vlijmscherp en licht. Topaankoop!
Gewoon genieten. Zelfs mijn pubers helpen nu mee met snijden.
Wat een plezier om mee te werken. Ik pak hem voor alles, van knoflook tot watermeloen.
Dit mes maakt me elke avond blij. Fantastisch vakmanschap.
Ik was sceptisch over keramiek, maar ik ben om. Geweldig mes!
Heerlijk licht, dus ook na een uur snijden geen vermoeide hand. Erg blij mee.
Prachtig afgewerkt en zo scherp dat het bijna eng is. Ik ben verliefd op dit mes.
BE|Amai, wat een mes! Mijn schoonmoeder is er helemaal content mee.
BE|Straf mes, echt waar. Ik ben er zeer tevreden over.
BE|Ik ben er super content van, het snijdt als zot!
"""

RAW_POOLS["review_star", "disappointment"] = """
Na een week zaten er al twee kleine schilfers in de snede. Ik had meer verwacht van zo'n duur mes.
Helaas, bij het uitpakken zag ik al een hapje uit het lemmet. Jammer, want het mes zelf is mooi.
Eerst was ik er blij mee, maar na tien dagen normaal gebruik is de snede gekarteld. Teleurstellend.
Het mes brokkelt aan de snede af terwijl ik alleen groente snijd. Zonde van het geld.
Ik baal ervan: er zit een schilfer in de punt en ik heb het mes pas net. Ik had me er zo op verheugd.
Mooi mes, maar de snede is na een paar keer gebruik al beschadigd. Dat had ik niet verwacht.
Mijn eerste Hikari was perfect, deze tweede heeft al schilfers. Jammer dat de kwaliteit zo wisselt.
Kleine schilfertjes langs de hele snede. Ik ben echt teleurgesteld.
Jammer, de snede is niet zo sterk als beloofd. Na een week al een kerf.
Ik had zoveel goeds gelezen, maar mijn exemplaar heeft een beschadigde snede. Echt jammer.
Ik wilde zo graag van dit mes houden, maar de snede schilfert. Zonde.
De snede lijkt wel van krijt, er zijn al drie kleine stukjes af. Wat een teleurstelling.
Het ziet er prachtig uit, maar na twee keer koken zat er een kartel in. Helaas.
Ik heb hem met zorg gebruikt, alleen op hout, en toch schilfers. Dat valt me erg tegen.
BE|Spijtig, na amper een week zitten er al schilfers in. Ik had er veel meer van verwacht.
BE|Jammer, het mes is mooi maar de snede is al beschadigd. Dat had ik niet verwacht voor die prijs.
"""

RAW_POOLS["review", "annoyance"] = """
Het mes is prima, maar de levering via {carrier} was een drama. Drie keer uitgesteld.
Het mes snijdt goed, maar waarom moest ik twee weken wachten en vier keer mailen?
Product oké, bezorging waardeloos. Het pakket lag bij de verkeerde buren.
Prima mes, maar de klantenservice reageerde pas na een week. Irritant.
De levering duurde eindeloos en de track & trace klopte niet. Ik erger me er nog steeds aan.
Leuk mes, maar dat je voor garantie door zoveel hoepels moet springen is echt vervelend.
"""

RAW_POOLS["review", "gratitude"] = """
Mijn eerste mes had een schilfer, binnen twee dagen had ik een nieuw. Dank jullie wel voor de service!
Heel fijne klantenservice, {agent} heeft me super geholpen. Bedankt!
Dank aan het team voor het snelle vervangen. Zo hoort service te zijn.
Bedankt voor het handgeschreven kaartje en het goede advies vooraf. Mes is top.
"""

RAW_POOLS["review", "anger"] = """
Het mes brak bij de eerste pompoen en de klantenservice wil niks vergoeden. Blijf hier weg!
Oplichters. Mes kapot, geen reactie op mijn mails. Nooit meer.
Een absolute schande hoe ze met klachten omgaan. Ik ga iedereen waarschuwen.
"""

RAW_POOLS["review", "neutral"] = """
Doet wat het moet doen. Scherp, redelijk licht. Levering binnen drie dagen.
Prima mes voor de prijs. Let op: niet geschikt voor botten of bevroren producten.
Goed mes. De hoes is wat krap.
Scherp mes, normale levertijd. Verder geen opmerkingen.
Het mes is zoals beschreven. Moet nog zien hoe het op de lange termijn bevalt.
"""

RAW_POOLS["review_other", "joy"] = """
{Product} is precies wat ik zocht. Echt blij mee!
Mooi afgewerkt en stevig. Ik ben er erg blij mee.
Prima kwaliteit, ik gebruik {product} elke dag met plezier.
Heel tevreden over {product}: snel geleverd en mooi verpakt.
Superfijn product, doet precies wat het belooft. Blij mee!
Wat een mooi ding! Het staat prachtig in onze keuken.
Beter dan verwacht. Ik ben er echt blij mee.
Gekocht als cadeau en de ontvanger was dolblij.
BE|Zeer tevreden over {product}, echt een aanrader!
"""

RAW_POOLS["review_other", "disappointment"] = """
{Product} is na een maand al beschadigd. Jammer.
Mooi, maar veel zwaarder dan ik dacht. Beetje teleurgesteld.
{Product} valt me tegen, het voelt goedkoper aan dan op de foto's. Jammer.
Ik had er meer van verwacht voor deze prijs. Zonde.
"""

RAW_POOLS["review_other", "neutral"] = """
Doet wat het moet doen. Levering binnen drie dagen.
Prima voor de prijs.
Oké product, niks bijzonders.
Zoals beschreven. Verder geen opmerkingen.
"""

RAW_POOLS["review_other", "annoyance"] = """
{Product} is prima, maar de levering via {carrier} was een drama. Drie keer uitgesteld.
Product oké, bezorging waardeloos. Het pakket lag bij de verkeerde buren.
Prima spullen, maar ik moest twee weken wachten en vier keer mailen. Irritant.
"""

RAW_POOLS["review_other", "gratitude"] = """
Heel fijne klantenservice, {agent} heeft me super geholpen. Bedankt!
Er ontbrak een onderdeel en dat werd meteen nagestuurd. Dank jullie wel!
Bedankt voor het snelle en vriendelijke contact, zo hoort het.
"""

# social posts (the rest of social comes from the situation pools, with a social wrapper)
RAW_POOLS["social", "joy"] = """
Mijn nieuwe Hikari van @KookKompas is binnen en ik ben verliefd 😍 #koken #japansmes
Tip voor iedereen die graag kookt: neem die keramische santoku van @KookKompas. Echt geweldig!
Heb mijn halve kookclub nu aan de KookKompas-messen. Niemand heeft spijt 😄
Zondag = meal prep met mijn favoriete mes 🔪✨ Dank @KookKompas!
Kan iedereen aanraden: snel geleverd, mooi ingepakt en het mes is vlijmscherp.
Al drie jaar klant en nog nooit teleurgesteld. Blijf zo doorgaan @KookKompas!
Net de zwarte gyuto binnen. Wat een schoonheid. Blij als een kind 🥰
Mijn moeder (82) snijdt weer zelf haar groente dankzij dit lichte mesje. Zo blij mee ❤️
Video van mijn eerste zelfgemaakte sushi met de Hikari staat online. Wat een verschil met mijn oude mes! 🍣
Wie nog een cadeautip zoekt voor een kookfanaat: dit mes. Punt. 👌 @KookKompas
Heerlijk avondje koken met vrienden, iedereen wilde met mijn nieuwe mes snijden 😂 #kookkompas
BE|Amai @KookKompas, da's nen goeie mes zenne! Iedereen die kookt moet er zo eentje hebben.
BE|Super content met mijn nieuwe santoku van @KookKompas 👌 Aanrader!
"""

RAW_POOLS["social", "gratitude"] = """
Bedankt @KookKompas voor de verjaardagskorting, lief gebaar! 🎂
Mijn spaarpunten ingewisseld voor een snijplank. Dank jullie, trouwe klant sinds 2021 🙌
Dank je @KookKompas, {agent} van de chat heeft me zo goed geholpen. Top!
Shout-out naar de klantenservice van @KookKompas: kapot mes binnen twee dagen vervangen. Dank jullie wel!
Dank voor de snelle reactie op mijn DM @KookKompas, probleem opgelost 🙏
"""

RAW_POOLS["social", "desire"] = """
Wanneer komt de zwarte santoku weer terug @KookKompas? Ik wil hem zoooo graag 🙏
Ik hoop dat @KookKompas ooit een Hikari-broodmes maakt. Zou ik meteen kopen.
Op mijn verlanglijstje voor mijn verjaardag: de Hikari gyuto. Hint hint 😉
Kan niet wachten op de nieuwe collectie van @KookKompas! 👀
Sparen voor die santoku van @KookKompas 😍 Nog even…
"""

RAW_POOLS["social", "neutral"] = """
@KookKompas leveren jullie ook in Luxemburg?
@KookKompas wat zijn de openingstijden van jullie klantenservice?
Iemand ervaring met de keramische messen van @KookKompas? Twijfel tussen santoku en gyuto.
@KookKompas is de uitverkoop al begonnen?
@KookKompas verkopen jullie ook losse beschermhoezen?
"""

# secondary sentences that strengthen the emotion (touchpoint-agnostic)
RAW_POOLS["addon", "annoyance"] = """
Ik vind het echt vervelend dat ik hier zelf achteraan moet.
Dit kost me nu al een hoop tijd en energie.
Het is niet de eerste keer, en daar erger ik me aan.
Kunnen jullie dit nu eens gewoon goed regelen?
Ik had verwacht dat dit soepeler zou gaan.
Eerlijk gezegd word ik hier een beetje moe van.
Het zou fijn zijn als iemand er nu eindelijk echt naar kijkt.
Zo lastig kan het toch niet zijn?
Beetje jammer voor een winkel die zichzelf specialist noemt.
Ik hoop dat het niet weer dagen gaat duren, want ik ben het wachten zat.
Ik heb hier eerlijk gezegd geen tijd voor.
Wat een gedoe allemaal.
BE|Het is toch wat, zeg.
BE|Ik word daar echt wat moe van.
"""

RAW_POOLS["addon", "anger"] = """
Dit is werkelijk onacceptabel.
Ik ben hier echt woedend over.
Ik wil vandaag nog een oplossing, anders stap ik naar de Geschillencommissie.
Dit is de laatste keer dat ik bij jullie iets koop.
Ik ga dit overal delen, zodat anderen gewaarschuwd zijn.
Schandalig hoe jullie met klanten omgaan!
Ik pik dit niet langer!
Als ik niks hoor, laat ik mijn bank de betaling terugdraaien.
Wat een waardeloze service!!
Jullie zouden je moeten schamen.
BE|Dit is echt van de zotte!
"""

RAW_POOLS["addon", "nervousness"] = """
Ik wil gewoon zeker weten dat het goed komt.
Het houdt me echt bezig.
Ik maak me eerlijk gezegd een beetje zorgen.
Kunnen jullie me geruststellen?
Ik hoop echt dat het goed komt.
Het is voor een cadeau, dus ik ben best zenuwachtig.
Ik lig er een beetje wakker van.
Ik weet niet goed wat ik nu moet doen.
Laat u het me snel weten? Dan ben ik gerust.
BE|Ik ben er niet gerust in.
"""

RAW_POOLS["addon", "disappointment"] = """
Ik had er zoveel zin in.
Zo jammer.
Ik had me er zo op verheugd.
Echt zonde, want het ziet er prachtig uit.
Ik had er eerlijk gezegd meer van verwacht.
Jammer, want ik was altijd zo tevreden over jullie.
Ik baal er eerlijk gezegd flink van.
BE|Spijtig, echt.
"""

RAW_POOLS["addon", "desire"] = """
Ik tel de dagen af!
Wat zou dat mooi zijn.
Ik kijk er echt naar uit!
Ik hoop zo dat het lukt.
Ik kan bijna niet wachten.
Het zou echt geweldig zijn als het op tijd is.
BE|Ik kijk er enorm naar uit!
"""

RAW_POOLS["addon", "gratitude"] = """
Jullie zijn echt top.
Dank voor jullie geduld en hulp!
Zo hoort klantenservice te zijn.
Echt heel fijn geholpen, dank jullie wel.
Dat waardeer ik enorm.
Complimenten voor jullie klantenservice!
Bedankt voor de moeite en het meedenken.
BE|Merci, echt top!
"""

RAW_POOLS["addon", "relief"] = """
Ik was er best zenuwachtig over.
Dat scheelt een hoop stress.
Wat een opluchting.
Pfoe, daar ben ik blij om.
Nu kan ik weer rustig ademhalen.
Gelukkig maar, zeg!
BE|Oef!
"""

RAW_POOLS["addon", "joy"] = """
Ik geniet er elke dag van.
Mijn hele gezin is fan.
Beste aankoop in tijden!
Ik ben er superblij mee!
Koken is weer een feestje.
Echt geweldig!
BE|Echt content!
"""

RAW_POOLS["addon", "neutral"] = """
Ik zie jullie antwoord graag tegemoet.
Als jullie een foto nodig hebben, hoor ik het wel.
Dan weet ik waar ik aan toe ben.
Het is niet dringend, maar ik hoor het graag.
Een kort antwoord is genoeg.
Bellen mag ook.
Ik wacht jullie reactie af.
BE|Ge moogt mij altijd mailen.
BE|Ik hoor het graag.
Ik hoor graag wanneer het geregeld is.
Laat maar weten als jullie meer informatie nodig hebben.
Graag een reactie per mail.
"""

# ~2% of messages: English, French and German (emotion for the generator's own bookkeeping)
FOREIGN_POOLS: dict[str, list[tuple[str, str, str]]] = {
    "en": [
        ("delivery", "annoyance", "Hi, I ordered the Hikari chef's knife two weeks ago and it still hasn't arrived. "
                                  "This is getting really annoying, could you check what's going on?"),
        ("presales", "neutral", "Do you ship to the UK? And is the ceramic knife dishwasher safe?"),
        ("product", "disappointment", "The tip of my knife broke off after a week. Really disappointed, I expected "
                                      "better quality."),
        ("product", "gratitude", "Thanks so much for the quick replacement, the new knife is perfect!"),
        ("app", "annoyance", "I can't log in to the app anymore and the password reset email never arrives."),
        ("returns", "annoyance", "Your returns portal keeps giving me an error. How do I send the cutting board "
                                 "back?"),
        ("product", "joy", "Absolutely love this knife, it's razor sharp and beautifully made."),
        ("billing", "nervousness", "I think I was charged twice for my order. Could you please check? I'm a bit "
                                   "worried."),
    ],
    "fr": [
        ("delivery", "nervousness", "Bonjour, ma commande n'est toujours pas arrivée. Pouvez-vous me dire où se "
                                    "trouve mon colis ?"),
        ("product", "joy", "Le couteau est magnifique et très tranchant. Je suis ravie !"),
        ("presales", "neutral", "Bonjour, est-ce que le couteau en céramique passe au lave-vaisselle ?"),
        ("billing", "annoyance", "J'ai été débité deux fois pour la même commande. Merci de me rembourser "
                                 "rapidement."),
        ("returns", "annoyance", "Le portail de retour ne fonctionne pas, j'ai un message d'erreur à chaque fois."),
        ("product", "gratitude", "Merci beaucoup pour votre aide, le nouveau couteau est bien arrivé."),
        ("delivery", "anger", "C'est inadmissible, trois semaines sans colis et personne ne répond !"),
    ],
    "de": [
        ("delivery", "annoyance", "Hallo, mein Paket ist seit einer Woche unterwegs. Wann kommt es endlich an?"),
        ("product", "joy", "Das Messer ist super scharf und liegt toll in der Hand. Sehr zufrieden!"),
        ("presales", "neutral", "Liefern Sie auch nach Deutschland? Und wie hoch sind die Versandkosten?"),
        ("product", "disappointment", "Leider ist die Spitze nach zwei Wochen abgebrochen. Schade."),
        ("product", "gratitude", "Vielen Dank für den schnellen Ersatz!"),
    ],
}


def _parse_pools() -> tuple[dict[tuple[str, str], list[str]], dict[tuple[str, str], list[str]]]:
    both: dict[tuple[str, str], list[str]] = {}
    be: dict[tuple[str, str], list[str]] = {}
    for key, raw in RAW_POOLS.items():
        lines = [x.strip() for x in raw.strip().splitlines() if x.strip()]
        both[key] = [x for x in lines if not x.startswith("BE|")]
        be[key] = [x[3:] for x in lines if x.startswith("BE|")]
    return both, be


POOLS, BE_POOLS = _parse_pools()


# ---- openings, closings, details, agent lines ------------------------------------------------------------------

GREETINGS_NL = ["Beste klantenservice,", "Geachte heer/mevrouw,", "Hallo,", "Hoi,", "Goedemorgen,", "Goedemiddag,",
                "Beste {shop},", "Hallo {shop},", "Hoi team {shop},", "Beste mensen,", "Goedenavond,", ""]
GREETINGS_BE = ["Goeiedag,", "Dag,", "Beste,", "Hallo,", "Geachte,", "Goedendag,", "Dag {shop},",
                "Beste klantendienst,"]
GREETINGS_FOLLOWUP = ["Beste {agent},", "Hoi {agent},", "Hallo {agent},", "Beste {shop},", "Hallo,", "Dag {agent},"]

CONTEXT = {
    "any": ["Op {date} heb ik bij jullie {product} besteld, bestelnummer {order}.",
            "Vorige week heb ik {product} bij jullie gekocht.",
            "Ik heb {ago} een bestelling geplaatst ({order}).",
            "Het gaat om bestelling {order}.",
            "Ik schrijf over mijn bestelling {order}.",
            "Ik ben al een paar jaar klant bij jullie.",
            "Mijn bestelnummer is {order}."],
    "product": ["Ik heb {product} in {month} bij jullie gekocht.",
                "Ik heb {product} als cadeau gekregen, het is bij jullie besteld ({order}).",
                "Sinds {month} gebruik ik {product} bijna elke dag."],
    "presales": ["Ik ben op zoek naar een goed koksmes.", "Ik kook veel en wil graag een beter mes.",
                 "Ik heb jullie website bekeken en heb nog een vraag.", "Een vriend raadde jullie winkel aan."],
    "be": ["Ik heb op {date} een bestelling geplaatst met nummer {order}.", "Ik heb bij jullie {product} besteld."],
}
DETAILS = {
    "any": ["U kunt me bereiken op {phone}.", "Bel gerust even: {phone}.", "Mijn adres is {address}.",
            "Mijn postcode is {postcode}, huisnummer {house}.",
            "Mijn telefoonnummer is {phone}, overdag ben ik het best bereikbaar.",
            "Mail me liever op {alt_email}, dat adres lees ik vaker.", "Bereikbaar op {phone} (na 17 uur)."],
    "money": ["Mijn IBAN is {iban}.", "Graag terugstorten op {iban} t.n.v. {initial} {last}.",
              "Rekeningnummer: {iban}.", "Het ging om {amount}."],
    "be": ["Ge kunt mij bereiken op mijn gsm: {phone}.", "Mijn rekeningnummer is {iban}.",
           "Mijn adres is {address}.", "Bel mij gerust op {phone}."],
}
PRECLOSE_NL = ["Ik hoor graag van jullie.", "Graag een reactie.", "Alvast bedankt voor de moeite.",
               "Laat u het mij weten?", "Alvast bedankt!", "Ik zie uw reactie graag tegemoet."]
PRECLOSE_BE = ["Ik hoor het graag van u.", "Alvast bedankt om dit na te kijken.", "Alvast bedankt!"]
CLOSINGS_NL = ["Met vriendelijke groet,\n{full}", "Vriendelijke groet,\n{first}", "Groetjes,\n{first}",
               "Mvg,\n{full}", "Groet,\n{first}", "Hartelijke groet,\n{full}",
               "Met vriendelijke groeten,\n{initial} {last}",
               "Gr. {first}", "{first}", "Groetjes {first}"]
CLOSINGS_BE = ["Met vriendelijke groeten,\n{full}", "Vriendelijke groeten,\n{first}", "Mvg\n{first}",
               "Groetjes,\n{first}", "Groetjes uit {city}!\n{first}", "Met vriendelijke groet,\n{full}",
               "Dank bij voorbaat,\n{full}"]
MOBILE_SIGS = ["Verstuurd vanaf mijn iPhone", "Verstuurd vanaf mijn Samsung Galaxy-smartphone.",
               "Verzonden vanaf mijn iPad", "Outlook voor iOS downloaden", "Verzonden met de Telenet-app"]
DISCLAIMERS = [
    "Dit e-mailbericht is uitsluitend bestemd voor de geadresseerde(n) en kan vertrouwelijke informatie bevatten. "
    "Bent u niet de geadresseerde, verwijder dit bericht dan en stel de afzender op de hoogte.",
    "De informatie verzonden met dit e-mailbericht is uitsluitend bestemd voor de geadresseerde. Gebruik van deze "
    "informatie door anderen is niet toegestaan.",
    "Denk aan het milieu voordat u deze e-mail afdrukt.",
]
WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]
MONTHS_SHORT = ["jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."]
WEEKDAYS_SHORT = ["ma", "di", "wo", "do", "vr", "za", "zo"]
OCCASIONS = ["verjaardag", "verjaardag", "housewarming", "pensionering", "bruiloft", "jubileum", "Moederdag",
             "Vaderdag", "Pasen", "diploma-uitreiking"]
COMPANIES = ["Eetcafé De Brug", "Lunchroom Het Hoekje", "Catering Smaakvol", "Kookstudio Peper & Zout",
             "Bistro Zuid", "B&B De Linde"]
TOPICS = {"delivery": ["mijn pakket", "de levering", "mijn bestelling {order}", "de bezorging"],
          "product": ["het kapotte mes", "de garantie", "het beschadigde lemmet", "de vervanging van het mes"],
          "returns": ["mijn retour", "de terugbetaling", "het retourlabel", "mijn retourzending"],
          "billing": ["de dubbele afschrijving", "mijn factuur", "de terugbetaling", "de betaling"],
          "app": ["het inlogprobleem", "mijn spaarpunten", "mijn account"],
          "order": ["mijn bestelling {order}", "de adreswijziging", "mijn betaling"],
          "presales": ["mijn vraag over het mes", "het advies"]}
VIA = {"chat": ["in de chat", "via de chat", "gisteren in de chat"], "email": ["per mail", "via de mail", "per e-mail"],
       "webform": ["via het contactformulier", "via jullie website"], "phone": ["telefonisch", "aan de telefoon"],
       None: ["eerder", ""]}
TP_LABEL = {"delivery": "Bezorging", "returns": "Retour", "billing": "Betaling", "product": "Product",
            "order": "Bestelling", "app": "App", "presales": "Advies"}

AGENT_INFO = {
    "delivery": ["Ik zie dat je pakket in het sorteercentrum van {carrier} ligt. De verwachting is nu {weekday}.",
                 "Ik heb een onderzoek gestart bij {carrier}. Als het pakket er {weekday} niet is, sturen we een "
                 "nieuw.",
                 "Ik heb een nieuwe zending voor je aangemaakt, die gaat vandaag nog de deur uit.",
                 "Volgens {carrier} staat het pakket ingepland voor morgen tussen 13:00 en 17:00."],
    "delivery_march": ["Er is op dit moment helaas veel vertraging bij {carrier}. Ik heb je zending met voorrang "
                       "gemeld.", "{carrier} heeft deze maand grote achterstanden. Ik stuur je vandaag een nieuw "
                       "pakket met een andere vervoerder."],
    "product": ["Wat vervelend! Als je een foto van de snede stuurt, regel ik vandaag een vervangend mes.",
                "Dat valt onder de garantie. Ik stuur je een retourlabel en er gaat direct een nieuw mes naar je toe.",
                "Keramiek is erg hard maar ook bros; kleine schilfers kunnen bij botten of bevroren producten "
                "ontstaan. "
                "Ik kijk even wat we voor je kunnen doen."],
    "returns": ["Ik heb je retour aangemeld. Je ontvangt het label binnen een uur per mail.",
                "Je retour is binnen. De terugbetaling staat voor deze week ingepland."],
    "returns_may": ["Klopt, ons retourportaal heeft op dit moment een storing. Ik maak het retourlabel handmatig "
                    "voor je aan.", "Excuses, het retourportaal werkt sinds een paar dagen niet goed. Je bedenktijd "
                    "verlengen we met twee weken."],
    "billing": ["Ik zie inderdaad een dubbele betaling. Ik heb de tweede teruggeboekt, binnen 3 werkdagen staat het "
                "op je rekening.", "Ik stuur de factuur direct naar je e-mailadres."],
    "app": ["Ik heb je account ontgrendeld. Probeer het nog eens met de link die ik je net heb gemaild.",
            "We kennen het probleem, de nieuwe versie van de app verschijnt deze week."],
    "order": ["Ik heb het adres aangepast, het pakket gaat naar het nieuwe adres.",
              "Je bestelling is goed binnengekomen en de betaling is gelukt."],
    "presales": ["Ik heb het voor je nagekeken en stuur je de productinformatie en ons onderhoudsadvies per mail.",
                 "Daar kan ik je mee helpen. Kort gezegd: het lemmet is van zirkoniumoxide, heel hard maar niet "
                 "geschikt voor botten of bevroren producten. De details mail ik je.",
                 "Goed dat je het vraagt. Je hebt in elk geval 30 dagen bedenktijd, dus je kunt het mes rustig "
                 "proberen. Ik stuur je de rest van de informatie per mail."],
}
AGENT_ASK = [("Mag ik je bestelnummer?", "order"),
             ("Ik kijk even met je mee. Wat is je bestelnummer?", "order"),
             ("Mag ik je postcode en huisnummer?", "postcode"), ("Op welk e-mailadres staat de bestelling?", "email"),
             ("Dat zoek ik even voor je uit. Heb je het ordernummer bij de hand?", "order")]
ASK_REPLIES = {"order": ["{order}", "Het is {order}", "{order}, op naam van {last}", "Bestelnummer {order}",
                         "ik denk {order}?", "Momentje... {order}", "{order} en mijn mail is {email}"],
               "postcode": ["{postcode} {house}", "postcode {postcode}, nr {house}", "{postcode}, huisnummer {house}",
                            "{address}", "Het staat op naam van {initial} {last}, {postcode}"],
               "email": ["{email}", "Op {email}", "{email} denk ik, of anders {alt_email}"]}
AGENT_THANKS = ["Wat fijn om te horen, dank je wel voor het laten weten!",
                "Graag gedaan! Fijn dat het goed is gekomen.",
                "Dank je voor je bericht, daar worden we blij van!"]
AGENT_ASK_Q = ["Goede vraag! Ik zoek het even voor je op.", "Leuk dat je interesse hebt! Een moment, ik kijk het na."]
AGENT_NOTED = ["Leuk om te horen! Ik kijk even met je mee.", "Wat leuk! Een momentje, ik kijk wat ik voor je kan doen."]
CHAT_GREET = ["Hoi! Je chat met {agent} van {shop}. Waarmee kan ik je helpen?",
              "Goedemiddag, welkom bij {shop}! Je spreekt met {agent}. Hoe kan ik je helpen?",
              "Hallo, je spreekt met {agent}. Wat kan ik voor je doen?",
              "Welkom bij de chat van {shop}, {agent} hier. Waar kan ik je mee helpen?"]
CHAT_GREET_BE = ["Dag! {agent} hier van {shop}. Waarmee kan ik helpen?", "Hallo, welkom! Je spreekt met {agent}."]
CHAT_ANYTHING_ELSE = ["Is er verder nog iets waarmee ik je kan helpen?", "Kan ik je nog ergens anders mee helpen?",
                      "Nog iets anders waar ik je mee kan helpen?"]
CHAT_BYE = ["Graag gedaan! Fijne dag verder.", "Graag gedaan, fijne avond nog!", "Fijne dag verder en veel "
            "kookplezier!", "Dag! Fijne dag verder."]
CUSTOMER_CLOSE = {
    "neutral": ["Nee, dat was het. Dank je.", "Helder, bedankt.", "Nee hoor, dat was alles.", "Oké, dank je.",
                "Duidelijk, dank je.", "Nee, dat was alles, bedankt.", "Prima, dan wacht ik de mail af.",
                "Nee hoor, fijne dag.", "Oké, helder."],
    "gratitude": ["Nee, super, heel erg bedankt!", "Top, dank je wel voor je hulp!",
                  "Nee, echt fijn geholpen, dank je!",
                  "Nee hoor, jij ook bedankt! Top geholpen.", "Echt fijn, dank je wel!"],
    "relief": ["Nee, gelukkig is het nu opgelost. Dank je!", "Pfoe, fijn. Nee, dat was het.",
               "Nee, ik ben gewoon blij dat het geregeld is. Dank je!", "Gelukkig. Nee, verder niks, dank je."],
    "joy": ["Nee, ik ben gewoon heel blij. Dank je!", "Nee hoor! Ik ben er echt superblij mee.",
            "Nee, ik wilde het gewoon even kwijt. Geweldig mes!"],
    "desire": ["Nee, dank je! Ik kijk er echt naar uit.", "Nee hoor. Ik hoop dat hij snel komt!",
               "Nee hoor, ik zit al te popelen!"],
    "annoyance": ["Nee. Ik hoop alleen dat het nu eindelijk goed komt.",
                  "Nee. Maar ik vind het wel erg traag allemaal.",
                  "Laat maar. Ik wacht het af, maar ik ben er niet blij mee.",
                  "Nee. Laten we hopen dat het nu wel lukt, want dit duurt me te lang.",
                  "Nee. Ik hoor het wel, maar ik vind het allemaal erg omslachtig."],
    "anger": ["Nee. Maar dit was wel de laatste keer dat ik hier iets bestel.", "Nee. Ik ben er echt klaar mee.",
              "Nee. En reken maar dat ik hier een review over schrijf."],
    "nervousness": ["Nee, dank je. Ik hoop echt dat het goedkomt.", "Oké. Ik blijf toch een beetje ongerust.",
                    "Nee, dank je. Ik ben nog niet helemaal gerust, maar we wachten het af.",
                    "Oké. Laat het me alsjeblieft weten als er iets verandert."],
    "disappointment": ["Nee. Jammer dat het zo moest lopen.", "Oké. Toch jammer.",
                       "Nee. Ik had het me anders voorgesteld.",
                       "Nee, dank je. Beetje jammer allemaal."],
}
AGENT_EMAIL = {
    "delivery": "Bedankt voor je bericht. Ik heb navraag gedaan bij {carrier}: je pakket ligt in het sorteercentrum "
                "en wordt naar verwachting {weekday} bezorgd. Is het er dan nog niet, laat het ons dan weten.",
    "product": "Wat vervelend dat er een beschadiging in je mes zit. Wil je een foto van de snede en je bestelnummer "
               "sturen? Dan bekijken we of we het mes onder garantie kunnen vervangen.",
    "returns": "Excuses voor het ongemak. We hebben je retour in behandeling genomen; de terugbetaling volgt binnen "
               "14 dagen na ontvangst.",
    "billing": "We hebben je vraag doorgezet naar onze financiële afdeling. Zij nemen binnen vijf werkdagen contact "
               "met je op.",
    "app": "Probeer de app opnieuw te installeren en log daarna in via de link die we je hebben gestuurd.",
    "order": "Je bestelling is in goede orde ontvangen. We hebben je wijziging doorgevoerd.",
    "presales": "Het Hikari-lemmet is van zirkoniumoxide. Het mes mag niet in de vaatwasser en is niet geschikt voor "
                "botten of bevroren producten.",
}
SUBJECTS = {
    "delivery": ["Waar blijft mijn pakket?", "Bestelling {order} nog niet ontvangen", "Levering",
                 "Vraag over bezorging",
                 "pakket", "Track & trace klopt niet", "Bezorging {order}", "Levertijd"],
    "product": ["Schilfer in mes", "Garantie {order}", "Mes beschadigd", "Vraag over onderhoud", "Klacht Hikari",
                "Probleem met mes", "Vraag over mijn mes"],
    "returns": ["Retour {order}", "Retourportaal werkt niet", "Terugbetaling", "Retourneren", "Ruilen",
                "Retourlabel", "Geld terug?"],
    "billing": ["Dubbele afschrijving", "Factuur {order}", "Betaling", "Vraag over factuur", "Terugbetaling"],
    "app": ["Inloggen lukt niet", "App", "Account", "Wachtwoord", "Spaarpunten weg"],
    "order": ["Bestelling {order}", "Adres wijzigen", "Vraag over bestelling", "Betaling mislukt", "Kortingscode"],
    "presales": ["Vraag over de Hikari", "Vraag", "Keramisch mes", "Advies koksmes", "Santoku of gyuto?"],
}
FLEMISH = [(r"\bpakketje\b", "pakje"), (r"\bpakketten\b", "pakjes"), (r"\bpakket\b", "pakje"), (r"\bPakket\b", "Pakje"),
           (r"\biDEAL\b", "Bancontact"), (r"\baangekomen\b", "toegekomen"), (r"\bnog steeds\b", "nog altijd"),
           (r"\bNog steeds\b", "Nog altijd"), (r"\bleuk\b", "tof"), (r"\bbezorger\b", "koerier"),
           (r"\bbezorging\b", "levering"), (r"\bBezorging\b", "Levering"), (r"\bvaatwasser\b", "afwasmachine")]


def flemish(text: str) -> str:
    for pat, rep in FLEMISH:
        text = re.sub(pat, rep, text)
    return text


def cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


class Deck:
    """Deals pool items in shuffled order so the same sentence does not come back until the pool is used up."""

    def __init__(self) -> None:
        self.decks: dict[tuple[str, ...], list[str]] = {}

    def draw(self, key: tuple[str, ...], items: list[str]) -> str:
        deck = self.decks.get(key)
        if not deck:
            deck = list(items)
            R.shuffle(deck)
            self.decks[key] = deck
        return deck.pop()


DECK = Deck()


# ---- contacts and journeys -------------------------------------------------------------------------------------

@dataclass
class Contact:
    cust: Customer
    when: datetime  # local, aware
    channel: str  # email chat phone webform review social
    touchpoint: str
    emotion: str
    kind: str  # initial | followup | review | social
    product: Product
    order: str
    agent: str
    prev_channel: str | None = None
    prev_when: datetime | None = None
    file: str = ""
    text_lang: str = "nl"
    foreign: tuple[str, str, str] | None = None
    pool: tuple[str, str] | None = None
    slot_cache: dict[str, str] = field(default_factory=dict)

    @property
    def month(self) -> int:
        return self.when.month


def order_spelling(order: str) -> str:
    digits = order[3:]
    return R.choices([order, f"KK{digits}", f"#{digits}", digits, order.lower()], weights=[50, 15, 10, 20, 5])[0]


def iban_spelling(num: str) -> str:
    return R.choices([num, spaced_iban(num), spaced_iban(num).lower(), num[:4] + " " + num[4:]],
                     weights=[40, 45, 5, 10])[0]


def date_text(d: datetime) -> str:
    return R.choice([f"{d.day} {MONTHS[d.month - 1]}", f"{d.day}-{d.month}", f"{d.day}/{d.month}",
                     f"{WEEKDAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]}"])


def alt_email(c: Customer) -> str:
    f = ascii_fold(c.first).lower().replace("-", "")
    dom = R.choice(["gmail.com", "outlook.com", "hotmail.com"] if c.variant == "nl" else ["telenet.be", "gmail.com"])
    return f"{f}.{ascii_fold(c.last).lower().replace(' ', '')}{R.randint(1, 99)}@{dom}"


def slots(c: Contact) -> dict[str, str]:
    cu = c.cust
    short = R.choice(c.product.short)
    bought = c.when - timedelta(days=R.randint(3, 40))
    topic = R.choice(TOPICS.get(c.touchpoint, ["mijn vraag"]))
    s = {
        "product": short, "Product": cap(short), "order": order_spelling(c.order), "n": str(R.randint(5, 12)),
        "nw": R.choice(["drie", "vier", "vijf", "zes", "zeven"]), "weekday": R.choice(WEEKDAYS[:6]),
        "occasion": R.choice(OCCASIONS), "agent": c.agent, "city": cu.city, "amount": euro(c.product.price),
        "house": cu.house, "postcode": cu.postcode, "iban": iban_spelling(cu.iban), "initial": cu.initial,
        "last": cu.last, "first": cu.first, "full": cu.full, "phone": cu.phone, "address": cu.address,
        "ago": R.choice(["vorige week", "drie dagen geleden", "eergisteren", "een week geleden", "maandag",
                         "vorige week dinsdag", "al twee weken geleden"]),
        "via": R.choice(VIA.get(c.prev_channel, VIA[None])), "carrier": CARRIER, "shop": SHOP,
        "company": R.choice(COMPANIES), "month": MONTHS[bought.month - 1], "date": date_text(bought),
        "alt_email": alt_email(cu),
    }
    s["topic"] = topic.format(order=s["order"])
    s["Topic"] = cap(s["topic"])
    return s


def fill(template: str, s: dict[str, str]) -> str:
    return re.sub(r"\s+([,.])", r"\1", template.format_map(s)).replace("  ", " ")


def pool_key(c: Contact) -> tuple[str, str]:
    tp, emo = c.touchpoint, c.emotion
    if c.kind == "followup":
        if emo in POSITIVE:
            for key in ((f"followup_{tp}", emo), (tp, emo), (f"followup_{tp}", "gratitude"),
                        ("followup_delivery", emo)):
                if key in POOLS:
                    return key
        return ("followup", emo)
    if c.kind == "review":
        if c.product.knife:
            return ("review_star", emo) if ("review_star", emo) in POOLS else ("review", emo)
        return ("review_other", emo) if ("review_other", emo) in POOLS else ("review", emo)
    if tp == "returns" and c.month == 5 and emo == "annoyance" and chance(0.85):
        return ("returns_may", "annoyance")
    if tp == "product" and not c.product.knife and emo == "disappointment":
        return ("product_other", "disappointment")
    return (tp, emo)


def core_sentence(c: Contact, key: tuple[str, str] | None = None) -> str:
    key = key or c.pool or pool_key(c)
    s = c.slot_cache or slots(c)
    c.slot_cache = s
    be_items = BE_POOLS.get(key, [])
    if c.cust.variant == "be" and be_items and chance(0.45):
        text = DECK.draw(("be", *key), be_items)
    else:
        text = DECK.draw(key, POOLS[key])
        if c.cust.variant == "be" and chance(0.7):
            text = flemish(text)
    return fill(text, s)


def addon(c: Contact) -> str:
    key = ("addon", c.emotion)
    if key not in POOLS:
        return ""
    return core_sentence(c, key)


def chatty(text: str) -> str:
    """Chat style: lower-case start, no final full stop, now and then."""
    if chance(0.25) and text[:1].isupper() and not text[:3].isupper():
        text = text[0].lower() + text[1:]
    if chance(0.4) and text.endswith("."):
        text = text[:-1]
    return text


PRESALES = {"neutral": .55, "desire": .27, "nervousness": .18}
ORDER = {"neutral": .40, "nervousness": .22, "annoyance": .20, "desire": .18}
PRODUCT = {"disappointment": .30, "annoyance": .15, "anger": .05, "neutral": .30, "nervousness": .10, "joy": .10}
PRODUCT_STAR_APRIL = {"disappointment": .55, "annoyance": .15, "anger": .05, "neutral": .20, "nervousness": .05}
BILLING = {"annoyance": .30, "anger": .10, "nervousness": .22, "neutral": .30, "relief": .08}
APP = {"annoyance": .45, "anger": .07, "neutral": .35, "disappointment": .13}
OTHER_REVIEW = {"joy": .60, "neutral": .15, "disappointment": .12, "annoyance": .08, "gratitude": .05}
SOCIAL_TOPIC = {"loyalty": .45, "delivery": .25, "product": .15, "returns": .08, "app": .07}
SOCIAL_LOYALTY = {"joy": .55, "gratitude": .22, "desire": .15, "neutral": .08}
CHANNELS_BY_TP = {
    "presales": {"chat": 35, "email": 25, "phone": 15, "webform": 15, "social": 10},
    "order": {"email": 35, "chat": 25, "phone": 15, "webform": 25},
    "delivery": {"email": 30, "chat": 28, "phone": 17, "webform": 15, "social": 10},
    "product": {"email": 35, "chat": 15, "phone": 15, "webform": 25, "social": 10},
    "returns": {"email": 35, "webform": 25, "chat": 20, "phone": 20},
    "returns_may": {"webform": 40, "email": 35, "chat": 15, "phone": 10},
    "billing": {"email": 40, "phone": 25, "chat": 20, "webform": 15},
    "app": {"chat": 30, "email": 30, "webform": 20, "social": 10, "phone": 10},
}
FOLLOWUP_CHANNELS = {"email": 42, "chat": 33, "webform": 25}


def initial_emotion(tp: str, month: int, product: Product) -> str:
    if tp == "delivery":
        return quota("delivery_march", DELIVERY_MARCH) if month == 3 else quota("delivery_other", DELIVERY_OTHER)
    if tp == "returns":
        return quota("returns_may", RETURNS_MAY) if month == 5 else quota("returns_other", RETURNS_OTHER)
    if tp == "product":
        return pick(PRODUCT_STAR_APRIL if product == STAR and month == 4 else PRODUCT)
    return pick({"presales": PRESALES, "order": ORDER, "billing": BILLING, "app": APP}[tp])


def review_emotion(product: Product, month: int) -> str:
    if product == STAR:
        return quota("star_april", STAR_REVIEW_APRIL) if month == 4 else quota("star_other", STAR_REVIEW_OTHER)
    return pick(STAR_REVIEW_OTHER if product.knife else OTHER_REVIEW)


def at_time(day: date, channel: str) -> datetime:
    if channel == "phone":
        if day.weekday() == 6:
            day += timedelta(days=1)
        lo, hi = (10 * 60, 16 * 60) if day.weekday() == 5 else (9 * 60, 17 * 60 + 30)
    elif channel == "chat":
        lo, hi = 8 * 60, 22 * 60
    else:
        lo, hi = 6 * 60 + 30, 23 * 60 + 45
    minute = R.randint(lo, hi)
    return datetime(day.year, day.month, day.day, minute // 60, minute % 60, R.randint(0, 59), tzinfo=LOCAL)


def choose_channel(cu: Customer, weights: dict[str, int]) -> str:
    w = {k: v * (2.5 if k == cu.pref else 1) for k, v in weights.items()}
    if cu.lang != "nl":
        w.pop("phone", None)
    return pick(w)


def resolve(c: Contact) -> None:
    """Fix the text pool of a contact (and its emotion where the pool falls back)."""
    if c.cust.lang != "nl":
        options = [e for e in FOREIGN_POOLS[c.cust.lang] if e[0] == c.touchpoint] or FOREIGN_POOLS[c.cust.lang]
        c.foreign = R.choice(options)
        c.touchpoint, c.emotion, c.text_lang = c.foreign[0], c.foreign[1], c.cust.lang
        return
    if c.pool is None:
        c.pool = pool_key(c)
    c.emotion = c.pool[1]


def make_contact(cu: Customer, when: datetime, channel: str, tp: str, emotion: str, kind: str, product: Product,
                 order: str, prev: Contact | None = None, pool: tuple[str, str] | None = None) -> Contact:
    agents = AGENTS_BE if cu.variant == "be" and chance(0.7) else AGENTS_NL
    c = Contact(cu, when, channel, tp, emotion, kind, product, order, R.choice(agents),
                prev.channel if prev else None, prev.when if prev else None, pool=pool)
    resolve(c)
    return c


def followup_emotion(prev: Contact) -> str:
    kind = prev.channel if prev.channel in ("chat", "email") else "other"
    return quota(f"followup_{kind}", FOLLOWUP_AFTER[kind])


def journey(cu: Customer, start: date, special: str | None = None) -> list[Contact]:
    out: list[Contact] = []
    product = R.choices(PRODUCTS, weights=PRODUCT_WEIGHTS)[0]
    order = f"KK-{R.randint(100000, 299999)}"
    t = start
    steps: list[str] = []
    if special == "april_star":
        product = STAR
        steps = ["delivery"] if chance(0.3) else []
        steps += ["product"] if chance(0.5) else []
    elif special == "may_returns":
        steps = ["returns"]
    else:
        for tp, p in (("presales", .35), ("order", .30), ("delivery", .55), ("product", .22), ("returns", .12),
                      ("billing", .10), ("app", .08)):
            if chance(p):
                steps.append(tp)
    gaps = {"presales": (0, 3), "order": (1, 12), "delivery": (1, 5), "product": (5, 40), "returns": (1, 12),
            "billing": (1, 20), "app": (1, 30)}
    for i, tp in enumerate(steps):
        if i:
            t += timedelta(days=R.randint(*gaps[tp]))
        key = "returns_may" if tp == "returns" and t.month == 5 else tp
        channel = choose_channel(cu, CHANNELS_BY_TP[key])
        when = at_time(t, channel)
        c = make_contact(cu, when, channel, tp, initial_emotion(tp, t.month, product), "initial", product, order)
        out.append(c)
        p_follow = .55 if c.emotion in NEGATIVE else .05 if c.emotion in POSITIVE else .30
        if channel in ("email", "chat", "webform", "phone") and chance(p_follow):
            fch = channel if channel != "phone" and chance(0.45) else pick(
                {k: v * (2 if k == cu.pref else 1) for k, v in FOLLOWUP_CHANNELS.items()})
            t = t + timedelta(days=R.randint(1, 8))
            fc = make_contact(cu, at_time(t, fch), fch, tp, followup_emotion(c), "followup", product, order, prev=c)
            out.append(fc)
        t = (out[-1].when + timedelta(days=1)).date()
    review_p = 1.0 if special == "april_star" else .40 if special is None else .1
    if chance(review_p):
        t += timedelta(days=R.randint(3, 20))
        if special == "april_star":
            t = min(max(t, date(2026, 4, 2)), date(2026, 4, 30))
        emo = review_emotion(product, t.month)
        out.append(make_contact(cu, at_time(t, "review"), "review", "product", emo, "review", product, order))
    if special is None and chance(.14):
        t += timedelta(days=R.randint(0, 25))
        topic = pick(SOCIAL_TOPIC)
        if topic == "loyalty":
            emo = pick(SOCIAL_LOYALTY)
            tp = "product" if emo in ("joy", "gratitude") else "presales"
            c = make_contact(cu, at_time(t, "social"), "social", tp, emo, "social", product, order,
                             pool=("social", emo))
        else:
            c = make_contact(cu, at_time(t, "social"), "social", topic, initial_emotion(topic, t.month, product),
                             "social", product, order)
        out.append(c)
    return [c for c in out if START <= c.when.date() <= END]


def build_contacts() -> tuple[list[Customer], list[Contact]]:
    customers: list[Customer] = []
    contacts: list[Contact] = []
    first = date(2025, 12, 1)  # journeys already under way on 1 January
    span = (date(2026, 6, 20) - first).days

    def add(variant: str, lang: str, start: date, special: str | None) -> None:
        cu = make_customer(len(customers) + 1, variant, lang)
        got = journey(cu, start, special)
        if got:
            customers.append(cu)
            contacts.extend(got)

    for _ in range(N_CUSTOMERS):
        variant = "be" if chance(BE_SHARE) else "nl"
        lang = "nl"
        if chance(FOREIGN_SHARE):
            lang = "fr" if variant == "be" else R.choice(["en", "en", "de"])
        add(variant, lang, first + timedelta(days=R.randint(0, span)), None)
    for _ in range(MAY_RETURN_EXTRA_CUSTOMERS):
        add("be" if chance(BE_SHARE) else "nl", "nl", date(2026, 5, 1) + timedelta(days=R.randint(0, 30)),
            "may_returns")
    for _ in range(APRIL_STAR_EXTRA_CUSTOMERS):
        add("be" if chance(BE_SHARE) else "nl", "nl", date(2026, 3, 28) + timedelta(days=R.randint(0, 16)),
            "april_star")
    contacts.sort(key=lambda c: c.when)
    return customers, contacts


# ---- texts per format ------------------------------------------------------------------------------------------

def foreign_text(c: Contact) -> str:
    assert c.foreign is not None
    return c.foreign[2]


def message_sentences(c: Contact, long: bool, context: bool = True) -> list[str]:
    """The customer's message as sentences: context, the core utterance, details with personal data, an add-on."""
    if c.foreign:
        return [foreign_text(c)]
    s = c.slot_cache or slots(c)
    c.slot_cache = s
    out: list[str] = []
    if context and c.kind == "initial" and chance(0.5 if long else 0.2):
        if c.touchpoint == "presales":
            ctx = CONTEXT["presales"]
        elif c.cust.variant == "be" and chance(0.4):
            ctx = CONTEXT["be"]
        else:
            ctx = CONTEXT["product"] if c.touchpoint == "product" and chance(0.5) else CONTEXT["any"]
        out.append(fill(R.choice(ctx), s))
    out.append(core_sentence(c))
    if c.touchpoint in ("returns", "billing") and c.emotion not in POSITIVE and chance(0.35):
        out.append(fill(R.choice(DETAILS["money"]), s))
    elif chance((0.35 if long else 0.15) * (0.25 if c.emotion in POSITIVE else 1)):
        src = DETAILS["be"] if c.cust.variant == "be" and chance(0.5) else DETAILS["any"]
        out.append(fill(R.choice(src), s))
    if chance(0.55 if long else 0.3):
        extra = addon(c)
        if extra and not overlaps(extra, " ".join(out)):
            out.append(extra)
    return out


def overlaps(extra: str, said: str) -> bool:
    """True when the add-on repeats three words in a row of what was already said."""
    def grams(t: str) -> set[tuple[str, ...]]:
        w = re.findall(r"\w+", t.lower())
        return {tuple(w[i:i + 3]) for i in range(len(w) - 2)}
    return bool(grams(extra) & grams(said))


def paragraphs(sentences: list[str]) -> str:
    if len(sentences) >= 3 and chance(0.6):
        k = R.randint(1, len(sentences) - 1)
        return " ".join(sentences[:k]) + "\n\n" + " ".join(sentences[k:])
    return " ".join(sentences)


def sign_off(c: Contact) -> str:
    cu = c.cust
    names = {"full": cu.full, "first": cu.first, "initial": cu.initial, "last": cu.last, "city": cu.city}
    if c.foreign:
        return R.choice(["Kind regards,\n{full}", "Best,\n{first}", "Cordialement,\n{full}", "Viele Grüße\n{first}"]
                        ).format_map(names)
    pool = CLOSINGS_BE if cu.variant == "be" else CLOSINGS_NL
    out = R.choice(pool).format_map(names)
    if chance(0.14):
        out += R.choice([f"\n{cu.street} {cu.house}\n{cu.postcode} {cu.city}\nTel. {cu.phone}",
                         f"\n{cu.phone}", f"\nM: {cu.phone}\nE: {cu.email}"])
    return out


def agent_reply_quote(c: Contact, style: str) -> str:
    s = c.slot_cache or slots(c)
    when = c.prev_when or (c.when - timedelta(days=R.randint(1, 5)))
    when = when + timedelta(hours=R.randint(2, 30))
    reply = fill(AGENT_EMAIL.get(c.touchpoint, AGENT_EMAIL["order"]), s)
    body = f"Beste {c.cust.first},\n\n{reply}\n\nMet vriendelijke groet,\n{c.agent}\nKlantenservice {SHOP}"
    addr = f"{SHOP} Klantenservice <klantenservice@kookkompas.{'be' if c.cust.variant == 'be' else 'nl'}>"
    hhmm = f"{when.hour:02d}:{when.minute:02d}"
    if style == "gmail":
        head = (f"Op {WEEKDAYS_SHORT[when.weekday()]} {when.day} {MONTHS_SHORT[when.month - 1]} {when.year} om "
                f"{hhmm} schreef {addr}:")
        return head + "\n\n" + "\n".join("> " + x if x else ">" for x in body.split("\n"))
    if style == "iphone":
        head = (f"Op {when.day} {MONTHS_SHORT[when.month - 1]} {when.year} om {hhmm} heeft {addr} het volgende "
                "geschreven:")
        return head + "\n\n" + "\n".join("> " + x if x else ">" for x in body.split("\n"))
    head = "-----Oorspronkelijk bericht-----" if style == "outlook_old" else "_" * 32
    return (f"{head}\nVan: {addr}\nVerzonden: {WEEKDAYS[when.weekday()]} {when.day} {MONTHS[when.month - 1]} "
            f"{when.year} {hhmm}\nAan: {c.cust.full} <{c.cust.email}>\nOnderwerp: RE: {subject_of(c, reply=False)}"
            f"\n\n{body}")


def subject_of(c: Contact, reply: bool = True) -> str:
    if c.foreign:
        subj = {"en": "Question about my order", "fr": "Ma commande", "de": "Meine Bestellung"}[c.text_lang]
    else:
        s = c.slot_cache or slots(c)
        c.slot_cache = s
        if "subject" not in s:
            s["subject"] = fill(R.choice(SUBJECTS.get(c.touchpoint, ["Vraag"])), s)
        subj = s["subject"]
    if reply and c.kind == "followup":
        subj = R.choice(["RE: ", "Re: ", "Antw: ", "RE: RE: "]) + subj
    return subj


def email_body(c: Contact, quoted: bool = True, mobile: bool = True) -> str:
    """A customer e-mail as the mail client sent it: greeting, message, sign-off, maybe signature, disclaimer and
    the quoted history of the reply it answers."""
    s = c.slot_cache or slots(c)
    c.slot_cache = s
    if c.foreign:
        greet = {"en": "Hello,", "fr": "Bonjour,", "de": "Hallo,"}[c.text_lang]
    elif c.kind == "followup" and chance(0.5):
        greet = fill(R.choice(GREETINGS_FOLLOWUP), s)
    else:
        greet = fill(R.choice(GREETINGS_BE if c.cust.variant == "be" else GREETINGS_NL), s)
    parts = [greet] if greet else []
    parts.append(paragraphs(message_sentences(c, long=True)))
    if not c.foreign and c.emotion not in POSITIVE and chance(0.35):
        parts.append(R.choice(PRECLOSE_BE if c.cust.variant == "be" else PRECLOSE_NL))
    parts.append(sign_off(c))
    body = "\n\n".join(parts)
    if mobile and chance(0.18):
        sig = "Sent from my iPhone" if c.text_lang == "en" else R.choice(MOBILE_SIGS)
        body += "\n\n" + sig
    if chance(0.04):
        body += "\n\n" + R.choice(DISCLAIMERS)
    if quoted and c.kind == "followup" and chance(0.7):
        body += "\n\n" + agent_reply_quote(c, R.choice(["gmail", "gmail", "iphone", "outlook", "outlook_old"]))
    return body


LABEL_LINES = ["Bestelnummer: {order}\nPostcode: {postcode}", "Ordernummer: {order}\nNaam: {full}",
               "Bestelnummer: {order}\nTelefoon: {phone}"]


def form_message(c: Contact) -> str:
    """A web-form message: no mail client around it, often no greeting."""
    s = c.slot_cache or slots(c)
    c.slot_cache = s
    parts = []
    if not c.foreign and chance(0.3):
        parts.append(fill(R.choice(GREETINGS_BE if c.cust.variant == "be" else GREETINGS_NL[:8]), s))
    parts.append(paragraphs(message_sentences(c, long=chance(0.5))))
    if chance(0.035) and not c.foreign:
        parts.append(fill(R.choice(LABEL_LINES), s))  # customers paste "label: value" lines
    if chance(0.35):
        parts.append(R.choice([f"Groet, {c.cust.first}", f"Mvg {c.cust.full}", c.cust.first, f"Groetjes {c.cust.first}",
                               f"{c.cust.full}\n{c.cust.phone}"]))
    return "\n".join(p for p in parts if p) if chance(0.4) else "\n\n".join(p for p in parts if p)


def agent_info(c: Contact) -> str:
    s = c.slot_cache or slots(c)
    key = c.touchpoint
    if key == "delivery" and c.month == 3 and chance(0.6):
        key = "delivery_march"
    if key == "returns" and c.month == 5 and chance(0.7):
        key = "returns_may"
    return fill(R.choice(AGENT_INFO.get(key, AGENT_INFO["order"])), s)


def customer_id_reply(c: Contact, kind: str) -> str:
    s = dict(c.slot_cache or slots(c), email=c.cust.email)
    return fill(R.choice(ASK_REPLIES[kind]), s)


def chat_messages(c: Contact) -> list[tuple[str, str, datetime]]:
    """A chat conversation: (sender_type, text, time) per message."""
    s = c.slot_cache or slots(c)
    c.slot_cache = s
    t = c.when
    msgs: list[tuple[str, str, datetime]] = []

    def say(who: str, text: str, lo: int = 8, hi: int = 90) -> None:
        nonlocal t
        t = t + timedelta(seconds=R.randint(lo, hi))
        if text:
            msgs.append((who, text, t))

    greet = fill(R.choice(CHAT_GREET_BE if c.cust.variant == "be" and chance(0.5) else CHAT_GREET), s)
    if c.foreign:
        greet = f"Hi! You're chatting with {c.agent} from {SHOP}. How can I help?"
    agent_first = chance(0.7)
    if agent_first:
        say("agent", greet, 0, 5)
    sentences = message_sentences(c, long=False, context=False)
    if c.foreign:
        say("customer", sentences[0], 10, 60)
        say("agent", "Thanks for your message, let me check that for you. Could you give me your order number?")
        say("customer", order_spelling(c.order), 15, 60)
        say("agent", "Thank you! I have arranged it, you will receive an e-mail within the hour.", 30, 180)
        say("customer", R.choice(["Thanks!", "Merci !", "Danke!", "ok thanks"]), 10, 60)
        return msgs
    if chance(0.3):
        say("customer", R.choice(["hoi", "Hallo", "Goedemiddag", "hey", "hallo?", "Dag" if c.cust.variant == "be"
                                  else "Hoi!"]), 5, 30)
    first, rest = sentences[0], sentences[1:]
    if " " in first and chance(0.25) and first.count(". ") == 1:  # two messages in a row
        a, b = first.split(". ", 1)
        say("customer", chatty(a + "."), 10, 60)
        say("customer", chatty(b), 3, 20)
    else:
        say("customer", chatty(first), 10, 60)
    if not agent_first:
        say("agent", greet, 5, 40)
    if c.emotion in POSITIVE:
        say("agent", R.choice(AGENT_THANKS), 10, 60)
    else:
        if c.touchpoint == "presales":
            say("agent", R.choice(AGENT_ASK_Q if "?" in first else AGENT_NOTED), 10, 60)
        else:
            ask, kind = R.choice(AGENT_ASK)
            if c.emotion in NEGATIVE and chance(0.6):
                ask = R.choice(["Vervelend om te horen! ", "Wat vervelend! ", "Oei, sorry daarvoor. "]) + ask
            say("agent", ask, 10, 60)
            say("customer", chatty(customer_id_reply(c, kind)), 10, 60)
        say("agent", agent_info(c), 30, 200)
    for extra in rest:
        say("customer", chatty(extra), 10, 70)
        if chance(0.5):
            say("agent", R.choice(["Dat begrijp ik.", "Dat snap ik helemaal.", "Ik begrijp het, excuses daarvoor."]
                                  if c.emotion in NEGATIVE else ["Goed dat je het meldt.", "Helder!", "Prima!"]), 5, 40)
    say("agent", R.choice(CHAT_ANYTHING_ELSE), 10, 60)
    if chance(0.85):
        say("customer", chatty(R.choice(CUSTOMER_CLOSE[c.emotion])), 10, 60)
        say("agent", R.choice(CHAT_BYE), 5, 30)
    return msgs


FILLERS = ["Ja, eh, ", "Nou, ", "Kijk, ", "Ja, ", "Eh, ", ""]
BE_FILLERS = ["Allez, ", "Ja, ", "Awel, ", "Eh, ", ""]


def spoken(text: str, be: bool, filler_ok: bool = True) -> str:
    filler = R.choice(BE_FILLERS if be else FILLERS) if filler_ok else ""
    text = text.replace("!!", "!").replace("?!", "?")
    if text.isupper():
        text = text.capitalize()
    text = re.sub(r"\b([A-Z]{4,})\b", lambda m: m[1].lower(), text)
    if filler and text[:1].isupper() and not text.startswith(("Hikari", "PakketPijl", "KookKompas", "Ik ")):
        text = text[0].lower() + text[1:]
    if filler and text.startswith("Ik "):
        text = "ik " + text[3:]
    if chance(0.3):
        text = text.replace(", ", ", eh, ", 1)
    return filler + text


def call_turns(c: Contact) -> list[tuple[str, str]]:
    """('agent'|'customer', text) turns of a phone call."""
    s = c.slot_cache or slots(c)
    c.slot_cache = s
    be = c.cust.variant == "be"
    part = "Goedemorgen" if c.when.hour < 12 else "Goedemiddag" if c.when.hour < 18 else "Goedenavond"
    if be and chance(0.5):
        part = "Goeiemorgen" if c.when.hour < 12 else "Goeiemiddag"
    turns: list[tuple[str, str]] = []
    callback = chance(0.08)
    if callback:
        turns.append(("customer", f"Met {c.cust.full}."))
        turns.append(("agent", f"{part}, je spreekt met {c.agent} van {SHOP}. Je had ons gebeld, ik bel je even "
                               "terug."))
        turns.append(("customer", "Ah ja, fijn dat je terugbelt."))
    else:
        turns.append(("agent", R.choice([f"{part}, klantenservice van {SHOP}, je spreekt met {c.agent}. Waarmee kan ik "
                                          "je helpen?", f"{SHOP}, {part.lower()}, je spreekt met {c.agent}.",
                                          f"{part}, welkom bij {SHOP}, je spreekt met {c.agent}. Wat kan ik voor je "
                                          "doen?"])))
    sentences = message_sentences(c, long=False, context=False)
    intro = R.choice([f"Ja, {part.lower()}, met {c.cust.full}. ", f"Ja hallo, met {c.cust.first} {c.cust.last}. ",
                      f"{part}, u spreekt met {c.cust.first}. ", ""]) if not callback else ""
    turns.append(("customer", intro + spoken(sentences[0], be)))
    if c.emotion in POSITIVE:
        turns.append(("agent", R.choice(["Wat fijn om te horen! Dank je dat je het even laat weten.",
                                         "Ah, wat leuk dat je daarvoor belt. Dank je wel!"])))
    elif c.touchpoint == "presales":
        turns.append(("agent", R.choice(["Ja, dat zoek ik even voor je uit.", "Goede vraag. Een momentje."])))
    else:
        ask, answer = R.choice([
            ("Mag ik je postcode en huisnummer?", f"Ja, dat is {c.cust.postcode}, nummer {c.cust.house}."),
            ("Mag ik je ordernummer?", f"Eh, het bestelnummer is {order_spelling(c.order)}."),
            ("Dat zoek ik even voor je op. Mag ik je klantnummer of bestelnummer?",
             f"Mijn klantnummer is {c.cust.number}."),
            ("Mag ik je naam en postcode?", f"{c.cust.full}, postcode {c.cust.postcode}.")])
        if c.emotion in NEGATIVE and chance(0.6):
            ask = "Vervelend om te horen. " + ask
        turns.append(("agent", ask))
        turns.append(("customer", answer))
        turns.append(("agent", R.choice(["Dank je. Ik zie het, een ogenblikje.", "Top, ik heb hem gevonden.",
                                         "Een momentje, ik zoek het even voor je op."])))
    if c.emotion not in POSITIVE:
        turns.append(("agent", agent_info(c)))
    for extra in sentences[1:]:
        turns.append(("customer", spoken(extra, be)))
        turns.append(("agent", R.choice(["Ja, dat begrijp ik.", "Dat snap ik, mijn excuses daarvoor."]
                                        if c.emotion in NEGATIVE else ["Ja.", "Ik noteer het even.", "Prima."])))
    if chance(0.3):
        turns.append(("agent", "Op welk nummer kan ik je bereiken als er iets verandert?"))
        turns.append(("customer", f"Op {c.cust.phone}."))
    turns.append(("agent", R.choice(["Kan ik je verder nog ergens mee helpen?", "Is er verder nog iets?",
                                     "Heb je verder nog vragen?"])))
    turns.append(("customer", spoken(R.choice(CUSTOMER_CLOSE[c.emotion]), be, filler_ok=False)))
    turns.append(("agent", R.choice(["Fijne dag verder, tot ziens.", "Graag gedaan. Fijne dag verder!",
                                     "Dank je wel voor het bellen, dag!"])))
    # merge consecutive turns of one speaker (a transcript has one line per speaker change)
    merged: list[tuple[str, str]] = []
    for who, text in turns:
        if merged and merged[-1][0] == who:
            merged[-1] = (who, merged[-1][1] + " " + text)
        else:
            merged.append((who, text))
    return merged


REVIEW_TITLES = {
    "joy": ["Vlijmscherp!", "Beste mes ooit", "Topmes", "Koken is weer een feestje", "Aanrader", "Prachtig en scherp",
            "Wauw", "Precies wat ik zocht", "Superblij", "Echt een topper", "Licht en scherp", "Heerlijk mes",
            "Liefde op het eerste gezicht", "Geweldig", "Blij mee!", ""],
    "disappointment": ["Schilfers na een week", "Jammer", "Teleurgesteld", "Had meer verwacht", "Snede beschadigd",
                       "Helaas", "Niet wat ik hoopte", "Valt tegen", ""],
    "annoyance": ["Levering was een drama", "Mes goed, service niet", "Lang wachten", "Traag", ""],
    "gratitude": ["Top service", "Dank jullie wel", "Super geholpen", "Klantenservice verdient een pluim"],
    "anger": ["Blijf weg!", "Nooit meer", "Schandalig", "Waardeloze service"],
    "neutral": ["Prima", "Doet wat het moet doen", "Redelijk", "Oké", ""],
    "desire": ["Wil er nog een!"],
    "relief": ["Toch nog goed gekomen"],
    "nervousness": ["Twijfel"],
}
RATING = {"joy": [5, 5, 5, 4], "gratitude": [5, 5, 4], "neutral": [3, 4, 4, 3], "disappointment": [2, 2, 3, 1],
          "annoyance": [2, 3, 2], "anger": [1, 1], "desire": [4], "relief": [4], "nervousness": [3]}
SHOP_REPLIES = ["Beste {name}, wat vervelend om te lezen! Wil je ons mailen met je bestelnummer? Dan lossen we het "
                "op. Groet, {agent}", "Hoi {name}, dank voor je eerlijke review. We nemen contact met je op over een "
                "vervangend mes. Team {shop}", "Beste {name}, excuses voor de vertraging bij de bezorging. We hebben "
                "je feedback doorgegeven aan {carrier}."]


def review_fields(c: Contact) -> tuple[str, str, int]:
    if c.foreign:
        title = {"en": "Review", "fr": "Avis", "de": "Bewertung"}[c.text_lang]
        return title, foreign_text(c), 5 if c.emotion in ("joy", "gratitude") else 2
    text = core_sentence(c)
    if chance(0.25):
        extra = addon(c)
        if extra:
            text += " " + extra
    title = R.choice(REVIEW_TITLES.get(c.emotion, [""]))
    return title, text, R.choice(RATING.get(c.emotion, [3]))


SOCIAL_EMOJI = {"annoyance": ["🙄", "😤", "👏", ""], "anger": ["😡", "🤬", ""], "disappointment": ["😞", "😕", ""],
                "nervousness": ["😬", "🤞", ""], "relief": ["😅", "🙏", ""], "gratitude": ["🙏", "❤️", ""],
                "joy": ["😍", "🔪✨", ""], "desire": ["🙏", "😍", ""], "neutral": [""]}
HASHTAGS = {"delivery": ["#PakketPijl", "#bezorging", "#wachten", ""], "returns": ["#retour", "#klantenservice", ""],
            "app": ["#app", ""], "product": ["#hikari", "#koken", ""], "billing": [""], "order": [""], "presales": [""]}


def social_text(c: Contact) -> str:
    if c.foreign:
        return foreign_text(c) + " @KookKompas"
    text = core_sentence(c)
    if c.pool and c.pool[0] == "social":
        return text
    mention = "@KookKompas"
    text = f"{mention} {text}" if chance(0.5) else f"{text} {mention}"
    tail = " ".join(x for x in (R.choice(SOCIAL_EMOJI.get(c.emotion, [""])), R.choice(HASHTAGS[c.touchpoint])) if x)
    return f"{text} {tail}".strip()


# ---- routing: which export file a contact ends up in -----------------------------------------------------------

def route(c: Contact) -> str:
    """Zendesk was the Dutch helpdesk until 31 March, Salesforce from 1 April; Freshdesk serves the Belgian shop.
    Next to the helpdesks the shop exports its shared mailbox, the web form, the chat tool, the telephony
    transcripts, the review platform and the social listening tool."""
    helpdesk = "freshdesk" if c.cust.variant == "be" else "zendesk" if c.month <= 3 else "salesforce"
    if c.channel == "email":
        return "emails" if chance(0.5) else helpdesk
    if c.channel == "webform":
        return "webform" if chance(0.55) else helpdesk
    if c.channel == "chat":
        return helpdesk if helpdesk != "salesforce" and chance(0.15) else "chat"
    if c.channel == "phone":
        return "zendesk" if helpdesk == "zendesk" and chance(0.15) else "calls"
    return {"review": "reviews", "social": "social"}[c.channel]


def d_m_y(dt: datetime, seconds: bool = False, pad: bool = True) -> str:
    day, month = (f"{dt.day:02d}", f"{dt.month:02d}") if pad else (str(dt.day), str(dt.month))
    return f"{day}-{month}-{dt.year} {dt.hour:02d}:{dt.minute:02d}" + (f":{dt.second:02d}" if seconds else "")


def iso_utc(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def later(dt: datetime, lo_h: int = 1, hi_h: int = 72) -> datetime:
    return dt + timedelta(hours=R.randint(lo_h, hi_h), minutes=R.randint(0, 59))


def ticket_status(c: Contact) -> str:
    if c.when.date() > date(2026, 6, 24):
        return R.choice(["Open", "Pending", "Solved"])
    return R.choice(["Closed", "Closed", "Solved"])


def chat_transcript_zendesk(c: Contact) -> str:
    lines = [f"Conversation with {c.cust.full}", "", "URL: https://www.kookkompas.nl/" + R.choice(
        ["hikari-gyuto-21cm", "klantenservice", "bestelling/status", "retourneren", "messen/keramisch"]), ""]
    for who, text, t in chat_messages(c):
        name = c.cust.full if who == "customer" else c.agent
        local = t.astimezone(LOCAL)
        lines.append(f"({local.hour:02d}:{local.minute:02d}:{local.second:02d}) {name}: {text}")
    return "\n".join(lines)


def chat_transcript_freshdesk(c: Contact) -> str:
    return "\n".join(f"{c.cust.full if who == 'customer' else c.agent + ' (KookKompas)'}: {text}"
                     for who, text, _t in chat_messages(c))


def voicemail(c: Contact) -> str:
    said = " ".join(spoken(x, c.cust.variant == "be") for x in message_sentences(c, long=False, context=False))
    secs = R.randint(18, 95)
    return (f"Voicemail van {c.cust.phone} ({secs // 60}:{secs % 60:02d})\n\nTranscriptie:\n"
            f"Ja hallo, met {c.cust.full}. {said} Wilt u mij terugbellen? Dank u wel.")


ZD_TYPE = {"neutral": "Question", "desire": "Question", "gratitude": "Task", "relief": "Task", "joy": "Question"}
ZD_GROUP = {"delivery": "Bezorging & Retour", "returns": "Bezorging & Retour", "product": "Messenexperts",
            "billing": "Finance", "presales": "Messenexperts"}
NL_TAG = {"delivery": "bezorging", "returns": "retour", "billing": "factuur", "product": "product",
          "order": "bestelling", "app": "app", "presales": "advies"}


def zendesk_rows(cs: list[Contact]) -> list[list[str]]:
    rows = []
    tid = 48211
    via = {"email": "Mail", "webform": "Web form", "chat": "Chat", "phone": "Voice"}
    for c in cs:
        tid += R.randint(1, 4)
        if c.channel == "email":
            desc, subj = email_body(c, quoted=False), subject_of(c)
        elif c.channel == "webform":
            desc, subj = form_message(c), f"Contactformulier: {TP_LABEL[c.touchpoint]}"
        elif c.channel == "chat":
            desc, subj = chat_transcript_zendesk(c), f"Chat met {c.cust.full}"
        else:
            desc, subj = voicemail(c), f"Voicemail van {c.cust.phone}"
        tags = [NL_TAG[c.touchpoint]]
        if c.touchpoint == "delivery":
            tags.append("pakketpijl")
        if c.emotion in ("anger", "annoyance") and chance(0.5):
            tags.append("klacht")
        if c.product.knife and c.touchpoint == "product":
            tags.append("hikari")
        tags.append("nl")
        rows.append([str(tid), subj, desc, ticket_status(c), R.choice(["Normal", "Normal", "Low", "High", "-"]),
                     c.cust.full, c.cust.email, c.agent, ZD_GROUP.get(c.touchpoint, "Klantenservice"),
                     via[c.channel], ZD_TYPE.get(c.emotion, "Incident" if chance(0.9) else "Problem"), " ".join(tags),
                     d_m_y(c.when), d_m_y(later(c.when)),
                     R.choice(["Good", "Good", "Bad", "Offered", "Unoffered", "Unoffered"])])
    return rows


FD_TYPE = {"delivery": "Levering", "returns": "Retour", "billing": "Betaling", "order": "Bestelling", "app": "App",
           "presales": "Advies"}


def freshdesk_rows(cs: list[Contact]) -> list[list[str]]:
    rows = []
    tid = 10512
    for c in cs:
        tid += R.randint(1, 3)
        if c.channel == "email":
            desc, subj, src = email_body(c), subject_of(c), "Email"
        elif c.channel == "webform":
            desc, subj, src = form_message(c), subject_of(c, reply=False), R.choice(["Portal", "Feedback Widget"])
        else:
            desc, subj, src = chat_transcript_freshdesk(c), f"Chat met {c.cust.first}", "Chat"
        typ = FD_TYPE.get(c.touchpoint) or ("Defect" if c.emotion in NEGATIVE else "Productvraag")
        resolved = "" if ticket_status(c) in ("Open", "Pending") else d_m_y(later(c.when), seconds=True)
        tags = ",".join([NL_TAG[c.touchpoint]] + (["pakketpijl"] if c.touchpoint == "delivery" else []) + ["be"])
        rows.append([str(tid), subj, desc, "Closed" if resolved else "Open",
                     R.choice(["Low", "Medium", "Medium", "High"]), src, typ, c.agent, "Klantendienst BE",
                     d_m_y(c.when, seconds=True), resolved, tags, c.cust.full, c.cust.email,
                     str(R.randint(41_000_000_000, 49_000_000_000)), "KookKompas.be"])
    return rows


SF_TYPE = {"delivery": "Bezorging", "returns": "Retour", "billing": "Facturatie", "product": "Product",
           "order": "Bestelling", "app": "App", "presales": "Advies"}
SF_REASON = {"delivery": ["Bezorging - vertraging", "Bezorging - zoekgeraakt", "Bezorging - adres",
                          "Bezorging - vraag"],
             "returns": ["Retour - retourportaal", "Retour - terugbetaling", "Retour - ruilen"],
             "billing": ["Facturatie - dubbele betaling", "Facturatie - factuur", "Facturatie - terugbetaling"],
             "product": ["Product - garantie", "Product - breuk", "Product - onderhoud"],
             "order": ["Bestelling - wijziging", "Bestelling - betaling", "Bestelling - bevestiging"],
             "app": ["App - inloggen", "App - spaarpunten"],
             "presales": ["Advies - productadvies", "Advies - levertijd"]}


def salesforce_rows(cs: list[Contact]) -> list[list[str]]:
    rows = []
    num = 31207
    for c in cs:
        num += R.randint(1, 5)
        if c.channel == "email":
            desc, subj, origin = email_body(c), subject_of(c), "Email"
        else:
            desc, subj, origin = form_message(c), subject_of(c, reply=False), "Web"
        status = ticket_status(c)
        closed = "" if status in ("Open", "Pending") else d_m_y(later(c.when), pad=False)
        rows.append([f"{num:08d}", subj, desc, origin, "Closed" if closed else "New",
                     R.choice(["Medium", "Low", "High"]),
                     SF_TYPE[c.touchpoint], R.choice(SF_REASON[c.touchpoint]), d_m_y(c.when, pad=False), closed,
                     c.cust.full, c.cust.email, c.cust.full, c.agent])
    return rows


FORM_CATEGORY = {"delivery": "Bezorging", "returns": "Retour / ruilen", "billing": "Factuur / betaling",
                 "product": "Productvraag", "order": "Bestelling", "app": "App / inloggen", "presales": "Advies"}
FORM_PAGE = {"delivery": "/klantenservice/bezorging", "returns": "/retourneren", "billing": "/klantenservice",
             "product": "/hikari-gyuto-21cm", "order": "/mijn-account/bestellingen", "app": "/app",
             "presales": "/messen/keramisch"}


def form_date(dt: datetime) -> str:
    if chance(0.7):
        return d_m_y(dt)
    return f"{dt.day} {MONTHS[dt.month - 1]} {dt.year}"


def webform_rows(cs: list[Contact]) -> list[list[str]]:
    rows = []
    for i, c in enumerate(cs, 1):
        rows.append([f"WF-2026-{i + 310:05d}", form_date(c.when), c.cust.full, c.cust.email,
                     c.cust.phone if chance(0.55) else "", FORM_CATEGORY[c.touchpoint], subject_of(c, reply=False),
                     form_message(c), c.order if chance(0.5) else "", FORM_PAGE[c.touchpoint]])
    return rows


def message_id(c: Contact) -> str:
    dom = c.cust.email.split("@")[1]
    token = "".join(R.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(24))
    if dom == "gmail.com":
        return f"<CA{token}@mail.gmail.com>"
    if dom.startswith(("hotmail", "outlook", "live")):
        return f"<AM{token[:6].upper()}@AM0PR05MB{R.randint(1000, 9999)}.eurprd05.prod.outlook.com>"
    return f"<{token.lower()}@{dom}>"


def iso_local(dt: datetime) -> str:
    return dt.astimezone(LOCAL).isoformat(timespec="seconds")


def email_records(cs: list[Contact]) -> list[dict[str, str]]:
    recs = []
    for c in cs:
        sender = f"{c.cust.full} <{c.cust.email}>" if c.cust.display_from else c.cust.email
        to = f"klantenservice@kookkompas.{'be' if c.cust.variant == 'be' else 'nl'}"
        recs.append({"message_id": message_id(c), "from": sender, "to": to, "subject": subject_of(c),
                     "date": iso_local(c.when), "touchpoint": TP_LABEL[c.touchpoint] if chance(0.85) else "",
                     "body": email_body(c)})
    return recs


def auto_replies(cs: list[Contact], n: int) -> list[dict[str, str]]:
    """Out-of-office replies of customers to the shop's answers: flagged, not customer messages."""
    recs = []
    for c in R.sample(cs, n):
        back = c.when + timedelta(days=R.randint(4, 14))
        when = later(c.when, 3, 30)
        body = R.choice([
            f"Dank voor uw bericht. Ik ben afwezig tot en met {back.day} {MONTHS[back.month - 1]} en heb geen toegang "
            "tot mijn e-mail. Uw bericht wordt niet doorgestuurd.\n\nMet vriendelijke groet,\n" + c.cust.full,
            f"Dit is een automatisch antwoord. Ik ben met vakantie en vanaf {WEEKDAYS[back.weekday()]} {back.day} "
            f"{MONTHS[back.month - 1]} weer aanwezig. Voor dringende zaken: {c.cust.phone}.",
            f"Hallo,\n\nIk ben momenteel afwezig. Vanaf {back.day}-{back.month} lees ik mijn mail weer.\n\n"
            f"Groet,\n{c.cust.first}"])
        recs.append({"message_id": message_id(c), "from": c.cust.email,
                     "to": f"klantenservice@kookkompas.{'be' if c.cust.variant == 'be' else 'nl'}",
                     "subject": f"Automatisch antwoord: RE: {subject_of(c, reply=False)}", "date": iso_local(when),
                     "touchpoint": TP_LABEL[c.touchpoint], "body": body})
    return recs


def chat_lines(cs: list[Contact]) -> list[dict[str, str]]:
    lines = []
    for c in cs:
        cid = "c_" + "".join(R.choice("0123456789abcdef") for _ in range(12))
        chan = "whatsapp" if chance(0.15) else "webchat"
        topic = TP_LABEL[c.touchpoint] if chance(0.85) else ""
        for who, text, t in chat_messages(c):
            lines.append({"conversation_id": cid, "timestamp": iso_utc(t), "channel": chan, "sender_type": who,
                          "agent_name": c.agent if who == "agent" else "", "customer_email": c.cust.email,
                          "text": text, "touchpoint": topic})
    return lines


IVR = {"delivery": "bezorging", "returns": "retour", "billing": "betaling", "product": "product", "order": "bestelling",
       "app": "app", "presales": "advies"}


def e164(c: Customer) -> str:
    num = phonenumbers.parse(c.phone, "BE" if c.variant == "be" else "NL")
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)


def call_records(cs: list[Contact]) -> list[dict[str, object]]:
    recs = []
    for i, c in enumerate(cs, 1):
        turns = call_turns(c)
        style = R.choices(["labels", "diarised", "diarised_nl", "clock"], weights=[35, 30, 10, 25])[0]
        agent_ix = R.choice([0, 1])
        t = c.when
        lines = []
        for who, text in turns:
            if style == "labels":
                lines.append(f"{'Medewerker' if who == 'agent' else 'Klant'}: {text}")
            elif style == "diarised":
                ix = agent_ix if who == "agent" else 1 - agent_ix
                lines.append(f"SPEAKER_{ix:02d}: {text}")
            elif style == "diarised_nl":
                ix = agent_ix if who == "agent" else 1 - agent_ix
                lines.append(f"Spreker {ix + 1}: {text}")
            else:
                lines.append(f"[{t.hour:02d}:{t.minute:02d}] {'Agent' if who == 'agent' else 'Klant'}: {text}")
            t += timedelta(seconds=len(text.split()) * 0.45 + R.randint(2, 12))
        duration = int((t - c.when).total_seconds()) + R.randint(20, 90)
        recs.append({"call_id": f"CALL-2026-{i + 1200:06d}", "start_time": c.when.strftime("%Y-%m-%dT%H:%M:%S"),
                     "duration": duration, "customer_id": c.cust.number, "caller_number": e164(c.cust),
                     "queue": c.cust.variant.upper(), "agent": c.agent,
                     "touchpoint": IVR[c.touchpoint] if chance(0.9) else "", "transcript": "\n".join(lines)})
    return recs


def review_rows(cs: list[Contact]) -> list[list[object]]:
    rows: list[list[object]] = []
    for i, c in enumerate(cs, 1):
        title, text, rating = review_fields(c)
        reply = ""
        if rating <= 2 and chance(0.6):
            reply = R.choice(SHOP_REPLIES).format(name=c.cust.first, agent=c.agent, shop=SHOP, carrier=CARRIER)
        rows.append([f"R{210340 + i * 7}", c.when.replace(tzinfo=None), rating, title, text, c.cust.reviewer,
                     c.product.name, "Ja" if chance(0.85) else "Nee", reply])
    return rows


PLATFORMS = {"instagram": 40, "facebook": 25, "x": 20, "tiktok": 8, "linkedin": 7}


def social_records(cs: list[Contact]) -> list[dict[str, object]]:
    recs = []
    for c in cs:
        platform = pick(PLATFORMS)
        rec: dict[str, object] = {
            "post_id": str(R.randint(10**17, 10**18)) if platform == "x"
            else f"{platform[:2]}_{R.randint(10**9, 10**10)}",
            "platform": platform, "handle": c.cust.handle, "posted_at": iso_utc(c.when), "text": social_text(c),
            "metrics": {"likes": R.choice([0, 0, 1, 2, 3, 5, 8, 13, 40]), "replies": R.choice([0, 0, 1, 2])},
        }
        if chance(0.7):
            rec["topic"] = TP_LABEL[c.touchpoint]
        recs.append(rec)
    return recs


# ---- writing -------------------------------------------------------------------------------------------------

def write_csv(path: Path, header: list[str], rows: list[list[str]], *, delimiter: str, encoding: str,
              lineterminator: str, raw_lines: dict[int, str] | None = None, tail: str = "") -> None:
    """CSV as the tool writes it; ``raw_lines`` (index -> text) are inserted verbatim, ``tail`` ends the file."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=lineterminator, quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for i, row in enumerate(rows):
        if raw_lines and i in raw_lines:
            buf.write(raw_lines[i] + lineterminator)
        w.writerow(row)
    buf.write(tail)
    path.write_text(buf.getvalue(), encoding=encoding, errors="replace", newline="")


def freeze_xlsx(path: Path) -> None:
    """openpyxl stamps the save time into docProps and the zip entries; pin both so reruns are byte-identical."""
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2026-07-01T08:00:00Z", data)
            info = zipfile.ZipInfo(name, date_time=(2026, 7, 1, 8, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    customers, contacts = build_contacts()
    for c in contacts:
        c.file = route(c)
    by_file: dict[str, list[Contact]] = defaultdict(list)
    for c in contacts:
        by_file[c.file].append(c)

    # Zendesk: UTF-8 with BOM, comma, LF; one ticket with an empty description (attachment-only web form)
    zd = zendesk_rows(by_file["zendesk"])
    empty_at = next(i for i, r in enumerate(zd) if r[12].split()[0].endswith("-02-2026"))
    zd.insert(empty_at, [str(int(zd[empty_at][0]) - 1), "Contactformulier: Overig", "", "Closed", "Normal",
                         "Ruud Kramer", "r.kramer61@ziggo.nl", "Lisa", "Klantenservice", "Web form", "Question",
                         "overig nl", zd[empty_at][12], zd[empty_at][13], "Unoffered"])
    write_csv(OUT / "zendesk_tickets.csv", ["Id", "Subject", "Description", "Status", "Priority", "Requester",
                                            "Requester email", "Assignee", "Group", "Via", "Ticket type", "Tags",
                                            "Created at", "Updated at", "Satisfaction Score"],
              zd, delimiter=",", encoding="utf-8-sig", lineterminator="\n")

    # Freshdesk: cp1252, semicolon, CRLF; the download was cut off inside the last ticket's description
    fd = freshdesk_rows(by_file["freshdesk"])
    cut = (f'{int(fd[-1][0]) + 2};Pakje nog altijd niet toegekomen;"Goeiedag,\r\n\r\nMijn pakje is nog altijd '
           f'niet toegekomen. Kunnen jullie eens nakijken waar het')
    write_csv(OUT / "freshdesk_tickets.csv", ["Ticket ID", "Subject", "Description", "Status", "Priority", "Source",
                                              "Type", "Agent", "Group", "Created time", "Resolved time", "Tags",
                                              "Full name", "Email", "Contact ID", "Product"],
              fd, delimiter=";", encoding="cp1252", lineterminator="\r\n", tail=cut)

    # Salesforce: UTF-16 with BOM, tab, CRLF (Excel "Unicode text" of a case report)
    write_csv(OUT / "salesforce_cases.csv", ["Case Number", "Subject", "Description", "Case Origin", "Status",
                                             "Priority", "Type", "Case Reason", "Date/Time Opened",
                                             "Date/Time Closed", "Contact Name", "Contact Email", "Account Name",
                                             "Case Owner"],
              salesforce_rows(by_file["salesforce"]), delimiter="\t", encoding="utf-16", lineterminator="\r\n")

    # web form: cp1252, semicolon, CRLF; a date typed as "gisteren" and one line the form tool did not quote
    wf = webform_rows(by_file["webform"])
    gist = next(i for i, r in enumerate(wf) if "-04-2026" in r[1])
    wf[gist][1] = "gisteren 21:14"
    empty = next(i for i, r in enumerate(wf) if "-06-2026" in r[1])  # a submit with nothing filled in
    wf[empty][5:9] = ["Overig", "", "", ""]
    stray_at = next(i for i, r in enumerate(wf) if "-05-2026" in r[1] and r[5].startswith("Retour"))
    stray = (f"WF-2026-{int(wf[stray_at][0][-5:]):05d}b;{wf[stray_at][1]};Joyce Timmermans;"
             "joyce.timmermans@kpnmail.nl;;Retour / ruilen;Retour;Ik wil de santoku retourneren; het retourportaal "
             "geeft steeds een foutmelding;;/retourneren")
    write_csv(OUT / "webform.csv", ["Referentie", "Datum", "Naam", "E-mailadres", "Telefoon", "Categorie",
                                    "Onderwerp", "Bericht", "Bestelnummer", "Pagina"],
              wf, delimiter=";", encoding="cp1252", lineterminator="\r\n", raw_lines={stray_at: stray})

    # chat: JSON Lines, one message a line; one line cut off in the export
    lines = chat_lines(by_file["chat"])
    text = [json.dumps(x, ensure_ascii=False) for x in lines]
    mid = len(text) // 2
    while json.loads(text[mid])["sender_type"] != "customer" or json.loads(text[mid + 1])["conversation_id"] == \
            json.loads(text[mid])["conversation_id"]:
        mid += 1
    text[mid] = text[mid][: text[mid].index('"text"') + 25]
    for k, at in enumerate((len(text) // 5, 4 * len(text) // 5)):  # visitors who opened the chat and said nothing
        while json.loads(text[at])["conversation_id"] == json.loads(text[at + 1])["conversation_id"]:
            at += 1
        t0 = datetime.fromisoformat(json.loads(text[at])["timestamp"].replace("Z", "+00:00"))
        cid = f"c_abandoned{k + 1:02d}"
        agent = R.choice(AGENTS_NL)
        msgs = [(R.choice(CHAT_GREET).format(agent=agent, shop=SHOP), 40), ("Ben je er nog?", 120),
                ("Ik sluit deze chat. Je kunt altijd een nieuwe chat starten!", 300)]
        text[at + 1:at + 1] = [json.dumps({"conversation_id": cid, "timestamp": iso_utc(t0 + timedelta(seconds=sec)),
                                           "channel": "webchat", "sender_type": "agent", "agent_name": agent,
                                           "customer_email": "", "text": m, "touchpoint": ""}, ensure_ascii=False)
                               for m, sec in msgs]
    (OUT / "chat_messages.jsonl").write_text("\n".join(text) + "\n", encoding="utf-8")

    calls = call_records(by_file["calls"])
    (OUT / "call_transcripts.json").write_text(json.dumps(calls, ensure_ascii=False, indent=1), encoding="utf-8")

    mails = email_records(by_file["emails"]) + auto_replies(by_file["emails"], 7)
    mails.sort(key=lambda m: m["date"])
    (OUT / "emails.jsonl").write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in mails),
                                      encoding="utf-8")

    wb = Workbook()
    ws = wb.active
    ws.title = "Reviews"
    ws.append(["review_id", "date", "rating", "title", "review text", "reviewer", "product", "verified_buyer",
               "reactie_webshop"])
    revs = review_rows(by_file["reviews"])
    for at in (40, 150, 260):  # star ratings without any text
        src = revs[min(at, len(revs) - 1)]
        revs.insert(min(at, len(revs)), [f"R{int(str(src[0])[1:]) + 3}", src[1], R.choice([4, 5, 1]), None, None,
                                         R.choice(["Anoniem", "Klant", "M."]), STAR.name, "Ja", None])
    for r in revs:
        ws.append(r)
    for col, width in zip("ABCDEFGHI", (10, 18, 7, 28, 90, 22, 40, 10, 60), strict=True):
        ws.column_dimensions[col].width = width
    wb.properties.creator = f"{SHOP} reviewplatform export"
    wb.save(OUT / "reviews.xlsx")
    freeze_xlsx(OUT / "reviews.xlsx")

    posts = {"account": "@KookKompas", "exported_at": "2026-07-01T08:00:00Z",
             "posts": social_records(by_file["social"])}
    (OUT / "social_posts.json").write_text(json.dumps(posts, ensure_ascii=False, indent=1), encoding="utf-8")

    report(customers, contacts)


# ---- realised patterns ---------------------------------------------------------------------------------------

def store_key(c: Contact) -> str:
    """The customer key as the store will see it (e-mail, customer number, handle or reviewer name)."""
    if c.file == "calls":
        return c.cust.number
    if c.file == "social":
        return c.cust.handle
    if c.file == "reviews":
        return c.cust.reviewer
    if c.file == "emails" and c.cust.display_from:
        return f"{c.cust.full} <{c.cust.email}>"
    return c.cust.email


def share(cs: list[Contact], emotions: tuple[str, ...]) -> str:
    n = len(cs)
    k = sum(c.emotion in emotions for c in cs)
    return f"{k}/{n} = {k / n:.0%}" if n else "0/0"


def report(customers: list[Customer], contacts: list[Contact]) -> None:
    dutch = [c for c in contacts if c.text_lang == "nl"]
    print(f"customers {len(customers)} (Flemish {sum(c.variant == 'be' for c in customers)}, writing another "
          f"language {sum(c.lang != 'nl' for c in customers)}); contacts {len(contacts)} "
          f"(not Dutch: {len(contacts) - len(dutch)})")
    print("per file:", dict(sorted(Counter(c.file for c in contacts).items())))
    print("per channel:", dict(sorted(Counter(c.channel for c in contacts).items())))
    print("per month:", dict(sorted(Counter(c.month for c in contacts).items())))
    multi = Counter(c.cust.idx for c in contacts)
    print(f"customers with 2+ contacts: {sum(v > 1 for v in multi.values())}; with 3+: "
          f"{sum(v > 2 for v in multi.values())}")
    anger = ("annoyance", "anger")
    dl = [c for c in dutch if c.touchpoint == "delivery"]
    print("(1) delivery, annoyance+anger, all contacts: March",
          share([c for c in dl if c.month == 3], anger),
          "| other months", share([c for c in dl if c.month != 3], anger))
    dli = [c for c in dl if c.kind != "followup"]
    print("    first contacts only: March", share([c for c in dli if c.month == 3], anger),
          "| other months", share([c for c in dli if c.month != 3], anger))
    by_key: dict[str, list[Contact]] = defaultdict(list)
    for c in contacts:
        by_key[store_key(c)].append(c)
    nxt: dict[str, list[Contact]] = defaultdict(list)
    nxt14: dict[str, list[Contact]] = defaultdict(list)
    for cs in by_key.values():
        cs.sort(key=lambda c: c.when)
        for a, b in pairwise(cs):
            if b.text_lang == "nl":
                nxt[a.channel].append(b)
                if b.when - a.when <= timedelta(days=14):
                    nxt14[a.channel].append(b)
    pos = ("gratitude", "relief")
    print("(2) next contact of the same customer key is gratitude/relief: after chat", share(nxt["chat"], pos),
          "| after e-mail", share(nxt["email"], pos), "| after phone", share(nxt["phone"], pos),
          "| after web form", share(nxt["webform"], pos))
    print("    within 14 days: after chat", share(nxt14["chat"], pos), "| after e-mail", share(nxt14["email"], pos))
    print("    annoyance/anger next: after chat", share(nxt["chat"], anger), "| after e-mail",
          share(nxt["email"], anger))
    rt = [c for c in dutch if c.touchpoint == "returns"]
    rti = [c for c in rt if c.kind != "followup"]
    print("(3) returns, annoyance+anger: May", share([c for c in rt if c.month == 5], anger), "| other months",
          share([c for c in rt if c.month != 5], anger), "| first contacts: May",
          share([c for c in rti if c.month == 5], anger), "| other months",
          share([c for c in rti if c.month != 5], anger),
          "| May contacts per channel",
          dict(Counter(c.channel for c in rt if c.month == 5)))
    sr = [c for c in dutch if c.channel == "review" and c.product == STAR]
    print("(4) star knife reviews: April joy", share([c for c in sr if c.month == 4], ("joy",)), "disappointment",
          share([c for c in sr if c.month == 4], ("disappointment",)), "| other months joy",
          share([c for c in sr if c.month != 4], ("joy",)), "disappointment",
          share([c for c in sr if c.month != 4], ("disappointment",)))
    print("emotions:", dict(Counter(c.emotion for c in dutch).most_common()))


if __name__ == "__main__":
    main()
