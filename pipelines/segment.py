"""Segmentation: speaker turns in chat logs and call transcripts; the new message in an e-mail thread.

Turn markers understood: "Klant:", "Medewerker:", "Agent:", "Klantenservice:", "Klant (Jan):", named speakers
("Sanne:", "Jan de Vries:", "Lisa (Bol.com):"), time stamps before the label ("[14:02] Agent:", "14:02 -
Klant:", "(14:02:33) Sanne:", "[12-03-2026 14:02] Klant:"), diarised "SPEAKER_1:" / "Spreker 2:". A line
"Datum: ..." or "Ordernummer: ..." is text, not a speaker. For diarised or named speakers the agent is the one
who talks like a service desk (greetings, "waarmee kan ik u helpen", "mag ik uw postcode"); the other is the
customer. Text before the first marker is kept as a system turn, so no text is lost.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from html.parser import HTMLParser

from pipelines.ingest.dates import LOCAL, parse_datetime
from pipelines.ingest.records import TurnDraft

CUSTOMER_LABELS = {"klant", "customer", "client", "cliënt", "beller", "caller", "bezoeker", "visitor", "consument",
                   "user", "gebruiker", "end-user", "enduser", "reiziger", "patiënt", "huurder", "aanvrager",
                   "member", "abonnee", "koper", "buyer"}
AGENT_LABELS = {"medewerker", "agent", "klantenservice", "klantendienst", "support", "servicedesk", "helpdesk",
                "operator", "adviseur", "medewerkster", "bot", "chatbot", "assistent", "assistant", "team",
                "service", "mdw", "employee", "representative", "virtual assistant", "admin", "staff"}
SYSTEM_LABELS = {"system", "systeem", "info", "melding", "notification", "automatisch bericht"}
# "Word:" at the start of a line that is a field or a phrase, never a speaker
NOT_SPEAKERS = {
    "datum", "date", "tijd", "time", "onderwerp", "subject", "ordernummer", "bestelnummer", "klantnummer",
    "factuurnummer", "order", "ordernr", "bestelling", "referentie", "reference", "opmerking", "opmerkingen",
    "let op", "ps", "p.s", "nb", "n.b", "tel", "telefoon", "telefoonnummer", "mobiel", "email", "e-mail", "mail",
    "adres", "address", "naam", "name", "postcode", "woonplaats", "iban", "van", "aan", "cc", "bcc", "verzonden",
    "from", "to", "sent", "groet", "bericht", "vraag", "antwoord", "reden", "status", "product", "artikel",
    "prijs", "bedrag", "totaal", "track", "trackingcode", "url", "link", "website", "http", "https", "note",
    "re", "fw", "fwd", "tip", "update", "edit", "probleem", "oplossing", "samenvatting", "actie", "resultaat",
    "stap", "dus", "maar", "want", "nou", "ok", "oke", "oké", "en", "toen", "conclusie", "vervolg", "beste",
    "hallo", "hoi", "dag", "tot", "zie", "bijlage", "attachment", "categorie", "type", "prioriteit", "kanaal",
}

_STAMP = (
    r"(?:[\[(]?(?P<date>\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4})?,?[ \t]*(?P<time>\d{1,2}:\d{2}(?::\d{2})?)[\])]?"
    r"[ \t]*[-–]?[ \t]*)?"
)
TURN = re.compile(
    rf"^[ \t]*{_STAMP}"
    r"(?P<label>(?:SPEAKER|Speaker|speaker|Spreker|spreker|SPREKER)[ _]?\d{1,2}"
    r"|[A-Za-zÀ-ÿ][\wÀ-ÿ.'’ -]{0,40}?(?:\s?\([^)\n]{1,40}\))?)"
    r"[ \t]*:(?:[ \t]+(?P<text>.*)|[ \t]*$)",
)
DIARISED = re.compile(r"^(?:speaker|spreker)[ _]?(\d{1,2})$", re.IGNORECASE)
NAME = re.compile(
    r"(?:[A-Z]\.\s?)*[A-ZÀ-Ý][a-zà-ÿ'’-]+"
    r"(?:\s(?:van|de|der|den|ter|ten|het|'t|la|le|von|da|di|el|al|v\.d\.)){0,3}(?:\s[A-ZÀ-Ý][a-zà-ÿ'’-]+){0,2}"
)
AGENT_CUES = re.compile(
    r"\b(?:goedemorgen|goedemiddag|goedenavond|welkom|u spreekt met|je spreekt met|waarmee kan ik|wat kan ik voor|"
    r"hoe kan ik (?:u|je) helpen|klantenservice|excuses voor het ongemak|ik ga het voor (?:u|je)|"
    r"ik zoek het (?:even )?voor|mag ik uw|mag ik je|uw (?:klantnummer|postcode|ordernummer)|nog iets anders|"
    r"fijne dag verder|bedankt voor (?:uw|je) geduld|ik kijk (?:het )?even (?:met u |met je )?mee|"
    r"ik help (?:je|u)|ik neem (?:je|uw) (?:vraag|chat|gesprek) over)\b",
    re.IGNORECASE,
)
CUSTOMER_CUES = re.compile(
    r"\b(?:ik bel (?:over|omdat|want|voor)|mijn (?:bestelling|pakket|factuur|order|rekening|abonnement|account)|"
    r"ik heb (?:een vraag|besteld|betaald)|ik wil (?:graag )?(?:retour|opzeggen|annuleren)|ik wacht al)\b",
    re.IGNORECASE,
)


def _label_words(label: str) -> list[str]:
    return re.findall(r"[\wÀ-ÿ-]+", label.lower().split("(")[0])


def role_of(label: str) -> str | None:
    """The role a speaker label names ("Klant", "Medewerker Sanne", "Lisa (Bol.com)"), or None."""
    low = label.lower().strip()
    words = _label_words(low)
    base = " ".join(words)
    if not words or len(words) > 3:
        return None
    for role, names in (("system", SYSTEM_LABELS), ("agent", AGENT_LABELS), ("customer", CUSTOMER_LABELS)):
        if base in names or words[0] in names:
            return role
    if "(" in low and _is_name(label.split("(")[0].strip()):  # "Lisa (Bol.com)": a named agent of the company
        return "agent"
    return None


def _is_name(label: str) -> bool:
    return bool(NAME.fullmatch(label)) and label.lower() not in NOT_SPEAKERS


@dataclass
class _Seg:
    label: str
    text: str
    time: str | None  # the clock time written before the label
    date: str | None = None  # ... and the date, where the log writes one


@dataclass
class _Marker:
    label: str
    text: str
    date: str | None
    time: str | None
    kind: str  # "role", "diarised" or "name"


def _marker(line: str) -> _Marker | None:
    m = TURN.match(line)
    if not m:
        return None
    label = m["label"].strip()
    if label.lower() in NOT_SPEAKERS:
        return None
    kind = "diarised" if DIARISED.match(label) else "role" if role_of(label) else "name" if _is_name(label) else ""
    return _Marker(label, (m["text"] or "").strip(), m["date"], m["time"], kind) if kind else None


def split_turns(text: str, start: datetime | None = None) -> list[TurnDraft] | None:
    """Speaker turns, or None when the text has no turn structure (then it is one message)."""
    lines = text.splitlines()
    markers = [_marker(line) for line in lines]
    if not _has_turns([mk for mk in markers if mk]):
        return None
    segs: list[_Seg] = []
    preamble: list[str] = []
    for line, mk in zip(lines, markers, strict=True):
        if mk:
            segs.append(_Seg(mk.label, mk.text, mk.time, mk.date))
        elif segs:
            segs[-1].text += ("\n" if segs[-1].text else "") + line.strip()
        else:
            preamble.append(line)
    roles = _assign_roles(segs)
    turns = [TurnDraft("system", "\n".join(preamble).strip(), start)] if "".join(preamble).strip() else []
    for s in segs:
        if s.text.strip():
            turns.append(TurnDraft(roles[s.label], s.text.strip(), _at(start, s.time, s.date)))
    return turns if any(t.speaker != "system" for t in turns) else None


def _has_turns(markers: list[_Marker]) -> bool:
    """A transcript: two or more marker lines, with either two speakers or one speaker with a known role; a
    first name counts as a speaker only when some speaker speaks twice or a role label is there too."""
    if len(markers) < 2:
        return False
    labels = {mk.label for mk in markers}
    if len(labels) == 1:
        return markers[0].kind in ("role", "diarised")
    if any(mk.kind == "name" for mk in markers):
        repeats = len(labels) < len(markers)
        stamped = all(mk.time for mk in markers)
        return repeats or stamped or any(mk.kind == "role" for mk in markers)
    return True


def _cues(segs: list[_Seg], label: str) -> float:
    """Service-desk phrases minus customer phrases per turn of one speaker."""
    own = [s for s in segs if s.label == label]
    agent = sum(len(AGENT_CUES.findall(s.text)) for s in own)
    customer = sum(len(CUSTOMER_CUES.findall(s.text)) for s in own)
    return (agent - customer) / max(1, len(own))


def _assign_roles(segs: list[_Seg]) -> dict[str, str]:
    roles = {label: role_of(label) for label in dict.fromkeys(s.label for s in segs)}
    out = {label: role for label, role in roles.items() if role}
    unknown = [label for label, role in roles.items() if role is None]
    if not unknown:
        return out
    cues = {label: _cues(segs, label) for label in unknown}
    if "customer" in out.values():  # the customer has a label: named speakers are staff unless they sound otherwise
        return out | {label: "customer" if cues[label] < 0 else "agent" for label in unknown}
    if "agent" in out.values():
        return out | {label: "agent" if cues[label] > 0 else "customer" for label in unknown}
    # diarised or named only: the one who sounds most like a service desk; on a tie the one who opens (a call is
    # answered by the agent)
    agent = max(unknown, key=lambda label: cues[label] + (0.5 if segs[0].label == label else 0.0))
    return out | {label: "agent" if label == agent else "customer" for label in unknown}


def _at(start: datetime | None, hhmm: str | None, day: str | None = None) -> datetime | None:
    if hhmm is None:
        return None
    if day is not None:
        return parse_datetime(f"{day} {hhmm}")
    if start is None:
        return None
    parts = [int(x) for x in hhmm.split(":")]
    try:
        t = time(parts[0], parts[1], parts[2] if len(parts) > 2 else 0)
    except ValueError:
        return None
    local_start = start.astimezone(LOCAL) if start.tzinfo else start.replace(tzinfo=LOCAL)
    at = datetime.combine(local_start.date(), t, tzinfo=LOCAL)  # clock times in a log are local times
    if at < local_start - timedelta(hours=1):  # a chat past midnight
        at += timedelta(days=1)
    return at.astimezone(UTC)


# ---- HTML bodies ----------------------------------------------------------------------------------------------

HTML_HINT = re.compile(r"<(?:html|body|div|p|br|span|table|blockquote|font|b|i|strong|ul|ol|li)\b[^>]*>", re.I)
_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "hr"}
_SKIP = {"style", "script", "head", "title", "blockquote"}  # blockquote: quoted history in HTML mail


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        quoted = any(k in ("class", "id") and v and re.search(r"gmail_quote|divRplyFwdMsg|moz-cite", v)
                     for k, v in attrs)
        if tag in _SKIP or quoted:
            self.skip.append(tag)
        elif tag in _BLOCK and not self.skip:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skip and self.skip[-1] == tag:
            self.skip.pop()
        elif tag in _BLOCK and not self.skip:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_to_text(text: str) -> str:
    """Plain text of an HTML body: blocks become lines, quoted history (blockquote, gmail_quote) is dropped."""
    parser = _Text()
    parser.feed(text)
    parser.close()
    out = html.unescape("".join(parser.parts)).replace("\xa0", " ")
    out = re.sub(r"[ \t]+\n", "\n", out)
    return re.sub(r"\n{3,}", "\n\n", out).strip()


def looks_like_html(text: str) -> bool:
    return bool(HTML_HINT.search(text[:2000]))


# ---- e-mail ---------------------------------------------------------------------------------------------------

QUOTE_HEADERS = re.compile(
    r"^(?:[ \t>]*)(?:Op (?=[^\n]*\d)[^\n]{4,160}?(?:schreef|geschreven)[^\n]{0,120}?"
    r"(?::[ \t]*$|<[^\n>]*$|\n[^\n]{0,80}>:[ \t]*$)"
    r"|On .{4,160}wrote:[ \t]*$"
    r"|Le .{4,160}a écrit ?:[ \t]*$"
    r"|Am .{4,160}schrieb .{0,80}:[ \t]*$"
    r"|-{2,}\s*(?:Oorspronkelijk bericht|Original Message|Origineel bericht|Doorgestuurd bericht|Forwarded message"
    r"|Oorspronkelijk e-?mailbericht)\s*-{2,}.*$"
    r"|(?:Van|From)\s*:.+\n(?:.*\n){0,3}?(?:Verzonden|Sent|Datum|Date)\s*:.*$"
    r"|_{8,}[ \t]*$)",
    re.IGNORECASE | re.MULTILINE,
)
SIGNATURE = re.compile(
    r"^[ \t]*(?:--[ \t]*$|Verstuurd (?:vanaf|vanuit|met|via) mijn .*$|Sent from my .*$"
    r"|Verzonden (?:vanaf|vanuit|met|via) (?:mijn )?(?:iPhone|iPad|Android|Samsung|Galaxy|Outlook|Mail|Windows|Huawei"
    r"|BlackBerry|mobiel|mobile|telefoon|Gmail|Yahoo)\b.*$|Outlook voor (?:iOS|Android).*$|Get Outlook for .*$"
    r"|Download Outlook voor .*$)",
    re.IGNORECASE | re.MULTILINE,
)
DISCLAIMER = re.compile(
    r"^[ \t]*(?:Dit (?:e-?mail)?bericht (?:is|kan) .{0,40}(?:vertrouwelijk|uitsluitend)|Disclaimer:|"
    r"De informatie (?:in|verzonden met) dit (?:e-?mail)?bericht|This (?:e-?mail|message) (?:is|may be) confidential|"
    r"Denk aan het milieu|Please consider the environment).*",
    re.IGNORECASE | re.MULTILINE | re.DOTALL,
)
_GREETING = r"(?:met )?(?:vriendelijke|hartelijke|beste|lieve|warme|zonnige)? ?groet(?:en|jes)?"
SIGN_OFF_LINE = re.compile(
    rf"^[ \t]*{_GREETING}(?:[ \t]*[/,|&-]+[ \t]*(?:kind |best |warm )?regards)?[ ,!.]*$"
    r"|^[ \t]*(?:mvg|m\.v\.g\.?|gr\.?|groetjes|kind regards|best regards|regards|alvast bedankt|bvd|hgr)[ ,!.]*"
    r"(?:\w+[ \t]*)?$",
    re.IGNORECASE | re.MULTILINE,
)
AUTO_SUBJECT = re.compile(
    r"^\s*(?:automatisch antwoord|automatisch bericht|automatic reply|auto(?:matic)?[- ]?reply|out of (?:the )?office"
    r"|afwezig(?:heidsmelding)?|afwezigheidsbericht|onbestelbaar|undeliverable|delivery status notification)\b",
    re.IGNORECASE,
)
AUTO_SENDER = re.compile(r"\b(?:mailer-daemon|postmaster)@", re.IGNORECASE)
AUTO_STRONG = re.compile(
    r"\b(?:automatisch(?:e)? (?:antwoord|bericht|reply)|afwezigheidsmelding|afwezigheidsbericht|out of office|"
    r"autoreply|auto-reply|automatic reply|dit is een automatisch(?: gegenereerd| verzonden)? (?:bericht|antwoord)|"
    r"this is an automated (?:message|reply))\b",
    re.IGNORECASE,
)
AUTO_WEAK = re.compile(
    r"\b(?:ik ben (?:momenteel |tijdelijk |vandaag )?(?:afwezig|met vakantie|op vakantie|met verlof|niet aanwezig|"
    r"niet bereikbaar|niet op kantoor)|(?:weer )?(?:aanwezig|bereikbaar|terug|op kantoor) (?:op|vanaf|per)|"
    r"in dringende gevallen|(?:uw|je) (?:e-?mail|bericht) wordt niet (?:doorgestuurd|gelezen)|"
    r"tot en met (?:maandag|dinsdag|woensdag|donderdag|vrijdag|\d)|neem (?:dan )?contact op met (?:mijn )?collega)",
    re.IGNORECASE,
)


@dataclass
class EmailBody:
    text: str  # the new message, without quoted history, signature and disclaimer
    is_auto_reply: bool
    removed_chars: int
    removed: list[str] = field(default_factory=list)  # which parts were cut: "quoted history", "signature", ...


def is_auto_reply(body: str, subject: str = "", sender: str = "") -> bool:
    """Out-of-office and other machine replies: a marker in the subject or sender, an explicit statement in the
    body, or two weaker signs together ("ik ben met vakantie" alone is also how customers complain)."""
    if AUTO_SUBJECT.search(subject) or AUTO_SENDER.search(sender):
        return True
    head = body[:800]
    return bool(AUTO_STRONG.search(head)) or len(AUTO_WEAK.findall(head)) >= 2


def clean_email(text: str, subject: str = "", sender: str = "") -> EmailBody:
    body = html_to_text(text) if looks_like_html(text) else text
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    removed: list[str] = []
    cut = len(body)
    for name, pattern in (("quoted history", QUOTE_HEADERS), ("disclaimer", DISCLAIMER), ("signature", SIGNATURE)):
        m = pattern.search(body, 0, cut)
        if m and body[: m.start()].strip():
            cut = m.start()
            removed.append(name)
    lines = body[:cut].split("\n")
    kept = "\n".join(line for line in lines if not line.lstrip().startswith(">"))
    if len(kept) < len(body[:cut]) - 1:
        removed.append("quoted lines")
    m = SIGN_OFF_LINE.search(kept)
    if m and m.start() > len(kept) * 0.3:  # the greeting and the name under it are not part of the message
        kept = kept[: m.start()]
        removed.append("sign-off")
    kept = re.sub(r"\n{3,}", "\n\n", kept).strip()
    auto = is_auto_reply(kept, subject, sender)
    return EmailBody(kept, auto, len(text) - len(kept), removed)
