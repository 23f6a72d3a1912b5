"""API keys: made once (shown once), stored as the SHA-256 of a high-entropy token, checked per request.

A key looks like ``kg_<8 hex prefix>_<43 url-safe characters>`` (256 random bits): hashing it without a salt is
safe because it cannot be guessed, and lets a request find its key with one indexed lookup.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from pipelines.store.tables import ApiKey

SCOPES = ("read", "ingest", "admin")  # admin implies the others
TOUCH_EVERY = timedelta(minutes=1)  # last_used_at is written at most this often (a write per request would not do)


class ScopeError(ValueError):
    pass


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def normalise_scopes(scopes: list[str] | tuple[str, ...] | str) -> str:
    items = scopes.replace(",", " ").split() if isinstance(scopes, str) else list(scopes)
    bad = sorted(set(items) - set(SCOPES))
    if bad or not items:
        raise ScopeError(f"unknown scope {', '.join(bad) or '(none)'}; choose from {', '.join(SCOPES)}")
    return " ".join(s for s in SCOPES if s in items)


def create_key(session: Session, scopes: list[str] | tuple[str, ...] | str, name: str = "") -> tuple[str, ApiKey]:
    """Make a key; returns the key itself (to show once) and its stored row. The caller commits."""
    prefix = secrets.token_hex(4)
    key = f"kg_{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiKey(name=name[:100], prefix=prefix, scopes=normalise_scopes(scopes), key_hash=hash_key(key))
    session.add(row)
    session.flush()
    return key, row


@dataclass(frozen=True)
class KeyInfo:
    """What a request needs to know about its key (read with one indexed lookup, no ORM object)."""

    id: int
    scopes: tuple[str, ...]
    last_used_at: datetime | None


_KEY = ApiKey.__table__  # type: ignore[attr-defined]
_VERIFY = sa_select(_KEY.c.id, _KEY.c.scopes, _KEY.c.last_used_at, _KEY.c.revoked).where(
    _KEY.c.key_hash == bindparam("key_hash"))


def verify_key(session: Session, key: str) -> KeyInfo | None:
    """The live key for this key string, or None (unknown or revoked)."""
    if not key.startswith("kg_") or len(key) > 200:
        return None
    row = session.execute(_VERIFY, {"key_hash": hash_key(key)}).first()
    if row is None or row.revoked:
        return None
    last = row.last_used_at
    return KeyInfo(row.id, tuple(row.scopes.split()), last.replace(tzinfo=UTC) if last and not last.tzinfo else last)


def has_scope(key: KeyInfo | ApiKey, scope: str) -> bool:
    granted = key.scopes.split() if isinstance(key.scopes, str) else key.scopes
    return "admin" in granted or scope in granted


def touch(session: Session, key: KeyInfo, now: datetime | None = None) -> bool:
    """Record use, at most once a minute per key. Returns whether it wrote (the caller commits)."""
    now = now or datetime.now(UTC)
    if key.last_used_at is not None and key.last_used_at > now - TOUCH_EVERY:
        return False
    session.execute(update(_KEY).where(_KEY.c.id == key.id).values(last_used_at=now))
    return True


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.exec(select(ApiKey).order_by(col(ApiKey.id))).all())


def revoke_key(session: Session, key_id_or_prefix: str) -> ApiKey | None:
    """Revoke by id or prefix. The caller commits."""
    q = select(ApiKey)
    q = q.where(col(ApiKey.id) == int(key_id_or_prefix)) if key_id_or_prefix.isdigit() and len(key_id_or_prefix) < 8 \
        else q.where(col(ApiKey.prefix) == key_id_or_prefix)
    row = session.exec(q).first()
    if row is not None:
        row.revoked = True
        session.add(row)
    return row
