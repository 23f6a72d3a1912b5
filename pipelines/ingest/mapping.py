"""Column mapping: which export column holds the text, the date, the customer ... .

Auto-detection matches normalised header names against Dutch and English synonyms; a mapping file (TOML or
JSON) overrides it: ``[columns]`` maps canonical fields to column names, ``[constants]`` sets fixed values
(e.g. ``channel = "email"``).

    source = "generic"        # optional: the source kind (see sources.SOURCES)
    [columns]
    text = "Klantvraag"
    timestamp = "Aangemaakt op"
    [constants]
    channel = "webform"

Auto-detection first looks for exact names (after lower-casing and dropping spaces and punctuation: "Created at"
is "createdat"), then, for the text, title, subject, stars and date only, for names that end in one ("Review
Content", "Review Created (UTC)"); a column that holds the company's reply is never taken as the customer text.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FIELDS = ("external_id", "text", "subject", "title", "channel", "touchpoint", "timestamp", "customer", "stars",
          "speaker", "conversation_id", "language", "platform", "sender", "tags", "direction")

SYNONYMS: dict[str, tuple[str, ...]] = {
    "external_id": ("id", "ticketid", "ticketnummer", "ticketnr", "ticketno", "casenumber", "caseid", "zaaknummer",
                    "reviewid", "postid", "messageid", "berichtid", "callid", "gespreknummer", "mailid", "emailid",
                    "referentie", "reference", "contactid_", "interactionid", "interactieid", "chatid"),
    "text": ("description", "beschrijving", "omschrijving", "body", "bericht", "message", "tekst", "text",
             "content", "inhoud", "comment", "opmerking", "review", "reviewtext", "reviewtekst", "transcript",
             "transcriptie", "gesprek", "chatlog", "chattranscript", "post", "posttext", "vraag", "klacht",
             "klantvraag", "fulltext", "bodytext", "berichttekst", "toelichting", "feedback", "messagetext",
             "reviewcontent", "reviewbody", "textdisplay", "messages", "berichten", "turns"),
    "subject": ("subject", "onderwerp", "emailsubject"),
    "title": ("title", "titel", "reviewtitle", "reviewtitel", "kop", "headline"),
    "channel": ("channel", "kanaal", "via", "source", "caseorigin", "origin", "medium", "contactkanaal", "bron"),
    "touchpoint": ("touchpoint", "categorie", "category", "casereason", "contactreden", "reden", "topic", "reason",
                   "onderwerpcategorie", "stap", "step", "journeystep", "afdeling", "tickettype", "type"),
    "timestamp": ("createdat", "created", "createdtime", "createddate", "aangemaakt", "aangemaaktop", "datum",
                  "date", "datetimeopened", "datumtijd", "tijdstip", "timestamp", "time", "verzonden", "sent",
                  "senton", "postedat", "geplaatst", "geplaatstop", "reviewdate", "reviewdatum", "datumtijdstip",
                  "starttime", "begintijd", "received", "ontvangen", "datetime", "reviewcreatedutc", "reviewcreated",
                  "createtime", "publishedat", "gepubliceerd", "submittedat", "ingediend", "ingediendop", "start",
                  "begin", "gestart", "startdatum", "startedat"),
    "customer": ("requesteremail", "requester", "email", "emailadres", "emailaddress", "contactemail",
                 "customeremail", "klantemail", "klantnummer", "customerid", "customernumber", "klantid", "contactid",
                 "suppliedemail", "from", "van", "afzender", "author", "auteur", "handle", "username", "gebruiker",
                 "reviewer", "klant", "customer", "caller", "beller", "telefoonnummer", "phonenumber",
                 "reviewconsumeruserid", "consumeruserid", "reviewerdisplayname", "authorname", "visitoremail",
                 "bezoekeremail", "visitorid", "bezoekerid", "visitor", "bezoeker"),
    "stars": ("rating", "stars", "sterren", "score", "beoordeling", "waardering", "cijfer", "starrating",
              "reviewstars", "reviewrating", "totaalscore", "aantalsterren"),
    "speaker": ("speaker", "spreker", "role", "rol", "sendertype", "authortype", "afzendertype", "from_type"),
    "conversation_id": ("conversationid", "gesprekid", "sessionid", "chatsessionid", "threadid", "sessie"),
    "language": ("language", "taal", "lang", "locale"),
    "platform": ("platform", "network", "netwerk", "socialnetwork"),
    "sender": ("sender", "fromaddress", "afzenderadres"),
    "tags": ("tags", "labels", "label", "trefwoorden"),
    "direction": ("direction", "richting", "inoutbound", "inkomenduitgaand"),
}
FUZZY = ("text", "title", "subject", "stars", "timestamp")  # fields also matched by the end of a column name
_FUZZY_SUFFIX = re.compile(r"(?:utc|gmt|cet|cest|local|lokaal|nl)$")
_NOT_CUSTOMER_TEXT = re.compile(r"reply|antwoord|response|reactie|agent|medewerker|company|bedrijf|internal|intern")
# touchpoint columns whose values are the company's own names for the journey step: kept even when unknown words
FREE_TOUCHPOINT = {"touchpoint", "categorie", "category", "casereason", "contactreden", "reden", "topic", "reason",
                   "onderwerpcategorie", "stap", "step", "journeystep", "afdeling"}


def norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower().replace("é", "e"))


def _fuzzy(field: str, header: str) -> bool:
    n = _FUZZY_SUFFIX.sub("", norm(header))
    if field in ("text", "title") and _NOT_CUSTOMER_TEXT.search(norm(header)):
        return False
    return any(len(syn) >= 4 and n.endswith(syn) for syn in SYNONYMS[field])


class MappingError(ValueError):
    pass


def _str_table(path: Path, raw: dict[str, Any], key: str) -> dict[str, str]:
    table = raw.get(key, {})
    if not isinstance(table, dict) or not all(isinstance(v, str) and v.strip() for v in table.values()):
        raise MappingError(f"{path}: [{key}] must map field names to non-empty strings, got {table!r}")
    return {str(k): str(v) for k, v in table.items()}


@dataclass
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)  # canonical field -> column name
    constants: dict[str, str] = field(default_factory=dict)
    source: str | None = None  # the source kind, when the mapping file names one

    @classmethod
    def load(cls, path: Path) -> Mapping:
        try:
            text = path.read_text("utf-8-sig")
            raw = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
        except (OSError, ValueError) as exc:  # TOMLDecodeError and JSONDecodeError are ValueErrors
            raise MappingError(f"{path}: cannot read mapping file: {exc}") from exc
        if not isinstance(raw, dict):
            raise MappingError(f"{path}: a mapping file holds [columns] and [constants] tables")
        extra = set(raw) - {"columns", "constants", "source"}
        if extra:
            raise MappingError(f"{path}: unknown keys {sorted(extra)}; use source, [columns] and [constants]")
        columns, constants = _str_table(path, raw, "columns"), _str_table(path, raw, "constants")
        unknown = (set(columns) | set(constants)) - set(FIELDS)
        if unknown:
            raise MappingError(f"{path}: unknown fields {sorted(unknown)}; known: {', '.join(FIELDS)}")
        source = raw.get("source")
        if source is not None and not isinstance(source, str):
            raise MappingError(f"{path}: source must be a string")
        return cls(columns, constants, source)

    def resolve(self, headers: list[str], preset: dict[str, tuple[str, ...]] | None = None) -> Mapping:
        """This mapping completed by auto-detection on ``headers`` (explicit entries win; a preset's names for a
        source kind are tried before the generic synonyms). Raises when a mapped column is missing."""
        by_norm = {norm(h): h for h in headers}
        missing = [c for c in self.columns.values() if c not in headers and norm(c) not in by_norm]
        if missing:
            raise MappingError(f"mapped column(s) {missing} not in the file's header {headers}")
        cols = {f: (c if c in headers else by_norm[norm(c)]) for f, c in self.columns.items()}
        taken = set(cols.values())
        for f in FIELDS:
            if f in cols or f in self.constants:
                continue
            for candidate in (*(preset or {}).get(f, ()), *SYNONYMS.get(f, ())):
                h = by_norm.get(norm(candidate))
                if h is not None and h not in taken:
                    cols[f] = h
                    taken.add(h)
                    break
        for f in FUZZY:
            if f not in cols and f not in self.constants:
                h = next((h for h in headers if h not in taken and _fuzzy(f, h)), None)
                if h is not None:
                    cols[f] = h
                    taken.add(h)
        return Mapping(cols, dict(self.constants), self.source)
