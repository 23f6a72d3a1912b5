"""What the API answers: heatmaps, trends, the contacts list (the drill-down behind every heatmap cell), exports
and the filter choices. Plain functions taking the session explicitly.

Speed: nothing here joins contacts and tags. Aggregates come from the daily rollup (``contact_rollup``), held in
memory as prefix sums over days per dimension combination (:class:`RollupCube`), so a heatmap over any date range
and filter set costs O(combinations), whatever the number of contacts; the cube follows the ``data_version`` row
and reads only the rollup rows changed since it last looked. Without a cube (or with a ``segment.*`` filter,
which the rollup does not know) the same numbers come from SQL over the rollup or the narrow fact table.
The contacts list pages over ``contact_fact`` by timestamp with an index per common drill-down dimension.

Unit: a contact with its contact-level tag; untagged contacts (not Dutch, auto-replies) are left out of every
emotion aggregate and the export, and listed by the contacts list unless a tag filter is set.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Select, String, case, cast, func, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from models.taxonomy import (
    CAUSE_IDS,
    CAUSE_NL,
    EMOTION_BY_ID,
    EMOTION_IDS,
    PHASE_BY_ID,
    PHASE_IDS,
    PHASES,
    STDC_IDS,
    STDC_NL,
)
from pipelines.ingest.dates import as_utc
from pipelines.ingest.records import CHANNELS
from pipelines.store.cards import TAG_FIELDS, read_cards
from pipelines.store.facts import (
    FACT,
    NO_DAY,
    ROLLUP,
    SEGMENT,
    SEGMENT_VALUE,
    UNKNOWN,
    UNTAGGED,
    chunks,
    current_version,
    day_range_bounds,
    day_start,
)
from pipelines.store.tables import Contact, Customer, Tag, Turn

DIMENSIONS = ("touchpoint", "channel", "phase", "stdc", "emotion", "cause")
CAUSE_TOP_PHRASES = 3  # key phrases per heatmap cell where an axis is the cause
METRICS = ("count", "share", "mean_valence", "negative_share")
INTERVALS = ("day", "week", "month")
SORTS = ("-timestamp", "timestamp", "-id", "id")
MAX_PERIODS = 2000
SEGMENT_CHOICES = 100  # a metadata field with more distinct values is no segment to choose from
CHANNEL_NL = {"email": "e-mail", "chat": "chat", "phone": "telefoon", "review": "review", "social": "social media",
              "webform": "webformulier", "store": "winkel"}
TOUCHPOINT_NL = {"delivery": "bezorging", "returns": "retour", "billing": "betaling", "app": "app",
                 "website": "website", "product": "product", "account": "account", "order": "bestelling",
                 "presales": "advies vooraf", UNKNOWN: "onbekend"}
STDC_OF_PHASE = {p.id: p.stdc for p in PHASES}
log = logging.getLogger(__name__)
CONTACT = Contact.__table__  # type: ignore[attr-defined]
CUSTOMER = Customer.__table__  # type: ignore[attr-defined]
TURN = Turn.__table__  # type: ignore[attr-defined]
TAG = Tag.__table__  # type: ignore[attr-defined]


class QueryError(ValueError):
    """A request the data cannot answer as asked (unknown dimension, value, metric): the API's 400."""

    def __init__(self, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.details = details


def label(dim: str, key: str) -> str:
    if dim == "emotion":
        return EMOTION_BY_ID[key].nl if key in EMOTION_BY_ID else key
    if dim == "phase":
        return PHASE_BY_ID[key].nl if key in PHASE_BY_ID else key
    if dim == "stdc":
        return STDC_NL.get(key, key)
    if dim == "channel":
        return CHANNEL_NL.get(key, key)
    if dim == "cause":
        return CAUSE_NL.get(key, key)
    return TOUCHPOINT_NL.get(key, key.replace("_", " "))


def _order(dim: str, present: set[str]) -> list[str]:
    """Row/column keys: the whole taxonomy for emotion, phase and stdc; the values with data for the others."""
    fixed = {"emotion": EMOTION_IDS, "phase": PHASE_IDS, "stdc": STDC_IDS, "channel": CHANNELS,
             "cause": CAUSE_IDS}.get(dim, ())
    if dim in ("emotion", "phase", "stdc", "cause"):
        return list(fixed) + sorted(present - set(fixed))
    known = [k for k in fixed if k in present]
    rest = sorted(present - set(known) - {UNKNOWN})
    return known + rest + ([UNKNOWN] if UNKNOWN in present else [])


# ---- filters --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    date_from: date | None = None
    date_to: date | None = None
    channel: tuple[str, ...] = ()
    touchpoint: tuple[str, ...] = ()
    phase: tuple[str, ...] = ()
    stdc: tuple[str, ...] = ()
    emotion: tuple[str, ...] = ()
    segments: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (field, values): AND across fields, OR within
    cause: tuple[str, ...] = ()

    @property
    def tag_filtered(self) -> bool:
        return bool(self.phase or self.stdc or self.emotion or self.cause)

    @property
    def needs_facts(self) -> bool:
        """Filters the rollup cannot answer (it has no contact ids, no metadata and no causes)."""
        return bool(self.segments or self.cause)

    @property
    def dated(self) -> bool:
        return self.date_from is not None or self.date_to is not None

    def phases(self) -> tuple[str, ...] | None:
        """The phases a phase and/or stdc filter leaves (None: no such filter)."""
        if not self.phase and not self.stdc:
            return None
        keep = set(self.phase) if self.phase else set(PHASE_IDS)
        if self.stdc:
            keep &= {p for p, s in STDC_OF_PHASE.items() if s in self.stdc}
        return tuple(p for p in PHASE_IDS if p in keep)

    def as_dict(self) -> dict[str, Any]:
        """The filters applied, normalised (only those set)."""
        out: dict[str, Any] = {}
        if self.date_from:
            out["date_from"] = self.date_from.isoformat()
        if self.date_to:
            out["date_to"] = self.date_to.isoformat()
        for dim in ("channel", "touchpoint", "phase", "stdc", "emotion", "cause"):
            if getattr(self, dim):
                out[dim] = list(getattr(self, dim))
        if self.segments:
            out["segment"] = {f: list(v) for f, v in self.segments}
        return out


def make_filters(date_from: date | None = None, date_to: date | None = None, *, channel: Sequence[str] = (),
                 touchpoint: Sequence[str] = (), phase: Sequence[str] = (), stdc: Sequence[str] = (),
                 emotion: Sequence[str] = (), segments: Mapping[str, Sequence[str]] | None = None,
                 cause: Sequence[str] = ()) -> Filters:
    """Filters from request values: comma lists split, duplicates dropped, taxonomy values checked."""
    def values(name: str, raw: Sequence[str], allowed: Sequence[str] | None) -> tuple[str, ...]:
        out: list[str] = []
        for item in raw:
            for v in str(item).split(","):
                v = v.strip()
                if v and v not in out:
                    out.append(v)
        if allowed is not None and (bad := [v for v in out if v not in allowed]):
            raise QueryError(f"unknown {name} {', '.join(map(repr, bad))}; allowed: {', '.join(allowed)}",
                             {"parameter": name, "allowed": list(allowed)})
        return tuple(out)

    if date_from and date_to and date_from > date_to:
        raise QueryError("date_from is after date_to", {"parameter": "date_from"})
    segs = tuple(sorted((f, tuple(dict.fromkeys(v for v in vals if v != ""))) for f, vals in (segments or {}).items()
                        if any(v != "" for v in vals)))
    return Filters(
        date_from=date_from, date_to=date_to,
        channel=values("channel", channel, CHANNELS), touchpoint=values("touchpoint", touchpoint, None),
        phase=values("phase", phase, PHASE_IDS), stdc=values("stdc", stdc, STDC_IDS),
        emotion=values("emotion", emotion, EMOTION_IDS), segments=segs, cause=values("cause", cause, CAUSE_IDS),
    )


def check_dimension(name: str, value: str) -> str:
    if value not in DIMENSIONS:
        raise QueryError(f"unknown dimension {value!r} for {name}; allowed: {', '.join(DIMENSIONS)}",
                         {"parameter": name, "allowed": list(DIMENSIONS)})
    return value


def check_choice(name: str, value: str, allowed: Sequence[str]) -> str:
    if value not in allowed:
        raise QueryError(f"unknown {name} {value!r}; allowed: {', '.join(allowed)}",
                         {"parameter": name, "allowed": list(allowed)})
    return value


def _where(f: Filters, table: Any, tagged_only: bool) -> list[ColumnElement[bool]]:
    """Conditions on contact_fact (dates on its timestamp, so the ts index serves them) or on contact_rollup."""
    c = table.c
    conds: list[ColumnElement[bool]] = []
    if f.dated:
        lo, hi = day_range_bounds(f.date_from, f.date_to)
        if table is FACT:
            conds.append(c.ts >= day_start(lo))
            if hi is not None:
                conds.append(c.ts < day_start(hi + timedelta(days=1)))
        else:
            conds.append(c.day >= lo)
            if hi is not None:
                conds.append(c.day <= hi)
    if f.channel:
        conds.append(c.channel.in_(f.channel))
    if f.touchpoint:
        conds.append(c.touchpoint.in_(f.touchpoint))
    if (phases := f.phases()) is not None:
        conds.append(c.phase.in_(phases))
    if f.emotion:
        conds.append(c.emotion.in_(f.emotion))
    if tagged_only and not f.emotion:
        conds.append(c.emotion.is_not(None) if table is FACT else c.emotion != UNTAGGED)
    for fld, vals in f.segments:  # only contact_fact has contact ids
        conds.append(c.contact_id.in_(select(SEGMENT.c.contact_id).where(SEGMENT.c.field == fld,
                                                                          SEGMENT.c.value.in_(vals))))
    if f.cause:  # the cause sits on the contact-level tag (turn_id null)
        conds.append(c.contact_id.in_(select(TAG.c.contact_id).where(TAG.c.turn_id.is_(None),
                                                                      TAG.c.cause.in_(f.cause))))
    return conds


def _with_cause(q: Select[Any], by: Sequence[str]) -> Select[Any]:
    """Join the contact-level tag where ``cause`` is a grouping axis; contacts without a cause drop out."""
    if "cause" not in by:
        return q
    return q.join(TAG, (TAG.c.contact_id == FACT.c.contact_id) & TAG.c.turn_id.is_(None)).where(
        TAG.c.cause.is_not(None))


# ---- the cube: the rollup in memory ------------------------------------------------------------------------------

Cells = dict[tuple[str, ...], tuple[int, float, int]]  # group key -> (contacts, valence sum, negative contacts)
CUBE_DIMS = ("channel", "touchpoint", "phase", "emotion")
MEASURES = ("n", "valence_sum", "negative")


@dataclass
class _Snapshot:
    """The rollup at one data version: prefix sums over the days of a base read, plus the rollup cells changed
    since that read (as deltas against it), so a write costs readers O(changed cells), not a rebuild."""

    version: int
    days: np.ndarray  # (D,) sorted day ordinals of the base read
    keys: dict[str, list[str]]  # dimension -> key per code
    codes: dict[str, np.ndarray]  # dimension -> (K,) code of each combination (stdc derived from phase)
    combo_index: dict[tuple[int, ...], int]
    cum: dict[str, np.ndarray]  # measure -> (D+1, K_base) prefix sums over the base's days
    alive: np.ndarray  # day ordinals with contacts in the base (for the date range)
    changed: dict[tuple[int, int], tuple[float, float, float]] = field(default_factory=dict)  # (day, combo) -> now
    extra_day: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    extra_combo: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    extra: dict[str, np.ndarray] = field(default_factory=dict)  # measure -> delta of each changed cell
    memo: dict[Any, Any] = field(default_factory=dict)  # per-version results that are costly in SQL (meta)

    @property
    def k(self) -> int:
        return len(self.combo_index)

    @property
    def cells(self) -> int:
        return int(self.days.size * self.cum["n"].shape[1])


_EPOCH = date(1970, 1, 1).toordinal()
_ROLLUP_COLS = (cast(ROLLUP.c.day, String), ROLLUP.c.channel, ROLLUP.c.touchpoint, ROLLUP.c.phase, ROLLUP.c.emotion,
                ROLLUP.c.n, ROLLUP.c.valence_sum, ROLLUP.c.negative)  # the day as text: parsed by numpy, not per row


def _default_keys() -> dict[str, list[str]]:
    return {"channel": list(CHANNELS), "touchpoint": [], "phase": [*PHASE_IDS, UNTAGGED],
            "emotion": [*EMOTION_IDS, UNTAGGED]}


def _stdc_codes(keys: dict[str, list[str]], phase_codes: np.ndarray) -> np.ndarray:
    stdc_keys = [*STDC_IDS, UNTAGGED]
    keys["stdc"] = stdc_keys
    lut = np.array([stdc_keys.index(STDC_OF_PHASE.get(p, UNTAGGED)) for p in keys["phase"]], np.int64)
    return lut[phase_codes] if phase_codes.size else np.zeros(0, np.int64)


def _build(version: int, rows: Sequence[Sequence[Any]]) -> _Snapshot:
    """Prefix sums from rollup rows (day text, channel, touchpoint, phase, emotion, n, valence_sum, negative)."""
    keys = _default_keys()
    cols = list(zip(*rows, strict=True)) if rows else [()] * 8
    day_ord = np.array(cols[0], dtype="datetime64[D]").astype(np.int64) + _EPOCH
    row_codes = []
    for d, values in zip(CUBE_DIMS, cols[1:5], strict=True):
        uniq, inv = np.unique(np.array(values, dtype=str), return_inverse=True)
        index = {k: i for i, k in enumerate(keys[d])}
        for u in uniq:
            if str(u) not in index:
                index[str(u)] = len(keys[d])
                keys[d].append(str(u))
        row_codes.append(np.array([index[str(u)] for u in uniq], np.int64)[inv] if uniq.size else inv)
    sizes = [len(keys[d]) for d in CUBE_DIMS]
    flat = np.zeros(len(rows), np.int64)
    for c, size in zip(row_codes, sizes, strict=True):
        flat = flat * size + c
    combos, combo = np.unique(flat, return_inverse=True)
    decoded, rest = [], combos
    for size in reversed(sizes):
        rest, c = np.divmod(rest, size)
        decoded.append(c)
    codes = dict(zip(CUBE_DIMS, reversed(decoded), strict=True))
    codes["stdc"] = _stdc_codes(keys, codes["phase"])
    combo_index = {key: i for i, key in enumerate(zip(*(codes[d].tolist() for d in CUBE_DIMS), strict=True))}
    days, day_idx = np.unique(day_ord, return_inverse=True)
    k = combos.size
    cum: dict[str, np.ndarray] = {}
    n_per_day = np.zeros(days.size)
    for j, m in enumerate(MEASURES):
        v = np.zeros((days.size, k), np.float64 if m == "valence_sum" else np.int64)
        v[day_idx, combo] = np.array(cols[5 + j], dtype=v.dtype)
        if m == "n":
            n_per_day = v.sum(axis=1)
        cum[m] = np.concatenate([np.zeros((1, k), v.dtype), np.cumsum(v, axis=0)])
    return _Snapshot(version, days, keys, codes, combo_index, cum, days[n_per_day != 0])


def _with_changes(snap: _Snapshot, version: int, rows: Sequence[Sequence[Any]]) -> _Snapshot:
    """The snapshot with these rollup rows (absolute values, read after ``snap.version``) laid over it."""
    keys = {d: list(snap.keys[d]) for d in CUBE_DIMS}
    index = {d: {k: i for i, k in enumerate(v)} for d, v in keys.items()}

    def code(dim: str, key: str) -> int:
        i = index[dim].get(key)
        if i is None:
            i = index[dim][key] = len(keys[dim])
            keys[dim].append(key)
        return i

    combo_index = dict(snap.combo_index)
    added: list[tuple[int, ...]] = []
    changed = dict(snap.changed)
    for day_text, ch, tp, ph, em, n, vs, neg in rows:
        key = (code("channel", ch), code("touchpoint", tp), code("phase", ph), code("emotion", em))
        k = combo_index.get(key)
        if k is None:
            k = combo_index[key] = len(combo_index)
            added.append(key)
        changed[(date.fromisoformat(str(day_text)).toordinal(), k)] = (float(n), float(vs), float(neg))
    codes = {d: np.concatenate([snap.codes[d], np.array([a[i] for a in added], np.int64)])
             for i, d in enumerate(CUBE_DIMS)}
    codes["stdc"] = _stdc_codes(keys, codes["phase"])
    extra_day = np.array([d for d, _ in changed], np.int64)
    extra_combo = np.array([k for _, k in changed], np.int64)
    now = np.array(list(changed.values()), np.float64).reshape(-1, 3)
    k_base = snap.cum["n"].shape[1]
    di = np.searchsorted(snap.days, extra_day)
    in_base = (di < snap.days.size) & (extra_combo < k_base)
    in_base[in_base] &= snap.days[di[in_base]] == extra_day[in_base]
    extra = {}
    for j, m in enumerate(MEASURES):
        base = np.zeros(extra_day.size)
        b_day, b_combo = di[in_base], extra_combo[in_base]
        base[in_base] = snap.cum[m][b_day + 1, b_combo] - snap.cum[m][b_day, b_combo]
        extra[m] = now[:, j] - base
    return _Snapshot(version, snap.days, keys, codes, combo_index, snap.cum, snap.alive, changed, extra_day,
                     extra_combo, extra)


class RollupCube:
    """The daily rollup held in memory as prefix sums (one per process; thread-safe; follows the data version).

    ``max_cells`` (days x dimension combinations) bounds the memory (16 bytes a cell, ~24 MB a million cells);
    a store beyond it is answered by SQL instead. Writes are laid over the prefix sums as changed cells; past
    ``max_changes`` of them the rollup is read again."""

    def __init__(self, max_cells: int = 12_000_000, max_changes: int = 50_000) -> None:
        self.max_cells = max_cells
        self.max_changes = max_changes
        self._snap: _Snapshot | None = None
        self._lock = threading.Lock()
        self.too_big = False
        self._retry_at = 0.0

    def snapshot(self, session: Session) -> _Snapshot | None:
        """The cube as of the store's current data version (None where it would be too big). While one thread
        brings it up to date, the others answer from the one before (at most that one write behind)."""
        version = current_version(session)
        snap = self._snap
        if snap is not None and snap.version == version:
            return snap
        if self.too_big and time.monotonic() < self._retry_at:
            return None
        if not self._lock.acquire(blocking=snap is None):
            return snap
        try:
            snap = self._snap
            if snap is not None and snap.version >= version:
                return snap
            conn = session.connection()  # rows read after the version: at least as new as it (re-reading is harmless)
            if snap is not None:
                rows = conn.execute(select(*_ROLLUP_COLS).where(ROLLUP.c.version > snap.version)
                                    .limit(self.max_changes + 1)).all()
                if len(rows) + len(snap.changed) <= self.max_changes:
                    self._snap = _with_changes(snap, version, rows)
                    return self._snap
            rows = conn.execute(select(*_ROLLUP_COLS).where(ROLLUP.c.n != 0)).all()
            days = len({r[0] for r in rows})
            combos = len({tuple(r[1:5]) for r in rows})
            if days * combos > self.max_cells:
                log.warning("rollup too big for the in-memory cube (%d days x %d combinations): SQL answers",
                            days, combos)
                self._snap, self.too_big, self._retry_at = None, True, time.monotonic() + 600
                return None
            self._snap, self.too_big = _build(version, rows), False
            return self._snap
        finally:
            self._lock.release()


def _cube_mask(snap: _Snapshot, f: Filters, tagged_only: bool) -> np.ndarray:
    mask = np.ones(snap.k, bool)
    phases = f.phases()
    for dim, allowed in (("channel", f.channel), ("touchpoint", f.touchpoint), ("phase", phases),
                         ("emotion", f.emotion)):
        if allowed is None or (dim != "phase" and not allowed):
            continue
        wanted = [snap.keys[dim].index(v) for v in allowed if v in snap.keys[dim]]
        mask &= np.isin(snap.codes[dim], wanted)
    if tagged_only:
        mask &= snap.codes["emotion"] != snap.keys["emotion"].index(UNTAGGED)
    return mask


def _cube_sums(snap: _Snapshot, f: Filters, measures: Sequence[str]) -> dict[str, np.ndarray]:
    """Per combination (K,): the measures over the filters' date range (other measures: zeros)."""
    i, j = 0, int(snap.days.size)
    sel: Any = slice(None)
    if f.dated:
        lo, hi = day_range_bounds(f.date_from, f.date_to)
        hi_ord = hi.toordinal() if hi else date.max.toordinal()
        i = int(np.searchsorted(snap.days, lo.toordinal(), "left"))
        j = max(i, int(np.searchsorted(snap.days, hi_ord, "right")))
        sel = (snap.extra_day >= lo.toordinal()) & (snap.extra_day <= hi_ord)
    k_base = snap.cum["n"].shape[1]
    out = {}
    for m in MEASURES:
        v = np.zeros(snap.k)
        if m in measures or m == "n":
            v[:k_base] = snap.cum[m][j] - snap.cum[m][i]
            if snap.extra_day.size:
                v += np.bincount(snap.extra_combo[sel], weights=snap.extra[m][sel], minlength=snap.k)
        out[m] = v
    return out


def _cube_cells(snap: _Snapshot, f: Filters, by: Sequence[str], tagged_only: bool,
                measures: Sequence[str] = MEASURES) -> Cells:
    mask = _cube_mask(snap, f, tagged_only)
    sums = _cube_sums(snap, f, measures)
    group = np.zeros(int(mask.sum()), np.int64)
    sizes = [len(snap.keys[d]) for d in by]
    for d, size in zip(by, sizes, strict=True):
        group = group * size + snap.codes[d][mask]
    total = int(np.prod(sizes)) if by else 1
    out = {m: np.bincount(group, weights=sums[m][mask], minlength=total) for m in MEASURES}
    cells: Cells = {}
    for g in np.flatnonzero(out["n"]):
        key, rest = [], int(g)
        for d, size in zip(reversed(by), reversed(sizes), strict=True):
            rest, c = divmod(rest, size)
            key.append(snap.keys[d][c])
        cells[tuple(reversed(key))] = (int(out["n"][g]), float(out["valence_sum"][g]), int(out["negative"][g]))
    return cells


def _cube_period_cells(snap: _Snapshot, f: Filters, dim: str, bounds: Sequence[date],
                       measures: Sequence[str] = MEASURES) -> list[Cells]:
    """Cells per period, ``bounds`` holding each period's first day and the day after the last."""
    mask = _cube_mask(snap, f, tagged_only=True)
    ords = np.array([b.toordinal() for b in bounds], np.int64)
    idx = np.searchsorted(snap.days, ords, "left")
    keys = snap.keys[dim]
    width = len(keys) + 1  # one more bucket: the combinations the filters leave out
    codes = np.where(mask, snap.codes[dim], len(keys))
    periods = len(bounds) - 1
    k_base = snap.cum["n"].shape[1]
    group = (np.arange(periods)[:, None] * width + codes[None, :k_base]).ravel()  # (period, key) of every cell
    p_of = np.searchsorted(ords, snap.extra_day, "right") - 1  # the changed cells' periods
    inside = (p_of >= 0) & (p_of < periods)
    extra_group = p_of[inside] * width + codes[snap.extra_combo[inside]]
    per: dict[str, Any] = {}
    for m in MEASURES:
        if m not in measures and m != "n":
            per[m] = np.zeros((periods, len(keys)))
            continue
        counts = np.bincount(group, weights=np.diff(snap.cum[m][idx], axis=0).ravel(), minlength=periods * width)
        if extra_group.size:
            counts += np.bincount(extra_group, weights=snap.extra[m][inside], minlength=periods * width)
        per[m] = counts.reshape(periods, width)[:, :-1]
    out: list[Cells] = []
    for p in range(periods):
        out.append({(keys[c],): (int(per["n"][p, c]), float(per["valence_sum"][p, c]), int(per["negative"][p, c]))
                    for c in np.flatnonzero(per["n"][p])})
    return out


# ---- SQL: the same numbers without the cube ----------------------------------------------------------------------


def _sql_cells(session: Session, f: Filters, by: Sequence[str], tagged_only: bool) -> Cells:
    """Cells grouped by ``by`` (dimensions and/or "day"): from the rollup, or from the facts where a segment filter
    needs contact ids."""
    table = FACT if f.needs_facts or "cause" in by else ROLLUP
    c = table.c
    if table is FACT:
        measures = [func.count(), func.coalesce(func.sum(c.valence), 0.0),
                    func.coalesce(func.sum(case((c.negative, 1), else_=0)), 0)]
    else:
        measures = [func.sum(c.n), func.sum(c.valence_sum), func.sum(c.negative)]
    cols = [c.phase if d == "stdc" else TAG.c.cause if d == "cause" else c[d] for d in by]
    q: Select[Any] = _with_cause(select(*cols, *measures), by).where(*_where(f, table, tagged_only)).group_by(*cols)
    cells: dict[tuple[str, ...], list[Any]] = {}
    for row in session.execute(q):
        key = []
        for d, v in zip(by, row[:len(by)], strict=True):
            if d == "stdc":
                v = STDC_OF_PHASE.get(v, UNTAGGED) if v else UNTAGGED
            elif d in ("phase", "emotion") and v is None:
                v = UNTAGGED
            key.append(v)
        n, vs, neg = row[len(by):]
        acc = cells.setdefault(tuple(key), [0, 0.0, 0])
        acc[0] += int(n or 0)
        acc[1] += float(vs or 0.0)
        acc[2] += int(neg or 0)
    return {k: (v[0], v[1], v[2]) for k, v in cells.items() if v[0]}


def measures_for(metric: str) -> tuple[str, ...]:
    """What a metric needs besides the count (the cube sums nothing else)."""
    return {"mean_valence": ("n", "valence_sum"), "negative_share": ("n", "negative")}.get(metric, ("n",))


def cells(session: Session, f: Filters, by: Sequence[str], tagged_only: bool = True,
          cube: RollupCube | None = None, measures: Sequence[str] = MEASURES) -> Cells:
    """Contacts, valence sum and negative contacts per combination of ``by`` under the filters (from the cube
    only ``measures`` are summed; the others read 0)."""
    snap = cube.snapshot(session) if cube is not None and not f.needs_facts and "cause" not in by else None
    if snap is not None:
        return _cube_cells(snap, f, by, tagged_only, measures)
    return _sql_cells(session, f, by, tagged_only)


def metric_value(metric: str, n: int, valence_sum: float, negative: int, row_total: int) -> float | int | None:
    if metric == "count":
        return n
    if metric == "share":
        return n / row_total if row_total else None
    if not n:
        return None
    return valence_sum / n if metric == "mean_valence" else negative / n


# ---- heatmap and trends ------------------------------------------------------------------------------------------


def heatmap(session: Session, rows: str, cols: str, metric: str, f: Filters,
            cube: RollupCube | None = None) -> dict[str, Any]:
    check_dimension("rows", rows)
    check_dimension("cols", cols)
    check_choice("metric", metric, METRICS)
    if rows == cols:
        raise QueryError("rows and cols must be two different dimensions", {"parameter": "cols"})
    got = cells(session, f, (rows, cols), tagged_only=True, cube=cube, measures=measures_for(metric))
    row_keys = _order(rows, {k[0] for k in got})
    col_keys = _order(cols, {k[1] for k in got})
    counts = [[got.get((r, c), (0, 0.0, 0))[0] for c in col_keys] for r in row_keys]
    values = []
    for r, row_counts in zip(row_keys, counts, strict=True):
        total = sum(row_counts)
        values.append([metric_value(metric, *got.get((r, c), (0, 0.0, 0)), total) for c in col_keys])
    out = {
        "rows": row_keys, "cols": col_keys, "row_dim": rows, "col_dim": cols, "metric": metric,
        "values": values, "counts": counts, "total": sum(map(sum, counts)), "filters": f.as_dict(),
        "labels": {"rows": {k: label(rows, k) for k in row_keys}, "cols": {k: label(cols, k) for k in col_keys}},
    }
    out["phrases"] = None
    if "cause" in (rows, cols):
        top = cause_phrases(session, f, rows, cols)
        out["phrases"] = [[top.get((r, c), []) for c in col_keys] for r in row_keys]
    return out


def cause_phrases(session: Session, f: Filters, rows: str, cols: str, k: int = CAUSE_TOP_PHRASES
                  ) -> dict[tuple[str, str], list[str]]:
    """The ``k`` most frequent key phrases per (rows, cols) cell, from the contact-level tags with a cause (JSON
    arrays do not group portably across SQLite and PostgreSQL: counted here)."""
    by = (rows, cols)
    dims = [FACT.c.phase if d == "stdc" else TAG.c.cause if d == "cause" else FACT.c[d] for d in by]
    q = select(*dims, TAG.c.cause_phrases).join(
        TAG, (TAG.c.contact_id == FACT.c.contact_id) & TAG.c.turn_id.is_(None)).where(
        TAG.c.cause.is_not(None), *_where(f, FACT, True))
    counts: dict[tuple[str, str], Counter[str]] = {}
    for r, c, phrases in session.execute(q):
        key = tuple(STDC_OF_PHASE.get(v, UNTAGGED) if d == "stdc" else v for d, v in zip(by, (r, c), strict=True))
        if phrases:
            counts.setdefault(key, Counter()).update(phrases)  # type: ignore[arg-type]
    return {key: [p for p, _ in cnt.most_common(k)] for key, cnt in counts.items()}


def period_start(d: date, interval: str) -> date:
    if interval == "week":
        return d - timedelta(days=d.weekday())
    if interval == "month":
        return d.replace(day=1)
    return d


def _next_period(d: date, interval: str) -> date:
    if interval == "day":
        return d + timedelta(days=1)
    if interval == "week":
        return d + timedelta(days=7)
    return (d.replace(day=28) + timedelta(days=4)).replace(day=1)


def date_range(session: Session, cube: RollupCube | None = None,
               snap: _Snapshot | None = None) -> tuple[date | None, date | None]:
    """First and last day with contacts (contacts without a timestamp left out)."""
    snap = snap or (cube.snapshot(session) if cube is not None else None)
    if snap is not None:
        if "date_range" not in snap.memo:
            now = [d for (d, _), (n, _, _) in snap.changed.items() if n]
            days = np.concatenate([snap.alive, np.array(now, np.int64)])
            real = days[days > NO_DAY.toordinal()]
            snap.memo["date_range"] = (date.fromordinal(int(real.min())), date.fromordinal(int(real.max()))) \
                if real.size else (None, None)
        return snap.memo["date_range"]
    lo, hi = session.execute(select(func.min(ROLLUP.c.day), func.max(ROLLUP.c.day))
                             .where(ROLLUP.c.n != 0, ROLLUP.c.day > NO_DAY)).one()
    return lo, hi


def trends(session: Session, by: str, interval: str, metric: str, f: Filters,
           cube: RollupCube | None = None) -> dict[str, Any]:
    check_dimension("by", by)
    check_choice("interval", interval, INTERVALS)
    check_choice("metric", metric, METRICS)
    snap = cube.snapshot(session) if cube is not None else None
    first, last = date_range(session, cube, snap)
    lo = f.date_from or first
    hi = f.date_to or last
    periods: list[date] = []
    if lo is not None and hi is not None and lo <= hi:
        p = period_start(lo, interval)
        while p <= hi:
            periods.append(p)
            if len(periods) > MAX_PERIODS:
                raise QueryError(f"more than {MAX_PERIODS} periods: choose a longer interval or a shorter date range",
                                 {"parameter": "interval"})
            p = _next_period(p, interval)
    per: list[Cells] = []
    if periods:
        assert lo is not None and hi is not None
        bounded = replace(f, date_from=lo, date_to=hi)
        if snap is not None and not f.needs_facts and by != "cause":
            bounds = [lo, *periods[1:], hi + timedelta(days=1)]
            per = _cube_period_cells(snap, bounded, by, bounds, measures_for(metric))
        else:
            per = [{} for _ in periods]
            index = {p: i for i, p in enumerate(periods)}
            for (day, key), (n, vs, neg) in _sql_cells(session, bounded, ("day", by), tagged_only=True).items():
                i = index[period_start(day, interval)]  # type: ignore[arg-type]  # the "day" key is a date
                old = per[i].get((key,), (0, 0.0, 0))
                per[i][(key,)] = (old[0] + n, old[1] + vs, old[2] + neg)
    keys = _order(by, {k[0] for cells_ in per for k in cells_})
    totals = [sum(v[0] for v in cells_.values()) for cells_ in per]
    series = []
    for k in keys:
        vals = [cells_.get((k,), (0, 0.0, 0)) for cells_ in per]
        series.append({"key": k, "label": label(by, k), "counts": [v[0] for v in vals],
                       "values": [metric_value(metric, *v, t) for v, t in zip(vals, totals, strict=True)]})
    return {"interval": interval, "by": by, "metric": metric, "periods": [p.isoformat() for p in periods],
            "totals": totals, "series": series, "filters": f.as_dict()}


# ---- contacts -------------------------------------------------------------------------------------------------


def count_contacts(session: Session, f: Filters, cube: RollupCube | None = None) -> int:
    """Contacts under the filters (untagged ones too unless a tag filter is set): from the cube or the rollup where
    the filters allow, else a count over the facts."""
    if not f.needs_facts:
        return sum(v[0] for v in cells(session, f, (), tagged_only=False, cube=cube, measures=("n",)).values())
    return int(session.execute(select(func.count()).select_from(FACT).where(*_where(f, FACT, False))).scalar() or 0)


def list_contact_ids(session: Session, f: Filters, offset: int, limit: int, sort: str = "-timestamp") -> list[int]:
    check_choice("sort", sort, SORTS)
    c = FACT.c
    order = {"-timestamp": (c.ts.desc(), c.contact_id.desc()), "timestamp": (c.ts.asc(), c.contact_id.asc()),
             "-id": (c.contact_id.desc(),), "id": (c.contact_id.asc(),)}[sort]
    q = select(c.contact_id).where(*_where(f, FACT, False)).order_by(*order).offset(offset).limit(limit)
    return list(session.scalars(q).all())


def list_contacts_json(session: Session, f: Filters, page: int = 1, page_size: int = 50, sort: str = "-timestamp",
                       cube: RollupCube | None = None) -> str:
    """A page of contacts as the API's JSON document: the stored cards joined, nothing decoded or re-encoded."""
    ids = list_contact_ids(session, f, (page - 1) * page_size, page_size, sort)
    total = count_contacts(session, f, cube)
    rest = json.dumps({"total": total, "page": page, "page_size": page_size,
                       "pages": (total + page_size - 1) // page_size, "filters": f.as_dict()}, ensure_ascii=False)
    return '{"items":[' + ",".join(read_cards(session, ids)) + "]," + rest[1:]


def list_contacts(session: Session, f: Filters, page: int = 1, page_size: int = 50, sort: str = "-timestamp",
                  cube: RollupCube | None = None) -> dict[str, Any]:
    return dict(json.loads(list_contacts_json(session, f, page, page_size, sort, cube)))


def contact_detail_json(session: Session, contact_id: int) -> str | None:
    found = read_cards(session, [contact_id])
    return found[0] if found else None


# ---- export -----------------------------------------------------------------------------------------------------

EXPORT_COLUMNS = ("id", "source", "external_id", "channel", "touchpoint", "timestamp", "customer", "language",
                  "emotion", "valence", "valence_label", "intensity", "phase", "stdc", "confidence", "model_version",
                  "text")


def export_rows(session: Session, f: Filters, batch: int = 2000) -> Iterator[list[dict[str, Any]]]:
    """Tagged contacts under the filters, one flat row each (``text``: the customer turns joined), in batches by
    contact id (keyset: memory stays flat whatever the size of the store)."""
    after = 0
    c, cu, tu, tg = CONTACT, CUSTOMER, TURN, TAG
    while True:
        ids = list(session.scalars(
            select(FACT.c.contact_id).where(*_where(f, FACT, True), FACT.c.contact_id > after)
            .order_by(FACT.c.contact_id).limit(batch)).all())
        if not ids:
            return
        after = ids[-1]
        base = {r.id: r for r in session.execute(
            select(c.c.id, c.c.source, c.c.external_id, c.c.channel, c.c.touchpoint, c.c.timestamp, c.c.language,
                   cu.c.pseudonym).outerjoin(cu, cu.c.id == c.c.customer_id).where(c.c.id.in_(ids)))}
        tag = {g.contact_id: g for g in session.execute(
            select(tg.c.contact_id, *(tg.c[k] for k in TAG_FIELDS if k != "emotion_scores"))
            .where(tg.c.contact_id.in_(ids), tg.c.turn_id.is_(None)).order_by(tg.c.id))}
        texts: dict[int, list[str]] = {}
        for cid, text in session.execute(select(tu.c.contact_id, tu.c.text)
                                         .where(tu.c.contact_id.in_(ids), tu.c.speaker == "customer")
                                         .order_by(tu.c.contact_id, tu.c.position)):
            texts.setdefault(cid, []).append(text)
        rows = []
        for i in ids:
            r, g = base[i], tag.get(i)
            if g is None:
                continue
            ts = as_utc(r.timestamp)
            rows.append({"id": i, "source": r.source, "external_id": r.external_id, "channel": r.channel,
                         "touchpoint": r.touchpoint or UNKNOWN, "timestamp": ts, "customer": r.pseudonym,
                         "language": r.language, "emotion": g.emotion, "valence": g.valence,
                         "valence_label": g.valence_label, "intensity": g.intensity, "phase": g.phase,
                         "stdc": g.stdc, "confidence": g.confidence, "model_version": g.model_version,
                         "text": "\n".join(texts.get(i, []))})
        yield rows


# ---- meta -------------------------------------------------------------------------------------------------------


def segment_choices(session: Session) -> dict[str, list[str]]:
    """Segment fields with at most SEGMENT_CHOICES values, and their values."""
    sv = SEGMENT_VALUE.c
    fields = [f for f, in session.execute(select(sv.field).where(sv.n > 0).group_by(sv.field)
                                          .having(func.count() <= SEGMENT_CHOICES).order_by(sv.field))]
    out: dict[str, list[str]] = {f: [] for f in fields}
    for chunk_ in chunks(fields, 500):
        for fld, value in session.execute(select(sv.field, sv.value).where(sv.field.in_(chunk_), sv.n > 0)
                                          .order_by(sv.field, sv.value)):
            out[fld].append(value)
    return out


def meta(session: Session, cube: RollupCube | None = None) -> dict[str, Any]:
    snap = cube.snapshot(session) if cube is not None else None
    if snap is not None and "meta" in snap.memo:
        return snap.memo["meta"]
    everything = cells(session, Filters(), ("channel", "touchpoint", "emotion"), tagged_only=False, cube=cube,
                       measures=("n",))
    channels = {k[0] for k in everything}
    touchpoints = {k[1] for k in everything}
    first, last = date_range(session, cube)
    out = {
        "channels": [{"id": k, "name_nl": label("channel", k)} for k in _order("channel", channels)],
        "touchpoints": [{"id": k, "name_nl": label("touchpoint", k)} for k in _order("touchpoint", touchpoints)],
        "phases": [{"id": p.id, "name_nl": p.nl, "stdc": p.stdc} for p in PHASES],
        "stdc": [{"id": s, "name_nl": STDC_NL[s]} for s in STDC_IDS],
        "emotions": [{"id": e, "name_nl": EMOTION_BY_ID[e].nl, "valence": EMOTION_BY_ID[e].valence}
                     for e in EMOTION_IDS],
        "dimensions": list(DIMENSIONS), "metrics": list(METRICS), "intervals": list(INTERVALS),
        "date_min": first.isoformat() if first else None, "date_max": last.isoformat() if last else None,
        "contacts": sum(v[0] for v in everything.values()),
        "tagged": sum(v[0] for k, v in everything.items() if k[2] != UNTAGGED),
        "segments": segment_choices(session),
    }
    if snap is not None:
        snap.memo["meta"] = out
    return out

