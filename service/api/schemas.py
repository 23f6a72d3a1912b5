"""Request and response bodies of the API (pydantic): what /docs shows and what the handlers return."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from pipelines.ingest.records import CHANNELS, SPEAKERS

Channel = Literal[CHANNELS]  # type: ignore[valid-type]
Speaker = Literal[SPEAKERS]  # type: ignore[valid-type]


class ErrorBody(BaseModel):
    code: str
    message: str
    details: Any = None


class ErrorOut(BaseModel):
    error: ErrorBody


class Health(BaseModel):
    status: str
    version: str
    model_version: str | None
    database: str


class Option(BaseModel):
    id: str
    name_nl: str


class PhaseOption(Option):
    stdc: str


class EmotionOption(Option):
    valence: float


class Meta(BaseModel):
    channels: list[Option]
    touchpoints: list[Option]
    phases: list[PhaseOption]
    stdc: list[Option]
    emotions: list[EmotionOption]
    dimensions: list[str]
    metrics: list[str]
    intervals: list[str]
    date_min: date | None
    date_max: date | None
    contacts: int
    tagged: int
    segments: dict[str, list[str]]


Number = int | float | None


class Heatmap(BaseModel):
    rows: list[str]
    cols: list[str]
    row_dim: str
    col_dim: str
    metric: str
    values: list[list[Number]]
    counts: list[list[int]]
    total: int
    filters: dict[str, Any]
    labels: dict[str, dict[str, str]]
    phrases: list[list[list[str]]] | None = Field(
        None, description="where rows or cols is `cause`: the most frequent key phrases (lemmatised) per cell")


class Series(BaseModel):
    key: str
    label: str
    values: list[Number]
    counts: list[int]


class Trends(BaseModel):
    interval: str
    by: str
    metric: str
    periods: list[date]
    totals: list[int]
    series: list[Series]
    filters: dict[str, Any]


class TagOut(BaseModel):
    emotion: str
    emotion_scores: dict[str, float]
    valence: float
    valence_label: str
    intensity: int
    phase: str
    stdc: str
    confidence: float
    model_version: str


class TurnOut(BaseModel):
    position: int
    speaker: str
    text: str
    timestamp: datetime | None
    tag: TagOut | None


class AttributionOut(BaseModel):
    start: int = Field(description="character offset into the turn's (redacted) text")
    end: int
    text: str = Field(description="text[start:end]: a word, or a run of words in a long turn")
    weight: float = Field(description="p(label) minus p(label) without these words: > 0 supports the tag, < 0 "
                          "speaks against it")


class TagExplanationOut(BaseModel):
    task: Literal["emotion", "phase", "cause"]
    label: str
    probability: float
    predicted: bool = Field(description="the label is the current model's top class for this turn")
    attributions: list[AttributionOut] = Field(description="every occluded unit, in text order")
    top: list[str] = Field(description="the strongest supporting words, strongest first")


class TurnExplanationOut(BaseModel):
    turn_id: int
    position: int
    text: str
    method: str
    units: int
    words_per_unit: int
    tags: list[TagExplanationOut]


class ContactExplanations(BaseModel):
    contact_id: int
    model_version: str
    turns: list[TurnExplanationOut]


class ContactOut(BaseModel):
    id: int
    source: str
    external_id: str | None
    channel: str
    touchpoint: str
    timestamp: datetime | None
    language: str
    customer: str | None = Field(description="pseudonym (keyed hash) of the customer")
    metadata: dict[str, Any]
    tag: TagOut | None
    turns: list[TurnOut]


class ContactPage(BaseModel):
    items: list[ContactOut]
    total: int
    page: int
    page_size: int
    pages: int
    filters: dict[str, Any]


class AlertItem(BaseModel):
    touchpoint: str
    touchpoint_label: str
    emotion: str
    emotion_label: str
    valence: str
    period_start: date
    period_end: date = Field(description="last day of the period (inclusive)")
    count: int = Field(description="contacts of the touchpoint with the emotion in the period")
    total: int = Field(description="tagged contacts of the touchpoint in the period")
    share: float
    baseline_start: date
    baseline_end: date
    baseline_periods: int = Field(description="baseline periods with contacts of the touchpoint")
    baseline_count: int
    baseline_total: int
    baseline_share: float
    rise_pp: float = Field(description="share - baseline share, percentage points")
    ratio: float | None = Field(description="share / baseline share (null: baseline share 0)")
    statistic: float = Field(description="pooled two-proportion z")
    p_value: float = Field(description="exact one-sided Fisher test")
    q_value: float = Field(description="Benjamini-Hochberg, across the cells tested in the period")
    alert: bool
    severity: Literal["high", "medium", "low"] | None
    first_fired: date | None = Field(description="history: first period of this cell's current run of alerts")
    streak: int


class AlertPeriod(BaseModel):
    start: date
    end: date
    tested: int


class Alerts(BaseModel):
    items: list[AlertItem]
    total: int
    interval: str
    as_of: date | None
    periods: list[AlertPeriod]
    params: dict[str, Any]
    filters: dict[str, Any]


class ExplainedContactOut(ContactOut):
    explanations: list[TurnExplanationOut] = Field(description="the customer turns' word explanations")


class ExplainedContactPage(ContactPage):
    """A page of contacts with ``explain=true``."""

    items: list[ExplainedContactOut]  # type: ignore[assignment]


# ---- POST /contacts ----------------------------------------------------------------------------------------------


class TurnIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    speaker: Speaker = "customer"
    text: str = Field(max_length=100_000)
    timestamp: datetime | None = None


class ContactIn(BaseModel):
    """One contact. ``text`` (one customer message) or ``turns`` (a conversation); times without a zone are
    Europe/Amsterdam; ``customer`` (an id or e-mail address) is stored only as a keyed pseudonym."""

    model_config = ConfigDict(extra="forbid")
    external_id: str | None = Field(None, max_length=200)
    source: str = Field("api", min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$")
    channel: Channel
    touchpoint: str | None = Field(None, max_length=200)
    timestamp: datetime | None = Field(None, description="default: the time the request arrives")
    customer: str | None = Field(None, max_length=320)
    text: str | None = Field(None, max_length=100_000)
    turns: list[TurnIn] | None = Field(None, max_length=500)
    metadata: dict[str, Any] = Field(default_factory=dict)


class ContactBatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    contacts: list[ContactIn]


def _body_kind(v: Any) -> str:
    if isinstance(v, dict):
        return "batch" if "contacts" in v else "one"
    return "batch" if isinstance(v, ContactBatchIn) else "one"


IngestBody = Annotated[
    Annotated[ContactIn, Tag("one")] | Annotated[ContactBatchIn, Tag("batch")], Discriminator(_body_kind)
]


class Quarantined(BaseModel):
    index: int
    reason: str


class IngestResult(BaseModel):
    added: int
    duplicates: int
    quarantined: list[Quarantined]
    contacts: list[ContactOut]
