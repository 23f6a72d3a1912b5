"""Alerts: a touchpoint x emotion cell whose share rises significantly against its own history.

    evaluate(session, AlertConfig(interval="month"), filters, cube=cube)   -> AlertReport (every cell tested)
    report.alerts                                                          -> the cells that fire

**What is counted.** Exactly what the touchpoint x emotion heatmap counts (``aggregations.cells``, tagged Dutch
contacts, the same filters): for a period P and a touchpoint t, ``n`` = tagged contacts of t in P and ``x`` =
those with emotion e. The cell's **baseline** is the same count over the ``baseline`` periods just before P
(``x0`` of ``n0``), so the heatmap of P (``date_from``/``date_to`` = P's first/last day) shows ``x`` and ``n``.

**The test** (per period, for every cell (t, e) whose touchpoint has contacts in P and at least ``min_baseline``
contacts over at least ``min_history`` baseline periods): H0 "the share of e among t's contacts in P is the
baseline share" against H1 "it is higher" (``direction="fall"``: lower). The p-value is the **exact one-sided
Fisher test** on the 2x2 table [[x, n - x], [x0, n0 - x0]], i.e. the hypergeometric tail
P(X >= x), X ~ Hypergeom(population n + n0, successes x + x0, draws n) (fall: P(X <= x)); exact at any count.
The p-values of all cells tested in one period form one family: **Benjamini-Hochberg** q-values control the
false discovery rate across them. A cell **fires** when q <= ``alpha``, x >= ``min_count`` (fall: the expected
count n * x0 / n0 >= ``min_count``) and the share moved by at least ``min_rise`` percentage points. The guards
are applied after BH (every tested cell stays in the family). ``statistic`` is the pooled two-proportion z of
the same comparison (for reading and ranking; the decision uses the exact p).

Periods: calendar days, Monday weeks or months (Europe/Amsterdam days, as the rollup). Only **complete** periods
are evaluated: the latest one ending on or before ``as_of`` (default: ``date_to``, else the last day with data),
or with ``history`` every complete period from ``date_from`` (else the first with data) to that one. The date
range chooses the periods evaluated; baselines may reach back before ``date_from``. ``touchpoint`` and
``emotion`` filters (and ``valence``) choose the cells reported, not the data: q-values do not change with them.
Channel, phase, stdc and segment filters choose the contacts, as in the heatmap.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import numpy as np
from scipy.stats import hypergeom
from sqlmodel import Session

from models.taxonomy import EMOTION_BY_ID, EMOTION_IDS
from pipelines.store.aggregations import (
    INTERVALS,
    MAX_PERIODS,
    Filters,
    QueryError,
    RollupCube,
    cells,
    check_choice,
    date_range,
    label,
    period_start,
)

DIRECTIONS = ("rise", "fall")
VALENCES = ("negative", "neutral", "positive")
DEFAULT_BASELINE = {"day": 28, "week": 8, "month": 3}
SEVERITIES = ("high", "medium", "low")
TEST = ("exact one-sided Fisher test (hypergeometric tail) of the cell's share in the period against its share "
        "over the baseline periods, Benjamini-Hochberg q-values across all cells tested in the period")


def period_end(start: date, interval: str) -> date:
    """The last day of the period that starts on ``start``."""
    if interval == "day":
        return start
    if interval == "week":
        return start + timedelta(days=6)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def shift(start: date, interval: str, k: int) -> date:
    """The start of the period ``k`` periods after (k < 0: before) the one starting on ``start``."""
    if interval == "day":
        return start + timedelta(days=k)
    if interval == "week":
        return start + timedelta(weeks=k)
    m = start.year * 12 + start.month - 1 + k
    return date(m // 12, m % 12 + 1, 1)


# ---- statistics (pure) ---------------------------------------------------------------------------------------


def fisher_one_sided(x: Any, n: Any, x0: Any, n0: Any, direction: str = "rise") -> np.ndarray:
    """Exact one-sided Fisher p-values of x/n against x0/n0 (arrays): P(X >= x) for a rise, P(X <= x) for a fall,
    X ~ Hypergeom(M = n + n0, K = x + x0, N = n). The same as ``scipy.stats.fisher_exact(..., alternative=
    "greater" / "less")`` on [[x, n - x], [x0, n0 - x0]], vectorised."""
    x, n, x0, n0 = (np.asarray(v, dtype=np.int64) for v in (x, n, x0, n0))
    p = hypergeom.sf(x - 1, n + n0, x + x0, n) if direction == "rise" else hypergeom.cdf(x, n + n0, x + x0, n)
    return np.clip(np.asarray(p, dtype=float), 0.0, 1.0)


def z_two_proportions(x: Any, n: Any, x0: Any, n0: Any) -> np.ndarray:
    """Pooled two-proportion z of x/n against x0/n0 (0 where the pooled share is 0 or 1)."""
    x, n, x0, n0 = (np.asarray(v, dtype=float) for v in (x, n, x0, n0))
    pooled = (x + x0) / (n + n0)
    se = np.sqrt(pooled * (1 - pooled) * (1 / n + 1 / n0))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, (x / n - x0 / n0) / np.where(se > 0, se, 1), 0.0)
    return z


def benjamini_hochberg(p: Sequence[float] | np.ndarray) -> np.ndarray:
    """BH q-values (step-up, monotone, capped at 1), in the order of ``p``."""
    p = np.asarray(p, dtype=float)
    m = p.size
    if m == 0:
        return p
    order = np.argsort(p, kind="stable")
    ranked = p[order] * m / np.arange(1, m + 1)
    q = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(q, 1.0)
    return out


# ---- configuration and results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlertConfig:
    interval: str = "week"
    baseline: int | None = None  # periods of history; None: DEFAULT_BASELINE[interval]
    min_history: int | None = None  # baseline periods with contacts of the touchpoint; None: ceil(baseline / 2)
    min_baseline: int = 20  # contacts of the touchpoint over the baseline
    min_count: int = 5  # contacts with the emotion in the period (fall: expected from the baseline share)
    min_rise: float = 5.0  # percentage points
    alpha: float = 0.05  # BH q-value at or below which a cell fires
    direction: str = "rise"
    as_of: date | None = None
    history: bool = False

    def __post_init__(self) -> None:
        check_choice("interval", self.interval, INTERVALS)
        check_choice("direction", self.direction, DIRECTIONS)
        for name, v, lo in (("baseline", self.baseline, 1), ("min_history", self.min_history, 1),
                            ("min_baseline", self.min_baseline, 1), ("min_count", self.min_count, 0)):
            if v is not None and v < lo:
                raise QueryError(f"{name} must be at least {lo}", {"parameter": name})
        if not 0 < self.alpha <= 1:
            raise QueryError("alpha must lie in (0, 1]", {"parameter": "alpha"})
        if not 0 <= self.min_rise <= 100:
            raise QueryError("min_rise must lie in 0..100 (percentage points)", {"parameter": "min_rise"})
        if self.min_history is not None and self.min_history > self.periods:
            raise QueryError("min_history cannot exceed baseline", {"parameter": "min_history"})

    @property
    def periods(self) -> int:
        return self.baseline or DEFAULT_BASELINE[self.interval]

    @property
    def history_needed(self) -> int:
        return self.min_history or math.ceil(self.periods / 2)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(baseline=self.periods, min_history=self.history_needed,
                   as_of=self.as_of.isoformat() if self.as_of else None, test=TEST)
        return out


@dataclass
class CellTest:
    touchpoint: str
    emotion: str
    period_start: date
    period_end: date
    count: int
    total: int
    baseline_start: date
    baseline_end: date
    baseline_periods: int  # baseline periods with contacts of the touchpoint
    baseline_count: int
    baseline_total: int
    statistic: float
    p_value: float
    q_value: float = 1.0
    alert: bool = False
    severity: str | None = None
    first_fired: date | None = None  # history: the first period of the current run of alerts of this cell
    streak: int = 0  # history: consecutive periods this cell has fired, this one included

    @property
    def share(self) -> float:
        return self.count / self.total

    @property
    def baseline_share(self) -> float:
        return self.baseline_count / self.baseline_total

    @property
    def rise_pp(self) -> float:
        return 100 * (self.share - self.baseline_share)

    @property
    def ratio(self) -> float | None:
        return self.share / self.baseline_share if self.baseline_count else None

    @property
    def valence(self) -> str:
        return EMOTION_BY_ID[self.emotion].valence_label if self.emotion in EMOTION_BY_ID else "neutral"

    def as_dict(self) -> dict[str, Any]:
        return {
            "touchpoint": self.touchpoint, "touchpoint_label": label("touchpoint", self.touchpoint),
            "emotion": self.emotion, "emotion_label": label("emotion", self.emotion), "valence": self.valence,
            "period_start": self.period_start.isoformat(), "period_end": self.period_end.isoformat(),
            "count": self.count, "total": self.total, "share": round(self.share, 6),
            "baseline_start": self.baseline_start.isoformat(), "baseline_end": self.baseline_end.isoformat(),
            "baseline_periods": self.baseline_periods, "baseline_count": self.baseline_count,
            "baseline_total": self.baseline_total, "baseline_share": round(self.baseline_share, 6),
            "rise_pp": round(self.rise_pp, 3), "ratio": None if self.ratio is None else round(self.ratio, 4),
            "statistic": round(self.statistic, 4), "p_value": self.p_value, "q_value": self.q_value,
            "alert": self.alert, "severity": self.severity,
            "first_fired": self.first_fired.isoformat() if self.first_fired else None, "streak": self.streak,
        }


@dataclass
class AlertReport:
    config: AlertConfig
    as_of: date | None
    periods: list[tuple[date, date]]  # the periods evaluated
    tests: list[CellTest] = field(default_factory=list)  # every cell tested, after the output filters
    tested: dict[date, int] = field(default_factory=dict)  # family size (cells tested) per period
    filters: dict[str, Any] = field(default_factory=dict)

    @property
    def alerts(self) -> list[CellTest]:
        return [t for t in self.tests if t.alert]

    def as_dict(self, all_cells: bool = False) -> dict[str, Any]:
        items = self.tests if all_cells else self.alerts
        return {
            "items": [t.as_dict() for t in items], "total": len(items),
            "interval": self.config.interval, "as_of": self.as_of.isoformat() if self.as_of else None,
            "periods": [{"start": a.isoformat(), "end": b.isoformat(), "tested": self.tested.get(a, 0)}
                        for a, b in self.periods],
            "params": self.config.as_dict(), "filters": self.filters,
        }


# ---- the evaluation --------------------------------------------------------------------------------------------


def severity(t: CellTest) -> str:
    """high: a negative emotion, q < 0.01 and a rise (fall) of 10 pp or more; medium: another alert on a negative
    emotion, or q < 0.01; low: the rest (neutral or positive emotions with 0.01 <= q <= alpha)."""
    negative = t.valence == "negative"
    if negative and t.q_value < 0.01 and abs(t.rise_pp) >= 10:
        return "high"
    if negative or t.q_value < 0.01:
        return "medium"
    return "low"


def _fires(t: CellTest, cfg: AlertConfig) -> bool:
    if t.q_value > cfg.alpha:
        return False
    if cfg.direction == "rise":
        return t.count >= cfg.min_count and t.rise_pp >= cfg.min_rise
    return t.total * t.baseline_share >= cfg.min_count and -t.rise_pp >= cfg.min_rise


def score_period(period: tuple[date, date], baseline: tuple[date, date], now: dict[tuple[str, str], int],
                 base: dict[tuple[str, str], int], base_periods: dict[str, int], cfg: AlertConfig) -> list[CellTest]:
    """Test every touchpoint x emotion cell of one period against its baseline (counts per (touchpoint, emotion);
    ``base_periods``: baseline periods with contacts, per touchpoint) and apply BH across them. Pure."""
    n_now: dict[str, int] = {}
    n_base: dict[str, int] = {}
    for (tp, _), v in now.items():
        n_now[tp] = n_now.get(tp, 0) + v
    for (tp, _), v in base.items():
        n_base[tp] = n_base.get(tp, 0) + v
    rows = [(tp, e) for tp in sorted(n_now)
            if n_now[tp] and n_base.get(tp, 0) >= cfg.min_baseline and base_periods.get(tp, 0) >= cfg.history_needed
            for e in EMOTION_IDS]
    if not rows:
        return []
    x = np.array([now.get(k, 0) for k in rows])
    n = np.array([n_now[tp] for tp, _ in rows])
    x0 = np.array([base.get(k, 0) for k in rows])
    n0 = np.array([n_base[tp] for tp, _ in rows])
    p = fisher_one_sided(x, n, x0, n0, cfg.direction)
    q = benjamini_hochberg(p)
    z = z_two_proportions(x, n, x0, n0)
    out = []
    for i, (tp, e) in enumerate(rows):
        t = CellTest(tp, e, period[0], period[1], int(x[i]), int(n[i]), baseline[0], baseline[1],
                     base_periods[tp], int(x0[i]), int(n0[i]), float(z[i]), float(p[i]), float(q[i]))
        t.alert = _fires(t, cfg)
        t.severity = severity(t) if t.alert else None
        out.append(t)
    return out


def _periods(session: Session, cfg: AlertConfig, f: Filters, cube: RollupCube | None) -> tuple[date | None,
                                                                                             list[date]]:
    """as_of and the start days of the periods to evaluate (complete ones only), oldest first."""
    first, last = date_range(session, cube)
    as_of = cfg.as_of or f.date_to or last
    if as_of is None or first is None:
        return as_of, []
    p = period_start(as_of, cfg.interval)
    if period_end(p, cfg.interval) > as_of:  # not complete yet: the one before
        p = shift(p, cfg.interval, -1)
    lo = f.date_from or period_start(first, cfg.interval)
    starts: list[date] = []
    while p >= lo and period_end(p, cfg.interval) >= first:
        starts.append(p)
        if not cfg.history:
            break
        if len(starts) > MAX_PERIODS:
            raise QueryError(f"more than {MAX_PERIODS} periods: choose a longer interval or a shorter date range",
                             {"parameter": "interval"})
        p = shift(p, cfg.interval, -1)
    return as_of, starts[::-1]


def evaluate(session: Session, cfg: AlertConfig, f: Filters | None = None, cube: RollupCube | None = None,
             valence: Sequence[str] = ()) -> AlertReport:
    """Every touchpoint x emotion cell tested in each period to evaluate (see the module doc), with its alert
    decision; newest period first, alerts first, then by severity, q-value and size of the move. ``f``: the
    API's filters (date range: the periods evaluated; touchpoint and emotion: the cells reported; the others:
    the contacts counted, as in the heatmap)."""
    for v in valence:
        check_choice("valence", v, VALENCES)
    f = f or Filters()
    as_of, starts = _periods(session, cfg, f, cube)
    population = replace(f, date_from=None, date_to=None, touchpoint=(), emotion=())
    report = AlertReport(cfg, as_of, [(s, period_end(s, cfg.interval)) for s in starts], filters=f.as_dict())
    if valence:
        report.filters["valence"] = list(valence)
    if not starts:
        return report
    k = cfg.periods
    read = [shift(starts[0], cfg.interval, -k)]  # every period read: the first baseline's to the last evaluated
    while read[-1] < starts[-1]:
        read.append(shift(read[-1], cfg.interval, 1))
    counts: list[dict[tuple[str, str], int]] = []
    for s in read:
        got = cells(session, replace(population, date_from=s, date_to=period_end(s, cfg.interval)),
                    ("touchpoint", "emotion"), tagged_only=True, cube=cube, measures=("n",))
        counts.append({(key[0], key[1]): v[0] for key, v in got.items()})
    index = {s: i for i, s in enumerate(read)}
    last_alert: dict[tuple[str, str], tuple[date, date, int]] = {}  # cell -> (last period, run start, run length)
    for s in starts:
        i = index[s]
        base: dict[tuple[str, str], int] = {}
        base_periods: dict[str, int] = {}
        for period_counts in counts[i - k:i]:
            for cell, n in period_counts.items():
                base[cell] = base.get(cell, 0) + n
            for tp in {cell[0] for cell, n in period_counts.items() if n}:
                base_periods[tp] = base_periods.get(tp, 0) + 1
        baseline = (read[i - k], period_end(read[i - 1], cfg.interval))
        tested = score_period((s, period_end(s, cfg.interval)), baseline, counts[i], base, base_periods, cfg)
        report.tested[s] = len(tested)
        before = shift(s, cfg.interval, -1)
        for t in tested:
            if t.alert:
                key = (t.touchpoint, t.emotion)
                prev = last_alert.get(key)
                run = (prev[1], prev[2] + 1) if prev and prev[0] == before else (s, 1)
                last_alert[key] = (s, *run)
                t.first_fired, t.streak = run
        report.tests.extend(t for t in tested if (not f.touchpoint or t.touchpoint in f.touchpoint)
                            and (not f.emotion or t.emotion in f.emotion) and (not valence or t.valence in valence))
    report.tests.sort(key=lambda t: (-t.period_start.toordinal(), not t.alert,
                                     SEVERITIES.index(t.severity) if t.severity else len(SEVERITIES),
                                     t.q_value, -abs(t.rise_pp)))
    return report
