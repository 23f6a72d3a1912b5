/* Klantgevoel dashboard: talks to /api/v1 with the key kept in sessionStorage; draws with the bundled plotly.js. */
"use strict";

(() => {
  const API = "/api/v1";
  const KEY_STORE = "klantgevoel.apiKey";
  const PAGE_SIZE = 20;
  const $ = (sel) => document.querySelector(sel);

  // Dutch fallbacks for keys the API sends without a label.
  const CHANNEL_NL = { email: "e-mail", chat: "chat", phone: "telefoon", review: "review", social: "social media",
    webform: "webformulier", store: "winkel" };
  const TOUCHPOINT_NL = { delivery: "levering", returns: "retour", billing: "betaling", app: "app", website: "website",
    product: "product", account: "account", order: "bestelling", presales: "advies vooraf", unknown: "onbekend" };
  const DIM_NL = { touchpoint: "Touchpoint", phase: "Fase", channel: "Kanaal", stdc: "STDC", emotion: "Emotie" };
  const EMOTION_COLOURS = { anger: "#b42318", annoyance: "#e8702a", disappointment: "#7a3e9d", nervousness: "#c99a06",
    desire: "#2f7fc1", neutral: "#8a96a3", gratitude: "#1a7f4b", joy: "#52b36b", relief: "#1f9e9a" };
  const METRICS = {
    count: { label: "aantal", help: "Aantal contacten per cel.", text: "%{z:,d}", hover: ",d" },
    share: { label: "aandeel", help: "Aandeel van elke emotie binnen de rij (elke rij telt op tot 100%).",
      text: "%{z:.0%}", hover: ".1%" },
    mean_valence: { label: "gem. valentie",
      help: "Gemiddelde valentie van de contacten in de cel: −1 zeer negatief, 0 neutraal, +1 zeer positief.",
      text: "%{z:.2f}", hover: ".2f" },
    negative_share: { label: "aandeel negatief", help: "Aandeel contacten met een negatieve toon in de cel.",
      text: "%{z:.0%}", hover: ".1%" },
  };
  const BLUES = [[0, "#f4f8fc"], [0.35, "#a9cbe8"], [0.7, "#3d85c6"], [1, "#0b3a6b"]];
  const REDS = [[0, "#fdf5f4"], [0.4, "#f3a99f"], [0.75, "#d9473a"], [1, "#7f1610"]];
  const VALENCE = [[0, "#b42318"], [0.5, "#f7f7f5"], [1, "#1a7f4b"]];

  const nf = new Intl.NumberFormat("nl-NL");
  const df = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "short", year: "numeric" });
  const dtf = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "short", year: "numeric", hour: "2-digit",
    minute: "2-digit" });
  const monthf = new Intl.DateTimeFormat("nl-NL", { month: "long", year: "numeric", timeZone: "UTC" });

  const state = {
    key: sessionStorage.getItem(KEY_STORE) || "",
    meta: null,
    labels: { touchpoint: { ...TOUCHPOINT_NL }, channel: { ...CHANNEL_NL }, phase: {}, emotion: {}, stdc: {} },
    filters: { date_from: "", date_to: "", channel: [], touchpoint: [] },
    metric: "count", interval: "week", trendMetric: "count",
    heatmaps: {},  // rows dim -> last heatmap answer
    drill: null,  // {rows, row, col, page}
    seq: 0,  // drops answers to requests that a newer one replaced
  };
  // For tests and for measuring the first load (navigation start -> first heatmap drawn).
  const probe = (window.klantgevoel = { heatmapDrawnAt: null, drawn: 0 });

  class ApiError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (Array.isArray(v)) v.forEach((x) => q.append(k, x));
      else if (v !== "" && v !== null && v !== undefined) q.append(k, v);
    }
    return q.toString();
  }

  async function api(path, params = {}, accept = "application/json") {
    const qs = query(params);
    const res = await fetch(`${API}${path}${qs ? "?" + qs : ""}`,
      { headers: { Authorization: `Bearer ${state.key}`, Accept: accept } });
    if (!res.ok) {
      let msg = `${res.status} ${res.statusText}`;
      try { const body = await res.json(); msg = (body.error && body.error.message) || body.detail || msg; } catch (_) { /* not JSON */ }
      throw new ApiError(res.status, msg);
    }
    return accept === "application/json" ? res.json() : res.text();
  }

  function showError(err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
      logout(err.status === 401 ? "Deze sleutel is onbekend of ingetrokken." : "Deze sleutel mag geen gegevens lezen.");
      return;
    }
    const box = $("#error");
    box.textContent = `Er ging iets mis: ${err.message}`;
    box.hidden = false;
    console.error(err);
  }

  function clearError() { $("#error").hidden = true; }

  // ---- key entry --------------------------------------------------------------------------------------------
  function logout(message = "") {
    sessionStorage.removeItem(KEY_STORE);
    state.key = "";
    $("#app").hidden = true;
    $("#logout").hidden = true;
    $("#summary").textContent = "";
    $("#login").hidden = false;
    $("#login-error").textContent = message;
    $("#key").value = "";
    $("#key").focus();
  }

  $("#login-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    state.key = $("#key").value.trim();
    if (!state.key) return;
    sessionStorage.setItem(KEY_STORE, state.key);
    start();
  });
  $("#logout").addEventListener("click", () => logout());

  // ---- labels -----------------------------------------------------------------------------------------------
  function label(dim, key) {
    const l = state.labels[dim] && state.labels[dim][key];
    return l || (key === "unknown" ? "onbekend" : key);
  }

  function learnLabels(dim, labels) {
    const known = state.labels[dim] || (state.labels[dim] = {});
    // a label that only repeats the key does not replace a Dutch fallback
    for (const [k, v] of Object.entries(labels || {})) if (v && (v !== k || !known[k])) known[k] = v;
  }

  // ---- filters ----------------------------------------------------------------------------------------------
  function fillMulti(id, dim, keys, allText) {
    const box = $(`#${id} .options`);
    box.replaceChildren();
    for (const k of keys) {
      const lab = document.createElement("label");
      const cb = document.createElement("input");
      cb.type = "checkbox";
      cb.value = k;
      cb.addEventListener("change", () => {
        state.filters[dim] = [...box.querySelectorAll("input:checked")].map((x) => x.value);
        summariseMulti(id, dim, allText);
        reload();
      });
      lab.append(cb, document.createTextNode(label(dim, k)));
      box.append(lab);
    }
    summariseMulti(id, dim, allText);
  }

  function summariseMulti(id, dim, allText) {
    const chosen = state.filters[dim];
    $(`#${id} summary`).textContent = chosen.length === 0 ? allText
      : chosen.length <= 2 ? chosen.map((k) => label(dim, k)).join(", ") : `${chosen.length} gekozen`;
  }

  function fillPeriods(min, max) {
    const sel = $("#period");
    sel.length = 1;
    if (!min || !max) return;
    const end = new Date(max + "T00:00:00Z");
    for (let d = new Date(min.slice(0, 7) + "-01T00:00:00Z"); d <= end; d.setUTCMonth(d.getUTCMonth() + 1)) {
      const first = d.toISOString().slice(0, 10);
      const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
      sel.add(new Option(monthf.format(d), `${first}/${last}`));
    }
  }

  function setDates(from, to) {
    state.filters.date_from = from;
    state.filters.date_to = to;
    $("#date-from").value = from;
    $("#date-to").value = to;
  }

  $("#period").addEventListener("change", (ev) => {
    const v = ev.target.value;
    if (v) setDates(...v.split("/"));
    else setDates(state.meta.date_min || "", state.meta.date_max || "");
    reload();
  });
  for (const [id, key] of [["#date-from", "date_from"], ["#date-to", "date_to"]]) {
    $(id).addEventListener("change", (ev) => { state.filters[key] = ev.target.value; $("#period").value = ""; reload(); });
  }
  $("#reset").addEventListener("click", () => {
    state.filters.channel = [];
    state.filters.touchpoint = [];
    document.querySelectorAll(".multi input:checked").forEach((cb) => { cb.checked = false; });
    summariseMulti("channel-filter", "channel", "Alle kanalen");
    summariseMulti("touchpoint-filter", "touchpoint", "Alle touchpoints");
    $("#period").value = "";
    setDates(state.meta.date_min || "", state.meta.date_max || "");
    reload();
  });
  // a click outside an open filter list closes it
  document.addEventListener("click", (ev) => {
    document.querySelectorAll("details.multi[open]").forEach((d) => { if (!d.contains(ev.target)) d.open = false; });
  });

  function filterParams() {
    const f = state.filters;
    return { date_from: f.date_from, date_to: f.date_to, channel: f.channel, touchpoint: f.touchpoint };
  }

  // ---- metric switches --------------------------------------------------------------------------------------
  function onRadio(name, fn) {
    document.querySelectorAll(`input[name=${name}]`).forEach((r) => r.addEventListener("change", () => fn(r.value)));
  }
  onRadio("metric", (v) => { state.metric = v; $("#metric-help").textContent = METRICS[v].help; loadHeatmaps(); });
  onRadio("interval", (v) => { state.interval = v; loadTrend(); });
  onRadio("trend-metric", (v) => { state.trendMetric = v; loadTrend(); });

  // ---- plots ------------------------------------------------------------------------------------------------
  const PLOT_CONFIG = { displaylogo: false, responsive: true, locale: "nl", modeBarButtons: [["toImage"]],
    toImageButtonOptions: { filename: "klantgevoel" } };
  const FONT = { family: getComputedStyle(document.documentElement).fontFamily, size: 13, color: "#1f2933" };

  function registerLocale() {
    Plotly.register({ moduleType: "locale", name: "nl", dictionary: {}, format: {
      days: ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
      shortDays: ["zo", "ma", "di", "wo", "do", "vr", "za"],
      months: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
        "november", "december"],
      shortMonths: ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
      date: "%d-%m-%Y", decimal: ",", thousands: ".",
    } });
  }

  function colourScale(metric, values) {
    if (metric === "mean_valence") return { colorscale: VALENCE, zmin: -1, zmax: 1 };
    if (metric === "negative_share") return { colorscale: REDS, zmin: 0, zmax: 1 };
    const max = Math.max(0, ...values.flat().filter((v) => v !== null));
    return { colorscale: BLUES, zmin: 0, zmax: max || 1 };
  }

  async function drawHeatmap(rows, hm) {
    const el = document.getElementById(`hm-${rows}`);
    learnLabels(rows, hm.labels && hm.labels.rows);
    learnLabels("emotion", hm.labels && hm.labels.cols);
    el.classList.remove("loading");
    if (!hm.rows.length || !hm.total) {
      Plotly.purge(el);
      el.replaceChildren(Object.assign(document.createElement("p"),
        { className: "empty-plot", textContent: "Geen contacten met een emotie bij deze filters." }));
      el.dataset.state = "empty";
      return;
    }
    if (el.querySelector(".empty-plot")) el.replaceChildren();
    const m = METRICS[hm.metric] || METRICS.count;
    const x = hm.cols.map((k) => label("emotion", k));
    const y = hm.rows.map((k) => label(rows, k));
    const counts = hm.counts;
    const trace = {
      type: "heatmap", x, y, z: hm.values, customdata: counts, xgap: 2, ygap: 2, hoverongaps: false,
      texttemplate: m.text, textfont: { size: 12 },
      hovertemplate: `${DIM_NL[rows]}: %{y}<br>Emotie: %{x}<br>${m.label}: %{z:${m.hover}}<br>contacten: %{customdata}<extra></extra>`,
      colorbar: { thickness: 12, outlinewidth: 0, tickformat: hm.metric.endsWith("share") ? ".0%" : undefined },
      ...colourScale(hm.metric, hm.values),
    };
    const layout = {
      font: FONT, separators: ",.", height: Math.max(260, 70 + 34 * y.length),
      margin: { l: 10, r: 10, t: 10, b: 60 }, paper_bgcolor: "#fff", plot_bgcolor: "#fff",
      xaxis: { side: "bottom", tickangle: -30, automargin: true, fixedrange: true },
      yaxis: { autorange: "reversed", automargin: true, fixedrange: true, ticksuffix: " " },
    };
    await Plotly.react(el, [trace], layout, PLOT_CONFIG);
    if (!el.dataset.bound) {
      el.dataset.bound = "1";
      el.on("plotly_click", (ev) => {
        const p = ev.points && ev.points[0];
        if (!p) return;
        const cur = state.heatmaps[rows];
        const idx = Array.isArray(p.pointIndex) ? p.pointIndex : [y.indexOf(p.y), x.indexOf(p.x)];
        openDrill(rows, cur.rows[idx[0]], cur.cols[idx[1]]);
      });
    }
    el.dataset.state = "drawn";
    probe.drawn += 1;
    if (probe.heatmapDrawnAt === null) probe.heatmapDrawnAt = performance.now();
  }

  async function loadHeatmaps() {
    const seq = ++state.seq;
    const base = { cols: "emotion", metric: state.metric, ...filterParams() };
    document.querySelectorAll(".heatmap").forEach((el) => el.classList.add("loading"));
    try {
      const answers = await Promise.all(["touchpoint", "phase"].map((rows) => api("/heatmap", { rows, ...base })));
      if (seq !== state.seq) return;
      await Promise.all(["touchpoint", "phase"].map((rows, i) => {
        state.heatmaps[rows] = answers[i];
        return drawHeatmap(rows, answers[i]);
      }));
    } catch (err) { showError(err); }
  }

  async function loadTrend() {
    const el = $("#trend");
    el.classList.add("loading");
    try {
      const tr = await api("/trends", { by: "emotion", interval: state.interval, metric: state.trendMetric,
        ...filterParams() });
      el.classList.remove("loading");
      const share = state.trendMetric === "share";
      const weekly = tr.interval === "week";
      const traces = tr.series.map((s) => ({
        type: "scatter", mode: "lines+markers", name: s.label || label("emotion", s.key), x: tr.periods, y: s.values,
        customdata: s.counts, line: { color: EMOTION_COLOURS[s.key], width: 2, dash: s.key === "neutral" ? "dot" : "solid" },
        marker: { size: 5 },
        hovertemplate: `%{fullData.name}: %{y:${share ? ".1%" : ",d"}} (%{customdata} contacten)<extra></extra>`,
      }));
      await Plotly.react(el, traces, {
        font: FONT, separators: ",.", height: 360, margin: { l: 50, r: 10, t: 10, b: 40 }, hovermode: "x unified",
        xaxis: { type: "date", tickformat: weekly ? "%e %b" : "%b %Y", hoverformat: weekly ? "week van %e %b %Y" : "%B %Y" },
        yaxis: { rangemode: "tozero", tickformat: share ? ".0%" : ",d", title: { text: share ? "aandeel" : "contacten" } },
        legend: { orientation: "h", y: -0.15 },
      }, { ...PLOT_CONFIG, responsive: true });
      el.dataset.state = "drawn";
    } catch (err) { showError(err); }
  }

  // ---- drill-down: the verbatims behind a cell --------------------------------------------------------------
  function openDrill(rows, row, col) {
    state.drill = { rows, row, col, page: 1 };
    loadDrill().then(() => $("#verbatims").scrollIntoView({ behavior: "smooth", block: "start" }));
  }

  function drillParams(d) {
    const p = { ...filterParams(), emotion: d.col, page: d.page, page_size: PAGE_SIZE, sort: "-timestamp" };
    p[d.rows] = d.row;  // the cell's row replaces a touchpoint filter, it is one of its values anyway
    return p;
  }

  async function loadDrill() {
    const d = state.drill;
    if (!d) return;
    const list = $("#verbatim-list");
    list.classList.add("loading");
    try {
      const res = await api("/contacts", drillParams(d));
      if (d !== state.drill) return;
      $("#verbatims-title").textContent =
        `Verbatims · ${DIM_NL[d.rows]}: ${label(d.rows, d.row)} · Emotie: ${label("emotion", d.col)}`;
      $("#verbatims-count").textContent = `${nf.format(res.total)} contact${res.total === 1 ? "" : "en"}`;
      $("#verbatims-count").dataset.total = res.total;
      $("#verbatims-empty").hidden = res.total > 0;
      $("#verbatims-empty").textContent = "Geen contacten in deze cel.";
      list.replaceChildren(...res.items.map(renderContact));
      list.dataset.page = res.page;
      list.classList.remove("loading");
      const pages = res.pages || 1;
      $("#pager").hidden = pages <= 1;
      $("#page-info").textContent = `Pagina ${res.page} van ${pages}`;
      $("#prev").disabled = res.page <= 1;
      $("#next").disabled = res.page >= pages;
    } catch (err) { showError(err); }
  }

  $("#prev").addEventListener("click", () => { state.drill.page -= 1; loadDrill(); });
  $("#next").addEventListener("click", () => { state.drill.page += 1; loadDrill(); });

  // Placeholders of the redaction ([EMAIL], [TELEFOON], ...) stand out, the rest is plain text (never HTML).
  function redactedText(text) {
    text = text.replace(/\n\s*\n+/g, "\n");  // blank lines of e-mails only take room
    const frag = document.createDocumentFragment();
    let last = 0;
    for (const m of text.matchAll(/\[[A-Z_]{2,}\]/g)) {
      frag.append(text.slice(last, m.index), Object.assign(document.createElement("span"), { className: "ph", textContent: m[0] }));
      last = m.index + m[0].length;
    }
    frag.append(text.slice(last));
    return frag;
  }

  const SPEAKER_NL = { customer: "Klant", agent: "Medewerker", system: "Systeem" };

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function renderContact(c) {
    const li = el("li", "verbatim");
    const tag = c.tag || {};
    li.dataset.id = c.id;
    li.dataset.emotion = tag.emotion || "";
    li.dataset.phase = tag.phase || "";
    li.dataset.touchpoint = c.touchpoint || "unknown";
    li.dataset.channel = c.channel;
    const meta = el("div", "v-meta");
    if (c.timestamp) meta.append(el("span", "", dtf.format(new Date(c.timestamp))));
    meta.append(el("span", "", label("channel", c.channel)), el("span", "", `touchpoint: ${label("touchpoint", c.touchpoint || "unknown")}`));
    if (c.customer) meta.append(el("span", "", `klant ${String(c.customer).slice(0, 8)}`));
    const tags = el("div", "tags");
    if (c.tag) {
      tags.append(
        el("span", `tag emotion ${tag.valence_label || "neutral"}`, label("emotion", tag.emotion)),
        el("span", "tag", `intensiteit ${tag.intensity}/5`),
        el("span", "tag", `fase: ${label("phase", tag.phase)}`),
      );
      if (typeof tag.confidence === "number") tags.append(el("span", "tag", `zekerheid ${Math.round(tag.confidence * 100)}%`));
    }
    li.append(meta, tags);
    const turns = c.turns || [];
    const said = turns.filter((t) => t.speaker === "customer");
    for (const t of (said.length ? said : turns).slice(0, 3)) {
      const q = el("blockquote", "quote");
      q.append(redactedText(t.text));
      li.append(q);
    }
    if (turns.length > Math.min(3, said.length || turns.length)) {
      const det = el("details", "turns");
      det.append(el("summary", "", `Heel gesprek (${turns.length} beurten)`));
      for (const t of turns) {
        const p = el("p", "turn");
        p.append(el("b", "", `${SPEAKER_NL[t.speaker] || t.speaker}: `), redactedText(t.text));
        det.append(p);
      }
      li.append(det);
    }
    return li;
  }

  // ---- CSV for a heatmap (the API wants the key in a header, so no plain link) -------------------------------
  document.querySelectorAll("button.csv").forEach((b) => b.addEventListener("click", async () => {
    try {
      const csv = await api("/heatmap", { rows: b.dataset.rows, cols: "emotion", metric: state.metric,
        format: "csv", ...filterParams() }, "text/csv");
      const a = Object.assign(document.createElement("a"), {
        href: URL.createObjectURL(new Blob([csv], { type: "text/csv" })),
        download: `klantgevoel-${b.dataset.rows}-emotie-${state.metric}.csv`,
      });
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    } catch (err) { showError(err); }
  }));

  // ---- start ------------------------------------------------------------------------------------------------
  let reloadTimer = null;
  function reload() {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => {
      clearError();
      state.drill = null;
      $("#verbatim-list").replaceChildren();
      $("#pager").hidden = true;
      $("#verbatims-title").textContent = "Verbatims";
      $("#verbatims-count").textContent = "";
      $("#verbatims-empty").hidden = false;
      $("#verbatims-empty").textContent = "Nog geen cel gekozen.";
      loadHeatmaps();
      loadTrend();
    }, 150);
  }

  async function start() {
    clearError();
    let meta;
    try {
      meta = await api("/meta");
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return logout("Deze sleutel is onbekend of ingetrokken.");
      if (err instanceof ApiError && err.status === 403) return logout("Deze sleutel mag geen gegevens lezen.");
      return showError(err);
    }
    state.meta = meta;
    for (const e of meta.emotions || []) state.labels.emotion[e.id] = e.name_nl;
    for (const [dim, labels] of Object.entries(meta.labels || {})) learnLabels(dim.replace(/s$/, ""), labels);
    $("#login").hidden = true;
    $("#app").hidden = false;
    $("#logout").hidden = false;
    const min = (meta.date_min || "").slice(0, 10);
    const max = (meta.date_max || "").slice(0, 10);
    $("#summary").textContent = `${nf.format(meta.contacts || 0)} contacten` +
      (min && max ? ` · ${df.format(new Date(min))} – ${df.format(new Date(max))}` : "");
    for (const id of ["#date-from", "#date-to"]) { $(id).min = min; $(id).max = max; }
    setDates(min, max);
    fillPeriods(min, max);
    fillMulti("channel-filter", "channel", meta.channels || [], "Alle kanalen");
    fillMulti("touchpoint-filter", "touchpoint", (meta.touchpoints || []).map((t) => t || "unknown"), "Alle touchpoints");
    $("#metric-help").textContent = METRICS[state.metric].help;
    await Promise.all([loadHeatmaps(), loadTrend()]);
  }

  registerLocale();
  if (state.key) start();
  else logout();
})();
