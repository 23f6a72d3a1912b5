"""Speaker turns in chat logs and call transcripts, and the new message of an e-mail thread."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipelines.ingest.records import TurnDraft
from pipelines.segment import clean_email, html_to_text, is_auto_reply, role_of, split_turns

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
])
def test_auto_replies_are_detected(body: str, subject: str, sender: str) -> None:
    assert is_auto_reply(body, subject, sender)
    assert clean_email(body, subject, sender).is_auto_reply


@pytest.mark.parametrize(("body", "subject", "sender"), [
    ("Ik ben met vakantie geweest en toen was mijn pakket weg!", "Pakket weg", "jan@example.nl"),
    ("Reageer niet op deze e-mail? Ik wil juist een reactie!", "", ""),
    ("Jullie webformulier stuurde dit door.", "Nieuw bericht via contactformulier", "noreply@shop.nl"),
    ("Mijn pakket is niet bezorgd.", "Pakket niet bezorgd, onbestelbaar adres?", ""),
])
def test_customer_mail_is_not_an_auto_reply(body: str, subject: str, sender: str) -> None:
    assert not is_auto_reply(body, subject, sender)


def test_empty_mail() -> None:
    body = clean_email("")
    assert (body.text, body.is_auto_reply, body.removed) == ("", False, [])
