"""Segmentation: speaker turns in chat logs and call transcripts; the new message in an e-mail thread.

Turn markers understood: "Klant:", "Medewerker:", "Agent:", "Klantenservice:", "Klant (Jan):", named speakers
("Sanne:", "Jan de Vries:", "Toon Van den Broeck:", "Lisa (Bol.com):"), time stamps before the label ("[14:02]
Agent:", "14:02 - Klant:", "(14:02:33) Sanne:", "[12-03-2026 14:02] Klant:"), diarised "SPEAKER_1:" / "Spreker
2:". A line "Datum: ..." or "Ordernummer: ..." is text, not a speaker.

Roles: a role word ("Klant", "Medewerker") or a company in parentheses ("Daan (KookKompas)") fixes a speaker's
role, and so does the customer's name where the export gives it (a ticket's requester, "Conversation with ...");
with the agent fixed, another named speaker is the customer. Otherwise (diarised or named only) the agent is the
one who talks like a service desk (introductions, "waarmee kan ik u helpen", asking for the order number), not
the one who speaks first: a callback is answered by the customer ("Met Bram Jansen."), a chat is often opened by
the visitor. Text before the first marker is kept as a system turn, so no text is lost.
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
_PARTICLE = r"(?i:van|de|der|den|ter|ten|het|'t|in|op|la|le|du|des|del|von|da|di|el|al|a|v\.d\.|vd)"
_CAPWORD = r"[A-ZÀ-Ý][a-zà-ÿ'’-]+"
# a personal name as a speaker label: "Sanne", "Jan de Vries", "Toon Van den Broeck", "Wendy Tjon A Fong", "J. Smit"
NAME = re.compile(rf"(?:[A-Z]\.\s?)*{_CAPWORD}(?:(?:\s{_PARTICLE}){{0,3}}\s{_CAPWORD}){{0,3}}")
# service-desk phrasing: introductions, offers of help, asking the customer for an order number or address
AGENT_CUES = re.compile(
    r"\b(?:welkom bij|(?:u|je|jij) (?:spreekt|chat|praat) (?:nu )?met|\w+ hier van|u spreekt met|"
    r"(?:klantenservice|klantendienst) van|waarmee kan ik|waar kan ik (?:je|u) mee|wat kan ik voor|"
    r"hoe kan ik (?:u|je) helpen|(?:kan|mag) ik (?:je|u) (?:nog )?(?:ergens|verder)|is er (?:verder )?nog iets|"
    r"nog iets anders|heb je verder nog vragen|excuses voor het ongemak|ik ga het voor (?:u|je)|"
    r"ik zoek (?:het|dat) (?:even |direct )?(?:voor|na)|"
    r"(?:mag ik|wat is|heb je|hebt u|heeft u) (?:je|jouw|uw|het|de) (?:bestel|order|klant)nummer|"
    r"mag ik (?:je|jouw|uw) (?:naam|postcode|e-?mailadres|adres|huisnummer|geboortedatum|telefoonnummer|gegevens)|"
    r"op welk (?:e-?mailadres|adres|nummer)|uw (?:klantnummer|postcode|ordernummer|bestelnummer)|"
    r"fijne dag verder|bedankt voor (?:uw|je) geduld|ik kijk (?:het |dat )?(?:even )?(?:met u |met je )?(?:mee|na)|"
    r"ik help (?:je|u)|ik neem (?:je|uw) (?:vraag|chat|gesprek) over|je had ons gebeld|ik bel (?:je|u) (?:even )?terug|"
    r"bedankt voor het bellen|dank (?:je|u) (?:wel )?voor het bellen|graag gedaan|"
    r"how (?:can|may) i help|let me check|you(?:'re| are) chatting with|(?:give|send) me your order number|"
    r"anything else i can)\b",
    re.IGNORECASE,
)
GREETING_CUES = re.compile(r"\b(?:goe(?:de|i)morgen|goe(?:de|i)middag|goedenavond|klantenservice)\b", re.IGNORECASE)
CUSTOMER_CUES = re.compile(
    r"\b(?:ik bel (?:over|omdat|want|voor)|mijn (?:bestelling|pakket|pakje|factuur|order|rekening|abonnement|"
    r"account|retour|geld|bestelnummer|ordernummer|klantnummer|postcode)|ik heb (?:een vraag|besteld|betaald)|"
    r"ik wil (?:graag )?(?:retour|opzeggen|annuleren)|ik wacht al|fijn dat (?:je|u) terugbelt)\b",
    re.IGNORECASE,
)
# how someone answers the phone or introduces themself: "Met Bram Jansen.", "Ja hallo, met Mirjam." (an agent's
# "met Sanne van de klantenservice, waarmee kan ik helpen" is not one)
SELF_INTRO = re.compile(
    r"(?:^|[.!?,]\s*)[Mm]et\s[A-ZÀ-Ý](?![^.!?\n]*(?:klantenservice|klantendienst|welkom|helpen))", re.MULTILINE
)
# the customer named at the top of a chat export: "Conversation with Kim Hofman", "Chat met Jan"
CONVERSATION_WITH = re.compile(r"^\s*(?:conversation|chat|gesprek)\s+(?:with|met)\s+(.{2,60}?)\s*$",
                               re.IGNORECASE | re.MULTILINE)


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


def split_turns(text: str, start: datetime | None = None, customer: str | None = None) -> list[TurnDraft] | None:
    """Speaker turns, or None when the text has no turn structure (then it is one message). ``customer`` is the
    customer's name where the export names it (a ticket's requester): a speaker label with that name is the
    customer whatever the cues say."""
    if not may_have_turns(text):
        return None
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
    named = [customer] if customer else []
    named += CONVERSATION_WITH.findall("\n".join(preamble))  # "Conversation with Kim Hofman" above the log
    roles = _assign_roles(segs, named)
    turns = [TurnDraft("system", "\n".join(preamble).strip(), start)] if "".join(preamble).strip() else []
    for s in segs:
        if s.text.strip():
            turns.append(TurnDraft(roles[s.label], s.text.strip(), _at(start, s.time, s.date)))
    return turns if any(t.speaker != "system" for t in turns) else None


def may_have_turns(text: str) -> bool:
    """Quick test before split_turns: a transcript has two marker lines, and TURN wants a colon on each."""
    return text.count(":") >= 2


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
    """How much one speaker sounds like the service desk: service phrases (introductions, offers of help, asking
    for an order number) minus customer phrases ("mijn pakket", answering the phone with "Met Bram Jansen."),
    summed over the speaker's turns. A plain greeting counts little: customers greet too."""
    score = 0.0
    for s in segs:
        if s.label == label:
            score += len(AGENT_CUES.findall(s.text)) + 0.25 * len(GREETING_CUES.findall(s.text))
            score -= len(CUSTOMER_CUES.findall(s.text)) + len(SELF_INTRO.findall(s.text))
    return score


def _norm_name(name: str) -> str:
    return " ".join(re.findall(r"[\wÀ-ÿ'’-]+", name.casefold()))


def _is_customer_name(label: str, names: list[str]) -> bool:
    """The label is the customer's name as the export gives it: in full, or its first words ("Jan de Vries" for
    "Jan de Vries-Smit"); a first name alone is not enough (agents share first names with customers)."""
    low = _norm_name(label)
    return any(low == name or (" " in low and name.startswith(low + " ")) for name in map(_norm_name, names))


def _assign_roles(segs: list[_Seg], customer_names: list[str] | None = None) -> dict[str, str]:
    labels = list(dict.fromkeys(s.label for s in segs))
    out: dict[str, str] = {}
    for label in labels:
        role = role_of(label)
        if role is None and customer_names and _is_customer_name(label, customer_names):
            role = "customer"
        if role:
            out[label] = role
    unknown = [label for label in labels if label not in out]
    if not unknown:
        return out
    cues = {label: _cues(segs, label) for label in unknown}
    if "customer" in out.values():  # the customer is known: the others are staff unless they sound otherwise
        return out | {label: "customer" if cues[label] < 0 else "agent" for label in unknown}
    if "agent" in out.values():
        # a role word or "Daan (KookKompas)" fixes the agent: another named speaker is the customer, however
        # polite ("Goedemiddag"); of several, only those who sound clearly like staff are agents too
        least = min(unknown, key=lambda label: cues[label])
        return out | {label: "agent" if label != least and cues[label] >= 1 else "customer" for label in unknown}
    # diarised or named only: the one who sounds most like a service desk is the agent, whoever speaks first (a
    # callback is answered by the customer, a chat is often opened by the visitor); speaking first only breaks a
    # tie. Further speakers are agents only when they sound like one (a transfer), else customers.
    first = segs[0].label
    agent = max(unknown, key=lambda label: cues[label] + (0.01 if label == first else 0.0))
    return out | {label: "agent" if label == agent or (cues[label] >= 1 and cues[label] > min(cues.values()))
                  else "customer" for label in unknown}


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
    return _squeeze_blank_lines(out).strip()


_BLANK_LINES = re.compile(r"\n{3,}")


def _squeeze_blank_lines(text: str) -> str:
    """At most one empty line in a row (the pattern has no literal prefix to skip ahead with: look first)."""
    return _BLANK_LINES.sub("\n\n", text) if "\n\n\n" in text else text


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
# The IGNORECASE searches of an e-mail try every position of the text, also where it holds none of their words
# (most texts). Each *_WORDS lists, lower-cased, a word that every match of one alternative of its pattern holds:
# looked up first in _fold(text), they spare the search where it cannot match.
QUOTE_WORDS = ("schr", "wrote:", "crit", "--", "verzonden", "sent", "datum", "date", "________")
SIGNATURE = re.compile(
    r"^[ \t]*(?:--[ \t]*$|Verstuurd (?:vanaf|vanuit|met|via) mijn .*$|Sent from my .*$"
    r"|Verzonden (?:vanaf|vanuit|met|via) (?:mijn )?(?:iPhone|iPad|Android|Samsung|Galaxy|Outlook|Mail|Windows|Huawei"
    r"|BlackBerry|mobiel|mobile|telefoon|Gmail|Yahoo)\b.*$|Outlook voor (?:iOS|Android).*$|Get Outlook for .*$"
    r"|Download Outlook voor .*$"
    r"|(?:Verstuurd|Verzonden) (?:vanaf|vanuit|met|via) (?:mijn |de )?[\w.-]+?[- ]?app[ \t.!]*$)",  # Telenet-app
    re.IGNORECASE | re.MULTILINE,
)
SIGNATURE_WORDS = ("--", "verstuurd ", "verzonden ", "sent from my ", "outlook ")
DISCLAIMER = re.compile(
    r"^[ \t]*(?:Dit (?:e-?mail)?bericht (?:is|kan) .{0,40}(?:vertrouwelijk|uitsluitend)|Disclaimer:|"
    r"De informatie (?:in|verzonden met) dit (?:e-?mail)?bericht|This (?:e-?mail|message) (?:is|may be) confidential|"
    r"Denk aan het milieu|Please consider the environment).*",
    re.IGNORECASE | re.MULTILINE | re.DOTALL,
)
DISCLAIMER_WORDS = ("vertrouwelijk", "uitsluitend", "disclaimer:", "de informatie ", "confidential",
                    "denk aan het milieu", "please consider the environment")
_GREETING = r"(?:met )?(?:vriendelijke|hartelijke|beste|lieve|warme|zonnige)? ?groet(?:en|jes)?"
SIGN_OFF_LINE = re.compile(
    rf"^[ \t]*{_GREETING}(?:[ \t]*[/,|&-]+[ \t]*(?:kind |best |warm )?regards)?[ ,!.]*$"
    r"|^[ \t]*(?:mvg|m\.v\.g\.?|gr\.?|groetjes|kind regards|best regards|regards|alvast bedankt|bvd|hgr)[ ,!.]*"
    r"(?:\w+[ \t]*)?$"
    r"|^[ \t]*(?:groetjes|groeten|groet|zonnige groeten) (?:uit|vanuit|van) [A-ZÀ-Ý][\w'’. -]{1,40}[ ,!.]*$"  # Flemish
    r"|^[ \t]*(?:dank bij voorbaat|bij voorbaat dank|met dank bij voorbaat)[ ,!.]*$"
    r"|^[ \t]*(?:best|cheers|all the best|cordialement|bien (?:à|a) vous|bien cordialement|viele grüße|liebe grüße"
    r"|beste grüße|mit freundlichen grüßen)[ ,!.]*$",
    re.IGNORECASE | re.MULTILINE,
)
# what may stand under a name in a signature: phone, e-mail, street and number, postcode and town
CONTACT_LINE = re.compile(
    r"^[ \t]*(?:(?i:tel|telefoon|gsm|mobiel|mob|m|t|e|e-?mail|mail)\.?[ \t]*:?[ \t]*)?"
    r"(?:\+?[\d(][\d ()./-]{7,}|[\w.+-]+@[\w-]+\.[\w.]+)[ \t]*$"
    r"|^[ \t]*[A-ZÀ-Ý][\w'’. -]{2,40} \d{1,5}(?:[ -]?[a-zA-Z]|[-/ ]\d{1,4})?(?:[ \t]*(?:bus|bis) \w{1,4})?[ \t]*$"
    r"|^[ \t]*\d{4}[ \t]?(?:[A-Z]{2}[ \t]+)?[A-ZÀ-Ý][\w'’ -]{1,40}[ \t]*$",
    re.MULTILINE,
)
AUTO_SUBJECT = re.compile(
    r"^\s*(?:automatisch antwoord|automatisch bericht|automatic reply|auto(?:matic)?[- ]?reply|out of (?:the )?office"
    r"|afwezig(?:heidsmelding)?|afwezigheidsbericht|onbestelbaar|undeliverable|delivery status notification)\b",
    re.IGNORECASE,
)
AUTO_SENDER = re.compile(r"\b(?:mailer-daemon|postmaster)@", re.IGNORECASE)
# how an auto-reply says what it is, as a sentence of its own near the top ("Dit is een automatisch gegenereerd
# bericht.", "Ik ben afwezig tot en met 20 maart"); a customer who writes "ik krijg alleen een automatisch
# antwoord terug" only mentions one
AUTO_STRONG = re.compile(
    r"(?:^|[.!?:]\s+)(?:dit is een automatisch(?:e)?(?: gegenereerd| verzonden| aangemaakt)? "
    r"(?:bericht|antwoord|e-?mail)"
    r"|(?:automatisch antwoord|automatisch bericht|afwezigheidsmelding|afwezigheidsbericht|automatic reply"
    r"|auto-?reply|out of (?:the )?office)\s*[:.!-]"
    r"|this is an automat(?:ed|ic) (?:message|reply|response)|i am (?:currently )?out of (?:the )?office"
    r"|ik ben (?:momenteel |tijdelijk |vandaag )?(?:afwezig|niet aanwezig|niet op kantoor) (?:tot|t/m|van|vanaf)\b)",
    re.IGNORECASE | re.MULTILINE,
)
AUTO_STRONG_WORDS = ("auto", "afwezigheids", "office", "ik ben ")
AUTO_WEAK = re.compile(
    r"\b(?:ik ben (?:momenteel |tijdelijk |vandaag )?(?:afwezig|met vakantie|op vakantie|met verlof|niet aanwezig|"
    r"niet bereikbaar|niet op kantoor)|(?:weer )?(?:aanwezig|bereikbaar|terug|op kantoor) (?:op|vanaf|per)|"
    r"in dringende gevallen|voor dringende zaken|(?:uw|je) (?:e-?mail|bericht) wordt niet (?:doorgestuurd|gelezen)|"
    r"lees ik mijn (?:e-?)?mail (?:weer|pas)|(?:heb|ik heb) geen toegang tot (?:mijn )?(?:e-?)?mail|"
    r"tot en met (?:maandag|dinsdag|woensdag|donderdag|vrijdag|\d)|neem (?:dan )?contact op met (?:mijn )?collega)",
    re.IGNORECASE,
)
AUTO_WEAK_WORDS = ("ik ben ", "aanwezig ", "bereikbaar ", "terug ", "kantoor ", "dringende ", "wordt niet ",
                   "lees ik mijn ", "geen toegang tot ", "tot en met ", "contact op met ")
AUTO_HEAD_LINES = 4  # an auto-reply says so in its first lines (after a greeting)
AUTO_HEAD_CHARS = 500

# characters IGNORECASE matches to i or s that lower() does not make i or s (dotted capital I becomes "i" and a
# combining dot; dotless i and long s stay); the Kelvin sign lower()s to k
_FOLD = {"\u0130": "i", "\u0131": "i", "\u017f": "s"}


def _fold(text: str) -> str:
    """Lower-cased so that every character an IGNORECASE pattern matches to an ASCII letter becomes that letter:
    a word search in it finds at least what the pattern finds."""
    if not text.isascii():
        for char, letter in _FOLD.items():
            text = text.replace(char, letter)
    return text.lower()


@dataclass
class EmailBody:
    text: str  # the new message, without quoted history, signature and disclaimer
    is_auto_reply: bool
    removed_chars: int
    removed: list[str] = field(default_factory=list)  # which parts were cut: "quoted history", "signature", ...


def is_auto_reply(body: str, subject: str = "", sender: str = "") -> bool:
    """Out-of-office and other machine replies: a marker at the start of the subject or a daemon sender, or the
    reply's own statement in the first lines ("Dit is een automatisch gegenereerd bericht", "Ik ben afwezig tot
    ..."), or two weaker signs there together ("ik ben met vakantie" alone is also how customers complain).
    A mention further down, or in a customer's sentence ("ik krijg alleen een automatisch antwoord"), is none."""
    if AUTO_SUBJECT.search(subject) or AUTO_SENDER.search(sender):
        return True
    head = "\n".join([line.strip() for line in body.splitlines() if line.strip()][:AUTO_HEAD_LINES])
    head = head[:AUTO_HEAD_CHARS]
    low = _fold(head)
    if any(map(low.__contains__, AUTO_STRONG_WORDS)) and AUTO_STRONG.search(head):
        return True
    # findall's matches do not overlap, and each holds a word of its own: two matches need two occurrences
    return sum(map(low.count, AUTO_WEAK_WORDS)) >= 2 and len(AUTO_WEAK.findall(head)) >= 2


def _sign_off_start(kept: str) -> int | None:
    """Where the closing greeting starts ("Met vriendelijke groet,", "Groetjes uit Roeselare!", "Dank bij
    voorbaat,"): the first one past the opening part of the message, so a greeting-like first line stays. The
    pattern matches whole lines only: it is tried at the starts of those lines, not at every character."""
    least = len(kept) * 0.3
    at = 0
    while True:
        if at > least and SIGN_OFF_LINE.match(kept, at):
            return at
        at = kept.find("\n", at) + 1
        if not at:
            return None


def _signature_block_start(kept: str, sender: str) -> int | None:
    """A closing without a greeting: a last paragraph that is the sender's name, or a name with phone, e-mail or
    address lines under it ("Erik\n06-58 62 61 20")."""
    head, sep, last = kept.rstrip().rpartition("\n\n")
    if not sep or not head.strip():
        return None
    lines = [line.strip() for line in last.split("\n") if line.strip()]
    if not lines or not _is_name(lines[0]) or len(lines[0].split()) > 4:
        return None
    contact = all(CONTACT_LINE.fullmatch(line) for line in lines[1:])
    first = lines[0].split()[0].casefold()
    known = len(first) >= 3 and first in _sender_words(sender)
    return len(head) if contact and (len(lines) > 1 or known) else None


def _sender_words(sender: str) -> set[str]:
    """Name parts of a sender ("Jan de Vries <jan.devries@x.nl>"): the display name's words, the address's local
    part split on dots, dashes and digits, and the local part's prefixes ("kimhofman" names "kim")."""
    name, _, addr = sender.rpartition("<") if "<" in sender else ("", "", sender)
    local = addr.split("@")[0].casefold()
    words = set(re.findall(r"[^\W\d_]+", (name + " " + local).casefold()))
    return words | {local[:n] for n in range(3, len(local) + 1) if local[:n].isalpha()}


def clean_email(text: str, subject: str = "", sender: str = "") -> EmailBody:
    body = html_to_text(text) if looks_like_html(text) else text
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    removed: list[str] = []
    cut = len(body)
    low = _fold(body)
    for name, pattern, words in (("quoted history", QUOTE_HEADERS, QUOTE_WORDS), ("disclaimer", DISCLAIMER,
                                 DISCLAIMER_WORDS), ("signature", SIGNATURE, SIGNATURE_WORDS)):
        if not any(map(low.__contains__, words)):  # no match possible: spare the IGNORECASE search
            continue
        m = pattern.search(body, 0, cut)
        if m and body[: m.start()].strip():
            cut = m.start()
            removed.append(name)
    kept = body[:cut]
    if ">" in kept:  # (no line is quoted in most messages: then nothing to split and join)
        unquoted = "\n".join(line for line in kept.split("\n") if not line.lstrip().startswith(">"))
        if len(unquoted) < len(kept) - 1:
            removed.append("quoted lines")
        kept = unquoted
    at = _sign_off_start(kept)
    if at is not None:  # the greeting and the name, address and phone under it are not part of the message
        kept = kept[:at]
        removed.append("sign-off")
    elif (at := _signature_block_start(kept, sender)) is not None:
        kept = kept[:at]
        removed += [] if "signature" in removed else ["signature"]
    kept = _squeeze_blank_lines(kept).strip()
    auto = is_auto_reply(kept, subject, sender)
    return EmailBody(kept, auto, len(text) - len(kept), removed)
