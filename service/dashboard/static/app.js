/* Klantgevoel dashboard: talks to /api/v1 with the key kept in sessionStorage; heatmaps are HTML tables, the trend
   is drawn with the plotly.js the app serves itself. */
"use strict";

(() => {
  const API = "/api/v1";
  const KEY_STORE = "klantgevoel.apiKey";
  const PAGE_SIZE = 20;
  const $ = (sel) => document.querySelector(sel);

  // Dutch fallbacks for keys the API sends without a label.
  const CHANNEL_NL = { email: "e-mail", chat: "chat", phone: "telefoon", review: "review", social: "social media",
    webform: "webformulier", store: "winkel" };
  const TOUCHPOINT_NL = { delivery: "bezorging", returns: "retour", billing: "betaling", app: "app", website: "website",
    product: "product", account: "account", order: "bestelling", presales: "advies vooraf", unknown: "onbekend" };
  const DIM_NL = { touchpoint: "Touchpoint", phase: "Fase", channel: "Kanaal", stdc: "STDC", emotion: "Emotie",
    cause: "Oorzaak" };
  // the heatmaps of the page: id (its element hm-<id>), rows and columns
  const HEATMAPS = [{ id: "touchpoint", rows: "touchpoint", cols: "emotion" },
    { id: "phase", rows: "phase", cols: "emotion" }, { id: "cause", rows: "touchpoint", cols: "cause" }];
  const EMOTION_COLOURS = { anger: "#b42318", annoyance: "#e8702a", disappointment: "#7a3e9d", nervousness: "#c99a06",
    desire: "#2f7fc1", neutral: "#8a96a3", gratitude: "#1a7f4b", joy: "#52b36b", relief: "#1f9e9a" };
  const METRICS = {
    count: { label: "aantal", help: "Aantal contacten per cel." },
    share: { label: "aandeel", help: "Aandeel van elke emotie binnen de rij (elke rij telt op tot 100%)." },
    mean_valence: { label: "gem. valentie",
      help: "Gemiddelde valentie van de contacten in de cel: −1 zeer negatief, 0 neutraal, +1 zeer positief." },
    negative_share: { label: "aandeel negatief", help: "Aandeel contacten met een negatieve toon in de cel." },
  };
  const BLUES = [[0, "#f4f8fc"], [0.35, "#a9cbe8"], [0.7, "#3d85c6"], [1, "#0b3a6b"]];
  const REDS = [[0, "#fdf5f4"], [0.4, "#f3a99f"], [0.75, "#d9473a"], [1, "#7f1610"]];
  const VALENCE = [[0, "#b42318"], [0.5, "#f7f7f5"], [1, "#1a7f4b"]];

  const nf = new Intl.NumberFormat("nl-NL");
  const df = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  const dtf = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "short", year: "numeric", hour: "2-digit",
    minute: "2-digit" });
  const pct = new Intl.NumberFormat("nl-NL", { style: "percent", maximumFractionDigits: 0 });
  const val = new Intl.NumberFormat("nl-NL", { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: "exceptZero" });
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
    explain: null,  // false once the server said it has no tagger for explanations
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

  // No date filter means the whole period; the inputs then show the first and last day there is data for.
  function setDates(from, to) {
    state.filters.date_from = from;
    state.filters.date_to = to;
    showDates();
  }

  function showDates() {
    const meta = state.meta || {};
    $("#date-from").value = state.filters.date_from || (meta.date_min || "").slice(0, 10);
    $("#date-to").value = state.filters.date_to || (meta.date_max || "").slice(0, 10);
  }

  $("#period").addEventListener("change", (ev) => {
    const v = ev.target.value;
    if (v) setDates(...v.split("/"));
    else setDates("", "");
    reload();
  });
  for (const id of ["#date-from", "#date-to"]) {
    $(id).addEventListener("change", () => {
      setDates($("#date-from").value, $("#date-to").value);
      $("#period").value = "";
      reload();
    });
  }
  $("#reset").addEventListener("click", () => {
    state.filters.channel = [];
    state.filters.touchpoint = [];
    document.querySelectorAll(".multi input:checked").forEach((cb) => { cb.checked = false; });
    summariseMulti("channel-filter", "channel", "Alle kanalen");
    summariseMulti("touchpoint-filter", "touchpoint", "Alle touchpoints");
    $("#period").value = "";
    setDates("", "");
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

  // ---- heatmaps: HTML tables (drawn at once, every cell a real button); plotly.js only for the trend ---------
  const numf = { count: (v) => nf.format(v), share: (v) => pct.format(v), negative_share: (v) => pct.format(v),
    mean_valence: (v) => val.format(v) };

  function rgb(hex) { return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)); }

  // colour of t in 0..1 on a scale of [position, "#rrggbb"] stops
  function colourAt(stops, t) {
    t = Math.min(1, Math.max(0, t));
    for (let i = 1; i < stops.length; i++) {
      if (t <= stops[i][0]) {
        const [p0, c0] = stops[i - 1], [p1, c1] = stops[i];
        const f = (t - p0) / (p1 - p0 || 1), a = rgb(c0), b = rgb(c1);
        return a.map((x, k) => Math.round(x + (b[k] - x) * f));
      }
    }
    return rgb(stops[stops.length - 1][1]);
  }

  function scaleOf(metric, values) {
    if (metric === "mean_valence") return { stops: VALENCE, min: -1, max: 1 };
    if (metric === "negative_share") return { stops: REDS, min: 0, max: 1 };
    const max = Math.max(0, ...values.flat().filter((v) => v !== null));
    return { stops: BLUES, min: 0, max: max || 1 };
  }

  function drawHeatmap(spec, hm) {
    const { rows, cols } = spec;
    const host = document.getElementById(`hm-${spec.id}`);
    learnLabels(rows, hm.labels && hm.labels.rows);
    learnLabels(cols, hm.labels && hm.labels.cols);
    host.classList.remove("loading");
    if (!hm.rows.length || !hm.total) {
      host.replaceChildren(el("p", "empty-plot",
        `Geen contacten met ${cols === "cause" ? "een oorzaak" : "een emotie"} bij deze filters.`));
      host.dataset.state = "empty";
      return Promise.resolve();
    }
    const m = METRICS[hm.metric] || METRICS.count;
    const fmt = numf[hm.metric] || numf.count;
    const scale = scaleOf(hm.metric, hm.values);
    const table = el("table", "hm");
    const head = el("tr");
    head.append(el("th", "corner", DIM_NL[rows]));
    for (const c of hm.cols) {
      const th = el("th", "col");
      th.scope = "col";
      const span = el("span", "", label(cols, c));
      span.style.borderColor = (cols === "emotion" && EMOTION_COLOURS[c]) || "transparent";
      th.append(span);
      head.append(th);
    }
    table.append(el("thead"), el("tbody"));
    table.tHead.append(head);
    hm.rows.forEach((r, i) => {
      const tr = el("tr");
      const th = el("th", "row", label(rows, r));
      th.scope = "row";
      tr.append(th);
      hm.cols.forEach((c, j) => {
        const v = hm.values[i][j], n = (hm.counts[i] || [])[j] || 0;
        const td = el("td");
        const b = el("button", "cell", v === null || v === undefined ? "–" : fmt(v));
        b.type = "button";
        Object.assign(b.dataset, { row: r, col: c, count: n, value: v === null ? "" : v });
        const said = hm.phrases && hm.phrases[i] && hm.phrases[i][j];  // a cause cell: what customers name most
        b.title = `${DIM_NL[rows]}: ${label(rows, r)}\n${DIM_NL[cols]}: ${label(cols, c)}\n${m.label}: ` +
          `${v === null || v === undefined ? "geen gegevens" : fmt(v)}\ncontacten: ${nf.format(n)}` +
          (said && said.length ? `\nklanten noemen: ${said.join("; ")}` : "");
        b.setAttribute("aria-label", b.title.replaceAll("\n", ", "));
        if (v !== null && v !== undefined) {
          const [R, G, B] = colourAt(scale.stops, (v - scale.min) / (scale.max - scale.min));
          b.style.background = `rgb(${R},${G},${B})`;
          if (0.299 * R + 0.587 * G + 0.114 * B < 140) b.classList.add("dark");
        } else b.classList.add("none");
        if (!n) b.disabled = true;
        b.addEventListener("click", () => {
          host.querySelectorAll(".cell.selected").forEach((x) => x.classList.remove("selected"));
          b.classList.add("selected");
          openDrill(rows, r, c, null, cols, said);
        });
        td.append(b);
        tr.append(td);
      });
      table.tBodies[0].append(tr);
    });
    const legend = el("div", "legend");
    const bar = el("span", "bar");
    bar.style.background = `linear-gradient(to right, ${scale.stops.map(([p, c]) => `${c} ${p * 100}%`).join(", ")})`;
    legend.append(el("span", "", fmt(scale.min)), bar, el("span", "", fmt(scale.max)), el("span", "hint", m.help));
    host.replaceChildren(table, legend);
    host.dataset.state = "drawn";
    return new Promise((resolve) => requestAnimationFrame(() => {
      probe.drawn += 1;
      if (probe.heatmapDrawnAt === null) probe.heatmapDrawnAt = performance.now();
      resolve();
    }));
  }

  async function loadHeatmaps() {
    const seq = ++state.seq;
    const base = { cols: "emotion", metric: state.metric, ...filterParams() };
    document.querySelectorAll(".heatmap").forEach((x) => x.classList.add("loading"));
    try {
      const answers = await Promise.all(HEATMAPS.map((h) => api("/heatmap", { ...base, rows: h.rows, cols: h.cols })));
      if (seq !== state.seq) return;
      await Promise.all(HEATMAPS.map((h, i) => {
        state.heatmaps[h.id] = answers[i];
        return drawHeatmap(h, answers[i]);
      }));
    } catch (err) { showError(err); }
  }

  // plotly.js (4.8 MB) is fetched early (preload) but run only once the heatmaps are up: its parse would hold them
  let plotly = null;
  function loadPlotly() {
    if (!plotly) {
      plotly = new Promise((resolve, reject) => {
        const s = document.createElement("script");
        s.src = document.documentElement.dataset.plotly;
        s.onload = () => { registerLocale(); resolve(window.Plotly); };
        s.onerror = () => reject(new Error("plotly.js kon niet geladen worden"));
        document.head.append(s);
      });
    }
    return plotly;
  }

  const PLOT_CONFIG = { displaylogo: false, responsive: true, locale: "nl", modeBarButtons: [["toImage"]],
    toImageButtonOptions: { filename: "klantgevoel-trend" } };
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

  async function loadTrend(afterHeatmaps = Promise.resolve()) {
    const host = $("#trend");
    host.classList.add("loading");
    try {
      const [tr] = await Promise.all([
        api("/trends", { by: "emotion", interval: state.interval, metric: state.trendMetric, ...filterParams() }),
        afterHeatmaps.then(loadPlotly),
      ]);
      host.classList.remove("loading");
      if (!tr.periods.length) {
        Plotly.purge(host);
        host.replaceChildren(el("p", "empty-plot",
        `Geen contacten met ${cols === "cause" ? "een oorzaak" : "een emotie"} bij deze filters.`));
        host.dataset.state = "empty";
        return;
      }
      host.querySelector(".empty-plot")?.remove();
      const share = state.trendMetric === "share";
      const weekly = tr.interval === "week";
      const traces = tr.series.map((s) => ({
        type: "scatter", mode: "lines+markers", name: label("emotion", s.key) || s.label, x: tr.periods,
        y: s.values, customdata: s.counts, marker: { size: 5 },
        line: { color: EMOTION_COLOURS[s.key], width: 2, dash: s.key === "neutral" ? "dot" : "solid" },
        hovertemplate: `%{fullData.name}: %{y:${share ? ".1%" : ",d"}} (%{customdata} contacten)<extra></extra>`,
      }));
      await Plotly.react(host, traces, {
        font: FONT, separators: ",.", height: 360, margin: { l: 60, r: 10, t: 10, b: 40 }, hovermode: "x unified",
        xaxis: { type: "date", tickformat: weekly ? "%e %b" : "%b %Y",
          hoverformat: weekly ? "week van %e %b %Y" : "%B %Y" },
        yaxis: { rangemode: "tozero", tickformat: share ? ".0%" : ",d", title: { text: share ? "aandeel" : "contacten" } },
        legend: { orientation: "h", y: -0.15 },
      }, PLOT_CONFIG);
      host.dataset.state = "drawn";
    } catch (err) { showError(err); }
  }

  // ---- drill-down: the verbatims behind a cell --------------------------------------------------------------
  // dates: {date_from, date_to} of an alert's period; colDim: the heatmap's columns (emotion or cause)
  function openDrill(rows, row, col, dates = null, colDim = "emotion", said = null) {
    state.drill = { rows, row, col, page: 1, dates, colDim, said };
    loadDrill().then(() => $("#verbatims").scrollIntoView({ behavior: "smooth", block: "start" }));
  }

  function drillParams(d) {
    const p = { ...filterParams(), ...d.dates, [d.colDim]: d.col, page: d.page, page_size: PAGE_SIZE,
      sort: "-timestamp" };
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
        `Verbatims · ${DIM_NL[d.rows]}: ${label(d.rows, d.row)} · ${DIM_NL[d.colDim]}: ${label(d.colDim, d.col)}` +
        (d.dates ? ` · ${span(d.dates.date_from, d.dates.date_to)}` : "");
      $("#verbatims-count").textContent = `${nf.format(res.total)} contact${res.total === 1 ? "" : "en"}`;
      $("#verbatims-said").hidden = !(d.said && d.said.length);
      $("#verbatims-said").textContent = d.said && d.said.length ? `Klanten noemen: ${d.said.join(" · ")}` : "";
      $("#verbatims-count").dataset.total = res.total;
      $("#verbatims-empty").hidden = res.total > 0;
      $("#verbatims-empty").textContent = "Geen contacten in deze cel.";
      list.replaceChildren(...res.items.map(renderContact));
      list.dataset.page = res.page;
      list.classList.remove("loading");
      if (res.items.length) explainDrill(d, res.page);  // highlights follow the list
      const pages = res.pages || 1;
      $("#pager").hidden = pages <= 1;
      $("#page-info").textContent = `Pagina ${res.page} van ${pages}`;
      $("#prev").disabled = res.page <= 1;
      $("#next").disabled = res.page >= pages;
    } catch (err) { showError(err); }
  }

  // ---- explanations: the words behind each verbatim's emotion tag, marked once the (slower) answer is in --------
  const WHY_MIN = 0.005, WHY_PRO = 3, WHY_CON = 2;  // weights under WHY_MIN are noise; at most 3 + 2 marks a turn
  const weightf = new Intl.NumberFormat("nl-NL", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  async function explainDrill(d, page) {
    if (state.explain === false) return;  // this server runs without the tagger
    const list = $("#verbatim-list");
    const items = [...list.querySelectorAll("li.verbatim")];
    const current = () => d === state.drill && d.page === page;
    list.dataset.why = "loading";
    let next = 0;
    async function worker() {  // in list order, two at a time: the first verbatims are marked first
      while (next < items.length && current() && state.explain !== false) {
        const li = items[next++];
        try {
          const res = await api(`/contacts/${li.dataset.id}/explanations`);
          if (!current()) return;
          for (const t of res.turns) {
            const q = li.querySelector(`.quote[data-position="${t.position}"]`);
            const tag = t.tags.find((g) => g.task === "emotion");
            if (q && tag && q.turnText === t.text) q.replaceChildren(markWords(t.text, tag));
          }
          li.dataset.why = "done";
        } catch (err) {
          if (err.status !== 503) throw err;
          state.explain = false;
        }
      }
    }
    try {
      await Promise.all([worker(), worker()]);
      if (current()) list.dataset.why = state.explain === false ? "off" : "done";
    } catch (err) { showError(err); }
  }

  function markWords(text, tag) {
    const by = (a, b) => Math.abs(b.weight) - Math.abs(a.weight);
    const pro = tag.attributions.filter((a) => a.weight >= WHY_MIN).sort(by).slice(0, WHY_PRO);
    const con = tag.attributions.filter((a) => a.weight <= -WHY_MIN).sort(by).slice(0, WHY_CON);
    const frag = document.createDocumentFragment();
    let last = 0;
    for (const a of [...pro, ...con].sort((x, y) => x.start - y.start)) {
      frag.append(redactedText(text.slice(last, a.start)));
      const m = el("mark", `why ${a.weight > 0 ? "pro" : "con"}`, text.slice(a.start, a.end));
      m.style.setProperty("--w", (0.25 + 0.75 * Math.min(1, Math.abs(a.weight) / 0.25)).toFixed(2));
      m.dataset.weight = a.weight;
      m.title = `${a.weight > 0 ? "steunt" : "spreekt tegen"} ${label("emotion", tag.label)}: ` +
        `${a.weight > 0 ? "+" : "−"}${weightf.format(Math.abs(a.weight))} kans (weglaten verandert de kans zoveel)`;
      frag.append(m);
      last = a.end;
    }
    frag.append(redactedText(text.slice(last)));
    return frag;
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
      q.dataset.position = t.position;
      q.turnText = t.text;  // explanations are matched on position and text
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

  // ---- journeys: per customer, contacts across channels; peak, end and the emotion inside a conversation ----------
  const FLAG_NL = { negative_peak_unresolved_end: "negatieve piek, onopgelost einde", repeat_contact: "herhaald contact",
    cross_channel: "meerdere kanalen" };
  const MOVE_NL = { apology: "excuses", explanation: "uitleg", empathy: "empathie", offline_help: "hulp buiten de chat",
    information_request: "vraagt om gegevens", other: "overig" };
  state.journeys = { flag: "", after: null };

  function journeyParams() {
    const f = state.filters;
    const p = { date_from: f.date_from, date_to: f.date_to, flag: state.journeys.flag, limit: 15 };
    if (f.channel.length === 1) p.channel = f.channel[0];
    if (f.touchpoint.length === 1) p.touchpoint = f.touchpoint[0];
    return p;
  }

  function moment(m) {
    return m ? `${label("emotion", m.emotion)} (${label("channel", m.channel || "")})`.replace(" ()", "") : "–";
  }

  async function loadJourneys(more = false) {
    const body = $("#journey-rows");
    try {
      const page = await api("/journeys", { ...journeyParams(), after: more ? state.journeys.after : "" });
      if (!more) { body.replaceChildren(); $("#journey-detail").hidden = true; }
      for (const j of page.items) {
        const tr = el("tr");
        tr.dataset.customer = j.customer;
        tr.dataset.id = j.id;
        const score = j.peak_end_score;
        const flags = el("td");
        for (const [k, on] of Object.entries(j.flags || {})) if (on) flags.append(el("span", "flag", FLAG_NL[k] || k));
        tr.append(el("td", "", String(j.customer).slice(0, 8)),
          el("td", "", `${df.format(new Date(j.start))} – ${df.format(new Date(j.end_time))}`),
          el("td", "", String(j.contacts.length)),
          el("td", "", j.channels.map((c) => label("channel", c)).join(", ")),
          el("td", "", moment(j.peak)), el("td", "", moment(j.end)),
          el("td", `score ${score == null ? "" : score < 0 ? "neg" : score > 0 ? "pos" : ""}`,
            score == null ? "–" : val.format(score)),
          flags);
        tr.addEventListener("click", () => { body.querySelectorAll("tr.selected").forEach((r) => r.classList.remove("selected"));
          tr.classList.add("selected"); showJourney(j); });
        body.append(tr);
      }
      if (!body.children.length) {
        const tr = el("tr");
        tr.append(Object.assign(el("td", "hint", "Geen klantreizen bij deze filters."), { colSpan: 8 }));
        body.append(tr);
      }
      state.journeys.after = page.next_cursor;
      $("#journeys-more").hidden = !page.next_cursor;
    } catch (err) { showError(err); }
  }

  function showJourney(j) {
    const box = $("#journey-detail");
    box.hidden = false;
    $("#journey-title").textContent = `Reis van klant ${String(j.customer).slice(0, 8)} · fasen: ` +
      (j.phases.map((p) => label("phase", p)).join(" → ") || "–");
    const list = $("#journey-contacts");
    list.replaceChildren();
    $("#trajectory").replaceChildren();
    $("#trajectory-hint").textContent = "";
    for (const c of j.contacts) {
      const li = el("li", j.peak && j.peak.contact_id === c.id ? "peak" : "");
      const t = c.tag;
      li.append(`${dtf.format(new Date(c.timestamp))} · ${label("channel", c.channel)}` +
        (c.touchpoint ? ` · ${label("touchpoint", c.touchpoint)}` : "") +
        (t ? ` · ${label("emotion", t.emotion)} (intensiteit ${t.intensity}/5, ${label("phase", t.phase)})` : " · geen emotie") +
        (j.peak && j.peak.contact_id === c.id ? " · piek" : "") + (j.end && j.end.contact_id === c.id ? " · einde" : ""));
      if (["chat", "phone"].includes(c.channel)) {
        const b = el("button", "link", "verloop in het gesprek");
        b.type = "button";
        b.addEventListener("click", () => showTrajectory(c.id));
        li.append(b);
      }
      list.append(li);
    }
  }

  async function showTrajectory(contactId) {
    const host = $("#trajectory");
    try {
      const [t] = await Promise.all([api(`/contacts/${contactId}/trajectory`), loadPlotly()]);
      if (!t.points.length) {
        host.replaceChildren();
        $("#trajectory-hint").textContent = "Dit gesprek heeft geen emotie per klantbeurt.";
        return;
      }
      const notes = t.shifts.map((s) => ({ x: s.to_position, y: t.points.find((p) => p.position === s.to_position).valence,
        text: s.moves.map((m) => MOVE_NL[m] || m).join(", ") || "–", showarrow: true, arrowhead: 0, ay: -30,
        font: { size: 11 } }));
      await Plotly.react(host, [{ type: "scatter", mode: "lines+markers", x: t.points.map((p) => p.position),
        y: t.points.map((p) => p.valence), text: t.points.map((p) => label("emotion", p.emotion)),
        marker: { size: 9, color: t.points.map((p) => EMOTION_COLOURS[p.emotion]) }, line: { color: "#3d85c6" },
        hovertemplate: "beurt %{x}: %{text} (valentie %{y:.2f})<extra></extra>" }], {
        font: FONT, separators: ",.", height: 260, margin: { l: 50, r: 10, t: 30, b: 40 }, annotations: notes,
        xaxis: { title: { text: "beurt in het gesprek" }, dtick: 1 }, yaxis: { range: [-1.05, 1.05], title: { text: "valentie" } },
      }, PLOT_CONFIG);
      host.dataset.state = "drawn";
      $("#trajectory-hint").textContent = "Bij elke omslag staat wat de medewerker in de beurten ervoor deed.";
    } catch (err) { showError(err); }
  }

  onRadio("journey-flag", (v) => { state.journeys.flag = v; loadJourneys(); });
  $("#journeys-more").addEventListener("click", () => loadJourneys(true));

  // ---- alerts: touchpoint x emotion cells whose share rose significantly against their own history -------------
  const SEVERITY_NL = { high: "hoog", medium: "middel", low: "laag" };
  const pp = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1, signDisplay: "always" });
  const sig = new Intl.NumberFormat("nl-NL", { maximumSignificantDigits: 2 });
  state.alerts = { interval: "week", seq: 0 };

  function span(from, to) { return `${df.format(new Date(from))} – ${df.format(new Date(to))}`; }
  function periodText(start, end, interval) {
    return interval === "month" ? monthf.format(new Date(start)) : interval === "week" ? span(start, end) : df.format(new Date(start));
  }
  const pText = (p) => (p < 0.001 ? "< 0,001" : sig.format(p));

  async function loadAlerts() {
    const f = state.filters, seq = ++state.alerts.seq, host = $("#alerts");
    // no date filter: the latest complete period; a date filter: every complete period inside it
    const params = { interval: state.alerts.interval, channel: f.channel, touchpoint: f.touchpoint,
      date_from: f.date_from, date_to: f.date_to, history: f.date_from ? "true" : "" };
    try {
      const res = await api("/alerts", params);
      if (seq !== state.alerts.seq) return;
      const body = $("#alert-rows"), k = res.params.baseline, unit = res.interval === "month" ? "maanden" : res.interval === "week" ? "weken" : "dagen";
      const periods = res.periods.length === 1 ? periodText(res.periods[0].start, res.periods[0].end, res.interval)
        : res.periods.length ? `${res.periods.length} ${unit}, ${span(res.periods[0].start, res.periods.at(-1).end)}` : "geen volledige periode";
      $("#alerts-hint").textContent = `Getoetst: ${periods}. Aandeel van de emotie binnen het touchpoint tegen de ${k} ` +
        `${unit} ervoor (exacte eenzijdige Fisher-toets; q: Benjamini-Hochberg over alle cellen van de periode). Signaal bij ` +
        `q ≤ ${sig.format(res.params.alpha)}, minstens ${res.params.min_count} contacten en ${res.params.min_rise} procentpunt ` +
        "stijging. Klik op een signaal voor de verbatims.";
      body.replaceChildren(...res.items.map((a) => {
        const tr = el("tr", `sev-${a.severity}`);
        Object.assign(tr.dataset, { touchpoint: a.touchpoint, emotion: a.emotion, start: a.period_start, end: a.period_end, count: a.count });
        tr.append(el("td", "", periodText(a.period_start, a.period_end, res.interval)),
          el("td", "", a.touchpoint_label || label("touchpoint", a.touchpoint)),
          el("td", "", a.emotion_label || label("emotion", a.emotion)),
          el("td", "", `${pct.format(a.share)} (${nf.format(a.count)}/${nf.format(a.total)})`),
          el("td", "", `${pct.format(a.baseline_share)} (${nf.format(a.baseline_count)}/${nf.format(a.baseline_total)})`),
          el("td", "", `${pp.format(a.rise_pp)} pp`), el("td", "", pText(a.p_value)), el("td", "", pText(a.q_value)),
          el("td", "", ""));
        tr.lastChild.append(el("span", `sev ${a.severity}`, SEVERITY_NL[a.severity] || a.severity));
        tr.title = `Eerste signaal in deze reeks: ${a.first_fired ? df.format(new Date(a.first_fired)) : "–"}`;
        tr.addEventListener("click", () => {
          body.querySelectorAll("tr.selected").forEach((r) => r.classList.remove("selected"));
          tr.classList.add("selected");
          openDrill("touchpoint", a.touchpoint, a.emotion, { date_from: a.period_start, date_to: a.period_end });
        });
        return tr;
      }));
      if (!res.items.length) {
        const tr = el("tr");
        tr.append(Object.assign(el("td", "hint", `Geen signalen (${periods}).`), { colSpan: 9 }));
        body.append(tr);
      }
      host.dataset.state = "drawn";
      host.dataset.interval = res.interval;
    } catch (err) { showError(err); }
  }

  onRadio("alert-interval", (v) => { state.alerts.interval = v; loadAlerts(); });

  // ---- CSV for a heatmap (the API wants the key in a header, so no plain link) -------------------------------
  document.querySelectorAll("button.csv").forEach((b) => b.addEventListener("click", async () => {
    try {
      const cols = b.dataset.cols || "emotion";
      const csv = await api("/heatmap", { rows: b.dataset.rows, cols, metric: state.metric,
        format: "csv", ...filterParams() }, "text/csv");
      const a = Object.assign(document.createElement("a"), {
        href: URL.createObjectURL(new Blob([csv], { type: "text/csv" })),
        download: `klantgevoel-${b.dataset.rows}-${cols === "cause" ? "oorzaak" : "emotie"}-${state.metric}.csv`,
      });
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    } catch (err) { showError(err); }
  }));

  // ---- start ------------------------------------------------------------------------------------------------
  let reloadTimer = null;
  function reload() {
    clearTimeout(reloadTimer);
    // The open cell belongs to the old filters: closed now, not when the debounce fires, so that a cell (or an
    // alert) opened within those 150 ms stays open.
    state.drill = null;
    reloadTimer = setTimeout(() => {
      clearError();
      if (!state.drill) {
        $("#verbatim-list").replaceChildren();
        $("#pager").hidden = true;
        $("#verbatims-title").textContent = "Verbatims";
        $("#verbatims-count").textContent = "";
        $("#verbatims-empty").hidden = false;
        $("#verbatims-empty").textContent = "Nog geen cel gekozen.";
      }
      loadHeatmaps();
      loadTrend();
      loadJourneys();
      loadAlerts();
    }, 150);
  }

  async function start() {
    clearError();
    $("#login").hidden = true;
    $("#app").hidden = false;
    $("#logout").hidden = false;
    // the data first, in parallel with /meta (which only fills the filters)
    const heatmaps = loadHeatmaps();
    loadTrend(heatmaps);
    heatmaps.then(() => { loadJourneys(); loadAlerts(); });
    let meta;
    try {
      meta = await api("/meta");
    } catch (err) {
      return showError(err);
    }
    state.meta = meta;
    // options come as {id, name_nl} (plain keys accepted too)
    const ids = {};
    for (const [dim, list] of [["channel", meta.channels], ["touchpoint", meta.touchpoints], ["phase", meta.phases],
      ["emotion", meta.emotions], ["stdc", meta.stdc]]) {
      ids[dim] = (list || []).map((o) => (o && typeof o === "object" ? o.id : o) || "unknown");
      learnLabels(dim, Object.fromEntries((list || []).filter((o) => o && typeof o === "object")
        .map((o) => [o.id, o.name_nl])));
    }
    const min = (meta.date_min || "").slice(0, 10);
    const max = (meta.date_max || "").slice(0, 10);
    const tagged = meta.tagged ?? meta.contacts ?? 0;
    $("#summary").textContent = `${nf.format(tagged)} contacten met emotie` +
      (min && max ? ` · ${df.format(new Date(min))} – ${df.format(new Date(max))}` : "");
    for (const id of ["#date-from", "#date-to"]) { $(id).min = min; $(id).max = max; }
    showDates();
    fillPeriods(min, max);
    fillMulti("channel-filter", "channel", ids.channel, "Alle kanalen");
    fillMulti("touchpoint-filter", "touchpoint", ids.touchpoint, "Alle touchpoints");
    $("#metric-help").textContent = METRICS[state.metric].help;
  }

  if (state.key) start();
  else logout();
})();
