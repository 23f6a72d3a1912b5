"""Export files -> ContactDraft / BadRow for every source kind: ticket tools, chats, calls, e-mail, reviews,
social posts, generic tables with a mapping file or auto-detected Dutch/English columns, and bad input."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipelines.ingest.mapping import Mapping, MappingError
from pipelines.ingest.records import CHANNELS, BadRow, ContactDraft
from pipelines.ingest.sources import IDLE_ROWS, iter_file, iter_paths, normalise_channel, normalise_touchpoint
from tests.conftest import ROOT


def table(rows: Sequence[Sequence[object]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def run(path: Path, source: str | None = None, mapping: Mapping | None = None
        ) -> tuple[list[ContactDraft], list[BadRow]]:
    items = list(iter_file(path, source, mapping))
    for it in items:
        assert isinstance(it, ContactDraft | BadRow)
        if isinstance(it, ContactDraft):
            assert it.channel in CHANNELS
            assert it.turns and all(t.speaker in ("customer", "agent", "system") and t.text for t in it.turns)
            assert it.timestamp is None or it.timestamp.tzinfo is not None
    return [c for c in items if isinstance(c, ContactDraft)], [b for b in items if isinstance(b, BadRow)]


def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, s, tzinfo=UTC)


# ---- ticket tools ---------------------------------------------------------------------------------------------

ZENDESK = table([
    ["Id", "Requester", "Requester email", "Assignee", "Subject", "Description", "Via", "Created at", "Ticket type",
     "Tags", "Status"],
    [101, "Jan Jansen", "jan@example.nl", "Sanne", "Pakket kwijt", "Mijn pakket is niet aangekomen.\nHelp!",
     "Web Widget", "2026-03-12 14:05", "incident", "bezorging vertraagd", "open"],
    [102, "Piet", "piet@example.nl", "Sanne", "Factuur", "Factuur klopt niet", "Voicemail", "12-03-2026 09:00",
     "question", "factuur", "solved"],
    [103, "Kees", "kees@example.nl", "", "Re: retour", "Waar blijft mijn geld?\n\nOp 10 mrt. 2026 om 09:00 schreef "
     "Shop <info@shop.nl>:\n> We hebben uw retour ontvangen.", "Mail", "2026-03-12T15:00:00Z", "", "retour", "open"],
])


def test_zendesk_ticket_export(tmp_path: Path) -> None:
    contacts, bad = run(write(tmp_path, "zendesk_tickets.csv", ZENDESK))
    assert bad == []
    a, b, c = contacts
    assert (a.source, a.external_id, a.channel, a.touchpoint, a.customer_ref, a.timestamp) == (
        "zendesk", "101", "webform", "delivery", "jan@example.nl", utc(2026, 3, 12, 13, 5))
    assert [(t.speaker, t.text) for t in a.turns] == [("customer", "Mijn pakket is niet aangekomen.\nHelp!")]
    assert a.metadata == {"subject": "Pakket kwijt", "tags": "bezorging vertraagd", "Ticket type": "incident",
                          "Status": "open"}  # no names: Requester and Assignee stay out
    assert (b.channel, b.touchpoint) == ("phone", "billing")  # "Voicemail" is a call, not an e-mail
    assert (c.channel, c.touchpoint) == ("email", "returns")
    assert [t.text for t in c.turns] == ["Waar blijft mijn geld?"]  # quoted history of the e-mail dropped
    assert (a.file, a.row, b.row, c.row) == (str(tmp_path / "zendesk_tickets.csv"), 2, 4, 5)


def test_freshdesk_ticket_export_with_html_and_source_codes(tmp_path: Path) -> None:
    text = table([
        ["Ticket ID", "Subject", "Description", "Status", "Source", "Type", "Category", "Created time", "Contact ID"],
        [5001, "Retour", "<div>Ik wil mijn <b>schoenen</b> retour&nbsp;sturen.</div>", "Open", "Portal", "Question",
         "Retourzending", "2026-03-12 14:05:00", "c-77"],
        [5002, "Bellen", "Terugbelverzoek over mijn abonnement", "Open", "3", "Question", "Abonnementen",
         "2026-03-12 15:05:00", "c-78"],
    ])
    contacts, bad = run(write(tmp_path, "export.csv", text))
    assert bad == []
    assert [(c.source, c.external_id, c.channel, c.touchpoint, c.customer_ref) for c in contacts] == [
        ("freshdesk", "5001", "webform", "retourzending", "c-77"),
        ("freshdesk", "5002", "phone", "abonnementen", "c-78")]
    assert contacts[0].turns[0].text == "Ik wil mijn schoenen retour sturen."


def test_salesforce_case_export(tmp_path: Path) -> None:
    text = table([
        ["Case Number", "Subject", "Description", "Case Origin", "Date/Time Opened", "Contact Name", "Contact Email",
         "Type", "Case Reason", "Status"],
        ["00001026", "App", "De app crasht bij het afrekenen", "Web", "12-3-2026 14:05", "Anna de Boer",
         "anna@example.nl", "Problem", "App", "New"],
        ["00001027", "Rekening", "Dubbel afgeschreven!", "Phone", "13-3-2026 2:05 PM", "Bob", "bob@example.nl",
         "Problem", "Terugbetaling", "New"],
    ], delimiter=";")
    contacts, bad = run(write(tmp_path, "cases.csv", text, "cp1252"))
    assert bad == []
    assert [(c.source, c.external_id, c.channel, c.touchpoint, c.customer_ref, c.timestamp) for c in contacts] == [
        ("salesforce", "00001026", "webform", "app", "anna@example.nl", utc(2026, 3, 12, 13, 5)),
        ("salesforce", "00001027", "phone", "billing", "bob@example.nl", utc(2026, 3, 13, 13, 5))]
    assert "Contact Name" not in contacts[0].metadata and contacts[0].metadata["Type"] == "Problem"


# ---- generic tables -------------------------------------------------------------------------------------------

def test_generic_dutch_columns_are_detected(tmp_path: Path) -> None:
    text = table([
        ["Referentie", "Klantnummer", "Datum", "Kanaal", "Categorie", "Onderwerp", "Bericht", "Winkel"],
        ["R-1", "K-9", "12 maart 2026", "Telefoon", "Retour", "Ruilen", "Ik wil een andere maat.", "Utrecht"],
        ["R-2", "K-8", "12 mrt. 2026 om 10:15", "Balie", "Klantenpas", "", "Pas werkt niet.", "Gent"],
    ], delimiter=";")
    contacts, bad = run(write(tmp_path, "feedback.csv", text))
    assert bad == []
    assert [(c.source, c.external_id, c.customer_ref, c.channel, c.touchpoint, c.timestamp) for c in contacts] == [
        ("generic", "R-1", "K-9", "phone", "returns", utc(2026, 3, 11, 23, 0)),
        ("generic", "R-2", "K-8", "store", "klantenpas", utc(2026, 3, 12, 9, 15))]
    assert contacts[0].metadata == {"subject": "Ruilen", "Winkel": "Utrecht"}


def test_generic_english_columns_and_turns_in_the_text(tmp_path: Path) -> None:
    text = table([
        ["ID", "Created", "Customer ID", "Channel", "Message"],
        ["x1", "2026-03-12T14:00:00", "c1", "chat",
         "Klant: Mijn factuur is te hoog.\nMedewerker: Ik kijk het na.\nKlant: Dank je"],
    ])
    (contact,), bad = run(write(tmp_path, "export.csv", text))
    assert bad == []
    assert contact.channel == "chat"
    assert [(t.speaker, t.text) for t in contact.turns] == [
        ("customer", "Mijn factuur is te hoog."), ("agent", "Ik kijk het na."), ("customer", "Dank je")]


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_mapping_file_names_columns_and_constants(tmp_path: Path, fmt: str) -> None:
    spec = {"source": "generic", "columns": {"text": "Wat zegt de klant", "timestamp": "Wanneer",
                                             "customer": "Pasnummer", "touchpoint": "Afd."},
            "constants": {"channel": "store"}}
    if fmt == "toml":
        body = ('source = "generic"\n[columns]\ntext = "Wat zegt de klant"\ntimestamp = "Wanneer"\n'
                'customer = "Pasnummer"\ntouchpoint = "Afd."\n[constants]\nchannel = "store"\n')
    else:
        body = json.dumps(spec)
    mapping = Mapping.load(write(tmp_path, f"map.{fmt}", "\ufeff" + body))
    text = table([["Wanneer", "Pasnummer", "Afd.", "Wat zegt de klant", "Kassa"],
                  ["12-03-2026 14:05", "P1", "Klantenpas & sparen", "Lange rij bij de kassa", "3"]])
    (contact,), bad = run(write(tmp_path, "winkel.csv", text), mapping=mapping)
    assert bad == []
    assert (contact.channel, contact.customer_ref, contact.touchpoint, contact.timestamp) == (
        "store", "P1", "klantenpas_sparen", utc(2026, 3, 12, 13, 5))
    assert contact.metadata == {"Kassa": "3"}


@pytest.mark.parametrize(("body", "message"), [
    ('[columns]\ntekst = "Bericht"\n', "unknown fields"),
    ('[columns]\ntext = 3\n', "non-empty strings"),
    ('[columns\ntext = "x"', "cannot read mapping file"),
    ('bron = "x"\n', "unknown keys"),
])
def test_wrong_mapping_files_are_refused(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(MappingError, match=message):
        Mapping.load(write(tmp_path, "map.toml", body))


def test_mapped_column_missing_from_the_file_is_one_bad_row(tmp_path: Path) -> None:
    mapping = Mapping(columns={"text": "Klantvraag"})
    text = table([["id", "Vraag"], [1, "a"], [2, "b"], [3, "c"]])
    contacts, bad = run(write(tmp_path, "x.csv", text), mapping=mapping)
    assert contacts == []
    assert len(bad) == 1
    assert "'Klantvraag'" in bad[0].reason and "3 rows not read" in bad[0].reason and bad[0].row == 2


def test_no_text_column_gives_one_bad_row_naming_the_columns(tmp_path: Path) -> None:
    text = table([["Klantnummer", "Datum", "Bedrag"]] + [[f"K{i}", "12-03-2026", "10"] for i in range(5)])
    contacts, bad = run(write(tmp_path, "orders.csv", text))
    assert contacts == []
    assert len(bad) == 1
    assert "no text column" in bad[0].reason
    assert "['Klantnummer', 'Datum', 'Bedrag']" in bad[0].reason and "5 rows not read" in bad[0].reason


# ---- chats and calls ------------------------------------------------------------------------------------------

def test_chat_transcript_per_row(tmp_path: Path) -> None:
    text = table([
        ["Chat ID", "Start", "Visitor email", "Transcript"],
        ["c-1", "12-03-2026 14:00", "v@example.nl",
         "[14:01] Bezoeker: Mijn kortingscode werkt niet\n[14:02] Agent: Welke code?\n[14:03] Bezoeker: LENTE10"],
    ])
    (contact,), bad = run(write(tmp_path, "livechat.csv", text))
    assert bad == []
    assert (contact.source, contact.channel, contact.external_id, contact.customer_ref) == (
        "chat", "chat", "c-1", "v@example.nl")
    assert [(t.speaker, t.timestamp) for t in contact.turns] == [
        ("customer", utc(2026, 3, 12, 13, 1)), ("agent", utc(2026, 3, 12, 13, 2)),
        ("customer", utc(2026, 3, 12, 13, 3))]


def test_diarised_call_transcripts(tmp_path: Path) -> None:
    text = table([
        ["Call ID", "Start time", "Duration", "Caller", "Transcript"],
        ["call-9", "2026-03-12 09:00", "312", "+31612345678",
         "SPEAKER_1: Goedemorgen, u spreekt met Sanne, waarmee kan ik u helpen?\n"
         "SPEAKER_2: Ik bel over mijn factuur, die is veel te hoog.\n"
         "SPEAKER_1: Mag ik uw klantnummer?\nSPEAKER_2: 4411"],
    ])
    (contact,), bad = run(write(tmp_path, "calls.csv", text))
    assert bad == []
    assert (contact.source, contact.channel, contact.customer_ref) == ("call", "phone", "+31612345678")
    assert [t.speaker for t in contact.turns] == ["agent", "customer", "agent", "customer"]
    assert contact.metadata == {"Duration": "312"}


MESSAGES = [
    ["Conversation ID", "Timestamp", "Sender type", "Sender", "Message", "Topic"],
    ["A", "12-03-2026 14:00", "visitor", "ann@example.nl", "Hoi, mijn bestelling is kapot", "bezorging"],
    ["B", "12-03-2026 14:01", "visitor", "bob@example.nl", "Kan ik nog ruilen?", ""],
    ["A", "12-03-2026 14:02", "agent", "Sanne", "Vervelend! Ik stuur een nieuwe.", ""],
    ["C", "12-03-2026 14:03", "bot", "Bot", "Nog iemand daar?", ""],
    ["B", "12-03-2026 14:04", "agent", "Sanne", "Ja, binnen 30 dagen.", ""],
    ["A", "12-03-2026 14:05", "visitor", "ann@example.nl", "Top, dank je!", ""],
    ["A", "12-03-2026 14:06", "system", "", "Chat gesloten", ""],
]


def test_message_per_row_chat_is_grouped_by_conversation(tmp_path: Path) -> None:
    contacts, bad = run(write(tmp_path, "chat_messages.csv", table(MESSAGES)))
    assert [(c.external_id, c.customer_ref, c.touchpoint, c.row) for c in contacts] == [
        ("A", "ann@example.nl", "delivery", 2), ("B", "bob@example.nl", None, 3)]
    a = contacts[0]
    assert [(t.speaker, t.text) for t in a.turns] == [
        ("customer", "Hoi, mijn bestelling is kapot"), ("agent", "Vervelend! Ik stuur een nieuwe."),
        ("customer", "Top, dank je!"), ("system", "Chat gesloten")]
    assert a.timestamp == utc(2026, 3, 12, 13, 0) and a.turns[2].timestamp == utc(2026, 3, 12, 13, 5)
    assert a.metadata["messages"] == 4 and a.metadata["rows"] == [2, 4, 7, 8]
    # C only has a bot message: quarantined with the reason, so every row is accounted for
    assert [(b.row, b.reason.split(":")[0]) for b in bad] == [(5, "no customer message")]
    assert "conversation 'C'" in bad[0].reason
    rows = sorted([r for c in contacts for r in c.metadata["rows"]] + [b.row for b in bad])
    assert rows == list(range(2, 9))


def test_long_interleaved_chat_export_closes_idle_conversations(tmp_path: Path) -> None:
    rows = [["conversation_id", "role", "text"], ["A", "customer", "eerste deel"]]
    rows += [[f"X{i}", "customer", f"bericht {i}"] for i in range(IDLE_ROWS + 10)]
    rows += [["A", "customer", "veel later nog een vraag"]]
    contacts, bad = run(write(tmp_path, "chat.csv", table(rows)))
    assert bad == []
    assert len(contacts) == IDLE_ROWS + 12
    parts = [c for c in contacts if c.external_id in ("A", "A#2")]
    assert [(c.external_id, c.turns[0].text, c.metadata.get("part")) for c in parts] == [
        ("A", "eerste deel", None), ("A#2", "veel later nog een vraag", 2)]


def test_json_chat_export_with_nested_message_lists(tmp_path: Path) -> None:
    doc = {"conversations": [
        {"id": "c1", "created_at": "2026-03-12T14:00:00+01:00", "customer": {"email": "a@b.nl"}, "tags": ["app"],
         "messages": [
             {"author": {"type": "user"}, "body": "<p>De app logt me steeds uit</p>", "created_at": 1773320460},
             {"author": {"type": "admin", "name": "Sanne"}, "body": "Welke telefoon heb je?"},
             {"author": {"type": "user"}, "body": "iPhone 15"}]},
        {"id": "c2", "created_at": "2026-03-12T15:00:00+01:00", "customer": {"email": "c@d.nl"},
         "messages": [{"author": {"type": "bot"}, "body": "Hallo?"}]},
    ], "total": 2}
    contacts, bad = run(write(tmp_path, "intercom.json", json.dumps(doc)), source="chat",
                        mapping=Mapping(columns={"text": "messages"}))
    (c,) = contacts
    assert (c.external_id, c.customer_ref, c.touchpoint, c.channel) == ("c1", "a@b.nl", "app", "chat")
    assert [(t.speaker, t.text) for t in c.turns] == [
        ("customer", "De app logt me steeds uit"), ("agent", "Welke telefoon heb je?"), ("customer", "iPhone 15")]
    assert c.turns[0].timestamp == utc(2026, 3, 12, 13, 1) and c.turns[1].timestamp == utc(2026, 3, 12, 13, 0)
    assert [(b.row, b.reason) for b in bad] == [(2, "no customer message: only agent turns")]


def test_ticket_chat_transcripts_take_the_customer_from_the_requester_column(tmp_path: Path) -> None:
    zendesk = table([
        ["Id", "Subject", "Description", "Requester", "Requester email", "Assignee", "Via", "Created at"],
        [48299, "Chat met Ilse Evers", "(16:24:33) Ilse Evers: Hallo?\n(16:25:00) Daan: Hoi\n"
         "(16:25:13) Ilse Evers: Het mes is er, dank je\n(16:25:40) Daan: Top", "Ilse Evers", "Ilse.Evers@Example.nl",
         "Daan", "Chat", "12-03-2026 16:24"],
    ])
    (zd,), bad = run(write(tmp_path, "zendesk_tickets.csv", zendesk))
    assert bad == [] and zd.customer_ref == "ilse.evers@example.nl"
    assert [t.speaker for t in zd.turns] == ["customer", "agent", "customer", "agent"]  # the visitor wrote first
    freshdesk = table([
        ["Ticket ID", "Subject", "Description", "Source", "Created time", "Full name", "Email"],
        [10724, "Chat met Toon", "Toon Van den Broeck: Ik wil graag een kopie van mijn factuur\n"
         "Hanne (KookKompas): Goedemiddag! Op welk e-mailadres staat de bestelling?\n"
         "Toon Van den Broeck: Goedemiddag, op toon@example.be", "Chat", "12-03-2026 14:05:33",
         "Toon Van den Broeck", "toon@example.be"],
    ], delimiter=";")
    (fd,), bad = run(write(tmp_path, "freshdesk_tickets.csv", freshdesk))
    assert bad == []  # was: "no customer message: only agent/system turns"
    assert [t.speaker for t in fd.turns] == ["customer", "agent", "customer"]


# ---- e-mail, reviews, social ----------------------------------------------------------------------------------

def test_email_export(tmp_path: Path) -> None:
    text = table([
        ["Message-ID", "From", "To", "Date", "Subject", "Body", "Direction"],
        ["<m1@x>", "jan@example.nl", "info@shop.nl", "Thu, 12 Mar 2026 14:05:00 +0100", "Waar is mijn pakket?",
         "Hallo,\n\nIk wacht al twee weken.\n\nMet vriendelijke groet,\nJan\n\nVerstuurd vanaf mijn iPhone",
         "inbound"],
        ["<m2@x>", "piet@example.nl", "info@shop.nl", "Thu, 12 Mar 2026 15:00:00 +0100",
         "Automatisch antwoord: Uw bestelling", "Ik ben tot en met 20 maart afwezig.", "inbound"],
        ["<m3@x>", "info@shop.nl", "jan@example.nl", "Thu, 12 Mar 2026 16:00:00 +0100", "RE: Waar is mijn pakket?",
         "Beste Jan, het komt morgen.", "outbound"],
        ["<m4@x>", "kees@example.nl", "info@shop.nl", "Thu, 12 Mar 2026 17:00:00 +0100", "Factuur kwijt", "",
         "inbound"],
        ["<m5@x>", "anna@example.nl", "info@shop.nl", "Thu, 12 Mar 2026 18:00:00 +0100", "Out of Office", "",
         "inbound"],
        ["<m6@x>", "bob@example.nl", "info@shop.nl", "Thu, 12 Mar 2026 19:00:00 +0100", "", "", "inbound"],
    ])
    contacts, bad = run(write(tmp_path, "mailbox.csv", text))
    assert [(c.source, c.external_id, c.channel, c.customer_ref) for c in contacts] == [
        ("email", "<m1@x>", "email", "jan@example.nl"), ("email", "<m2@x>", "email", "piet@example.nl"),
        ("email", "<m4@x>", "email", "kees@example.nl"), ("email", "<m5@x>", "email", "anna@example.nl")]
    first, auto, subject_only, empty_auto = contacts
    assert first.turns[0].text == "Hallo,\n\nIk wacht al twee weken." and first.timestamp == utc(2026, 3, 12, 13, 5)
    assert "auto_reply" not in first.metadata
    assert auto.metadata["auto_reply"] is True
    assert subject_only.turns[0].text == "Factuur kwijt"
    assert empty_auto.metadata["auto_reply"] is True and empty_auto.turns[0].text == "Out of Office"
    assert [(b.row, b.reason) for b in bad] == [  # rows are lines: the first body spans eight
        (11, "no customer message: only agent turns"), (14, "no text: column 'Body' is empty")]


def test_sender_written_as_name_and_address_is_keyed_by_the_address(tmp_path: Path) -> None:
    mails = "\n".join(json.dumps(m) for m in [
        {"message_id": "m1", "from": "Bram Jansen <Bram.Jansen@Example.nl>", "subject": "Pakket",
         "date": "2026-03-12T14:05:00+01:00", "body": "Waar blijft mijn pakket?\n\nGroetjes uit Gent!\nBram"},
        {"message_id": "m2", "from": "bram.jansen@example.nl", "subject": "Nog eens",
         "date": "2026-03-13T14:05:00+01:00", "body": "Nog steeds niks."},
        {"message_id": "m3", "from": '"Jansen, Bram" <bram.jansen@example.nl>', "subject": "En nu?",
         "date": "2026-03-14T14:05:00+01:00", "body": "Ik krijg alleen een automatisch antwoord terug. Kan er "
         "eindelijk iemand kijken?"},
    ])
    contacts, bad = run(write(tmp_path, "emails.jsonl", mails + "\n"))
    assert bad == []
    assert [c.customer_ref for c in contacts] == ["bram.jansen@example.nl"] * 3  # one customer, linked
    assert contacts[0].turns[0].text == "Waar blijft mijn pakket?"  # Flemish sign-off and name cut
    assert "auto_reply" not in contacts[2].metadata  # a complaint about auto-replies is none


def test_review_export_with_trustpilot_columns(tmp_path: Path) -> None:
    text = table([
        ["Review Created (UTC)", "Review Consumer User Id", "Review Title", "Review Content", "Review Stars",
         "Reply Content"],
        ["2026-03-12T10:00:00Z", "u1", "Top", "Snelle levering", "5", "Dank je!"],
        ["2026-03-12T11:00:00Z", "u2", "Nooit meer!", "Drie weken gewacht", "★☆☆☆☆", ""],
        ["2026-03-12T12:00:00Z", "u3", "", "Prima", "8/10", ""],
        ["2026-03-12T13:00:00Z", "u4", "Matig", "", "2,5", ""],
    ])
    contacts, bad = run(write(tmp_path, "trustpilot.csv", text))
    assert bad == []
    assert [(c.source, c.channel, c.customer_ref, c.turns[0].text, c.metadata.get("stars")) for c in contacts] == [
        ("review", "review", "u1", "Top. Snelle levering", 5.0),
        ("review", "review", "u2", "Nooit meer! Drie weken gewacht", 1.0),
        ("review", "review", "u3", "Prima", 4.0),
        ("review", "review", "u4", "Matig", 2.5)]
    assert contacts[0].metadata["Reply Content"] == "Dank je!"  # the company's reply is context, not customer text


def test_social_posts(tmp_path: Path) -> None:
    lines = [
        {"post_id": "p1", "platform": "Instagram", "handle": "@jan", "text": "Waarom duurt bezorgen zo lang?!",
         "posted_at": "2026-03-12T08:00:00Z", "url": "https://instagram.com/p/1", "likes": 4},
        {"post_id": "p2", "platform": "X", "handle": "@piet", "text": "", "posted_at": "2026-03-12T09:00:00Z"},
    ]
    path = write(tmp_path, "social.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n")
    contacts, bad = run(path)
    assert [(c.source, c.channel, c.external_id, c.customer_ref, c.metadata) for c in contacts] == [
        ("social", "social", "p1", "@jan", {"platform": "Instagram", "likes": 4})]
    assert [(b.row, b.reason) for b in bad] == [(2, "no text: column 'text' is empty")]


# ---- bad input ------------------------------------------------------------------------------------------------

def test_every_row_ends_as_exactly_one_contact_or_bad_row(tmp_path: Path) -> None:
    records = [["id", "datum", "tekst"]]
    for i in range(1, 41):
        date = "31-02-2026" if i % 9 == 0 else f"{i % 28 + 1}-03-2026"
        body = "" if i % 7 == 0 else f"bericht {i}"
        records.append([str(i), date, body])
    text = table(records) + '41,"1-03-2026,kapotte quote\n42,1-03-2026,laatste\n43,1-03-2026,te,veel\n'
    contacts, bad = run(write(tmp_path, "x.csv", text))
    assert len(contacts) + len(bad) == 43
    assert sorted([c.row for c in contacts] + [b.row for b in bad]) == list(range(2, 45))
    reasons = {b.row: b.reason for b in bad}
    assert reasons[10] == "unparseable date: '31-02-2026' in column 'datum'"
    assert reasons[8] == "no text: column 'tekst' is empty"
    assert reasons[42].startswith("broken quoting")
    assert reasons[44].startswith("wrong number of fields")
    assert [c.external_id for c in contacts][-1] == "42"


def test_malformed_json_lines_pass_through_with_line_and_reason(tmp_path: Path) -> None:
    text = '{"id": 1, "text": "goed"}\n{"id": 2, "text": "kapot"\n{"id": 3, "text": "ook goed"}\n'
    contacts, bad = run(write(tmp_path, "x.jsonl", text))
    assert [c.external_id for c in contacts] == ["1", "3"]
    assert [(Path(b.file).name, b.row, b.reason) for b in bad] == [
        ("x.jsonl", 2, "malformed JSON: Expecting ',' delimiter at line 2, column 26")]


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("leeg.csv", b"", "unreadable file: "),
    ("kop.csv", b"id,tekst\n", "no data rows"),
    ("plaatje.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
    ("export.xlsx", b"not a zip", "not a readable XLSX"),
    ("doc.docx", b"PK", "unsupported file type"),
])
def test_unreadable_files_are_one_bad_row_each(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    contacts, bad = run(path)
    assert contacts == []
    assert len(bad) == 1 and bad[0].row == 0 and reason in bad[0].reason and bad[0].file == str(path)


def test_xlsx_sheets_with_different_columns_are_mapped_each(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Webformulier"
    ws.append(["Ticketnummer", "Aangemaakt op", "Omschrijving"])
    ws.append([1001, datetime(2026, 3, 12, 14, 5), "Mijn bestelling is niet compleet"])
    ws2 = wb.create_sheet("Reviews")
    ws2.append(["Sterren", "Titel", "Tekst"])
    ws2.append([2, "Jammer", "Verkeerde kleur"])
    wb.save(tmp_path / "export.xlsx")
    contacts, bad = run(tmp_path / "export.xlsx")
    assert bad == []
    assert [(c.source, c.external_id, c.timestamp, c.turns[0].text) for c in contacts] == [
        ("generic", "1001", utc(2026, 3, 12, 13, 5), "Mijn bestelling is niet compleet"),
        ("review", None, None, "Jammer. Verkeerde kleur")]
    assert contacts[1].metadata["stars"] == 2.0


def test_folders_are_read_recursively_skipping_lock_and_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    write(tmp_path, "b.csv", table([["id", "tekst"], ["b1", "hallo"]]))
    write(tmp_path, "sub/a.jsonl", '{"id": "a1", "text": "hoi"}\n')
    write(tmp_path, "~$lock.csv", "garbage")
    write(tmp_path, ".verborgen.csv", "garbage")
    write(tmp_path, "notities.md", "# niet lezen")
    mapping = write(tmp_path, "map.json", json.dumps({"constants": {"channel": "webform"}}))
    got = list(iter_paths([tmp_path], mapping=mapping))
    assert [(Path(c.file).name, c.external_id) for c in got if isinstance(c, ContactDraft)] == [
        ("b.csv", "b1"), ("a.jsonl", "a1")]
    assert len(got) == 2


def test_iter_file_streams_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Ticketnummer;Datum;Kanaal;Bericht\n")
        for i in range(8_000):
            fh.write(f"{i};12-03-2026 14:05;mail;Mijn pakket {i} is nog steeds niet bezorgd, al drie weken!\n")
    tracemalloc.start()
    try:
        n = sum(1 for item in iter_file(path) if isinstance(item, ContactDraft))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert n == 8_000
    assert peak < path.stat().st_size / 3  # flat (about 75 kB here) however long the file


# ---- the sample exports (data/samples/README.md) ---------------------------------------------------------------

@pytest.fixture(scope="module")
def samples() -> list[ContactDraft | BadRow]:
    return list(iter_paths([ROOT / "data" / "samples" / "exports"]))


def test_sample_exports_give_exactly_the_deliberate_bad_rows(samples: list[ContactDraft | BadRow]) -> None:
    bad = sorted((Path(b.file).name, b.row, b.reason.split(":")[0]) for b in samples if isinstance(b, BadRow))
    assert bad == [
        ("chat_messages.jsonl", 805, "no customer message"), ("chat_messages.jsonl", 2313, "malformed JSON"),
        ("chat_messages.jsonl", 3205, "no customer message"), ("freshdesk_tickets.csv", 1069, "broken quoting"),
        ("reviews.xlsx#Reviews", 42, "no text"), ("reviews.xlsx#Reviews", 152, "no text"),
        ("reviews.xlsx#Reviews", 262, "no text"), ("webform.csv", 259, "unparseable date"),
        ("webform.csv", 362, "wrong number of fields"), ("webform.csv", 466, "no text"),
    ]
    assert sum(isinstance(c, ContactDraft) for c in samples) == 2451


def test_sample_transcripts_get_the_right_speakers(samples: list[ContactDraft | BadRow]) -> None:
    by_id = {c.external_id: c for c in samples if isinstance(c, ContactDraft)}
    # named visitor first (Zendesk), "Toon Van den Broeck" (Freshdesk), "Wendy Tjon A Fong", callbacks answered by
    # the customer ("SPEAKER_01: Met Ward Van Acker.")
    for cid in ("48299", "48392", "48512", "10724", "CALL-2026-001356", "CALL-2026-001211", "CALL-2026-001262"):
        turns = [t for t in by_id[cid].turns if t.speaker != "system"]
        agent_intro = next(t for t in turns if "spreek" in t.text or "chat met" in t.text.lower())
        assert agent_intro.speaker == "agent", cid
        assert {t.speaker for t in turns} == {"customer", "agent"}, cid
    callback = by_id["CALL-2026-001356"].turns
    assert (callback[0].speaker, callback[0].text) == ("customer", "Met Ward Van Acker.")
    keys = [c.customer_ref or "" for c in samples if isinstance(c, ContactDraft) and c.channel == "email"]
    assert not [k for k in keys if "<" in k or k != k.lower()]  # "Name <address>" senders keyed by the address


# ---- vocabularies ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "channel"), [
    ("Web Widget", "webform"), ("Phone call (incoming)", "phone"), ("Voicemail", "phone"), ("Mail", "email"),
    ("E-mail", "email"), ("Facebook Post", "social"), ("Twitter DM", "social"), ("WhatsApp", "chat"),
    ("Winkel Utrecht", "store"), ("Mobile SDK", "webform"), ("", "webform"), (None, "webform"),
])
def test_channel_names_of_the_tools(value: object, channel: str) -> None:
    assert normalise_channel(value, "webform") == channel


@pytest.mark.parametrize(("value", "free", "touchpoint"), [
    ("Bezorging", True, "delivery"), ("bezorging, klacht", False, "delivery"),
    ("levering_vertraagd", False, "delivery"),
    ("Retour", True, "returns"), ("Mobiele app", True, "app"), ("incident", False, None),
    ("Kassa en betalen", True, "billing"), ("Klantenpas", True, "klantenpas"), ("Klantenpas", False, None),
    ("", True, None),
])
def test_touchpoints_from_categories_and_tags(value: str, free: bool, touchpoint: str | None) -> None:
    assert normalise_touchpoint(value, free) == touchpoint


def test_missing_file_or_folder_named_like_an_export_is_a_bad_row(tmp_path: Path) -> None:
    (tmp_path / "map.csv").mkdir()
    for path in (tmp_path / "weg.csv", tmp_path / "map.csv"):
        contacts, bad = run(path)
        assert contacts == [] and len(bad) == 1 and "cannot be read" in bad[0].reason
