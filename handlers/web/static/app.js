// The office's dashboard: map, coverage, companions, review queue and today's reports.
// Opened as a Telegram Mini App (its launch data, in the address's fragment, signs the person in)
// or after a /pantau login link (the session cookie). Every text comes from the bot's catalogue
// (/api/me), every figure from the server, which counts only the person's own regions. What people
// typed is always put in the page as text (textContent), never as markup.
"use strict";

const state = {
  me: null,
  tab: "map",
  companion: null, // {id, name}: the map's companion filter, from the companions table
  map: null,
  layers: null,
  track: null,
  request: 0,
  todayAfter: 0,
  todayCount: 0,
  sort: {},
};
const VERDICT_COLOURS = { verified: "#1a9850", uncertain: "#fdae61", outside: "#d73027", no_reference: "#737373" };
// Households: how long since the last visit (purples), a palette apart from the visits' verdicts.
const SHARE_COLOURS = ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"];
const STATE_COLOURS = ["#dadaeb", "#756bb1", "#3f007d"]; // recent, overdue, never visited
const TODAY_EVERY_MS = 10000;

const $ = (id) => document.getElementById(id);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

// The catalogue's {name} and {count:one|many} placeholders, filled as plain text.
function tr(key, values = {}) {
  const template = (state.me && state.me.texts[key]) || key;
  return template.replace(/\{(\w+)(?::([^|}]*)\|([^}]*))?\}/g, (_, name, one, many) => {
    const value = values[name];
    if (one === undefined) return value === undefined || value === null ? "–" : String(value);
    return `${value} ${value === 1 ? one : many}`;
  });
}

async function api(path, options = {}) {
  const response = await fetch(path, { credentials: "same-origin", ...options });
  if (response.status === 401) {
    showMessage(state.me ? tr("web.signed_out") : await publicText("web.public.signed_out"));
    throw new Error("signed out");
  }
  const body = (response.headers.get("Content-Type") || "").startsWith("application/json") ? await response.json() : null;
  if (!response.ok && response.status !== 409) {
    const reason = body && body.error ? body.error : String(response.status);
    if (response.status !== 400 || !body || body.error !== "reason") showMessage(tr("web.error", { reason }));
    const error = new Error(reason);
    error.body = body;
    throw error;
  }
  return { status: response.status, body };
}

async function publicText(key) {
  const texts = await (await fetch("/api/public-texts")).json();
  return texts[(navigator.language || "id").startsWith("en") ? "en" : "id"][key];
}

function showMessage(text) {
  const box = $("message");
  box.textContent = text;
  box.hidden = false;
}

// ── Start ────────────────────────────────────────────────────────────────
async function signIn() {
  const launch = new URLSearchParams(location.hash.slice(1)).get("tgWebAppData");
  if (!launch) return;
  history.replaceState(null, "", location.pathname);
  await fetch("/api/session/telegram", {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ init_data: launch }),
  });
}

async function start() {
  await signIn();
  state.me = (await api("/api/me")).body;
  document.documentElement.lang = state.me.language;
  $("title").textContent = tr("web.title");
  $("who").textContent = `${state.me.name} · ${tr(`role.${state.me.role}`)}`;
  for (const button of document.querySelectorAll("#tabs button")) {
    button.textContent = tr(`web.tab.${button.dataset.tab}`);
    button.addEventListener("click", () => showTab(button.dataset.tab));
  }
  fillFilters();
  $("panel-close").addEventListener("click", closePanel);
  $("companion-filter").addEventListener("click", () => { state.companion = null; refresh(); });
  setUpMap();
  setUpCoverage();
  pollToday();
  setInterval(pollToday, TODAY_EVERY_MS);
}

function option(value, label, selected) {
  return el("option", { value, text: label, selected: selected || undefined });
}

function fillFilters() {
  const form = $("filters");
  const me = state.me;
  form.region.replaceChildren(
    option("", tr("web.filter.all_regions")),
    ...me.regions.map((region) => option(region.code, region.name)),
  );
  form.period.replaceChildren(...me.periods.map((period) => option(period, tr(`web.period.${period}`))));
  form.verdict.replaceChildren(
    option("", tr("web.filter.all_verdicts")),
    ...me.verdicts.map((verdict) => option(verdict, tr(`report.verdict_name.${verdict}`))),
  );
  form.flag.replaceChildren(
    option("", tr("web.filter.all_flags")),
    option("any", tr("web.filter.any_flag")),
    ...me.flags.map((flag) => option(flag, tr(`report.flag.${flag}`))),
  );
  form.region.addEventListener("change", async () => { form.kecamatan.value = ""; form.desa.value = ""; await fillPlaces(); refresh(); });
  form.kecamatan.addEventListener("change", async () => { form.desa.value = ""; await fillPlaces(); refresh(); });
  for (const name of ["desa", "period", "verdict", "flag"]) form[name].addEventListener("change", refresh);
  fillPlaces();
}

async function fillPlaces() {
  const form = $("filters");
  const query = new URLSearchParams({ region: form.region.value, kecamatan: form.kecamatan.value });
  const places = (await api(`/api/places?${query}`)).body;
  const kecamatan = form.kecamatan.value;
  form.kecamatan.replaceChildren(
    option("", tr("web.filter.all_kecamatan")),
    ...places.kecamatan.map((name) => option(name, name, name === kecamatan)),
  );
  form.desa.replaceChildren(option("", tr("web.filter.all_desa")), ...places.desa.map((place) => option(place.desa, place.desa)));
}

function filterQuery(extra = {}) {
  const form = $("filters");
  const query = new URLSearchParams();
  for (const name of ["region", "kecamatan", "desa", "period", "verdict", "flag"]) {
    if (form[name].value) query.set(name, form[name].value);
  }
  if (state.companion) query.set("companion", state.companion.id);
  for (const [key, value] of Object.entries(extra)) query.set(key, value);
  return query;
}

function showTab(tab) {
  state.tab = tab;
  for (const button of document.querySelectorAll("#tabs button")) button.classList.toggle("active", button.dataset.tab === tab);
  for (const section of document.querySelectorAll("main > section")) section.classList.toggle("active", section.id === `${tab}-tab`);
  if (tab === "map") state.map.invalidateSize();
  refresh();
}

function refresh() {
  const badge = $("companion-filter");
  badge.hidden = !state.companion;
  if (state.companion) badge.textContent = tr("web.filter.companion", { name: state.companion.name });
  if (state.tab === "map") loadMap();
  else if (state.tab === "coverage") loadCoverage();
  else if (state.tab === "companions") loadCompanions();
  else if (state.tab === "review") loadReview(0);
  else if (state.tab === "today") renderToday();
}

// ── Map ─────────────────────────────────────────────────────────────────
function setUpMap() {
  const [south, west, north, east] = state.me.province.box;
  const map = L.map("map", { preferCanvas: false, zoomSnap: 1 });
  state.map = map;
  if (state.me.tiles.url) {
    L.tileLayer(state.me.tiles.url, { maxZoom: 19, attribution: state.me.tiles.attribution }).addTo(map);
  }
  state.layers = L.layerGroup().addTo(map);
  map.fitBounds([[south, west], [north, east]]);
  drawOutline([south, west, north, east], !state.me.tiles.url);
  map.on("moveend", () => { if (state.tab === "map") loadMap(); });
  renderLegend();
  loadMap();
}

async function drawOutline(box, offline) {
  // The map opens on the person's own regions. Offline (no tiles), the province's box and each
  // kabupaten/kota's (from its households) are all there is to see around the hexagons.
  const [south, west, north, east] = box;
  if (offline) L.rectangle([[south, west], [north, east]], { className: "outline-province", weight: 2, fill: false }).addTo(state.map);
  const regions = (await api("/api/outline")).body.regions;
  const extent = L.latLngBounds([]);
  for (const region of regions) {
    const [s, w, n, e] = region.box;
    extent.extend([[s, w], [n, e]]);
    if (!offline) continue;
    L.rectangle([[s, w], [n, e]], { className: "outline-region", weight: 1, fill: false, dashArray: "4 4" })
      .bindTooltip(el("span", { text: region.name }), { sticky: true })
      .addTo(state.map);
  }
  if (extent.isValid()) state.map.fitBounds(extent.pad(0.05));
}

function shareColour(share) {
  return SHARE_COLOURS[Math.min(SHARE_COLOURS.length - 1, Math.floor(share * SHARE_COLOURS.length))];
}

async function loadMap() {
  const map = state.map;
  const bounds = map.getBounds();
  const query = filterQuery({
    south: bounds.getSouth().toFixed(5), west: bounds.getWest().toFixed(5),
    north: bounds.getNorth().toFixed(5), east: bounds.getEast().toFixed(5), zoom: map.getZoom(),
  });
  const request = ++state.request;
  const data = (await api(`/api/map?${query}`)).body;
  if (request !== state.request) return; // a later view was asked for meanwhile
  state.layers.clearLayers();
  $("map").dataset.mode = data.mode;
  if (data.mode === "hexagons") drawHexagons(data.hexagons);
  else drawPoints(data.households, data.visits);
}

function drawHexagons(hexagons) {
  for (const hexagon of hexagons) {
    const [households, overdue, never, visits] = [hexagon.households, hexagon.overdue, hexagon.never, hexagon.visits];
    const reports = visits.reduce((sum, count) => sum + count, 0);
    const share = households ? overdue / households : 0;
    const shape = L.polygon(hexagon.boundary, {
      className: "hexagon", color: "#54278f", weight: 1, fillColor: shareColour(share), fillOpacity: households ? 0.6 : 0.1,
    });
    shape.bindTooltip(el("span", { text: tr("web.hex.summary", { households, overdue, never, visits: reports, flagged: hexagon.flagged }) }), { sticky: true });
    shape.on("click", () => state.map.fitBounds(shape.getBounds()));
    state.layers.addLayer(shape);
    if (reports) {
      const verdict = state.me.verdicts[visits.indexOf(Math.max(...visits))];
      state.layers.addLayer(L.circleMarker(shape.getCenter(), {
        className: "visits-hexagon", radius: 4 + Math.min(10, Math.sqrt(reports)), color: "#222", weight: 1,
        fillColor: VERDICT_COLOURS[verdict], fillOpacity: 0.9, interactive: false,
      }));
    }
  }
}

function drawPoints(households, visits) {
  for (const point of households) {
    const marker = L.circleMarker([point.latitude, point.longitude], {
      className: `household household-${point.household_id}`, radius: 6, color: "#fff", weight: 1,
      fillColor: STATE_COLOURS[point.state], fillOpacity: 0.95,
    });
    marker.on("click", () => openHousehold(point.household_id));
    state.layers.addLayer(marker);
  }
  for (const point of visits) {
    const marker = L.circleMarker([point.latitude, point.longitude], {
      className: `visit visit-${point.visit_id}`, radius: 5, color: point.flagged ? "#000" : "#444",
      weight: point.flagged ? 3 : 1, fillColor: VERDICT_COLOURS[point.verdict], fillOpacity: 1,
    });
    marker.on("click", () => openVisit(point.visit_id));
    state.layers.addLayer(marker);
  }
}

function renderLegend() {
  const swatch = (colour, label, round) => el("div", { class: "legend-row" }, el("i", { class: round ? "dot" : "box", "data-colour": colour }), el("span", { text: label }));
  const rows = [
    el("b", { text: tr("web.legend.households") }),
    ...SHARE_COLOURS.map((colour, index) => swatch(colour, tr("web.legend.share", { low: index * 20, high: (index + 1) * 20 }))),
    swatch(STATE_COLOURS[0], tr("web.legend.recent", { days: state.me.overdue_days }), true),
    swatch(STATE_COLOURS[1], tr("web.legend.overdue", { days: state.me.overdue_days }), true),
    swatch(STATE_COLOURS[2], tr("web.legend.never"), true),
    el("b", { text: tr("web.legend.visits") }),
    ...state.me.verdicts.map((verdict) => swatch(VERDICT_COLOURS[verdict], tr(`report.verdict_name.${verdict}`), true)),
    el("small", { text: tr("web.legend.flagged") }),
  ];
  $("legend").replaceChildren(...rows);
  for (const mark of $("legend").querySelectorAll("i")) mark.style.background = mark.dataset.colour;
}

// ── Side panel: a household or a visit ──────────────────────────────────
function openPanel(...children) {
  $("panel-body").replaceChildren(...children);
  $("panel").hidden = false;
}

function closePanel() {
  $("panel").hidden = true;
  if (state.track) { state.track.remove(); state.track = null; }
}

function field(label, value) {
  if (value === null || value === undefined || value === "") return null;
  return el("div", { class: "field" }, el("span", { class: "label", text: label }), el("span", { text: String(value) }));
}

function visitLine(line) {
  return el("li", { class: "visit-line" },
    el("a", { href: "#", text: `#${line.id} · ${line.time} · ${line.verdict_label}`, onclick: (event) => { event.preventDefault(); openVisit(line.id); } }),
    line.flags ? el("div", { class: "flags", text: line.flags }) : null,
    line.review ? el("div", { class: "review-state", text: tr(`office.review.${line.review}`) }) : null);
}

async function openHousehold(id) {
  const household = (await api(`/api/household/${id}`)).body;
  openPanel(
    el("h2", { text: household.name, "data-testid": "household-name" }),
    field(tr("web.household.dtks"), household.dtks_id),
    field(tr("web.household.kk"), household.kk),
    field(tr("web.household.nik"), household.nik),
    field(tr("web.household.address"), household.address),
    field(tr("web.household.place"), [household.desa, household.kecamatan, household.region].filter(Boolean).join(", ")),
    field(tr("web.household.companion"), household.companion),
    household.active ? null : el("p", { class: "warning", text: tr("web.household.inactive") }),
    el("h3", { text: tr("web.household.visits") }),
    household.visits.length ? el("ul", {}, ...household.visits.map(visitLine)) : el("p", { text: tr("web.household.no_visits") }),
  );
}

function photos(ids) {
  return el("div", { class: "photos" }, ...ids.map((id) => el("a", { href: `/api/photo/${id}`, target: "_blank", rel: "noopener" },
    el("img", { src: `/api/photo/${id}`, alt: "", loading: "lazy", "data-testid": "photo" }))));
}

async function openVisit(id) {
  const visit = (await api(`/api/visit/${id}`)).body;
  if (state.track) state.track.remove();
  state.track = L.layerGroup().addTo(state.map);
  if (visit.track.length > 1) L.polyline(visit.track, { className: "track", color: "#08519c", weight: 3 }).addTo(state.track);
  L.circleMarker([visit.latitude, visit.longitude], { radius: 8, color: "#000", weight: 2, fillColor: VERDICT_COLOURS[visit.verdict], fillOpacity: 1 }).addTo(state.track);
  openPanel(
    el("h2", { text: tr("web.visit.title", { id: visit.id }) }),
    field(tr("web.visit.household"), `${visit.name} (${visit.dtks_id})`),
    field(tr("web.household.place"), [visit.desa, visit.kecamatan, visit.region].filter(Boolean).join(", ")),
    field(tr("web.visit.companion"), visit.companion),
    field(tr("web.visit.time"), visit.time),
    field(tr("web.visit.verdict"), `${visit.verdict_label} · ${visit.distance}`),
    field(tr("web.visit.location"), tr(visit.live ? "web.visit.live" : "web.visit.static")),
    field(tr("web.visit.dwell"), visit.dwell),
    field(tr("web.visit.farthest"), visit.farthest),
    field(tr("web.visit.flags"), visit.flags),
    field(tr("web.visit.conditions"), visit.conditions),
    field(tr("web.visit.note"), visit.note),
    visit.voice ? el("audio", { controls: true, preload: "none", src: `/api/voice/${visit.id}`, "data-testid": "voice" }) : null,
    visit.review ? field(tr("web.visit.review"), [tr(`office.review.${visit.review}`), visit.review_reason, visit.reviewer, visit.reviewed_at].filter(Boolean).join(" · ")) : null,
    photos(visit.photos),
    el("button", { type: "button", text: tr("web.visit.household_button"), onclick: () => openHousehold(visit.household_id) }),
    el("button", { type: "button", text: tr("web.visit.on_map"), onclick: () => { showTab("map"); state.map.setView([visit.latitude, visit.longitude], 17); } }),
  );
}

// ── Tables (coverage, companions) ───────────────────────────────────────
function table(node, columns, rows, onRow) {
  const key = node.id;
  const sort = state.sort[key];
  if (sort) {
    rows = [...rows].sort((a, b) => {
      const [x, y] = [a[sort.column], b[sort.column]];
      const order = x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
      return sort.descending ? -order : order;
    });
  }
  const head = el("tr", {}, ...columns.map((column) => el("th", {
    text: tr(column.label) + (sort && sort.column === column.sort ? (sort.descending ? " ▼" : " ▲") : ""),
    onclick: () => {
      const current = state.sort[key];
      state.sort[key] = { column: column.sort, descending: current && current.column === column.sort ? !current.descending : true };
      table(node, columns, rows, onRow);
    },
  })));
  const body = rows.map((row) => el("tr", { class: onRow ? "clickable" : "", onclick: onRow ? () => onRow(row) : undefined },
    ...columns.map((column) => el("td", { text: column.show(row) }))));
  node.replaceChildren(el("thead", {}, head), el("tbody", {}, ...body));
}

const percent = (share) => (share === null || share === undefined ? "–" : `${Math.round(share * 100)} %`);
const plain = (name) => ({ sort: name, show: (row) => (row[name] === null || row[name] === undefined ? "–" : String(row[name])) });

function setUpCoverage() {
  const level = $("level");
  level.replaceChildren(...["region", "kecamatan", "desa"].map((name) => option(name, tr(`web.coverage.level.${name}`))));
  level.addEventListener("change", loadCoverage);
}

async function loadCoverage() {
  const query = filterQuery({ level: $("level").value });
  $("download-csv").href = `/api/coverage.csv?${query}`;
  $("download-xlsx").href = `/api/coverage.xlsx?${query}`;
  const rows = (await api(`/api/coverage?${query}`)).body.rows;
  const level = $("level").value;
  const columns = [
    { label: "web.coverage.region", ...plain("region") },
    ...(level !== "region" ? [{ label: "web.coverage.kecamatan", ...plain("kecamatan") }] : []),
    ...(level === "desa" ? [{ label: "web.coverage.desa", ...plain("desa") }] : []),
    { label: "web.coverage.households", ...plain("households") },
    { label: "web.coverage.visited_this_month", ...plain("visited_this_month") },
    { label: "web.coverage.overdue", ...plain("overdue") },
    { label: "web.coverage.never_visited", ...plain("never_visited") },
    { label: "web.coverage.visits_this_month", ...plain("visits_this_month") },
    { label: "web.coverage.verified_share", sort: "verified_share", show: (row) => percent(row.verified_share) },
    { label: "web.coverage.flagged_this_month", ...plain("flagged_this_month") },
  ];
  table($("coverage"), columns, rows, level === "desa" ? null : async (row) => {
    // Down one level: kabupaten/kota → kecamatan → desa.
    const form = $("filters");
    form.region.value = row.code;
    if (level === "kecamatan") { await fillPlaces(); form.kecamatan.value = row.kecamatan; }
    await fillPlaces();
    $("level").value = level === "region" ? "kecamatan" : "desa";
    loadCoverage();
  });
}

async function loadCompanions() {
  const rows = (await api(`/api/companions?${filterQuery()}`)).body.rows;
  const columns = [
    { label: "web.companions.name", ...plain("name") },
    { label: "web.companions.region", ...plain("region") },
    { label: "web.companions.reports_this_week", ...plain("reports_this_week") },
    { label: "web.companions.reports_this_month", ...plain("reports_this_month") },
    { label: "web.companions.live_share", sort: "live_share", show: (row) => percent(row.live_share) },
    { label: "web.companions.median_dwell", sort: "median_dwell_s", show: (row) => row.median_dwell || "–" },
    { label: "web.companions.flagged_this_month", ...plain("flagged_this_month") },
    { label: "web.companions.last_report", sort: "last_report_at", show: (row) => row.last_report || "–" },
    { label: "web.companions.overdue_households", ...plain("overdue_households") },
  ];
  table($("companions"), columns, rows, (row) => {
    // Their reports on the map.
    state.companion = { id: row.id, name: row.name };
    showTab("map");
  });
}

// ── Review queue ────────────────────────────────────────────────────────
async function loadReview(offset) {
  const data = (await api(`/api/review?${filterQuery({ offset })}`)).body;
  const box = $("review");
  const items = data.items.map(reviewCard);
  const more = data.offset + data.items.length < data.total
    ? el("button", { type: "button", text: tr("web.review.more"), onclick: () => loadReview(data.offset + data.items.length) })
    : null;
  box.replaceChildren(
    el("p", { text: data.total ? tr("web.review.total", { total: data.total }) : tr("web.review.empty"), "data-testid": "review-total" }),
    ...items, ...(more ? [more] : []));
}

function reviewCard(line) {
  const result = el("div", { class: "result", "data-testid": "review-result" });
  const reason = el("textarea", { rows: 2, maxlength: 500, placeholder: tr("web.review.reason_placeholder"), hidden: true, "data-testid": "reason" });
  const card = el("article", { class: "review-card", "data-testid": "review-card", "data-visit": line.id },
    el("h3", {}, el("a", { href: "#", text: `#${line.id} · ${line.name}`, onclick: (event) => { event.preventDefault(); openVisit(line.id); } })),
    el("div", { text: [line.desa, line.kecamatan, line.region].filter(Boolean).join(", ") }),
    el("div", { text: `${line.companion} · ${line.time}` }),
    el("div", { text: `${line.verdict_label} · ${line.distance} · ${tr(line.live ? "web.visit.live" : "web.visit.static")}` }),
    el("div", { class: "flags", text: line.flags }),
    photos(line.photos),
    el("div", { class: "actions" },
      el("button", { type: "button", class: "accept", "data-testid": "accept", text: tr("web.review.accept"), onclick: () => decide(line, card, "accept") }),
      el("button", { type: "button", "data-testid": "revisit", text: tr("web.review.revisit"), onclick: () => decide(line, card, "revisit") }),
      el("button", { type: "button", class: "reject", "data-testid": "reject", text: tr("web.review.reject"), onclick: () => {
        if (reason.hidden) { reason.hidden = false; reason.focus(); return; }
        decide(line, card, "reject", reason.value);
      } })),
    reason, result);
  return card;
}

async function decide(line, card, action, reason = "") {
  const result = card.querySelector(".result");
  try {
    const answer = await api(`/api/review/${line.id}`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ action, reason }),
    });
    const body = answer.body;
    result.textContent = answer.status === 409
      ? tr("web.review.already", { name: body.reviewer, status: body.status ? tr(`office.review.${body.status}`) : "–" })
      : tr(`web.review.done.${body.status}`);
    for (const button of card.querySelectorAll(".actions button")) button.disabled = true;
    card.classList.add("decided");
  } catch (error) {
    if (error.body && error.body.error === "reason") result.textContent = tr("web.review.reason_needed", { limit: error.body.limit });
  }
}

// ── Today ───────────────────────────────────────────────────────────────
async function pollToday() {
  let items;
  try {
    items = (await api(`/api/today?after=${state.todayAfter}`)).body.items;
  } catch (error) {
    return;
  }
  const list = $("today");
  for (const line of items) {
    state.todayAfter = Math.max(state.todayAfter, line.id);
    state.todayCount += 1;
    list.prepend(el("li", { class: `today-line verdict-${line.verdict}`, "data-testid": "today-line" },
      el("a", { href: "#", text: `#${line.id} · ${line.time} · ${line.name}`, onclick: (event) => { event.preventDefault(); openVisit(line.id); } }),
      el("div", { text: `${line.companion} · ${[line.desa, line.region].filter(Boolean).join(", ")} · ${line.verdict_label}` }),
      line.flags ? el("div", { class: "flags", text: line.flags }) : null));
  }
  document.querySelector('[data-tab="today"]').textContent = `${tr("web.tab.today")} (${state.todayCount})`;
  renderToday();
}

function renderToday() {
  const list = $("today");
  const empty = list.querySelector(".empty");
  if (!state.todayCount && !empty) list.append(el("li", { class: "empty", text: tr("web.today.empty") }));
  if (state.todayCount && empty) empty.remove();
}

start().catch((error) => console.error(error));
