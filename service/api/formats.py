"""CSV and Parquet output: tidy CSV of heatmaps and trends for BI tools, and the streamed export."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from fastapi import Request
from fastapi.responses import Response, StreamingResponse
from pydantic import TypeAdapter

from pipelines.store.aggregations import EXPORT_COLUMNS

CSV_TYPE = "text/csv; charset=utf-8"
PARQUET_TYPE = "application/vnd.apache.parquet"


_ANY: TypeAdapter[Any] = TypeAdapter(Any)


def json_response(data: Any, status_code: int = 200) -> Response:
    """JSON straight from the domain functions' dicts (pydantic's serializer: datetimes as ISO 8601 with Z). The
    routes declare their response models for /docs; re-validating a page of 50 contacts against them on every
    request cost more CPU than the queries, and the tests check every field against the data instead."""
    return Response(_ANY.dump_json(data), status_code=status_code, media_type="application/json")


def json_text_response(text: str) -> Response:
    """A JSON document built as text already (pages of stored contact cards)."""
    return Response(text.encode("utf-8"), media_type="application/json")


def wants_csv(request: Request, fmt: str | None) -> bool:
    if fmt is not None:
        return fmt == "csv"
    return "text/csv" in request.headers.get("accept", "")


def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, datetime):
        return v.isoformat()
    return v


def _csv_text(rows: Iterable[Iterable[Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for row in rows:
        w.writerow([_cell(v) for v in row])
    return buf.getvalue()


def csv_response(header: list[str], rows: Iterable[Iterable[Any]], filename: str) -> Response:
    return Response(_csv_text([header, *rows]), media_type=CSV_TYPE,
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})


def heatmap_csv(data: dict[str, Any]) -> Response:
    """One line per cell: row_dim,col_dim,row,col,count,value (and top_phrases, "; "-joined, on a cause axis)."""
    phrases = data.get("phrases")
    rows = ([data["row_dim"], data["col_dim"], r, c, data["counts"][i][j], data["values"][i][j],
             *(["; ".join(phrases[i][j])] if phrases is not None else [])]
            for i, r in enumerate(data["rows"]) for j, c in enumerate(data["cols"]))
    header = ["row_dim", "col_dim", "row", "col", "count", "value", *(["top_phrases"] if phrases is not None else [])]
    return csv_response(header, rows, "heatmap.csv")


def trends_csv(data: dict[str, Any]) -> Response:
    """One line per period and key: by,interval,period,key,count,value."""
    rows = ([data["by"], data["interval"], p.isoformat() if hasattr(p, "isoformat") else p, s["key"], s["counts"][i],
             s["values"][i]] for s in data["series"] for i, p in enumerate(data["periods"]))
    return csv_response(["by", "interval", "period", "key", "count", "value"], rows, "trends.csv")


ALERT_COLUMNS = ("period_start", "period_end", "touchpoint", "emotion", "valence", "count", "total", "share",
                 "baseline_start", "baseline_end", "baseline_count", "baseline_total", "baseline_share", "rise_pp",
                 "ratio", "statistic", "p_value", "q_value", "alert", "severity", "first_fired", "streak")


def alerts_csv(data: dict[str, Any]) -> Response:
    """One line per alert (per cell tested with all_cells): the columns of ALERT_COLUMNS."""
    def value(v: Any) -> Any:
        return str(v).lower() if isinstance(v, bool) else v

    return csv_response(list(ALERT_COLUMNS), ([value(item[c]) for c in ALERT_COLUMNS] for item in data["items"]),
                        "alerts.csv")


def export_csv(batches: Callable[[], Iterator[list[dict[str, Any]]]]) -> StreamingResponse:
    def body() -> Iterator[str]:
        yield _csv_text([EXPORT_COLUMNS])
        for rows in batches():
            yield _csv_text([r[c] for c in EXPORT_COLUMNS] for r in rows)

    return StreamingResponse(body(), media_type=CSV_TYPE,
                             headers={"Content-Disposition": 'attachment; filename="klantgevoel-export.csv"'})


def _parquet_schema() -> Any:
    import pyarrow as pa

    types = {"id": pa.int64(), "timestamp": pa.timestamp("us", tz="UTC"), "valence": pa.float64(),
             "intensity": pa.int64(), "confidence": pa.float64()}
    return pa.schema([(c, types.get(c, pa.string())) for c in EXPORT_COLUMNS])


def export_parquet(batches: Callable[[], Iterator[list[dict[str, Any]]]]) -> StreamingResponse:
    """Written batch by batch (one row group each) to a spooled temporary file, then streamed: a Parquet file
    ends with its footer, so it cannot go out before the last row is in."""
    def body() -> Iterator[bytes]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = _parquet_schema()
        with tempfile.SpooledTemporaryFile(max_size=64 << 20) as tmp:
            with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
                for rows in batches():
                    writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            tmp.seek(0)
            while chunk := tmp.read(1 << 20):
                yield chunk

    return StreamingResponse(body(), media_type=PARQUET_TYPE,
                             headers={"Content-Disposition": 'attachment; filename="klantgevoel-export.parquet"'})
