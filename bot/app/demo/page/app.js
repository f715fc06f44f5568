// The demo's chat page: one Telegram-like chat per demo person. Whatever is done here is sent to
// the local Bot API stand-in as the update Telegram would deliver; the page long-polls the chat.
"use strict";

const LIVE_PERIOD_S = 900;
const METRE_DEG = 1 / 111320;
const $ = (id) => document.getElementById(id);

const state = {
  people: [], current: null, version: -1, abort: null, bot: null, centre: [-6.12, 106.15],
  seenBot: {}, seenToasts: {}, chat: null,
  map: null, layers: null, point: null, live: null,
  // Whether the chat follows its newest message (as Telegram's does, until one scrolls up).
  stuck: true,
  // The small maps of location messages, by message id: made once, moved when a live one moves.
  smallMaps: {},
};

async function call(path, body) {
  const options = body === undefined ? {} : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
  const response = await fetch(path, options);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "text") node.textContent = value;
    else if (key === "html") node.innerHTML = value;  // the stand-in's re-built HTML: Telegram's tags only, text escaped
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

// ── People ────────────────────────────────────────────────────────────

async function loadPeople() {
  const data = await call("/demo/people");
  state.people = data.people;
  state.bot = data.bot;
  state.centre = data.centre;
  // The bot's name is the programme's short name (programme.short_name), never written here.
  document.title = `${data.bot.first_name} Bot — demo (@${data.bot.username})`;
  $("bot-name").textContent = `${data.bot.first_name} Bot`;
  renderPeople({});
  const first = state.people.find((p) => p.role === "companion") || state.people[0];
  select(first.id);
}

function renderPeople(botCounts) {
  const nav = $("people");
  nav.replaceChildren(...state.people.map((person) => {
    const unread = (botCounts[person.id] || 0) - (state.seenBot[person.id] || 0);
    return el("button", {
      type: "button", class: person.id === state.current ? "current" : "",
      "data-testid": `person-${person.role}-${person.id}`, "data-person": person.id,
      onclick: () => select(person.id),
    }, unread > 0 && person.id !== state.current ? el("span", { class: "badge", text: String(unread) }) : null,
    el("span", { text: person.name }), el("span", { class: "role", text: person.title }));
  }));
}

function select(id) {
  state.current = id;
  state.version = -1;
  state.chat = null;
  if (state.abort) state.abort.abort();
  const person = state.people.find((p) => p.id === id);
  $("chat-title").textContent = `${person.name} · ${person.title} — obrolan dengan bot`;
  $("messages").replaceChildren();
  state.smallMaps = {};
  state.stuck = true;
  state.households = [];
  call(`/demo/households/${id}`).then((households) => { if (state.current === id) state.households = households; });
  closeMap();
  renderPeople({});
}

// ── Polling the chat ──────────────────────────────────────────────────

async function pollForever() {
  for (;;) {
    const id = state.current;
    state.abort = new AbortController();
    try {
      const response = await fetch(`/demo/chat/${id}?since=${state.version}`, { signal: state.abort.signal });
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      if (id !== state.current) continue;
      state.version = data.version;
      render(data);
    } catch (error) {
      if (error.name !== "AbortError") await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

function render(data) {
  const chat = data.chat;
  const id = state.current;
  state.chat = chat;
  state.seenBot[id] = data.bot_messages[id] || 0;
  renderPeople(data.bot_messages);
  // The keyboard first: it takes its room from the messages, whose end must stay in sight.
  renderReplyKeyboard(chat.reply_keyboard);
  renderCommands(data.commands);
  renderMessages(chat.messages);
  $("text").placeholder = chat.force_reply_to ? "Balas pesan bot…" : "Tulis pesan…";
  const seen = state.seenToasts[id];
  state.seenToasts[id] = chat.toasts.length;
  if (seen !== undefined && chat.toasts.length > seen) toast(chat.toasts[chat.toasts.length - 1]);
}

function renderMessages(messages) {
  const box = $("messages");
  const person = state.people.find((p) => p.id === state.current);
  if (!messages.length && person && person.role === "newcomer") {
    box.replaceChildren(el("p", { class: "hint empty-chat", "data-testid": "newcomer-hint", text:
      `${person.name} belum membuka bot. Sebagai admin, buat undangan (/undang pendamping <kode wilayah> ${person.name}), `
      + `lalu klik tautannya dan pilih ${person.name}: begitulah pendamping baru mendaftar.` }));
    return;
  }
  box.replaceChildren(...messages.map(renderMessage));
  for (const map of Object.values(state.smallMaps)) map.leaflet.invalidateSize();
  followNewest();
}

// Telegram keeps the newest message in sight while one reads at the end of the chat: after new
// messages, when a photo or map takes its height, when the keyboard changes size.
function followNewest() {
  if (state.stuck) $("messages").scrollTop = $("messages").scrollHeight;
}

function nearTheEnd(box) {
  return box.scrollHeight - box.scrollTop - box.clientHeight < 40;
}

function renderMessage(message) {
  const p = message.payload;
  const node = el("div", {
    class: `msg ${message.from_bot ? "bot" : "user"}`, "data-testid": message.from_bot ? "bot-message" : "user-message",
    "data-message-id": message.message_id,
  });
  if (p.photo) {
    const largest = p.photo[p.photo.length - 1];
    node.append(el("img", { class: "inline", src: `/demo/files/${largest.file_id}`, alt: "foto", "data-testid": "photo", onload: followNewest }));
  }
  if (p.document) node.append(renderDocument(p.document));
  if (p.voice) node.append(el("audio", { controls: "", src: `/demo/files/${p.voice.file_id}` }));
  if (p.location) node.append(smallMap(message.message_id, p.location), renderLocation(p.location, message.edits));
  const text = p.text ?? p.caption;
  if (text !== undefined) {
    const shown = message.from_bot && message.html !== null ? el("div", { class: "text", html: message.html }) : el("div", { class: "text", text });
    linkInvitations(shown);
    node.append(shown);
  }
  const time = new Date(p.date * 1000).toLocaleTimeString("id-ID", { hour: "2-digit", minute: "2-digit", timeZone: "Asia/Jakarta" });
  node.append(el("div", { class: "meta", text: `${message.edits && !p.location ? "diedit · " : ""}${time}` }));
  if (message.inline_keyboard) node.append(renderInlineKeyboard(message));
  return node;
}

function renderDocument(document) {
  const href = `/demo/files/${document.file_id}`;
  const box = el("div");
  if ((document.mime_type || "").startsWith("image/")) box.append(el("img", { class: "inline", src: href, alt: document.file_name, onload: followNewest }));
  box.append(el("a", { class: "file", href: `${href}?download=1`, download: document.file_name || "file", "data-testid": "document" },
    `📄 ${document.file_name || "file"} (${Math.ceil((document.file_size || 0) / 1024)} KB)`));
  if (document.mime_type === "text/html") box.append(" ", el("a", { href, target: "_blank", rel: "noopener", text: "buka ↗" }));
  return box;
}

// A location as Telegram shows it: a small map with a pin (no tiles here: the demo runs offline,
// so the shared point, its accuracy circle and the households nearby are what is drawn).
function smallMap(messageId, location) {
  const point = [location.latitude, location.longitude];
  let map = state.smallMaps[messageId];
  if (!map) {
    const node = el("div", { class: "small-map", "data-testid": "location-map" });
    const leaflet = L.map(node, {
      attributionControl: false, zoomControl: false, dragging: false, scrollWheelZoom: false,
      doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false,
    });
    L.control.scale({ imperial: false, position: "bottomleft" }).addTo(leaflet);
    for (const h of state.households || []) {
      L.circleMarker([h.lat, h.lon], { radius: 4, color: "#2a6f3a", weight: 1, fillOpacity: 0.5, interactive: false }).addTo(leaflet);
    }
    const circle = L.circle(point, { radius: 0, color: "#1a5f99", weight: 1, fillOpacity: 0.12, interactive: false }).addTo(leaflet);
    const pin = L.circleMarker(point, { radius: 6, color: "#fff", weight: 2, fillColor: "#e0473b", fillOpacity: 1, className: "pin" }).addTo(leaflet);
    map = state.smallMaps[messageId] = { node, leaflet, pin, circle };
    leaflet.setView(point, 15);
  }
  map.pin.setLatLng(point);
  map.circle.setLatLng(point).setRadius(location.horizontal_accuracy || 0);
  map.leaflet.setView(point, map.leaflet.getZoom() || 15, { animate: false });
  return map.node;
}

// An invitation link of this bot (t.me/<bot>?start=…) opens the bot for whoever taps it, as in
// Telegram: here the trainer says who that is (the newcomer, usually) and the chat switches to them.
function linkInvitations(node) {
  if (!state.bot) return;
  const pattern = new RegExp(`https://t\\.me/${state.bot.username}\\?start=([\\w-]+)`, "g");
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  const texts = [];
  while (walker.nextNode()) texts.push(walker.currentNode);
  for (const text of texts) {
    const parts = text.data.split(pattern);
    if (parts.length === 1) continue;
    const pieces = parts.map((part, index) => (index % 2 === 0 ? part : el("a", {
      href: `https://t.me/${state.bot.username}?start=${part}`, class: "deep-link", "data-testid": "deep-link",
      onclick: (event) => { event.preventDefault(); chooseWhoOpens(part); },
    }, `https://t.me/${state.bot.username}?start=${part}`)));
    text.replaceWith(...pieces);
  }
}

function chooseWhoOpens(payload) {
  const box = $("open-as");
  box.replaceChildren(el("span", { text: "Buka tautan undangan ini sebagai: " }),
    ...state.people.map((person) => el("button", {
      type: "button", "data-testid": `open-as-${person.id}`, text: `${person.name} (${person.title})`,
      onclick: () => { box.hidden = true; select(person.id); sendText(`/start ${payload}`); },
    })),
    el("button", { type: "button", title: "Tutup", text: "✖", onclick: () => { box.hidden = true; } }));
  box.hidden = false;
}

function renderLocation(location, edits) {
  const live = location.live_period ? `📡 Lokasi langsung${edits ? ` (diperbarui ${edits}×)` : ""}` : "📍 Lokasi";
  const accuracy = location.horizontal_accuracy ? ` ±${Math.round(location.horizontal_accuracy)} m` : "";
  return el("div", { class: "location", "data-testid": "location", text: `${live}: ${location.latitude.toFixed(5)}, ${location.longitude.toFixed(5)}${accuracy}` });
}

function renderInlineKeyboard(message) {
  const keyboard = el("div", { class: "inline-keyboard" });
  for (const row of message.inline_keyboard) {
    keyboard.append(el("div", { class: "kb-row" }, ...row.map((button) => {
      if (button.url) return el("a", { href: button.url, target: "_blank", rel: "noopener", text: button.text });
      if (button.web_app) {
        // As Telegram opens a Mini App: in its own window, with the person's signed launch data.
        return el("button", {
          type: "button", "data-testid": "web-app-button", text: button.text,
          onclick: async () => {
            const launch = await call(`/demo/chat/${state.current}/web-app`, { url: button.web_app.url });
            window.open(launch.url, "_blank");
          },
        });
      }
      return el("button", {
        type: "button", "data-testid": "inline-button", "data-callback": button.callback_data || "", text: button.text,
        onclick: () => call(`/demo/chat/${state.current}/press`, { message_id: message.message_id, data: button.callback_data }),
      });
    })));
  }
  return keyboard;
}

function renderReplyKeyboard(keyboard) {
  const box = $("reply-keyboard");
  if (!keyboard) { box.replaceChildren(); return; }
  box.replaceChildren(...keyboard.keyboard.map((row) => el("div", { class: "kb-row" }, ...row.map((button) => {
    const label = typeof button === "string" ? button : button.text;
    const asksLocation = typeof button === "object" && button.request_location;
    return el("button", {
      type: "button", "data-testid": "reply-button", text: label,
      onclick: () => (asksLocation ? openMap() : sendText(label)),
    });
  }))));
}

function renderCommands(commands) {
  $("commands").replaceChildren(...commands.map((command) => el("button", {
    type: "button", text: `/${command.command} — ${command.description}`,
    onclick: () => { $("commands").hidden = true; sendText(`/${command.command}`); },
  })));
}

function toast(text) {
  const box = $("toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(box.timer);
  box.timer = setTimeout(() => { box.hidden = true; }, 4000);
}

// ── Sending ───────────────────────────────────────────────────────────

function sendText(text) {
  state.stuck = true;  // as in Telegram, what one sends brings the chat to its end
  if (text.trim()) return call(`/demo/chat/${state.current}/text`, { text });
  return Promise.resolve();
}

async function upload(file, as) {
  state.stuck = true;
  const form = new FormData();
  form.append("file", file);
  form.append("as", as);
  const response = await fetch(`/demo/chat/${state.current}/upload`, { method: "POST", body: form });
  if (!response.ok) toast(await response.text());
}

async function runJob(job) {
  $("job-status").textContent = "…";
  try {
    const result = await call(`/demo/run/${job}`, {});
    $("job-status").textContent = result.sent === null
      ? "Peringatan dicari sekarang."
      : `${result.sent} penerima sekarang (yang sudah menerima periode ini tidak dikirimi lagi).`;
  } catch (error) {
    $("job-status").textContent = String(error);
  }
}

// ── The location map ──────────────────────────────────────────────────

async function openMap() {
  $("map-panel").hidden = false;
  if (!state.map) {
    state.map = L.map("map", { zoomControl: true, attributionControl: false });
    L.control.scale({ imperial: false }).addTo(state.map);
    state.map.on("click", (event) => pickPoint(event.latlng.lat, event.latlng.lng));
    window.demoMap = state.map;
  }
  if (state.layers) state.layers.remove();
  state.layers = L.layerGroup().addTo(state.map);
  state.point = null;
  stopLive();
  updateLocationControls();
  const households = await call(`/demo/households/${state.current}`);
  state.households = households;
  for (const h of households) {
    L.circleMarker([h.lat, h.lon], { radius: 7, color: "#2a6f3a", fillOpacity: 0.6, className: `household household-${h.dtks_id}` })
      .bindTooltip(`${h.name} (${h.dtks_id})`).addTo(state.layers);
  }
  state.map.invalidateSize();
  if (households.length) state.map.fitBounds(households.map((h) => [h.lat, h.lon]), { padding: [30, 30] });
  else state.map.setView(state.centre, 9);
}

function closeMap() {
  $("map-panel").hidden = true;
  stopLive();
}

function pickPoint(lat, lon) {
  state.point = { lat, lon };
  if (state.live) {
    state.live.base = { lat, lon };
    $("live-slider").value = "0";
    moveLive();
  }
  drawPoint();
  updateLocationControls();
}

function currentPoint() {
  if (!state.live) return state.point;
  const metres = Number($("live-slider").value);
  const step = metres * METRE_DEG / Math.SQRT2;
  const base = state.live.base;
  return { lat: base.lat + step, lon: base.lon + step / Math.cos(base.lat * Math.PI / 180) };
}

function drawPoint() {
  const point = currentPoint();
  if (!point) return;
  if (state.marker) state.marker.remove();
  if (state.circle) state.circle.remove();
  const accuracy = Number($("accuracy").value) || 0;
  state.marker = L.circleMarker([point.lat, point.lon], { radius: 5, color: "#1a5f99", fillOpacity: 1, interactive: false }).addTo(state.layers);
  state.circle = L.circle([point.lat, point.lon], { radius: accuracy, color: "#1a5f99", weight: 1, fillOpacity: 0.1, interactive: false }).addTo(state.layers);
  $("map-point").textContent = `Titik: ${point.lat.toFixed(5)}, ${point.lon.toFixed(5)} ±${accuracy} m${state.live ? " — lokasi langsung berjalan" : ""}`;
}

function updateLocationControls() {
  $("send-static").disabled = !state.point;
  $("send-live").disabled = !state.point || Boolean(state.live);
  $("live-controls").hidden = !state.live;
}

async function sendLocation(live) {
  state.stuck = true;
  const point = state.point;
  const accuracy = Number($("accuracy").value) || null;
  const message = await call(`/demo/chat/${state.current}/location`, {
    lat: point.lat, lon: point.lon, accuracy, live_period: live ? LIVE_PERIOD_S : null,
  });
  if (live) {
    state.live = { messageId: message.message_id, chat: state.current, base: { ...point } };
    $("live-slider").value = "0";
    $("live-offset").textContent = "0";
    updateLocationControls();
    drawPoint();
  } else {
    closeMap();
  }
}

let moving = null;
function moveLive() {
  if (!state.live) return;
  $("live-offset").textContent = $("live-slider").value;
  drawPoint();
  clearTimeout(moving);
  moving = setTimeout(() => {
    const point = currentPoint();
    call(`/demo/chat/${state.live.chat}/move`, {
      message_id: state.live.messageId, lat: point.lat, lon: point.lon, accuracy: Number($("accuracy").value) || null,
    }).catch((error) => toast(String(error)));
  }, 150);
}

function stopLive() {
  state.live = null;
  updateLocationControls();
}

// ── Wiring ────────────────────────────────────────────────────────────

$("messages").addEventListener("scroll", () => { state.stuck = nearTheEnd($("messages")); });
new ResizeObserver(followNewest).observe($("messages"));
$("composer").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("text").value;
  $("text").value = "";
  sendText(text);
});
$("commands-button").addEventListener("click", () => { $("commands").hidden = !$("commands").hidden; });
$("photo-button").addEventListener("click", () => $("photo-input").click());
$("file-button").addEventListener("click", () => $("file-input").click());
$("photo-input").addEventListener("change", (event) => { if (event.target.files[0]) upload(event.target.files[0], "photo"); event.target.value = ""; });
$("file-input").addEventListener("change", (event) => { if (event.target.files[0]) upload(event.target.files[0], "document"); event.target.value = ""; });
$("location-button").addEventListener("click", () => ($("map-panel").hidden ? openMap() : closeMap()));
$("map-close").addEventListener("click", closeMap);
$("send-static").addEventListener("click", () => sendLocation(false));
$("send-live").addEventListener("click", () => sendLocation(true));
$("live-slider").addEventListener("input", moveLive);
$("accuracy").addEventListener("input", () => { drawPoint(); if (state.live) moveLive(); });
for (const button of document.querySelectorAll("#jobs button")) button.addEventListener("click", () => runJob(button.dataset.job));

loadPeople().then(pollForever);
