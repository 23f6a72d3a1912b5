"""Segmentation: speaker turns in chat logs and call transcripts; the new message in an e-mail thread.

Turn markers understood: "Klant:", "Medewerker:", "Agent:", "Klantenservice:", named speakers ("Lisa
(Bol.com):"), "[14:02] Agent:", "14:02 - Klant:", diarised "SPEAKER_1:" / "Spreker 2:". For diarised
transcripts the agent is the speaker who opens with a service greeting or uses service phrases most; the
other speaker is the customer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from pipelines.ingest.dates import LOCAL
from pipelines.ingest.records import TurnDraft

CUSTOMER_LABELS = {"klant", "customer", "client", "cliënt", "beller", "caller", "bezoeker", "visitor", "consument",
                   "user", "gebruiker", "ik", "reiziger", "patiënt", "huurder", "aanvrager"}
AGENT_LABELS = {"medewerker", "agent", "klantenservice", "klantendienst", "support", "servicedesk", "helpdesk",
                "operator", "adviseur", "medewerkster", "bot", "chatbot", "assistent", "team", "service", "mdw"}
SYSTEM_LABELS = {"system", "systeem", "info", "melding"}

TURN = re.compile(
    r"^[ \t]*(?:\[?(?P<time>\d{1,2}:\d{2}(?::\d{2})?)\]?[ \t]*[-–]?[ \t]*)?"
    r"(?P<label>(?:SPEAKER|Speaker|speaker|Spreker|spreker|SPREKER)[ _]?\d{1,2}"
    r"|[A-Za-zÀ-ÿ][\wÀ-ÿ.'’ -]{0,40}?(?:\s\([^)\n]{1,40}\))?)"
    r"[ \t]*:[ \t]*(?P<text>.*)$",
    re.MULTILINE,
)
DIARISED = re.compile(r"^(?:speaker|spreker)[ _]?(\d{1,2})$", re.IGNORECASE)
AGENT_CUES = re.compile(
    r"\b(?:goedemorgen|goedemiddag|goedenavond|welkom|u spreekt met|je spreekt met|waarmee kan ik|wat kan ik voor|"
    r"hoe kan ik (?:u|je) helpen|klantenservice|excuses voor het ongemak|ik ga het voor u|ik zoek het (?:even )?voor|"
    r"mag ik uw|mag ik je|uw (?:klantnummer|postcode|ordernummer)|nog iets anders|fijne dag verder)\b",
    re.IGNORECASE,
)


def _role(label: str) -> str | None:
    low = label.lower().strip()
    base = low.split("(")[0].strip()
    words = set(re.findall(r"[\wÀ-ÿ]+", base))
    if words & SYSTEM_LABELS:
        return "system"
    if words & AGENT_LABELS or "(" in low:  # "Lisa (Bol.com)": a named agent of the company
        return "agent"
    if words & CUSTOMER_LABELS:
        return "customer"
    return None


@dataclass
class _Seg:
    label: str
    text: str
    time: str | None
    lines: list[str] = field(default_factory=list)


def split_turns(text: str, start: datetime | None = None) -> list[TurnDraft] | None:
    """Speaker turns, or None when the text has no turn structure (then it is one message)."""
    segs: list[_Seg] = []
    preamble: list[str] = []
    for line in text.splitlines():
        m = TURN.match(line)
        label = m["label"].strip() if m else ""
        if m and (DIARISED.match(label) or _role(label) or _looks_named(label)):
            segs.append(_Seg(label, m["text"].strip(), m["time"]))
        elif segs:
            segs[-1].text += ("\n" if segs[-1].text else "") + line.strip()
        else:
            preamble.append(line)
    labels = {s.label for s in segs}
    if len(segs) < 2 or len(labels) < 2:
        return None
    roles = _assign_roles(segs)
    turns = []
    for s in segs:
        if not s.text.strip():
            continue
        turns.append(TurnDraft(roles[s.label], s.text.strip(), _at(start, s.time)))
    return turns or None


def _looks_named(label: str) -> bool:
    # a first name as speaker label ("Sanne: ..."), not a sentence that happens to contain a colon
    return bool(re.fullmatch(r"[A-Z][a-zà-ÿ]+(?: [A-Z][a-zà-ÿ]+)?", label))


def _assign_roles(segs: list[_Seg]) -> dict[str, str]:
    roles: dict[str, str] = {}
    unknown = []
    for label in dict.fromkeys(s.label for s in segs):
        role = _role(label)
        if role:
            roles[label] = role
        else:
            unknown.append(label)
    if unknown:
        # diarised or first-name labels: the speaker with most service phrases (first turn weighs double) is agent
        def score(label: str) -> float:
            own = [s for s in segs if s.label == label]
            first_bonus = 1.0 if segs[0].label == label and AGENT_CUES.search(segs[0].text) else 0.0
            return sum(len(AGENT_CUES.findall(s.text)) for s in own) / max(1, len(own)) + first_bonus

        if "agent" not in roles.values():
            agent = max(unknown, key=score)
            roles[agent] = "agent"
            unknown.remove(agent)
        for label in unknown:
            roles[label] = "customer"
    return roles


def _at(start: datetime | None, hhmm: str | None) -> datetime | None:
    if start is None or hhmm is None:
        return None
    parts = [int(x) for x in hhmm.split(":")]
    t = time(parts[0] % 24, parts[1], parts[2] if len(parts) > 2 else 0)
    local_start = start.astimezone(LOCAL) if start.tzinfo else start.replace(tzinfo=LOCAL)
    at = datetime.combine(local_start.date(), t, tzinfo=LOCAL)  # clock times in a log are local times
    if at < local_start - timedelta(hours=1):  # a chat past midnight
        at += timedelta(days=1)
    return at.astimezone(UTC)


# ---- e-mail -------------------------------------------------------------------------------------------------

QUOTE_HEADERS = re.compile(
    r"^(?:[ \t>]*)(?:Op .{4,120}(?:schreef|heeft .{0,40} geschreven)[^\n]*:?[ \t]*$"
    r"|On .{4,120}wrote:[ \t]*$"
    r"|Le .{4,120}a écrit ?:[ \t]*$"
    r"|-{2,}\s*(?:Oorspronkelijk bericht|Original Message|Origineel bericht|Doorgestuurd bericht|Forwarded message)"
    r"\s*-{2,}.*$"
    r"|(?:Van|From)\s*:.+\n(?:.*\n){0,3}?(?:Verzonden|Sent|Datum|Date)\s*:.*$"
    r"|_{8,}[ \t]*$)",
    re.IGNORECASE | re.MULTILINE,
)
SIGNATURE = re.compile(
    r"^[ \t]*(?:--[ \t]*$|Verstuurd (?:vanaf|vanuit|met) mijn .*$|Sent from my .*$|Verzonden (?:vanaf|vanuit|met) .*$"
    r"|Outlook voor (?:iOS|Android).*$|Get Outlook for .*$)",
    re.IGNORECASE | re.MULTILINE,
)
DISCLAIMER = re.compile(
    r"^[ \t]*(?:Dit (?:e-?mail)?bericht (?:is|kan) .{0,40}(?:vertrouwelijk|uitsluitend)|Disclaimer:|"
    r"De informatie (?:in|verzonden met) dit (?:e-?mail)?bericht|This (?:e-?mail|message) (?:is|may be) confidential|"
    r"Denk aan het milieu|Please consider the environment).*",
    re.IGNORECASE | re.MULTILINE | re.DOTALL,
)
SIGN_OFF_LINE = re.compile(
    r"^[ \t]*(?:met )?(?:vriendelijke|hartelijke|beste|lieve|warme)? ?groet(?:en|jes)?[ ,!.]*$"
    r"|^[ \t]*(?:mvg|m\.v\.g\.?|gr\.?|groetjes|kind regards|regards|alvast bedankt|bvd|hgr)[ ,!.]*(?:\w+[ \t]*)?$",
    re.IGNORECASE | re.MULTILINE,
)
AUTO_REPLY = re.compile(
    r"\b(?:automatisch(?:e)? (?:antwoord|bericht|reply)|afwezigheidsmelding|afwezigheidsbericht|out of office|"
    r"autoreply|auto-reply|automatic reply|ik ben (?:momenteel |tot en met .{0,30})?afwezig|"
    r"ik ben (?:met )?(?:vakantie|verlof)|ben (?:weer )?aanwezig (?:op|vanaf)|dit is een automatisch|"
    r"niet (?:op )?(?:dit bericht|deze e-?mail) (?:te )?(?:beantwoorden|reageren)|noreply|no-reply)\b",
    re.IGNORECASE,
)


@dataclass
class EmailBody:
    text: str  # the new message, without quoted history, signature and disclaimer
    is_auto_reply: bool
    removed_chars: int


def clean_email(text: str, subject: str = "", sender: str = "") -> EmailBody:
    body = text.replace("\r\n", "\n")
    cut = len(body)
    for pattern in (QUOTE_HEADERS, DISCLAIMER, SIGNATURE):
        m = pattern.search(body, 0, cut)
        if m and m.start() > 0 and body[: m.start()].strip():
            cut = m.start()
    kept = "\n".join(line for line in body[:cut].split("\n") if not line.lstrip().startswith(">"))
    m = SIGN_OFF_LINE.search(kept)
    if m and m.start() > len(kept) * 0.3:  # the greeting and the name under it are not part of the message
        kept = kept[: m.start()]
    kept = re.sub(r"\n{3,}", "\n\n", kept).strip()
    auto = bool(AUTO_REPLY.search(subject) or AUTO_REPLY.search(sender) or AUTO_REPLY.search(kept[:600]))
    return EmailBody(kept, auto, len(text) - len(kept))
