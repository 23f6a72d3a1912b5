"""The dashboard at ``/``: its assets over plain HTTP, then the page itself in a real browser (Debian's Chromium,
headless, driven by Playwright) against the real server (``voc serve``) on a SQLite store of factory data.

The browser test logs in with a read key made by ``voc apikey create``, waits for the heatmaps, clicks a cell and
checks that the verbatims listed are exactly the contacts planted in that cell (over two pages) and that the
words behind their emotion tag get marked as the explanations endpoint says, switches the
metric and a filter, and keeps a screenshot in tests/artifacts/dashboard.png. It prints the first load
(navigation start to the first heatmap drawn); timing is reported, never asserted.
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.dashboard import mount_dashboard, plotly_path
from tests.conftest import ROOT
from tests.live_server import create_key, serve, voc_env

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
PAGE_SIZE = 20  # the dashboard's verbatims per page (PAGE_SIZE in service/dashboard/static/app.js)

# The planted data: (touchpoint, emotion, phase, channel, how many). Delivery x anger holds more than one page
# (25 contacts, two phases, two channels); a non-Dutch delivery contact without a tag must never show up.
CELLS = [
    ("delivery", "anger", "delivery", "email", 15),
    ("delivery", "anger", "purchase", "chat", 10),
    ("delivery", "gratitude", "delivery", "chat", 6),
    ("returns", "annoyance", "usage", "webform", 9),
    ("returns", "neutral", "purchase", "email", 4),
    ("billing", "nervousness", "purchase", "phone", 5),
    (None, "joy", "usage", "review", 3),
]
EMOTION_NL = {"anger": "woede", "gratitude": "dankbaarheid"}


def _browser_or_skip() -> None:
    """Chromium and Playwright, or a skip (a failure where KLANTGEVOEL_REQUIRE_BROWSER=1, as in CI)."""
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("playwright (pip install -e '.[dev]')")
    if missing:
        msg = "no browser: " + ", ".join(missing)
        if os.environ.get("KLANTGEVOEL_REQUIRE_BROWSER") == "1":
            pytest.fail(msg)
        pytest.skip(msg)


def _marker(tp: str | None, emotion: str, phase: str, channel: str, i: int) -> str:
    return f"REF-{tp or 'none'}-{emotion}-{phase}-{channel}-{i:02d}"


def _fill(db_url: str) -> dict[tuple[str, str], set[str]]:
    """Write the planted contacts; returns the markers per (touchpoint key, emotion) cell."""
    from pipelines.store.bulk import TaggedContact, TurnRecord, bulk_write, make_tag
    from pipelines.store.db import open_store

    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    contacts, cells = [], {}
    n = 0
    for tp, emotion, phase, channel, count in CELLS:
        for i in range(count):
            n += 1
            marker = _marker(tp, emotion, phase, channel, i)
            cells.setdefault((tp or "unknown", emotion), set()).add(marker)
            text = f"Ik wacht nu al een week op mijn pakket, bel me op [TELEFOON]. Kenmerk {marker}."
            contacts.append(TaggedContact(
                channel=channel, timestamp=start + timedelta(hours=29 * n), touchpoint=tp,
                turns=[TurnRecord("customer", text), TurnRecord("agent", "Dank voor uw bericht, [NAAM].")],
                tag=make_tag(emotion, phase, intensity=4), source="factory", external_id=marker,
                customer=f"pseudonym-{n % 11}",
            ))
    contacts.append(TaggedContact(channel="email", timestamp=start, touchpoint="delivery", language="en",
                                  turns=[TurnRecord("customer", "Where is my parcel? REF-english")], tag=None,
                                  source="factory", external_id="REF-english"))
    engine = open_store(db_url)
    bulk_write(engine, contacts)
    engine.dispose()
    return cells


# ---- the assets over plain HTTP (no browser, no database) ----------------------------------------------------


@pytest.fixture(scope="module")
def asset_client():
    app = FastAPI()
    mount_dashboard(app)
    with TestClient(app) as client:
        yield client


def test_page_and_assets_are_served_gzipped_and_cacheable(asset_client):
    page = asset_client.get("/", headers={"Accept-Encoding": "gzip"})
    assert page.status_code == 200 and page.headers["content-encoding"] == "gzip"
    assert page.headers["cache-control"] == "no-cache"
    assert "default-src 'self'" in page.headers["content-security-policy"]
    html = page.text
    assert '<html lang="nl"' in html
    srcs = [part.split('"')[0] for part in html.split('="/dashboard/')[1:]]
    assert sorted({s.split("?")[0] for s in srcs}) == ["app.js", "plotly.min.js", "style.css"]
    for src in srcs:
        r = asset_client.get(f"/dashboard/{src}", headers={"Accept-Encoding": "gzip"})
        assert r.status_code == 200 and r.headers["content-encoding"] == "gzip"
        assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
        etag = r.headers["etag"]
        assert asset_client.get(f"/dashboard/{src}", headers={"If-None-Match": etag}).status_code == 304
    # plotly.js is the plotly package's own file, byte for byte; without gzip it comes plain
    raw = asset_client.get(next(f"/dashboard/{s}" for s in srcs if s.startswith("plotly")),
                           headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in raw.headers and raw.content == plotly_path().read_bytes()
    assert asset_client.get("/dashboard/nothing.js").status_code == 404


def test_the_page_loads_nothing_from_elsewhere(asset_client):
    for name in ("", "dashboard/app.js", "dashboard/style.css"):
        body = asset_client.get(f"/{name}").text
        assert "http://" not in body and "https://" not in body and "//cdn" not in body, name


# ---- the dashboard in Chromium against `voc serve` -----------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory, settings):
    _browser_or_skip()
    tmp = tmp_path_factory.mktemp("dashboard")
    db = f"sqlite:///{tmp / 'dashboard.db'}"
    cells = _fill(db)
    # read-only; the tagger is loaded for the explanations (the highlighted words) only
    env = {**voc_env(settings.cache_dir), "KLANTGEVOEL_API_INGEST": "false", "KLANTGEVOEL_API_EXPLAIN": "true"}
    key = create_key(db, env, "read", "dashboard-test")
    with serve(db, env, tmp / "serve.log") as url:
        yield {"url": url, "key": key, "cells": cells}


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--lang=nl-NL"])
        yield b
        b.close()


def _api(server, path: str, **params) -> dict:
    r = httpx.get(f"{server['url']}/api/v1/{path}", params=params, timeout=30,
                  headers={"Authorization": f"Bearer {server['key']}"})
    assert r.status_code == 200, r.text
    return r.json()


def _click_cell(page, heatmap: str, row: str, col: str) -> None:
    page.click(f"#hm-{heatmap} button.cell[data-row='{row}'][data-col='{col}']")


def _drawn(page, heatmap: str) -> dict:
    """What a heatmap shows: row and column headers, counts and values of its cells."""
    return page.evaluate(
        """id => {
            const t = document.querySelector(`#hm-${id} table`);
            const cells = [...t.tBodies[0].rows].map(tr => [...tr.querySelectorAll("button.cell")]);
            return {rows: [...t.tBodies[0].rows].map(tr => tr.cells[0].innerText),
                    cols: [...t.tHead.querySelectorAll("th.col")].map(th => th.innerText),
                    counts: cells.map(r => r.map(b => Number(b.dataset.count))),
                    values: cells.map(r => r.map(b => b.dataset.value === "" ? null : Number(b.dataset.value)))};
        }""",
        heatmap,
    )


def _listed(page) -> list[dict]:
    return page.eval_on_selector_all(
        "#verbatim-list li",
        "els => els.map(e => ({...e.dataset, text: e.innerText,"
        " emotionTag: e.querySelector('.tag.emotion')?.innerText}))",
    )


def _wait_redraw(page, before: int) -> None:
    page.wait_for_function("n => window.klantgevoel.drawn >= n + 2", arg=before)  # both heatmaps


def test_dashboard_in_a_browser(server, browser):
    url, cells = server["url"], server["cells"]
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="nl-NL")
    page = context.new_page()
    requests, problems = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))

    # a wrong key is refused with a message, the right one opens the dashboard
    page.goto(url + "/")
    page.fill("#key", "kg_not-a-key")
    page.click("#login-form button[type=submit]")
    page.wait_for_function("() => document.querySelector('#login-error').textContent.length > 0")
    assert "onbekend" in page.inner_text("#login-error")
    problems.clear()  # the browser logs the 401 itself
    page.fill("#key", server["key"])
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#hm-touchpoint[data-state=drawn]")
    page.wait_for_selector("#hm-phase[data-state=drawn]")
    page.wait_for_selector("#trend[data-state=drawn]")

    # the heatmap drawn is the API's: same rows, Dutch labels, same numbers
    hm = _api(server, "heatmap", rows="touchpoint", cols="emotion", metric="count")
    drawn = _drawn(page, "touchpoint")
    assert drawn["counts"] == hm["counts"] and drawn["values"] == hm["values"]
    assert drawn["rows"] == [hm["labels"]["rows"][k] for k in hm["rows"]]
    assert drawn["cols"] == [hm["labels"]["cols"][k] for k in hm["cols"]] and "woede" in drawn["cols"]
    assert sorted(hm["rows"]) == sorted({tp for tp, _ in cells})
    planted = Counter()
    for (tp, emotion), markers in cells.items():
        planted[tp, emotion] = len(markers)
    for r, tp in enumerate(hm["rows"]):
        for c, emotion in enumerate(hm["cols"]):
            assert hm["counts"][r][c] == planted[tp, emotion], (tp, emotion)

    # click delivery x anger: its 25 contacts, 20 on page 1 and 5 on page 2, nothing else
    r, c = hm["rows"].index("delivery"), hm["cols"].index("anger")
    _click_cell(page, "touchpoint", "delivery", "anger")
    page.wait_for_selector("#verbatim-list li")
    expected = cells["delivery", "anger"]
    assert page.get_attribute("#verbatims-count", "data-total") == str(len(expected)) == str(hm["counts"][r][c])
    title = page.inner_text("#verbatims-title")
    assert hm["labels"]["rows"]["delivery"] in title and "woede" in title
    first = _listed(page)
    assert len(first) == PAGE_SIZE
    # the words behind each verbatim's emotion follow the list, verbatim by verbatim, as the API explains them
    page.wait_for_selector("#verbatim-list[data-why=done]")
    listed = next(i for i, u in enumerate(requests) if "/contacts?" in u)
    asked = [i for i, u in enumerate(requests) if u.endswith("/explanations")]
    assert len(asked) == PAGE_SIZE and listed < min(asked)  # one request per verbatim, after the list
    marks = page.eval_on_selector_all(
        "#verbatim-list li .quote mark.why",
        "ms => ms.map(m => ({id: m.closest('li').dataset.id, text: m.textContent, title: m.title,"
        " weight: Number(m.dataset.weight), pro: m.classList.contains('pro')}))")
    assert {m["id"] for m in marks} == {i["id"] for i in first}  # every verbatim of the page has marks
    why = _api(server, f"contacts/{first[0]['id']}/explanations")["turns"][0]
    emotion = next(t for t in why["tags"] if t["task"] == "emotion")
    assert emotion["label"] == "anger"  # the stored tag's label, explained
    attrs = emotion["attributions"]  # the dashboard marks the 3 strongest for and 2 strongest against (>= 0.005)
    pro = sorted((a for a in attrs if a["weight"] >= 0.005), key=lambda a: -abs(a["weight"]))[:3]
    con = sorted((a for a in attrs if a["weight"] <= -0.005), key=lambda a: -abs(a["weight"]))[:2]
    marked = [(why["text"][a["start"]:a["end"]], a["weight"]) for a in sorted(pro + con, key=lambda a: a["start"])]
    assert marked and [(m["text"], m["weight"]) for m in marks if m["id"] == first[0]["id"]] == marked
    assert all(("steunt woede" in m["title"]) == m["pro"] and "woede" in m["title"] for m in marks)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    page.locator("#verbatim-list li").first.screenshot(path=str(ARTIFACTS / "dashboard-explanations.png"))
    page.click("#next")
    page.wait_for_selector("#verbatim-list[data-page='2']")
    second = _listed(page)
    assert len(second) == len(expected) - PAGE_SIZE
    items = first + second
    assert {i["touchpoint"] for i in items} == {"delivery"} and {i["emotion"] for i in items} == {"anger"}
    assert {i["emotionTag"] for i in items} == {"woede"} and {i["phase"] for i in items} == {"delivery", "purchase"}
    assert all("intensiteit 4/5" in i["text"] for i in items)
    assert "fase: levering" in first[0]["text"] or "fase: aankoop" in first[0]["text"]
    shown = {m for i in items for m in expected if m in i["text"]}
    assert shown == expected and len({i["id"] for i in items}) == len(expected)
    assert not any("REF-english" in i["text"] for i in items)
    assert page.locator("#verbatim-list .quote .ph", has_text="[TELEFOON]").count() == len(second)

    # the metric switch redraws both heatmaps with the API's values for that metric
    before = page.evaluate("window.klantgevoel.drawn")
    page.click("#metric label:has-text('Aandeel negatief')")
    _wait_redraw(page, before)
    neg = _api(server, "heatmap", rows="touchpoint", cols="emotion", metric="negative_share")
    assert _drawn(page, "touchpoint")["values"] == neg["values"]

    # a channel filter narrows the cell to its chat contacts
    before = page.evaluate("window.klantgevoel.drawn")
    page.click("#channel-filter summary")
    page.check("#channel-filter input[value=chat]")
    _wait_redraw(page, before)
    page.click(".brand")  # a click elsewhere closes the filter list
    chat = _api(server, "heatmap", rows="touchpoint", cols="emotion", metric="count", channel="chat")
    r, c = chat["rows"].index("delivery"), chat["cols"].index("anger")
    _click_cell(page, "touchpoint", "delivery", "anger")
    page.wait_for_function("() => document.querySelector('#verbatims-count').dataset.total === '10'")
    chat_items = _listed(page)
    assert len(chat_items) == 10 == chat["counts"][r][c]
    assert {i["channel"] for i in chat_items} == {"chat"} and {i["phase"] for i in chat_items} == {"purchase"}

    # the CSV button downloads the heatmap as shown (metric and filters included)
    with page.expect_download() as dl:
        page.click("button.csv[data-rows=touchpoint]")
    lines = Path(dl.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "row_dim,col_dim,row,col,count,value"
    assert "touchpoint,emotion,delivery,anger,10," in "\n".join(lines)

    # the phase heatmap's cells drill down too
    ph = _api(server, "heatmap", rows="phase", cols="emotion", metric="count", channel="chat")
    assert ph["counts"][ph["rows"].index("delivery")][ph["cols"].index("gratitude")] == 6
    _click_cell(page, "phase", "delivery", "gratitude")
    page.wait_for_function("() => document.querySelector('#verbatims-count').dataset.total === '6'")
    assert {i["emotion"] for i in _listed(page)} == {"gratitude"}

    origin = url.rstrip("/")
    assert requests and all(u.startswith(origin + "/") or u.startswith("data:") for u in requests), \
        [u for u in requests if not u.startswith(origin)]
    assert problems == []
    context.close()


def test_journeys_in_a_browser(server, browser):
    """The journeys list matches the API; a click shows the journey's contacts with peak and end, and a chat's
    turn-by-turn emotion is drawn as a line (screenshot: tests/artifacts/dashboard-journeys.png)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="nl-NL")
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.goto(server["url"] + "/")
    page.fill("#key", server["key"])
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#journey-rows tr[data-customer]")
    want = _api(server, "journeys", limit=15)
    rows = page.eval_on_selector_all("#journey-rows tr[data-customer]", "rs => rs.map(r => r.dataset.id)")
    assert rows == [j["id"] for j in want["items"]] and rows
    first = want["items"][0]
    page.click(f"#journey-rows tr[data-id='{first['id']}']")
    page.wait_for_selector("#journey-detail:not([hidden])")
    shown = page.eval_on_selector_all("#journey-contacts li", "ls => ls.map(l => l.textContent)")
    assert len(shown) == len(first["contacts"])
    assert sum("piek" in t for t in shown) == 1 and sum("einde" in t for t in shown) == 1
    flagged = _api(server, "journeys", flag="repeat_contact", limit=15)
    page.click("#journey-flag label:has-text('Herhaald contact')")
    page.wait_for_function(
        "n => document.querySelectorAll('#journey-rows tr[data-customer]').length === n", arg=len(flagged["items"]))
    chat = next((c for j in want["items"] for c in j["contacts"] if c["channel"] == "chat"), None)
    if chat is not None:
        page.click("#journey-flag label:has-text('Alle')")
        owner = next(j for j in want["items"] if chat in j["contacts"])
        page.wait_for_selector(f"#journey-rows tr[data-id='{owner['id']}']")
        page.click(f"#journey-rows tr[data-id='{owner['id']}']")
        page.click("#journey-contacts button:has-text('verloop')")
        page.wait_for_selector("#trajectory[data-state=drawn], #trajectory-hint:has-text('geen emotie')")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator("#journeys").screenshot(path=str(ARTIFACTS / "dashboard-journeys.png"))
    assert problems == []
    context.close()


def test_first_load_time(server, browser):
    """Navigation start to the first heatmap drawn, cold cache and warm; printed (never asserted)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="nl-NL")
    context.add_init_script(f"sessionStorage.setItem('klantgevoel.apiKey', {server['key']!r})")
    page = context.new_page()
    figures = []
    for run in ("cold", "warm"):
        page.goto(server["url"] + "/")
        page.wait_for_selector("#hm-touchpoint[data-state=drawn]")
        ms = page.evaluate("window.klantgevoel.heatmapDrawnAt")
        assert ms is not None and ms > 0
        figures.append(f"{run} {ms:.0f} ms")
        page.wait_for_selector("#trend[data-state=drawn]")  # plotly's parse would hold up the next navigation
    print(f"\ndashboard first load (navigation start -> heatmap drawn): {', '.join(figures)}")
    context.close()


# ---- alerts (Signalen) on the sample store: the planted patterns, as a lead sees them -------------------------


@pytest.fixture(scope="module")
def sample_server(tmp_path_factory, sample_store, settings):
    """`voc serve` on the sample exports tagged by the real model (the session's shared store, read only)."""
    _browser_or_skip()
    db = sample_store[3]
    env = {**voc_env(settings.cache_dir), "KLANTGEVOEL_API_INGEST": "false"}
    key = create_key(db, env, "read", "dashboard-alerts-test")
    with serve(db, env, tmp_path_factory.mktemp("alerts") / "serve.log") as url:
        yield {"url": url, "key": key}


def _logged_in(browser, server) -> tuple:
    """A new browser context with the dashboard open and the key given; page errors and console errors collected."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="nl-NL")
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.goto(server["url"] + "/")
    page.fill("#key", server["key"])
    page.click("#login-form button[type=submit]")
    return context, page, problems


def _alert_rows(page) -> list[dict]:
    return page.eval_on_selector_all("#alert-rows tr[data-touchpoint]", "rs => rs.map(r => ({...r.dataset}))")


@pytest.mark.slow
def test_alerts_in_a_browser(sample_server, browser):
    """The Signalen section lists the API's alerts; in March 2026, per month, it shows PakketPijl's delays
    (pattern 1: delivery x anger/annoyance), and a click lists exactly that cell's verbatims of March
    (screenshot: tests/artifacts/dashboard-alerts.png)."""
    context, page, problems = _logged_in(browser, sample_server)
    page.wait_for_selector("#alerts[data-state=drawn]")
    latest = _api(sample_server, "alerts", interval="week")
    assert [(r["touchpoint"], r["emotion"], r["start"]) for r in _alert_rows(page)] == [
        (a["touchpoint"], a["emotion"], a["period_start"]) for a in latest["items"]]
    assert page.locator("#alerts-hint").inner_text().startswith("Getoetst:")

    # March 2026, per month: every alert of the month, as the API gives them
    page.select_option("#period", "2026-03-01/2026-03-31")
    page.click("#alert-interval label:has-text('Maand')")
    page.wait_for_selector("#alerts[data-interval=month] #alert-rows tr[data-touchpoint=delivery]")
    march = _api(sample_server, "alerts", interval="month", date_from="2026-03-01", date_to="2026-03-31",
                 history="true")
    rows = _alert_rows(page)
    assert [(r["touchpoint"], r["emotion"], r["start"], r["end"]) for r in rows] == [
        (a["touchpoint"], a["emotion"], a["period_start"], a["period_end"]) for a in march["items"]]
    delivery = [r for r in rows if r["touchpoint"] == "delivery" and r["emotion"] in ("annoyance", "anger")]
    assert delivery and all(r["start"] == "2026-03-01" and r["end"] == "2026-03-31" for r in delivery)

    # a click on the alert opens the verbatims of that cell in that month
    alert = delivery[0]
    page.click(f"#alert-rows tr[data-touchpoint=delivery][data-emotion={alert['emotion']}]")
    page.wait_for_function("n => document.querySelector('#verbatims-count').dataset.total === n", arg=alert["count"])
    cell = _api(sample_server, "contacts", touchpoint="delivery", emotion=alert["emotion"], date_from="2026-03-01",
                date_to="2026-03-31", page_size=1)
    assert cell["total"] == int(alert["count"])
    title = page.inner_text("#verbatims-title")
    assert "bezorging" in title and "mrt 2026" in title
    listed = _listed(page)
    assert len(listed) == min(PAGE_SIZE, int(alert["count"]))
    assert {i["touchpoint"] for i in listed} == {"delivery"} and {i["emotion"] for i in listed} == {alert["emotion"]}
    page.locator("#alerts").scroll_into_view_if_needed()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-alerts.png"), full_page=True)
    assert problems == []
    context.close()


@pytest.mark.slow
def test_cause_heatmap_in_a_browser(sample_server, browser):
    """Issue 5: the touchpoint x cause heatmap is the API's; a cell's tooltip and the verbatims header name what
    customers say most, and a click lists that cell's contacts: on the sample exports, delivery x delays and
    cancellations (screenshot: tests/artifacts/dashboard-causes.png)."""
    context, page, problems = _logged_in(browser, sample_server)
    page.wait_for_selector("#hm-cause[data-state=drawn]")
    hm = _api(sample_server, "heatmap", rows="touchpoint", cols="cause", metric="count")
    drawn = _drawn(page, "cause")
    assert drawn["counts"] == hm["counts"] and drawn["values"] == hm["values"]
    assert drawn["cols"] == [hm["labels"]["cols"][k] for k in hm["cols"]]
    assert "vertragingen en annuleringen" in drawn["cols"]
    r, c = hm["rows"].index("delivery"), hm["cols"].index("delays_cancellations")
    assert hm["counts"][r][c] > 0  # (the planted March rise itself: tests/test_samples.py)
    said = hm["phrases"][r][c]
    assert said
    cell = page.locator("#hm-cause button.cell[data-row='delivery'][data-col='delays_cancellations']")
    assert said[0] in cell.get_attribute("title")
    cell.click()
    page.wait_for_function("n => document.querySelector('#verbatims-count').dataset.total === n",
                           arg=str(hm["counts"][r][c]))
    assert "Oorzaak: vertragingen en annuleringen" in page.inner_text("#verbatims-title")
    assert said[0] in page.inner_text("#verbatims-said")
    listed = _listed(page)
    contacts = _api(sample_server, "contacts", touchpoint="delivery", cause="delays_cancellations",
                    page_size=PAGE_SIZE)
    assert [i["id"] for i in listed] == [str(i["id"]) for i in contacts["items"]]
    page.locator("#hm-cause").scroll_into_view_if_needed()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-causes.png"), full_page=True)
    assert problems == []
    context.close()
