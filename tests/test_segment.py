"""Speaker turns in chat logs and call transcripts, and the new message of an e-mail thread."""

from __future__ import annotations

import re
import string
from datetime import UTC, datetime

import pytest

from pipelines.ingest.records import TurnDraft
from pipelines.segment import _fold, clean_email, html_to_text, is_auto_reply, role_of, split_turns

START = datetime(2026, 3, 12, 13, 0, tzinfo=UTC)  # 14:00 in Amsterdam


def pairs(turns: list[TurnDraft] | None) -> list[tuple[str, str]]:
    assert turns is not None
    return [(t.speaker, t.text) for t in turns]


# ---- turns ----------------------------------------------------------------------------------------------------

def test_labelled_chat_is_split_into_customer_and_agent_turns() -> None:
    text = ("Klant: Mijn pakket is niet aangekomen.\nHet zou dinsdag komen.\n"
            "Medewerker: Vervelend! Wat is uw ordernummer?\nKlant: 12345\nMedewerker: Ik kijk het na.")
    assert pairs(split_turns(text)) == [
        ("customer", "Mijn pakket is niet aangekomen.\nHet zou dinsdag komen."),
        ("agent", "Vervelend! Wat is uw ordernummer?"),
        ("customer", "12345"),
        ("agent", "Ik kijk het na."),
    ]


def test_time_stamped_turns_get_local_clock_times_on_the_contact_day() -> None:
    text = ("[14:02] Agent: Goedemiddag, waarmee kan ik helpen?\n"
            "[14:03] Klant: Mijn factuur klopt niet.\n"
            "14:05 - Medewerker: Ik zoek het voor u uit.\n"
            "(14:06:30) Klant: Dank je")
    turns = split_turns(text, START)
    assert pairs(turns) == [("agent", "Goedemiddag, waarmee kan ik helpen?"), ("customer", "Mijn factuur klopt niet."),
                            ("agent", "Ik zoek het voor u uit."), ("customer", "Dank je")]
    assert turns is not None
    assert [t.timestamp for t in turns] == [datetime(2026, 3, 12, 13, m, s, tzinfo=UTC)
                                            for m, s in ((2, 0), (3, 0), (5, 0), (6, 30))]


def test_chat_past_midnight_moves_to_the_next_day() -> None:
    start = datetime(2026, 3, 12, 22, 50, tzinfo=UTC)  # 23:50 local
    turns = split_turns("[23:55] Klant: hallo?\n[00:10] Medewerker: goedenavond", start)
    assert turns is not None
    assert turns[1].timestamp == datetime(2026, 3, 12, 23, 10, tzinfo=UTC)


def test_full_date_stamps_in_a_log_are_used_as_they_are() -> None:
    turns = split_turns("[12-07-2026 09:15] Klant: app start niet\n[12-07-2026 09:17] Agent: welke versie?")
    assert turns is not None
    assert [t.timestamp for t in turns] == [datetime(2026, 7, 12, 7, 15, tzinfo=UTC),
                                            datetime(2026, 7, 12, 7, 17, tzinfo=UTC)]


def test_diarised_call_agent_is_the_one_who_sounds_like_the_service_desk() -> None:
    text = ("SPEAKER_00: hallo ik bel omdat mijn pakket kwijt is\n"
            "SPEAKER_01: Goedemiddag, excuses voor het ongemak. Mag ik uw postcode?\n"
            "SPEAKER_00: 1234 AB\n"
            "SPEAKER_01: Ik zoek het even voor u op.")
    assert [s for s, _ in pairs(split_turns(text))] == ["customer", "agent", "customer", "agent"]


def test_diarised_call_where_the_agent_answers() -> None:
    text = ("Spreker 1: Goedemorgen, u spreekt met Sanne van de klantenservice, waarmee kan ik u helpen?\n"
            "Spreker 2: Ja hallo, mijn factuur is veel te hoog.\n\n"
            "Spreker 1: Dat zoek ik voor u op.")
    assert pairs(split_turns(text)) == [
        ("agent", "Goedemorgen, u spreekt met Sanne van de klantenservice, waarmee kan ik u helpen?"),
        ("customer", "Ja hallo, mijn factuur is veel te hoog."),
        ("agent", "Dat zoek ik voor u op."),
    ]


def test_named_speakers() -> None:
    text = "Sanne: Hoi! Hoe kan ik je helpen?\nPiet de Vries: Mijn app crasht steeds.\nSanne: Welke versie?"
    assert [s for s, _ in pairs(split_turns(text))] == ["agent", "customer", "agent"]
    two = "Lisa (Bol.com): Hallo, waarmee kan ik je helpen?\nJan de Vries: Waar is mijn pakket?"
    assert pairs(split_turns(two)) == [("agent", "Hallo, waarmee kan ik je helpen?"),
                                       ("customer", "Waar is mijn pakket?")]


def test_bot_handover_keeps_the_system_line_and_names_the_human_agent() -> None:
    text = ("Chatbot: Waar gaat je vraag over?\nBezoeker: retour\nSysteem: Je wordt doorverbonden\n"
            "Sanne: Hoi, ik help je verder.\nBezoeker: top")
    assert [s for s, _ in pairs(split_turns(text))] == ["agent", "customer", "system", "agent", "customer"]


def test_text_before_the_first_speaker_is_kept_as_a_system_turn() -> None:
    text = "Chat gestart via de website\nKlant: hallo\nMedewerker: hoi"
    assert pairs(split_turns(text)) == [("system", "Chat gestart via de website"), ("customer", "hallo"),
                                        ("agent", "hoi")]


def test_one_labelled_speaker_still_counts_as_turns() -> None:
    assert pairs(split_turns("Klant: hallo\nKlant: is daar iemand?")) == [("customer", "hallo"),
                                                                           ("customer", "is daar iemand?")]


def roles(turns: list[TurnDraft] | None) -> list[str]:
    return [s for s, _ in pairs(turns)]


@pytest.mark.parametrize("customer", ["Toon Van den Broeck", "Priya de Vries", "Wendy Tjon A Fong", "Ward Van Acker"])
def test_names_with_particles_are_speakers_and_the_company_label_fixes_the_agent(customer: str) -> None:
    # the customer opens, greets like a service desk would, and still is the customer: "Daan (KookKompas)" is
    # the agent, so the other named speaker is the customer
    text = (f"{customer}: Goedemiddag! Ik wil graag een kopie van mijn factuur\n"
            "Daan (KookKompas): Hallo, welkom! Je spreekt met Daan.\n"
            "Daan (KookKompas): Op welk e-mailadres staat de bestelling?\n"
            f"{customer}: Goedemiddag nogmaals, op toon@example.be\n"
            "Daan (KookKompas): Ik stuur de factuur direct.")
    assert roles(split_turns(text)) == ["customer", "agent", "agent", "customer", "agent"]


def test_role_word_fixes_the_agent_and_the_named_speaker_is_the_customer() -> None:
    text = ("Medewerker: Goedemiddag, waarmee kan ik helpen?\n"
            "Priya de Vries: Goedemiddag, met Priya. Waar is mijn pakket?")
    assert roles(split_turns(text)) == ["agent", "customer"]


def test_chat_where_the_visitor_writes_first_is_not_reversed() -> None:
    text = ("(11:40:03) Priya de Vries: Bestelling 101359: er zit een kras op het lemmet. Goedemiddag trouwens\n"
            "(11:40:31) Lisa: Goedemiddag, je spreekt met Lisa. Mag ik je postcode en huisnummer?\n"
            "(11:41:02) Priya de Vries: 1234 AB, nummer 5\n"
            "(11:41:40) Lisa: Ik stuur een nieuw mes. Kan ik je nog ergens anders mee helpen?\n"
            "(11:42:00) Priya de Vries: Nee, dank je")
    assert roles(split_turns(text, START)) == ["customer", "agent", "customer", "agent", "customer"]


def test_known_customer_name_decides_where_the_text_has_no_cues() -> None:
    text = "(10:00:00) Jan de Vries: hallo?\n(10:00:20) Mark: hoi\n(10:00:40) Jan de Vries: is het al verstuurd"
    assert roles(split_turns(text)) == ["agent", "customer", "agent"]  # no cues: the opener is taken as agent
    assert roles(split_turns(text, customer="Jan de Vries")) == ["customer", "agent", "customer"]
    assert roles(split_turns("Conversation with Jan de Vries\n\n" + text)) == ["system", "customer", "agent",
                                                                                 "customer"]
    # a first name alone is not the customer's name: agents share first names with customers
    assert roles(split_turns("Jan: hallo?\nMark: hoi\nJan: nog niks", customer="Jan de Vries")) == [
        "agent", "customer", "agent"]


@pytest.mark.parametrize(("a", "b"), [("SPEAKER_00", "SPEAKER_01"), ("SPEAKER_01", "SPEAKER_00"),
                                      ("Spreker 2", "Spreker 1")])
def test_diarised_callback_answered_by_the_customer(a: str, b: str) -> None:
    text = (f"{a}: Met Bram Jansen.\n"
            f"{b}: Goedemiddag, je spreekt met Mark van KookKompas. Je had ons gebeld, ik bel je even terug.\n"
            f"{a}: Ah ja, fijn dat je terugbelt. Het pakket is nog steeds niet gekomen.\n"
            f"{b}: Mag ik je ordernummer?\n"
            f"{a}: KK-104518.\n"
            f"{b}: Ik zie het, het komt morgen. Fijne dag verder!")
    assert roles(split_turns(text)) == ["customer", "agent", "customer", "agent", "customer", "agent"]


def test_customer_greeting_does_not_outweigh_an_agent_with_many_short_turns() -> None:
    text = ("SPEAKER_00: Goedemorgen! Goedemorgen, met Els.\n"
            "SPEAKER_01: Welkom bij KookKompas, je spreekt met Joris.\nSPEAKER_00: Mijn mes is gebroken.\n"
            "SPEAKER_01: Oei.\nSPEAKER_01: Mag ik je bestelnummer?\nSPEAKER_00: 104518\nSPEAKER_01: Dank je.\n"
            "SPEAKER_01: Momentje.\nSPEAKER_01: Gevonden.")
    assert roles(split_turns(text)) == ["customer", "agent", "customer", "agent", "agent", "customer", "agent",
                                        "agent", "agent"]


@pytest.mark.parametrize("text", [
    "Ik heb een vraag: waar blijft mijn pakket?\nGroet: Jan",
    "Beste klantenservice,\n\nLet op: mijn adres is veranderd. Opmerking: graag snel.\nDank",
    "Datum: 12-03-2026\nOrdernummer: 4411\nOnderwerp: levering",
    "Zie https://example.nl/retour en http://x.nl\nTel: 0612345678",
    "Klant: Jan Jansen",
    "Sanne: hallo",
    "Beste Klantenservice: ik wil retour.\nMet Vriendelijke: groet",
    "",
])
def test_text_without_turn_structure_is_one_message(text: str) -> None:
    assert split_turns(text) is None


def test_field_lines_inside_a_turn_stay_in_that_turn() -> None:
    text = "Klant: Ik wacht al 3 weken.\nOrdernummer: 123\nDatum: 12-03-2026\nMedewerker: Sorry"
    assert pairs(split_turns(text)) == [("customer", "Ik wacht al 3 weken.\nOrdernummer: 123\nDatum: 12-03-2026"),
                                        ("agent", "Sorry")]


def test_no_text_is_lost_when_splitting() -> None:
    text = ("Gesprek 88\nKlant: Hallo, mijn bestelling 88 is kapot.\nDatum: gisteren\n"
            "Medewerker: Excuses! Ik stuur een nieuwe.\nKlant: Top, dank je.")
    turns = split_turns(text)
    assert turns is not None
    words = " ".join(t.text for t in turns).split()
    for w in ("Gesprek", "88", "Hallo,", "kapot.", "gisteren", "Excuses!", "nieuwe.", "Top,"):
        assert w in words


@pytest.mark.parametrize(("label", "role"), [
    ("Klant", "customer"), ("klant", "customer"), ("Klant (Jan)", "customer"), ("Bezoeker", "customer"),
    ("end-user", "customer"), ("Medewerker Sanne", "agent"), ("Agent", "agent"), ("Klantenservice", "agent"),
    ("Lisa (Bol.com)", "agent"), ("Chatbot", "agent"), ("Systeem", "system"), ("Ik heb een vraag", None),
    ("Sanne", None), ("SPEAKER_1", None), ("Contact opnemen", None),
])
def test_role_of_labels(label: str, role: str | None) -> None:
    assert role_of(label) == role


# ---- e-mail ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("mail", "expected", "part"), [
    ("Hallo,\n\nMijn pakket is nog steeds niet bezorgd.\n\nMet vriendelijke groet,\nJan Jansen\n\n"
     "Op 12 mrt. 2026 om 14:05 schreef Klantenservice <info@shop.nl>:\n> Beste Jan,\n> Uw pakket is onderweg.",
     "Hallo,\n\nMijn pakket is nog steeds niet bezorgd.", "quoted history"),
    ("Beste,\n\nmijn vraag staat hieronder.\n\nOp di 10 mrt 2026 om 09:12 heeft Jan <jan@x.nl> het volgende "
     "geschreven:\n\n> vraag", "Beste,\n\nmijn vraag staat hieronder.", "quoted history"),
    ("Nog steeds niks gehoord!\n\nOp wo 11 mrt 2026 om 10:00 schreef Klantenservice <\ninfo@shop.nl>:\n> Beste",
     "Nog steeds niks gehoord!", "quoted history"),
    ("Dit is al de derde keer dat ik mail!\n\n-----Original Message-----\nFrom: Shop\nSent: Thursday\nSubject: RE",
     "Dit is al de derde keer dat ik mail!", "quoted history"),
    ("Graag een reactie.\n\nVan: Klantenservice <info@shop.nl>\nVerzonden: donderdag 12 maart 2026 14:05\n"
     "Aan: jan@example.nl\nOnderwerp: Uw bestelling\n\nBeste Jan, ...", "Graag een reactie.", "quoted history"),
    ("Hoi, zie onder\n\n________________________________\nVan: Jan\nVerzonden: maandag\n", "Hoi, zie onder",
     "quoted history"),
    ("Het product is kapot aangekomen.\n\nVerstuurd vanaf mijn iPhone", "Het product is kapot aangekomen.",
     "signature"),
    ("Bedankt!\n\nSent from my Galaxy", "Bedankt!", "signature"),
    ("Factuur klopt niet\n-- \nPiet Jansen\nDirecteur\nTel 0612345678", "Factuur klopt niet", "signature"),
    ("Ik wil retour.\n\nMvg Piet\n\nDit bericht is uitsluitend bestemd voor de geadresseerde.",
     "Ik wil retour.", "disclaimer"),
    ("Ik mis een onderdeel van mijn kast.\n\nMet vriendelijke groet / Kind regards,\n\nKees",
     "Ik mis een onderdeel van mijn kast.", "sign-off"),
    ("> oude tekst\n> meer oud\nNieuwe reactie: klopt niet.", "Nieuwe reactie: klopt niet.", "quoted lines"),
])
def test_email_keeps_only_the_new_message(mail: str, expected: str, part: str) -> None:
    body = clean_email(mail)
    assert body.text == expected
    assert part in body.removed
    assert not body.is_auto_reply


@pytest.mark.parametrize("mail", [
    "Op de website schreef ik al dat de maat niet klopt. Graag retour.\nHet gaat om order 55.",
    "Verzonden met PostNL maar nooit aangekomen.\nWaar is mijn pakket?",
    "Goedemiddag,\n\nIk wil mijn abonnement opzeggen. Groeten uit Utrecht en een fijne dag.",
    "Mvg,\nPiet",
])
def test_customer_text_that_resembles_email_furniture_is_kept(mail: str) -> None:
    assert clean_email(mail).text == mail.strip()


@pytest.mark.parametrize(("mail", "expected"), [
    ("Dag,\n\nMijn pakje is nog altijd niet toegekomen.\n\nGroetjes uit Roeselare!\nJolien\n0470 12 34 56",
     "Dag,\n\nMijn pakje is nog altijd niet toegekomen."),
    ("Kan ik een factuur krijgen van bestelling 212511?\n\nDank bij voorbaat,\nWannes De Backer\n"
     "M: +32 468 38 35 18\nE: wannes.debacker@outlook.be", "Kan ik een factuur krijgen van bestelling 212511?"),
    ("Het mes is prachtig, merci!\n\nGroetjes uit Kessel-Lo!\nSarah\n\nVerzonden met de Telenet-app",
     "Het mes is prachtig, merci!"),
    ("Het mes is prachtig, merci!\n\nVerzonden met de Telenet-app", "Het mes is prachtig, merci!"),
    ("Pfff, eindelijk binnen. Ik was echt bang dat hij kwijt was.\n\nErik\n06-58 62 61 20",
     "Pfff, eindelijk binnen. Ik was echt bang dat hij kwijt was."),
    ("Hoe verpak ik het mes veilig?\n\nDennis\nRembrandtlaan 130-2\n4811 BG Breda\nTel. (06) 460 234 63",
     "Hoe verpak ik het mes veilig?"),
    ("Thanks so much, the new knife is perfect!\n\nBest,\nDaniel", "Thanks so much, the new knife is perfect!"),
])
def test_flemish_and_other_sign_offs_are_cut_with_the_signature_under_them(mail: str, expected: str) -> None:
    body = clean_email(mail)
    assert body.text == expected
    assert {"sign-off", "signature"} & set(body.removed)


def test_a_last_line_with_the_senders_name_is_a_signature() -> None:
    mail = "Graag een reactie per mail.\n\nMarloes"
    assert clean_email(mail, sender="Marloes de Wit <marloes.dewit@example.nl>").text == "Graag een reactie per mail."
    assert clean_email(mail, sender="marloesdewit@example.nl").text == "Graag een reactie per mail."
    assert clean_email(mail, sender="jan@example.nl").text == mail  # not the sender's name: kept
    assert clean_email("Het is gelukt.\n\nBedankt", sender="jan@example.nl").text == "Het is gelukt.\n\nBedankt"


def test_html_mail_body_becomes_text_without_the_quoted_part() -> None:
    mail = ("<html><body><div>Hallo,</div><p>Mijn pakket &amp; de factuur zijn&nbsp;kwijt.</p><br>"
            "<div class=\"gmail_quote\">Op 1 mrt 2026 schreef Shop:<blockquote>oud bericht</blockquote></div>"
            "</body></html>")
    assert clean_email(mail).text == "Hallo,\n\nMijn pakket & de factuur zijn kwijt."
    assert html_to_text("<p>a</p><style>p{}</style><p>b</p>") == "a\n\nb"


@pytest.mark.parametrize(("body", "subject", "sender"), [
    ("Ik ben afwezig tot en met 20 maart. Uw bericht wordt niet doorgestuurd.", "", ""),
    ("Dit is een automatisch gegenereerd bericht.", "", ""),
    ("Bedankt voor je mail.", "Automatisch antwoord: Uw vraag over order 55", ""),
    ("Bedankt voor je mail.", "Out of Office: RE: levering", ""),
    ("Delivery to the following recipient failed", "Onbestelbaar: retour", "MAILER-DAEMON@mx.shop.nl"),
    ("Ik ben met vakantie. In dringende gevallen kunt u mijn collega bellen.", "", ""),
    ("Hallo,\n\nIk ben momenteel afwezig. Vanaf 11-2 lees ik mijn mail weer.\n\nGroet,\nEls", "", ""),
    ("Dank voor uw bericht. Ik ben afwezig tot en met 8 februari en heb geen toegang tot mijn e-mail.", "", ""),
    ("Dit is een automatisch antwoord. Ik ben met vakantie en vanaf zaterdag 24 januari weer aanwezig.", "", ""),
])
def test_auto_replies_are_detected(body: str, subject: str, sender: str) -> None:
    assert is_auto_reply(body, subject, sender)
    assert clean_email(body, subject, sender).is_auto_reply


def test_fold_makes_every_character_ignorecase_matches_to_a_letter_that_letter() -> None:
    """The word look-ups before the IGNORECASE searches (auto-reply, quoted history, disclaimer, signature) are
    exact only while _fold is at least as permissive as IGNORECASE: checked over all of Unicode."""
    everything = "".join(map(chr, range(0x110000)))
    for char in set(re.findall("[a-z]", everything, re.IGNORECASE)):
        letter = next(x for x in string.ascii_lowercase if re.fullmatch(x, char, re.IGNORECASE))
        assert _fold(char) == letter, hex(ord(char))


def test_word_gates_keep_what_ignorecase_finds() -> None:
    # "İ" (dotted capital I), "ı" (dotless i), "ſ" (long s) and the Kelvin sign match i, s and k in the patterns
    body = "\u0130k ben met vakantie. In dringende gevallen \u212Aunt u mijn collega bellen."
    assert is_auto_reply(body) and is_auto_reply(body.upper())
    assert is_auto_reply("Dit ı\u017f een automatisch gegenereerd bericht.")
    mail = "Prima.\n\nVer\u017ftuurd vanaf mijn iPhone"
    assert clean_email(mail).text == "Prima." and clean_email(mail).removed == ["signature"]


@pytest.mark.parametrize(("body", "subject", "sender"), [
    ("Ik ben met vakantie geweest en toen was mijn pakket weg!", "Pakket weg", "jan@example.nl"),
    ("Reageer niet op deze e-mail? Ik wil juist een reactie!", "", ""),
    ("Jullie webformulier stuurde dit door.", "Nieuw bericht via contactformulier", "noreply@shop.nl"),
    ("Mijn pakket is niet bezorgd.", "Pakket niet bezorgd, onbestelbaar adres?", ""),
    ("Hallo,\n\nIk krijg alleen een automatisch antwoord terug. Kan er eindelijk iemand naar mijn pakket kijken?",
     "RE: Bestelling KK-237521 nog niet ontvangen", "a@example.nl"),
    ("Beste,\n\nDrie keer gemaild.\nNog niks.\nWeer niks.\nEn nu dit:\n\nDit is een automatisch gegenereerd bericht.",
     "", ""),
    ("Ik ben met vakantie vanaf morgen, kan het pakket vandaag nog komen?", "Levering", ""),
])
def test_customer_mail_is_not_an_auto_reply(body: str, subject: str, sender: str) -> None:
    assert not is_auto_reply(body, subject, sender)


def test_empty_mail() -> None:
    body = clean_email("")
    assert (body.text, body.is_auto_reply, body.removed) == ("", False, [])
