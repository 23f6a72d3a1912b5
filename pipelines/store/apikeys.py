"""API keys: made once (shown once), stored as the SHA-256 of a high-entropy token, checked per request.

A key looks like ``kg_<8 hex prefix>_<43 url-safe characters>`` (256 random bits): hashing it without a salt is
safe because it cannot be guessed, and lets a request find its key with one indexed lookup.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

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


def verify_key(session: Session, key: str) -> ApiKey | None:
    """The live key row for this key, or None (unknown or revoked)."""
    if not key.startswith("kg_") or len(key) > 200:
        return None
    row = session.exec(select(ApiKey).where(col(ApiKey.key_hash) == hash_key(key))).first()
    return row if row is not None and not row.revoked else None


def has_scope(row: ApiKey, scope: str) -> bool:
    granted = row.scopes.split()
    return "admin" in granted or scope in granted


def touch(session: Session, row: ApiKey, now: datetime | None = None) -> bool:
    """Record use, at most once a minute per key. Returns whether it wrote (the caller commits)."""
    now = now or datetime.now(UTC)
    last = row.last_used_at
    if last is not None and (last if last.tzinfo else last.replace(tzinfo=UTC)) > now - TOUCH_EVERY:
        return False
    row.last_used_at = now
    session.add(row)
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
