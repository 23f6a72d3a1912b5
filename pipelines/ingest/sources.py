"""Source kinds: how a row of a given export becomes a contact with speaker turns.

generic     any table; columns by mapping file or auto-detection; turns split where the text has speakers
zendesk     Zendesk ticket CSV (Id, Subject, Description, Requester, Via, Created at, Ticket type, ...)
freshdesk   Freshdesk ticket CSV (Ticket ID, Subject, Description, Source, Created time, Contact ID, Type)
salesforce  Salesforce Service Cloud cases (Case Number, Subject, Description, Case Origin, Date/Time Opened, ...)
chat        chat logs: one transcript per row, or one message per row grouped by conversation id
call        call transcripts (speaker turns, diarised or labelled)
email       e-mail messages: quoted history, signature and disclaimer stripped, auto-replies flagged
review      review exports (stars, title, text)
social      social posts (platform, handle, text)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipelines.ingest.dates import parse_datetime
from pipelines.ingest.mapping import Mapping, MappingError, norm
from pipelines.ingest.readers import ReadError, Row, file_kind, iter_rows
from pipelines.ingest.records import BadRow, ContactDraft, TurnDraft
from pipelines.segment import clean_email, split_turns

CHANNEL_WORDS = {
    "email": ("email", "e-mail", "mail", "inbound email", "outbound email"),
    "chat": ("chat", "livechat", "live chat", "whatsapp", "messenger", "web widget chat", "chatbot", "messaging"),
    "phone": ("phone", "telefoon", "voice", "call", "bellen", "telefonisch", "telephony", "callback"),
    "social": ("twitter", "x", "facebook", "instagram", "social", "linkedin", "tiktok", "social media", "mastodon"),
    "review": ("review", "trustpilot", "kiyoh", "google reviews", "google", "feedback company", "app store"),
    "webform": ("web", "webform", "web form", "portal", "contactformulier", "formulier", "web widget", "api",
                "feedback widget", "website", "form"),
    "store": ("store", "winkel", "balie", "shop", "filiaal", "in person"),
}
_CHANNEL = {w: c for c, words in CHANNEL_WORDS.items() for w in words}

TOUCHPOINT_WORDS = {
    "delivery": ("levering", "bezorging", "verzending", "shipping", "delivery", "pakket", "bezorgd", "track",
                 "tracking", "vervoerder", "carrier", "leverdatum", "levertijd"),
    "returns": ("retour", "retourportaal", "returns", "return", "ruilen", "omruilen", "terugsturen", "herroeping"),
    "billing": ("factuur", "facturatie", "betaling", "billing", "invoice", "payment", "terugbetaling", "refund",
                "incasso", "restitutie"),
    "app": ("app", "mobiele app", "mobile app"),
    "website": ("website", "webshop", "site", "checkout", "afrekenen", "winkelmand"),
    "product": ("product", "kwaliteit", "quality", "productvraag", "product question", "defect", "garantie",
                "warranty", "klacht product"),
    "account": ("account", "inloggen", "login", "wachtwoord", "password", "profiel"),
    "order": ("bestelling", "order", "bestellen", "ordering", "orderstatus"),
    "presales": ("advies", "pre-sales", "presales", "vraag vooraf", "productadvies", "offerte", "quote"),
}
_TOUCHPOINT = {w: t for t, words in TOUCHPOINT_WORDS.items() for w in words}

PRESETS: dict[str, dict[str, tuple[str, ...]]] = {
    "zendesk": {"external_id": ("Id", "Ticket ID"), "customer": ("Requester email", "Requester"),
                "channel": ("Via",), "timestamp": ("Created at",), "touchpoint": ("Ticket type", "Tags")},
    "freshdesk": {"external_id": ("Ticket ID",), "customer": ("Email", "Contact ID"), "channel": ("Source",),
                  "timestamp": ("Created time",), "touchpoint": ("Type", "Category")},
    "salesforce": {"external_id": ("Case Number",), "customer": ("Contact Email", "Supplied Email", "Web Email"),
                   "channel": ("Case Origin",), "timestamp": ("Date/Time Opened", "Created Date"),
                   "touchpoint": ("Type", "Case Reason")},
    "email": {"customer": ("From", "Van", "Sender"), "text": ("Body", "Bericht", "Text")},
    "review": {"text": ("Review", "Text", "Reviewtekst", "Body", "Comment")},
}
DEFAULT_CHANNEL = {"chat": "chat", "call": "phone", "email": "email", "review": "review", "social": "social",
                   "zendesk": "webform", "freshdesk": "webform", "salesforce": "webform", "generic": "webform"}
SOURCES = tuple(DEFAULT_CHANNEL)
# columns that identify people stay out of the metadata (the customer key is kept only as a pseudonym)
METADATA_DROP = re.compile(
    r"name|naam|mail|phone|telefoon|gsm|mobiel|adres|address|iban|bsn|street|straat|postcode|zip|requester|"
    r"requestor|contact|customer|klant|author|auteur|handle|user|reviewer|sender|afzender|assignee|agent|"
    r"medewerker|caller|beller"
)


def detect_source(headers: list[str], path: Path) -> str:
    h = {norm(x) for x in headers}
    if {"via", "requester"} & h and "id" in h:
        return "zendesk"
    if "ticketid" in h and "source" in h:
        return "freshdesk"
    if {"casenumber", "caseorigin"} & h:
        return "salesforce"
    if {"rating", "stars", "sterren", "starrating", "beoordeling"} & h:
        return "review"
    if {"platform", "handle", "network"} & h:
        return "social"
    if {"transcript", "transcriptie", "calltranscript"} & h or "call" in path.stem.lower():
        return "call" if ({"duration", "duur", "callid"} & h or "call" in path.stem.lower()) else "chat"
    if "chat" in path.stem.lower() or {"conversationid", "chatid", "sessionid"} & h:
        return "chat"
    if {"from", "van", "afzender"} & h and {"body", "bericht"} & h:
        return "email"
    return "generic"


def normalise_channel(value: Any, default: str) -> str:
    if value is None or str(value).strip() == "":
        return default
    v = str(value).strip().lower()
    return _CHANNEL.get(v) or next((c for w, c in _CHANNEL.items() if len(w) > 3 and w in v), default)


def normalise_touchpoint(value: Any) -> str | None:
    if value is None or str(value).strip() == "":
        return None
    v = str(value).strip().lower()
    if v in _TOUCHPOINT:
        return _TOUCHPOINT[v]
    for part in re.split(r"[,;/|]+", v):  # tag lists: "bezorging, klacht"
        if part.strip() in _TOUCHPOINT:
            return _TOUCHPOINT[part.strip()]
    return re.sub(r"[^a-z0-9]+", "_", v).strip("_")[:64] or None


def _get(fields: dict[str, Any], m: Mapping, key: str) -> Any:
    if key in m.constants:
        return m.constants[key]
    col = m.columns.get(key)
    return fields.get(col) if col else None


def _str(v: Any) -> str:
    return "" if v is None else str(v).strip()


@dataclass
class _Ctx:
    source: str
    mapping: Mapping
    file: str


def row_to_contact(row: Row, ctx: _Ctx) -> ContactDraft | BadRow:
    f, m, kind = row.fields, ctx.mapping, ctx.source
    text = _str(_get(f, m, "text"))
    subject = _str(_get(f, m, "subject"))
    title = _str(_get(f, m, "title"))
    raw_ts = _get(f, m, "timestamp")
    ts = parse_datetime(raw_ts)
    if raw_ts not in (None, "") and ts is None:
        return BadRow(row.file, row.row, f"unparseable date {str(raw_ts)[:40]!r} in column "
                      f"{m.columns.get('timestamp')!r}", text[:4000])
    channel = normalise_channel(_get(f, m, "channel"), DEFAULT_CHANNEL[kind])
    if kind in ("chat", "call", "email", "review", "social") and "channel" not in m.constants:
        channel = DEFAULT_CHANNEL[kind] if _get(f, m, "channel") is None else channel
    metadata: dict[str, Any] = {}
    auto_reply = False
    turns: list[TurnDraft] | None = None
    if kind == "email" or (channel == "email" and kind == "generic"):
        body = clean_email(text, subject, _str(_get(f, m, "sender") or _get(f, m, "customer")))
        auto_reply = body.is_auto_reply
        turns = [TurnDraft("customer", body.text, ts)] if body.text else []
    elif kind == "review":
        stars = _get(f, m, "stars")
        if stars not in (None, ""):
            metadata["stars"] = _stars(stars)
        joined = f"{title}. {text}" if title and text and not title.endswith((".", "!", "?")) else \
            " ".join(x for x in (title, text) if x)
        turns = [TurnDraft("customer", joined, ts)] if joined else []
    else:
        turns = split_turns(text, ts) if text else []
        if turns is None:
            turns = [TurnDraft("customer", text, ts)]
    if not turns or not any(t.speaker == "customer" and t.text.strip() for t in turns):
        reason = "auto-reply with no message" if auto_reply else "no text: no customer message in the row"
        if not auto_reply:
            return BadRow(row.file, row.row, reason, repr(f)[:4000])
    if subject:
        metadata["subject"] = subject
    if auto_reply:
        metadata["auto_reply"] = True
    platform = _get(f, m, "platform")
    if platform:
        metadata["platform"] = _str(platform)
    used = set(m.columns.values())
    for k, v in f.items():  # the rest of the columns, for segment filters; personal columns are left out
        if k not in used and v not in (None, "") and not METADATA_DROP.search(k.lower()) and len(metadata) < 50:
            metadata[k] = v if isinstance(v, int | float | bool) else str(v)[:500]
    return ContactDraft(
        source=kind, external_id=_str(_get(f, m, "external_id")) or None, channel=channel,
        touchpoint=normalise_touchpoint(_get(f, m, "touchpoint")), timestamp=ts,
        customer_ref=_str(_get(f, m, "customer")) or None, turns=turns, metadata=metadata,
        file=row.file, row=row.row,
    )


def _stars(v: Any) -> float | None:
    s = str(v).strip().replace(",", ".")
    mt = re.match(r"(\d+(?:\.\d+)?)", s)
    return float(mt[1]) if mt else None


def _speaker_of(value: Any) -> str:
    from pipelines.segment import _role

    return _role(_str(value)) or "customer"


def _grouped_messages(rows: Iterable[Row | BadRow], ctx: _Ctx) -> Iterator[ContactDraft | BadRow]:
    """Message-per-row chat exports: consecutive rows of one conversation id become one contact."""
    current: list[Row] = []
    for item in rows:
        if isinstance(item, BadRow):
            yield item
            continue
        cid = _get(item.fields, ctx.mapping, "conversation_id")
        if current and _get(current[0].fields, ctx.mapping, "conversation_id") != cid:
            yield _conversation(current, ctx)
            current = []
        current.append(item)
    if current:
        yield _conversation(current, ctx)


def _conversation(rows: list[Row], ctx: _Ctx) -> ContactDraft | BadRow:
    m = ctx.mapping
    turns = []
    for r in rows:
        text = _str(_get(r.fields, m, "text"))
        if text:
            turns.append(TurnDraft(_speaker_of(_get(r.fields, m, "speaker")), text,
                                   parse_datetime(_get(r.fields, m, "timestamp"))))
    first = rows[0]
    draft = row_to_contact(first, ctx)
    if isinstance(draft, BadRow) and not turns:
        return draft
    cid = _str(_get(first.fields, m, "conversation_id"))
    if isinstance(draft, BadRow):
        draft = ContactDraft(ctx.source, cid, DEFAULT_CHANNEL[ctx.source], None, turns[0].timestamp, None, [],
                             file=first.file, row=first.row)
    draft.turns = turns
    draft.external_id = cid or draft.external_id
    if not draft.customer_ref:
        draft.customer_ref = next((_str(_get(r.fields, m, "customer")) for r in rows
                                   if _speaker_of(_get(r.fields, m, "speaker")) == "customer"
                                   and _get(r.fields, m, "customer")), None)
    return draft


def iter_file(path: Path, source: str | None = None, mapping: Mapping | None = None) -> Iterator[ContactDraft | BadRow]:
    """Contacts (and bad rows) of one export file."""
    try:
        rows = iter_rows(path)
        first = next(rows, None)
    except ReadError as exc:
        yield BadRow(str(path), 0, f"unreadable file: {exc}")
        return
    if first is None:
        yield BadRow(str(path), 0, "no data rows in the file")
        return
    headers = list(first.fields) if isinstance(first, Row) else []
    kind = source or detect_source(headers, path)
    try:
        resolved = (mapping or Mapping()).resolve(headers, PRESETS.get(kind)) if headers else (mapping or Mapping())
    except MappingError as exc:
        yield BadRow(str(path), 0, f"column mapping: {exc}")
        return
    if isinstance(first, Row) and "text" not in resolved.columns:
        yield BadRow(str(path), 0, f"no text column found among {headers}; give one with --mapping")
        return
    ctx = _Ctx(kind, resolved, str(path))

    def all_rows() -> Iterator[Row | BadRow]:
        yield first
        try:
            yield from rows
        except ReadError as exc:
            yield BadRow(str(path), 0, f"unreadable file: {exc}")

    if "conversation_id" in resolved.columns and "speaker" in resolved.columns:
        yield from _grouped_messages(all_rows(), ctx)
        return
    for item in all_rows():
        yield item if isinstance(item, BadRow) else row_to_contact(item, ctx)


def iter_paths(paths: Iterable[Path], source: str | None = None, mapping: Path | None = None
               ) -> Iterator[ContactDraft | BadRow]:
    m = Mapping.load(mapping) if mapping else None
    for p in paths:
        files = sorted(x for x in p.rglob("*") if x.is_file() and file_kind(x)) if p.is_dir() else [p]
        for f in files:
            yield from iter_file(f, source, m)
