"""Source kinds: how a row of a given export becomes a contact with speaker turns.

generic     any table; columns by mapping file or auto-detection; turns split where the text has speakers
zendesk     Zendesk ticket CSV (Id, Subject, Description, Requester, Via, Created at, Tags, ...)
freshdesk   Freshdesk ticket CSV (Ticket ID, Subject, Description, Source, Created time, Contact ID, Type)
salesforce  Salesforce Service Cloud cases (Case Number, Subject, Description, Case Origin, Date/Time Opened, ...)
chat        chat logs: one transcript per row, or one message per row grouped by conversation id
call        call transcripts (speaker turns, diarised or labelled)
email       e-mail messages: quoted history, signature and disclaimer stripped, auto-replies flagged
review      review exports (stars, title, text)
social      social posts (platform, handle, text)

Every data row ends as exactly one ContactDraft or BadRow, except message-per-row chats, whose rows become one
contact per conversation. A file whose columns cannot be mapped gives one BadRow per set of columns, naming
them and counting the rows it held.
"""

from __future__ import annotations

import json
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parseaddr
from functools import cached_property, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from pipelines.ingest.dates import parse_datetime
from pipelines.ingest.mapping import FREE_TOUCHPOINT, Mapping, MappingError, norm
from pipelines.ingest.readers import ReadError, Row, file_kind, flatten, iter_rows
from pipelines.ingest.records import BadRow, ContactDraft, TurnDraft
from pipelines.segment import clean_email, html_to_text, looks_like_html, may_have_turns, role_of, split_turns

CHANNEL_WORDS = {
    "email": ("email", "e-mail", "mail", "inbound email", "outbound email", "e-mailbericht"),
    "chat": ("chat", "livechat", "live chat", "whatsapp", "messenger", "web widget chat", "chatbot", "messaging",
             "sms", "sunshine conversations"),
    "phone": ("phone", "telefoon", "voice", "call", "bellen", "telefonisch", "telephony", "callback", "voicemail",
              "telefonie", "phone call"),
    "social": ("twitter", "x", "facebook", "instagram", "social", "linkedin", "tiktok", "social media", "mastodon",
               "facebook post", "twitter dm", "threads", "bluesky", "youtube"),
    "review": ("review", "trustpilot", "kiyoh", "google reviews", "feedback company", "app store", "play store"),
    "webform": ("web", "webform", "web form", "portal", "contactformulier", "formulier", "web widget", "api",
                "feedback widget", "website", "form"),
    "store": ("store", "winkel", "balie", "shop", "filiaal", "in person", "walk-in"),
}
_CHANNEL = {w: c for c, words in CHANNEL_WORDS.items() for w in words}
FRESHDESK_SOURCES = {1: "email", 2: "webform", 3: "phone", 7: "chat", 9: "webform", 10: "email"}  # API codes

TOUCHPOINT_WORDS = {
    "delivery": ("levering", "bezorging", "verzending", "shipping", "delivery", "pakket", "bezorgd", "track",
                 "tracking", "vervoerder", "carrier", "leverdatum", "levertijd", "bezorgen", "leveren"),
    "returns": ("retour", "retourportaal", "returns", "return", "ruilen", "omruilen", "terugsturen", "herroeping",
                "retourneren"),
    "billing": ("factuur", "facturatie", "betaling", "billing", "invoice", "payment", "terugbetaling", "refund",
                "incasso", "restitutie", "betalen"),
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
                "channel": ("Via",), "timestamp": ("Created at",), "text": ("Description",)},
    "freshdesk": {"external_id": ("Ticket ID",), "customer": ("Email", "Contact ID"), "channel": ("Source",),
                  "timestamp": ("Created time",), "touchpoint": ("Category",)},
    "salesforce": {"external_id": ("Case Number",), "customer": ("Contact Email", "Supplied Email", "Web Email"),
                   "channel": ("Case Origin",), "timestamp": ("Date/Time Opened", "Created Date"),
                   "touchpoint": ("Case Reason",)},
    "email": {"customer": ("From", "Van", "Sender"), "text": ("Body", "Bericht", "Text")},
    "review": {"text": ("Review", "Text", "Reviewtekst", "Body", "Comment")},
}
DEFAULT_CHANNEL = {"chat": "chat", "call": "phone", "email": "email", "review": "review", "social": "social",
                   "zendesk": "webform", "freshdesk": "webform", "salesforce": "webform", "generic": "webform"}
SOURCES = tuple(DEFAULT_CHANNEL)
FIXED_CHANNEL = ("chat", "call", "email", "review", "social")  # kinds whose channel is the kind unless a column says
# columns that identify people stay out of the metadata (the customer key is kept only as a pseudonym)
METADATA_DROP = re.compile(
    r"name|naam|mail|phone|telefoon|gsm|mobiel|adres|address|iban|bsn|street|straat|postcode|zip|requester|"
    r"requestor|contact|customer|klant|author|auteur|handle|user|reviewer|sender|afzender|assignee|agent|"
    r"medewerker|caller|beller|url|link|\bip\b"
)
MAX_METADATA = 50
MAX_OPEN_CONVERSATIONS = 5000  # message-per-row chats: conversations held open at once
IDLE_ROWS = 5000  # ... and a conversation with no message in this many rows is closed
RAW_KEEP = 4000
NO_ID = "\x00row "  # key of a chat message row without a conversation id: a conversation of its own
MAX_UNMAPPED = 1000  # distinct unmappable column sets reported one by one; the rest together
# columns that name the customer (not the key): a speaker label with this name in a transcript is the customer
NAME_COLUMNS = {"requester", "requestername", "fullname", "contactname", "customername", "klantnaam", "naam", "name",
                "visitorname", "bezoekernaam", "suppliedname", "webname"}
EMAIL_ADDRESS = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
OUTBOUND = {"outbound", "uitgaand", "out", "outgoing", "sent", "verzonden", "agent", "reply"}


def detect_source(headers: list[str], path: Path) -> str:
    h = {norm(x) for x in headers}
    stem = path.stem.lower()
    if {"via", "requester", "requesteremail"} & h and "id" in h:
        return "zendesk"
    if "ticketid" in h and "source" in h:
        return "freshdesk"
    if {"casenumber", "caseorigin"} & h:
        return "salesforce"
    if {"rating", "stars", "sterren", "starrating", "reviewstars", "reviewrating", "beoordeling"} & h:
        return "review"
    if {"platform", "handle", "network", "socialnetwork"} & h:
        return "social"
    if {"transcript", "transcriptie", "calltranscript"} & h or "call" in stem or "gesprek" in stem:
        return "call" if ({"duration", "duur", "callid"} & h or "call" in stem or "gesprek" in stem) else "chat"
    if "chat" in stem or {"conversationid", "chatid", "sessionid", "chatsessionid"} & h:
        return "chat"
    if {"from", "van", "afzender"} & h and {"body", "bericht"} & h:
        return "email"
    return "generic"


def _words(value: str) -> list[str]:
    tokens = re.findall(r"[a-z0-9à-ÿ]+(?:-[a-z0-9à-ÿ]+)*", value)
    return [f"{a} {b}" for a, b in pairwise(tokens)] + tokens


def normalise_channel(value: Any, default: str, source: str = "") -> str:
    """One of CHANNELS from what a tool writes ("Web Widget", "Phone call (incoming)", "Voicemail", "3")."""
    v = _str(value).lower()
    if not v:
        return default
    if v in _CHANNEL:
        return _CHANNEL[v]
    if source == "freshdesk" and v.isdigit():
        return FRESHDESK_SOURCES.get(int(v), default)
    return next((_CHANNEL[w] for w in _words(v) if w in _CHANNEL and len(w) > 2), default)


def normalise_touchpoint(value: Any, free: bool = True) -> str | None:
    """A touchpoint from a category, reason or tag value: known words map to the shared vocabulary ("Bezorging,
    klacht" -> delivery); an unknown value is kept as a slug only where the column is a category (``free``)."""
    v = _str(value).lower()
    if not v:
        return None
    if v in _TOUCHPOINT:
        return _TOUCHPOINT[v]
    for part in re.split(r"[,;/|]+", v):  # tag lists: "bezorging, klacht"
        if part.strip() in _TOUCHPOINT:
            return _TOUCHPOINT[part.strip()]
    for w in _words(v.replace("_", " ")):
        if w in _TOUCHPOINT:
            return _TOUCHPOINT[w]
    return (re.sub(r"[^a-z0-9]+", "_", v).strip("_")[:64] or None) if free else None


def _get(fields: dict[str, Any], m: Mapping, key: str) -> Any:
    if key in m.constants:
        return m.constants[key]
    col = m.columns.get(key)
    return fields.get(col) if col else None


def _str(v: Any) -> str:
    return "" if v is None else str(v).strip()


def _plain(text: str) -> str:
    return html_to_text(text) if looks_like_html(text) else text


def _raw(fields: dict[str, Any]) -> str:
    return json.dumps(fields, ensure_ascii=False, default=str)[:RAW_KEEP]


@dataclass
class _Ctx:
    source: str
    mapping: Mapping  # resolved: explicit columns plus auto-detected ones
    file: str
    columns: tuple[str, ...]  # the columns it was resolved for: those of every row it comes with
    grouped: bool = False  # message-per-row chat: rows are grouped by conversation id
    free_touchpoint: bool = True  # the touchpoint column holds the company's own category names

    def values(self, fields: dict[str, Any]) -> dict[str, Any]:
        """The row's value of every field the mapping names (a constant where it sets one): ``get`` on it is
        ``_get``, with the mapping looked at once per file instead of once per field and row."""
        values = {key: fields.get(col) for key, col in self._getters}
        if self.mapping.constants:
            values.update(self.mapping.constants)
        return values

    @cached_property
    def _getters(self) -> tuple[tuple[str, str], ...]:
        m = self.mapping
        return tuple((key, col) for key, col in m.columns.items() if col and key not in m.constants)

    @cached_property
    def used_columns(self) -> frozenset[str]:
        """Columns whose values the contact holds already: the rest go into its metadata."""
        used = set(self.mapping.columns.values())
        if not self.free_touchpoint:  # a ticket type ("incident") is no touchpoint, but worth keeping for filters
            used.discard(self.mapping.columns.get("touchpoint", ""))
        return frozenset(used)

    @cached_property
    def metadata_fields(self) -> tuple[str, ...]:
        """The fields kept in the metadata that the mapping names."""
        m = self.mapping
        return tuple(k for k in ("platform", "language", "tags") if k in m.constants or m.columns.get(k))

    @cached_property
    def metadata_columns(self) -> tuple[str, ...]:
        """Columns whose values go into the metadata: not used otherwise, and not personal."""
        return tuple(k for k in self.columns if k not in self.used_columns and not _personal(k))

    @cached_property
    def name_columns(self) -> tuple[str, ...]:
        return tuple(k for k in self.columns if _name_column(k))


# ---- one row, one contact -------------------------------------------------------------------------------------

def row_to_contact(row: Row, ctx: _Ctx) -> ContactDraft | BadRow:
    f = row.fields
    v = ctx.values(f)
    raw_ts = v.get("timestamp")
    ts = parse_datetime(raw_ts)
    if ts is None and _str(raw_ts):
        return BadRow(row.file, row.row, f"unparseable date: {_str(raw_ts)[:40]!r} in column "
                      f"{ctx.mapping.columns.get('timestamp')!r}", _raw(f))
    channel = _channel(v, ctx)
    subject = _str(v.get("subject"))
    turns, metadata = _turns(f, v, ctx, channel, subject, ts)
    if not turns or not ("customer" in [t.speaker for t in turns] or metadata.get("auto_reply")):
        return BadRow(row.file, row.row, _why_no_text(ctx.mapping, turns), _raw(f))
    metadata.update(_metadata(f, v, ctx, subject))
    return ContactDraft(ctx.source, _str(v.get("external_id")) or None, channel, _touchpoint(v, ctx), ts,
                        customer_key(v.get("customer")), turns, metadata, row.file, row.row)


@dataclass
class PendingRow:
    """A row whose conversion into a contact is left to whoever prepares it next (a worker process of the batch
    pipeline, next to redaction), so the reader only reads."""

    row: Row
    ctx: _Ctx

    def convert(self) -> ContactDraft | BadRow:
        return row_to_contact(self.row, self.ctx)


def customer_key(value: Any) -> str | None:
    """The customer key as the store links it: an e-mail address on its own and lower-cased, also where the
    export writes "Jan Jansen <Jan@Example.nl>"; other keys (customer numbers, handles) as they are."""
    v = _str(value)
    if "@" not in v:  # a customer number
        return v or None
    if EMAIL_ADDRESS.fullmatch(v):  # a bare address: the common case, no parsing needed
        return v.lower()
    found = EMAIL_ADDRESS.search(v)
    if found is None:  # a handle ("@KookFan")
        return v
    addr = parseaddr(v)[1]
    # parseaddr gives up on "Jansen, Jan <jan@x.nl>" and "Jan (jan@x.nl)": then the first address in the value
    return (addr if EMAIL_ADDRESS.fullmatch(addr) else found[0]).lower()


@lru_cache(maxsize=4096)
def _name_column(column: str) -> bool:
    return norm(column) in NAME_COLUMNS


def _customer_name(f: dict[str, Any], ctx: _Ctx) -> str | None:
    """The customer's name where a column gives it (Zendesk "Requester", Freshdesk "Full name")."""
    return next((v for k in ctx.name_columns if isinstance(v := f.get(k), str) and v and "@" not in v), None)


def _channel(v: dict[str, Any], ctx: _Ctx) -> str:
    value = v.get("channel")
    default = DEFAULT_CHANNEL[ctx.source]
    if ctx.source in FIXED_CHANNEL and not _str(value):
        return default
    return normalise_channel(value, default, ctx.source)


def _touchpoint(v: dict[str, Any], ctx: _Ctx) -> str | None:
    return normalise_touchpoint(v.get("touchpoint"), ctx.free_touchpoint) or \
        normalise_touchpoint(v.get("tags"), free=False)


def _why_no_text(m: Mapping, turns: list[TurnDraft]) -> str:
    if turns:
        return "no customer message: only " + "/".join(sorted({t.speaker for t in turns})) + " turns"
    return f"no text: column {m.columns.get('text', m.constants.get('text'))!r} is empty"


def _turns(f: dict[str, Any], v: dict[str, Any], ctx: _Ctx, channel: str, subject: str, ts: datetime | None
           ) -> tuple[list[TurnDraft], dict[str, Any]]:
    value: Any = v.get("text")
    if _is_messages(value):
        return _message_turns(value, ts), {}
    if ctx.source == "review":
        return _review_turns(v, _plain(_str(value)), ts)
    speaker = _speaker(v.get("speaker") or v.get("direction"))
    if channel == "email":
        body = clean_email(_str(value), subject, _str(v.get("sender") or v.get("customer")))
        text = body.text or subject
        meta: dict[str, Any] = {"auto_reply": True} if body.is_auto_reply else {}
        return ([TurnDraft(speaker, text, ts)] if text else []), meta
    text = _plain(_str(value)) or subject  # a ticket with only a subject still says something
    turns = split_turns(text, ts, _customer_name(f, ctx)) if may_have_turns(text) else None
    return (turns if turns is not None else [TurnDraft(speaker, text, ts)] if text else []), {}


def _review_turns(v: dict[str, Any], text: str, ts: datetime | None) -> tuple[list[TurnDraft], dict[str, Any]]:
    title = _str(v.get("title"))
    meta: dict[str, Any] = {}
    stars = _stars(v.get("stars"))
    if stars is not None:
        meta["stars"] = stars
    if title:
        meta["title"] = title
    sep = " " if title.endswith((".", "!", "?")) else ". "
    joined = f"{title}{sep}{text}" if title and text else title or text
    return ([TurnDraft("customer", joined, ts)] if joined else []), meta


def _stars(v: Any) -> float | None:
    """Stars on a 1-5 scale: 4, "4,5", "4/5", "8/10", "★★★★☆"."""
    if isinstance(v, int | float) and not isinstance(v, bool):
        return float(v)
    s = _str(v)
    if "★" in s:
        return float(s.count("★"))
    m = re.match(r"(\d+(?:[.,]\d+)?)\s*(?:/\s*(\d+))?", s)
    if not m:
        return None
    value = float(m[1].replace(",", "."))
    scale = int(m[2]) if m[2] else 5
    return round(value * 5 / scale, 2) if scale not in (0, 5) else value


def _speaker(value: Any) -> str:
    v = _str(value)
    if v.lower() in OUTBOUND:
        return "agent"
    return role_of(v) or "customer" if v else "customer"


def _metadata(f: dict[str, Any], v: dict[str, Any], ctx: _Ctx, subject: str) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    if subject:
        meta["subject"] = subject
    for key in ctx.metadata_fields:
        if x := _str(v[key]):
            meta[key] = x[:500]
    for k in ctx.metadata_columns:  # the rest of the columns, for segment filters; personal columns are left out
        if len(meta) >= MAX_METADATA:
            break
        if (val := f.get(k)) not in (None, "", []):
            meta[k] = val if isinstance(val, int | float | bool) else _short(val)
    return meta


@lru_cache(maxsize=4096)
def _personal(column: str) -> bool:
    return bool(METADATA_DROP.search(column.lower()))


def _short(v: Any) -> str:
    s = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str)
    return s[:500]


# ---- a list of messages in one field (JSON chat exports) ------------------------------------------------------

_MSG_TEXT = ("text", "body", "message", "content", "bericht", "tekst", "plainbody", "value")
_MSG_ROLE = ("role", "speaker", "authortype", "sendertype", "type", "author", "sender", "from", "direction", "rol")
_MSG_TIME = ("timestamp", "time", "createdat", "created", "date", "datum", "sentat", "tijd", "tijdstip")


def _is_messages(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(x, dict) for x in value)


def _pick(msg: dict[str, Any], names: tuple[str, ...]) -> Any:
    by = {norm(k.rsplit(".", 1)[-1]) if "." in k else norm(k): v for k, v in msg.items()}
    by.update({norm(k): v for k, v in msg.items()})  # "author.type" -> "authortype" wins over "type"
    return next((by[n] for n in names if by.get(n) not in (None, "")), None)


def _message_turns(messages: list[dict[str, Any]], ts: datetime | None) -> list[TurnDraft]:
    turns = []
    for raw in messages:
        msg = flatten(raw)
        text = _plain(_str(_pick(msg, _MSG_TEXT)))
        if text:
            turns.append(TurnDraft(_speaker(_pick(msg, _MSG_ROLE)), text, parse_datetime(_pick(msg, _MSG_TIME)) or ts))
    return turns


# ---- message-per-row chats -------------------------------------------------------------------------------------

@dataclass
class _Open:
    rows: list[tuple[Row, _Ctx]] = field(default_factory=list)
    last: int = 0  # index of the row that last added a message


class _Conversations:
    """Rows with one conversation id become one contact, also when the export interleaves conversations (sorted
    by time). Memory is bounded: at most MAX_OPEN_CONVERSATIONS are open, and one with no message in IDLE_ROWS
    rows is closed; a conversation that comes back after that is a second part ("id#2")."""

    def __init__(self) -> None:
        self.open: OrderedDict[tuple[str, str], _Open] = OrderedDict()
        self.parts: dict[tuple[str, str], int] = {}
        self.n = 0

    def add(self, row: Row, ctx: _Ctx) -> Iterator[ContactDraft | BadRow]:
        self.n += 1
        key = (row.file, _str(_get(row.fields, ctx.mapping, "conversation_id")) or f"{NO_ID}{row.row}")
        conv = self.open.pop(key, None) or _Open()
        conv.rows.append((row, ctx))
        conv.last = self.n
        self.open[key] = conv  # most recently active last
        while self.open:
            oldest_key, oldest = next(iter(self.open.items()))
            if len(self.open) <= MAX_OPEN_CONVERSATIONS and self.n - oldest.last < IDLE_ROWS:
                break
            yield self._close(oldest_key)

    def close_all(self) -> Iterator[ContactDraft | BadRow]:
        for key in sorted(self.open, key=lambda k: self.open[k].rows[0][0].row):
            yield self._close(key)

    def _close(self, key: tuple[str, str]) -> ContactDraft | BadRow:
        conv = self.open.pop(key)
        part = self.parts.get(key, 0) + 1
        if part > 1 or len(self.parts) < 100_000:
            self.parts[key] = part
        return _conversation(conv.rows, "" if key[1].startswith(NO_ID) else key[1], part)


def _conversation(rows: list[tuple[Row, _Ctx]], cid: str, part: int) -> ContactDraft | BadRow:
    first, ctx = rows[0]
    m = ctx.mapping
    turns, bad_dates = [], 0
    for r, c in rows:
        text = _plain(_str(_get(r.fields, c.mapping, "text")))
        raw_ts = _get(r.fields, c.mapping, "timestamp")
        ts = parse_datetime(raw_ts)
        bad_dates += bool(_str(raw_ts)) and ts is None
        if text:
            turns.append(TurnDraft(_speaker(_get(r.fields, c.mapping, "speaker")), text, ts))
    if not any(t.speaker == "customer" for t in turns):
        return BadRow(first.file, first.row, f"no customer message: conversation {cid!r} has none in {len(rows)} rows "
                      f"(lines {first.row}-{rows[-1][0].row})", _raw(first.fields))
    key = "customer" if "customer" in m.columns else "sender"  # the sender of the customer's messages
    customer = next((customer_key(_get(r.fields, m, key)) for r, _ in rows
                     if _speaker(_get(r.fields, m, "speaker")) == "customer" and _str(_get(r.fields, m, key))), None)
    first_values = ctx.values(first.fields)
    metadata = _metadata(first.fields, first_values, ctx, _str(first_values.get("subject")))
    metadata.update({"messages": len(rows), "rows": [r.row for r, _ in rows][:1000]})
    if bad_dates:
        metadata["unparseable_dates"] = bad_dates
    if part > 1:
        metadata["part"] = part
    external_id = (cid if part == 1 else f"{cid}#{part}") if cid else _str(_get(first.fields, m, "external_id")) or None
    return ContactDraft(
        source=ctx.source, external_id=external_id, channel=_channel(first_values, ctx),
        touchpoint=next((tp for r, c in rows if (tp := _touchpoint(c.values(r.fields), c))), None),
        timestamp=next((t.timestamp for t in turns if t.timestamp), None), customer_ref=customer, turns=turns,
        metadata=metadata, file=first.file, row=first.row,
    )


# ---- files ----------------------------------------------------------------------------------------------------

class _Resolver:
    """The column mapping of each table in a file (a CSV, a sheet, a set of JSON keys), resolved once; rows of a
    table that cannot be mapped are counted and reported as one BadRow at the end."""

    def __init__(self, path: Path, source: str | None, user: Mapping | None) -> None:
        self.path, self.source, self.user = path, source, user or Mapping()
        self.cache: dict[tuple[str, tuple[str, ...]], _Ctx | str] = {}
        self.kinds: dict[str, str] = {}
        self.unmapped: dict[tuple[str, str], list[int]] = {}  # (file, reason) -> [first row, count]

    def ctx(self, row: Row) -> _Ctx | None:
        key = (row.file, tuple(row.fields))
        got = self.cache.get(key)
        if got is None:
            got = self._resolve(row)
            if len(self.cache) < 1000:
                self.cache[key] = got
        if isinstance(got, str):
            where = (row.file, got)
            if where not in self.unmapped and len(self.unmapped) >= MAX_UNMAPPED:
                where = (row.file, "no text column: many different sets of columns")
            entry = self.unmapped.setdefault(where, [row.row, 0])
            entry[1] += 1
            return None
        return got

    def _resolve(self, row: Row) -> _Ctx | str:
        headers = list(row.fields)
        first_of_table = row.file not in self.kinds
        kind = self.kinds.setdefault(row.file, self.source or self.user.source or detect_source(headers, self.path))
        if kind not in DEFAULT_CHANNEL:
            return f"unknown source kind: {kind!r}; choose from {', '.join(SOURCES)}"
        if not first_of_table and file_kind(self.path) in ("json", "jsonl"):  # optional keys: a missing one is null
            headers += [c for c in self.user.columns.values() if c not in headers]
        try:
            resolved = self.user.resolve(headers, PRESETS.get(kind))
        except MappingError as exc:
            return f"column mapping: {exc}"
        if "text" not in resolved.columns and "text" not in resolved.constants:
            return f"no text column: found only {headers[:60]}; name it in a mapping file (--mapping)"
        grouped = "conversation_id" in resolved.columns and ("speaker" in resolved.columns or kind in ("chat", "call"))
        tp_col = resolved.columns.get("touchpoint")
        free = tp_col is not None and ("touchpoint" in self.user.columns or norm(tp_col) in FREE_TOUCHPOINT)
        return _Ctx(kind, resolved, row.file, tuple(row.fields), grouped, free)

    def report(self) -> Iterator[BadRow]:
        for (file, reason), (first, count) in self.unmapped.items():
            rows = "1 row" if count == 1 else f"{count} rows"
            yield BadRow(file, first, f"{reason} ({rows} not read, the first on row {first})")


def _guarded(rows: Iterator[Row | BadRow], path: Path) -> Iterator[Row | BadRow]:
    try:
        yield from rows
    except ReadError as exc:
        yield BadRow(str(path), 0, f"unreadable file: {exc}")


def iter_file(path: Path, source: str | None = None, mapping: Mapping | None = None, defer: bool = False
              ) -> Iterator[ContactDraft | BadRow | PendingRow]:
    """Contacts (and bad rows) of one export file. ``defer``: rows that stand alone come as ``PendingRow`` (the
    batch pipeline converts them in its worker processes); rows grouped into conversations are converted here."""
    resolver = _Resolver(path, source, mapping)
    conversations = _Conversations()
    produced = False
    for item in _guarded(iter_rows(path), path):
        produced = True
        if isinstance(item, BadRow):
            yield item
        elif (ctx := resolver.ctx(item)) is None:
            continue
        elif ctx.grouped:
            yield from conversations.add(item, ctx)
        else:
            yield PendingRow(item, ctx) if defer else row_to_contact(item, ctx)
    yield from conversations.close_all()
    yield from resolver.report()
    if not produced:
        yield BadRow(str(path), 0, "no data rows in the file (a header only?)")


def _is_export(p: Path) -> bool:
    return p.is_file() and file_kind(p) is not None and not p.name.startswith(("~$", ".", "~"))


def iter_paths(paths: Iterable[Path], source: str | None = None, mapping: Path | None = None, defer: bool = False
               ) -> Iterator[ContactDraft | BadRow | PendingRow]:
    """Contacts of export files and folders (searched recursively; Office lock files and hidden files skipped).
    Raises MappingError when the mapping file itself is wrong."""
    m = Mapping.load(mapping) if mapping else None
    skip = mapping.resolve() if mapping else None  # a mapping.json kept next to the exports is no export
    for p in paths:
        files = sorted(x for x in p.rglob("*") if _is_export(x) and x.resolve() != skip) if p.is_dir() else [p]
        for f in files:
            yield from iter_file(f, source, m, defer)
