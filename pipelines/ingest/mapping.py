"""Column mapping: which export column holds the text, the date, the customer ... .

Auto-detection matches normalised header names against Dutch and English synonyms; a mapping file (TOML or
JSON) overrides it: ``[columns]`` maps canonical fields to column names, ``[constants]`` sets fixed values
(e.g. ``channel = "email"``).

    [columns]
    text = "Klantvraag"
    timestamp = "Aangemaakt op"
    [constants]
    channel = "webform"
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

FIELDS = ("external_id", "text", "subject", "title", "channel", "touchpoint", "timestamp", "customer", "stars",
          "speaker", "conversation_id", "language", "platform", "sender")

SYNONYMS: dict[str, tuple[str, ...]] = {
    "external_id": ("id", "ticketid", "ticketnummer", "ticketnr", "ticketno", "casenumber", "caseid", "zaaknummer",
                    "reviewid", "postid", "messageid", "berichtid", "callid", "gespreknummer", "mailid", "emailid",
                    "referentie", "reference", "contactid_", "interactionid", "interactieid", "chatid"),
    "text": ("description", "beschrijving", "omschrijving", "body", "bericht", "message", "tekst", "text",
             "content", "inhoud", "comment", "opmerking", "review", "reviewtext", "reviewtekst", "transcript",
             "transcriptie", "gesprek", "chatlog", "chattranscript", "post", "posttext", "vraag", "klacht",
             "klantvraag", "fulltext", "bodytext", "berichttekst", "toelichting", "feedback", "messagetext"),
    "subject": ("subject", "onderwerp", "emailsubject"),
    "title": ("title", "titel", "reviewtitle", "reviewtitel", "kop", "headline"),
    "channel": ("channel", "kanaal", "via", "source", "caseorigin", "origin", "medium", "contactkanaal", "bron"),
    "touchpoint": ("touchpoint", "categorie", "category", "tickettype", "type", "topic", "reason", "casereason",
                   "contactreden", "reden", "onderwerpcategorie", "stap", "step", "journeystep", "afdeling"),
    "timestamp": ("createdat", "created", "createdtime", "createddate", "aangemaakt", "aangemaaktop", "datum",
                  "date", "datetimeopened", "datumtijd", "tijdstip", "timestamp", "time", "verzonden", "sent",
                  "senton", "postedat", "geplaatst", "geplaatstop", "reviewdate", "reviewdatum", "datumtijdstip",
                  "starttime", "begintijd", "received", "ontvangen", "datetime"),
    "customer": ("requesteremail", "requester", "email", "emailadres", "emailaddress", "contactemail",
                 "customeremail", "klantemail", "klantnummer", "customerid", "customernumber", "klantid", "contactid",
                 "suppliedemail", "from", "van", "afzender", "author", "auteur", "handle", "username", "gebruiker",
                 "reviewer", "klant", "customer", "caller", "beller", "telefoonnummer", "phonenumber"),
    "stars": ("rating", "stars", "sterren", "score", "beoordeling", "waardering", "cijfer", "starrating"),
    "speaker": ("speaker", "spreker", "role", "rol", "sendertype", "authortype", "afzendertype", "from_type"),
    "conversation_id": ("conversationid", "gesprekid", "sessionid", "chatsessionid", "threadid", "sessie"),
    "language": ("language", "taal", "lang", "locale"),
    "platform": ("platform", "network", "netwerk", "socialnetwork"),
    "sender": ("sender", "fromaddress", "afzenderadres"),
}


def norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower().replace("é", "e"))


class MappingError(ValueError):
    pass


@dataclass
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)  # canonical field -> column name
    constants: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Mapping:
        try:
            raw = tomllib.loads(path.read_text("utf-8")) if path.suffix == ".toml" else json.loads(path.read_text())
        except (OSError, ValueError) as exc:
            raise MappingError(f"{path}: cannot read mapping file: {exc}") from exc
        columns, constants = dict(raw.get("columns", {})), dict(raw.get("constants", {}))
        unknown = (set(columns) | set(constants)) - set(FIELDS)
        if unknown:
            raise MappingError(f"{path}: unknown fields {sorted(unknown)}; known: {', '.join(FIELDS)}")
        return cls(columns, constants)

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
        return Mapping(cols, dict(self.constants))
