"""The store on SQLite and PostgreSQL: migrations, idempotent batches, quarantine, stats, retag, kill -9."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from pipelines.batch import Pipeline, ingest_items, retag
from pipelines.ingest.records import BadRow, TurnDraft
from pipelines.langid import detect_language
from pipelines.prepare import dedup_key, pseudonymise
from pipelines.redact import redact
from pipelines.store.queries import stats
from pipelines.store.tables import Contact, Customer, IngestRun, QuarantinedRow, Tag, Turn
from tests.conftest import ROOT
from tests.factories import make_draft, write_ticket_csv

KEY = b"test-key"


def pipe(tagger=None, batch_size: int = 50) -> Pipeline:
    return Pipeline(pseudonym_key=KEY, redact=redact, detect_language=detect_language, tagger=tagger,
                    batch_size=batch_size)


def count(engine, model) -> int:
    with Session(engine) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_ingest_is_idempotent_and_redacts_before_storing(engine):
    drafts = [make_draft(f"Bel me op 06-12345678, bestelling {i} is zoek. Groet, Anouk") for i in range(120)]
    first = ingest_items(engine, drafts, pipe())
    assert (first.contacts_added, first.duplicates, first.turns_added) == (120, 0, 120)
    again = ingest_items(engine, drafts, pipe())
    assert (again.contacts_added, again.duplicates) == (0, 120)
    assert count(engine, Contact) == 120 and count(engine, Turn) == 120
    with Session(engine) as s:
        texts = s.scalars(select(Turn.text)).all()
        pseudonyms = s.scalars(select(Customer.pseudonym)).all()
    assert all("06-12345678" not in t and "[TELEFOON]" in t and "[NAAM]" in t for t in texts)
    assert len(pseudonyms) == 7 and all("@" not in p and len(p) == 64 for p in pseudonyms)
    assert pseudonymise("Klant1@Example.nl ", KEY) == pseudonymise("klant1@example.nl", KEY)
    # HMAC-SHA256 as the standard defines it: pseudonyms stored by earlier versions stay valid
    assert pseudonymise("klant1@example.nl", KEY) == hmac.new(KEY, b"klant1@example.nl", hashlib.sha256).hexdigest()


def test_batches_commit_together_and_a_failed_run_records_what_was_committed(engine, monkeypatch):
    import pipelines.prepare as prepare

    monkeypatch.setattr(prepare, "HANDOFF", 2)  # batches of 4 committed, handed over in parts of 2
    drafts = [make_draft(f"Bestelling {i} is zoek.") for i in range(8)]

    def redact_until_the_seventh(text: str) -> str:
        if text.startswith("Bestelling 6 "):
            raise RuntimeError("redactor down")
        return redact(text)

    failing = Pipeline(pseudonym_key=KEY, redact=redact_until_the_seventh, detect_language=detect_language,
                       batch_size=4)
    with pytest.raises(RuntimeError, match="redactor down"):
        ingest_items(engine, drafts, failing)
    assert count(engine, Contact) == 4  # parts 1-2 committed, part 3 rolled back with the failure of part 4
    with Session(engine) as s:
        run = s.scalars(select(IngestRun)).one()
    assert (run.status, run.rows_read, run.contacts_added, run.turns_added) == ("failed", 4, 4, 4)
    again = ingest_items(engine, drafts, pipe(batch_size=2))
    assert (again.contacts_added, again.duplicates, count(engine, Contact)) == (4, 4, 8)


def test_contacts_without_an_id_are_deduplicated_by_content(engine):
    a = make_draft("Waar blijft mijn pakket?", external_id=None)
    b = make_draft("Waar blijft mijn pakket?", external_id=None, timestamp=a.timestamp, customer_ref=a.customer_ref)
    c = make_draft("Waar blijft mijn pakket?", external_id=None)  # another moment: another contact
    assert dedup_key(a, KEY) == dedup_key(b, KEY) != dedup_key(c, KEY)
    s = ingest_items(engine, [a, b, c], pipe())
    assert (s.contacts_added, s.duplicates) == (2, 1)


def test_bad_rows_are_quarantined_once_with_reason_and_redacted(engine):
    bad = [BadRow("export.csv", 7, "unparseable date 'gisteren'", "jan@example.nl;gisteren;kapot"),
           BadRow("export.csv", 9, "no text")]
    items = [make_draft(), *bad, make_draft()]
    s1 = ingest_items(engine, items, pipe())
    s2 = ingest_items(engine, items, pipe())
    assert (s1.contacts_added, s1.quarantined) == (2, 2) and s2.contacts_added == 0
    with Session(engine) as s:
        rows = s.scalars(select(QuarantinedRow).order_by(QuarantinedRow.row)).all()
    assert [(r.file, r.row) for r in rows] == [("export.csv", 7), ("export.csv", 9)]
    assert "jan@example.nl" not in rows[0].raw and "[EMAIL]" in rows[0].raw
    assert rows[0].reason.startswith("unparseable date")


def test_non_dutch_contacts_are_flagged_not_tagged(engine, tagger):
    drafts = [
        make_draft("Ik wacht al drie weken op mijn bestelling en niemand reageert op mijn mails."),
        make_draft("I have been waiting three weeks for my order and nobody answers my emails."),
        make_draft(turns=[TurnDraft("agent", "Goedemiddag, waarmee kan ik u helpen?"),
                          TurnDraft("customer", "Mijn mes is kapot aangekomen, dat is toch niet normaal?")]),
    ]
    s = ingest_items(engine, drafts, pipe(tagger))
    assert s.not_dutch == 1 and s.tagged_turns == 2
    with Session(engine) as session:
        langs = dict(session.execute(select(Contact.external_id, Contact.language)).all())
        tags = session.execute(select(Tag.contact_id, Tag.turn_id, Tag.emotion, Tag.model_version)).all()
    assert langs[drafts[1].external_id] == "en"
    assert len(tags) == 4  # two customer turns + two contact-level tags; the English contact has none
    assert {t.model_version for t in tags} == {tagger.model_version}
    assert {t.emotion for t in tags} <= {"anger", "annoyance", "disappointment", "nervousness"}


def test_stats_count_everything(engine):
    ingest_items(engine, [make_draft(channel="chat"), make_draft(channel="email"), make_draft(channel="email"),
                          BadRow("x.csv", 3, "no text")], pipe())
    with Session(engine) as s:
        st = stats(s)
    assert st["contacts"] == 3 and st["turns"] == 3 and st["quarantined"] == 1
    assert st["per_channel"] == {"chat": 1, "email": 2}


class _RenamedTagger:
    """The real tagger under another model version: what a newly trained model looks like to the store."""

    def __init__(self, tagger, version: str) -> None:
        self._tagger, self.model_version = tagger, version

    def predict(self, texts):
        return self._tagger.predict(texts)


def test_retag_replaces_tags_of_older_model_versions(engine, tagger):
    ingest_items(engine, [make_draft(), make_draft("Top, alles netjes ontvangen!")], pipe(tagger))
    newer = _RenamedTagger(tagger, "kg-tagger-newer")
    assert retag(engine, newer) == 2
    assert retag(engine, newer) == 0  # nothing left to do
    with Session(engine) as s:
        versions = set(s.scalars(select(Tag.model_version)).all())
    assert versions == {"kg-tagger-newer"} and count(engine, Tag) == 4


def test_a_killed_run_started_again_stores_every_row_exactly_once(db_url, tmp_path, cli_env):
    n, bad_every = 6000, 500
    export = write_ticket_csv(tmp_path / "tickets.csv", n, bad_every=bad_every)
    env = {**cli_env, "KLANTGEVOEL_INGEST_BATCH_SIZE": "100", "KLANTGEVOEL_PSEUDONYM_KEY": "k",
           "KLANTGEVOEL_INGEST_WORKERS": "2"}  # worker processes, as a large export gets
    cmd = [sys.executable, "-m", "service.cli", "ingest", str(export), "--db", db_url, "--no-tag"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    from pipelines.store.db import make_engine

    engine = make_engine(db_url)
    deadline = time.time() + 120
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        try:
            stored = count(engine, Contact)
        except Exception:  # schema not created yet
            stored = 0
        if stored >= 1000:
            break
        time.sleep(0.05)
    assert proc.poll() is None, f"the run ended before it could be killed: {proc.stderr.read().decode()[-2000:]}"
    workers = _children(proc.pid)
    assert len(workers) >= 2, workers  # the worker pool (and its resource tracker)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 10
    while time.time() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.1)
    assert not [p for p in workers if _alive(p)], "worker processes outlived the killed run"
    partial = count(engine, Contact)
    assert 0 < partial < n - n // bad_every
    done = subprocess.run([*cmd, "--json"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert count(engine, Contact) == n - n // bad_every
    assert count(engine, Turn) == n - n // bad_every
    assert count(engine, QuarantinedRow) == n // bad_every
    with Session(engine) as s:
        assert s.scalar(select(func.count(func.distinct(Contact.external_id)))) == n - n // bad_every
    engine.dispose()


def test_voc_ingest_with_workers_leaves_everything_in_the_sqlite_file(tmp_path, cli_env):
    """The CLI path: workers start on the first batches before the store is open; at exit the database file holds
    every row (its write-ahead log folded back in, none left beside it), redacted."""
    n = 3000
    export = write_ticket_csv(tmp_path / "tickets.csv", n, bad_every=1000)
    db = tmp_path / "store.db"
    env = {**cli_env, "KLANTGEVOEL_PSEUDONYM_KEY": "k", "KLANTGEVOEL_INGEST_WORKERS": "2"}
    done = subprocess.run([sys.executable, "-m", "service.cli", "ingest", str(export), "--db", str(db), "--no-tag",
                           "--json"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads(done.stdout)
    assert (summary["rows_read"], summary["contacts_added"], summary["quarantined"]) == (n, n - 3, 3)
    assert not (tmp_path / "store.db-wal").exists()
    import sqlite3

    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM contact").fetchone() == (n - 3,)
        texts = [t for (t,) in conn.execute("SELECT text FROM turn")]
    assert len(texts) == n - 3 and all("06-1234" not in t and "[TELEFOON]" in t for t in texts)


def test_a_store_that_cannot_be_opened_ends_the_command_with_one_line(cli_env):
    """No server behind the URL: exit code 2 and one line naming the store (its password hidden) and the reason."""
    for cmd in (["stats"], ["ingest", str(ROOT / "data" / "samples" / "exports"), "--no-tag"]):
        done = subprocess.run([sys.executable, "-m", "service.cli", *cmd, "--db",
                               "postgresql://klant:geheim@127.0.0.1:1/kg"], cwd=ROOT, env=cli_env, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 2, done.stderr[-2000:]
        assert "error: cannot open the store postgresql+psycopg://klant:***@127.0.0.1:1/kg: " in done.stderr
        assert "Connection refused" in done.stderr or "connection failed" in done.stderr
        assert "geheim" not in done.stderr and "Traceback" not in done.stderr


def _children(pid: int) -> list[int]:
    return [int(c) for t in os.listdir(f"/proc/{pid}/task")
            for c in open(f"/proc/{pid}/task/{t}/children").read().split()]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is gone, only not reaped yet
    except FileNotFoundError:
        return False


def test_migrations_match_the_models(engine):
    """Alembic's autogenerate finds nothing to add: the tables in code and the migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_an_untagged_ingest_writes_the_read_side_that_a_full_reindex_writes(engine):
    """The untagged batch builds facts, segments, rollup and cards from memory: they must equal what reindexing the
    stored rows gives (cards compared as JSON: same fields, same values)."""
    from pipelines.store.cards import CARD
    from pipelines.store.facts import FACT, ROLLUP, SEGMENT, SEGMENT_VALUE, reindex_all

    drafts = [make_draft(f"Bestelling {i} is zoek, bel me op 06-1234567{i % 10}.", channel=ch, touchpoint=tp,
                         metadata=meta, **({"timestamp": None} if i % 9 == 0 else {}))
              for i in range(60)
              for ch, tp, meta in [(("email", "chat", "phone")[i % 3], (None, "delivery", "returns")[i % 3],
                                    {"product": f"mes-{i % 4}", "brand": "Hocho"} if i % 2 else {})]]
    drafts.append(make_draft("Zie gesprek", turns=[TurnDraft("customer", "Waar is mijn mes?"),
                                                   TurnDraft("agent", "Het is onderweg, Jan.")]))
    assert ingest_items(engine, drafts, pipe(batch_size=25)).contacts_added == 61

    def snapshot() -> dict[str, list]:
        with Session(engine) as s:
            return {
                "facts": sorted(tuple(r) for r in s.execute(select(FACT)).all()),
                "segments": sorted(tuple(r) for r in s.execute(select(SEGMENT)).all()),
                "values": sorted(tuple(r) for r in s.execute(select(SEGMENT_VALUE)).all()),
                "rollup": sorted(tuple(v for k, v in r._mapping.items() if k != "version")
                                 for r in s.execute(select(ROLLUP)).all()),
                "cards": sorted((r.contact_id, json.loads(r.card)) for r in s.execute(select(CARD)).all()),
            }

    incremental = snapshot()
    assert len(incremental["facts"]) == len(incremental["cards"]) == 61 and incremental["segments"]
    with Session(engine) as s:
        reindex_all(s)
        s.commit()
    assert snapshot() == incremental


def test_rows_by_key_finds_every_key_across_in_list_chunks(engine):
    from pipelines.store.db import IN_CHUNK, insert_rows, rows_by_key

    table = Customer.__table__  # type: ignore[attr-defined]
    names = [f"p{i:05d}" for i in range(IN_CHUNK * 2 + 5)]
    with Session(engine) as session, session.begin():
        insert_rows(session, table, [{"pseudonym": p} for p in names])
        ids = dict(session.execute(select(Customer.pseudonym, Customer.id)).all())
        wanted = set(names[3:]) | {"not-stored"}
        assert dict(rows_by_key(session, table, "pseudonym", wanted, ("pseudonym", "id"))) == \
            {p: ids[p] for p in names[3:]}
        assert rows_by_key(session, table, "pseudonym", [], ("id",)) == []
