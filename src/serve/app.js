// The newsline app: entity suggestions as one types, full-text search, and
// an entity's timeline filtered in the page. Every string from the corpus
// reaches the DOM through textContent, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

async function api(path, params) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== "" && v != null) url.searchParams.set(k, v);
  }
  const r = await fetch(url);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

function status(text) {
  $("status").textContent = text || "";
}

// Suggestions: entities with a name starting with what is typed.
let suggestTimer = null;
let suggestSeq = 0;
$("q").addEventListener("input", () => {
  clearTimeout(suggestTimer);
  suggestTimer = setTimeout(suggest, 120);
});

async function suggest() {
  const q = $("q").value.trim();
  const seq = ++suggestSeq;
  const list = $("suggestions");
  if (!q) return list.replaceChildren();
  let hits;
  try {
    hits = await api("/api/entities", { q, limit: 8 });
  } catch (e) {
    return status(e.message);
  }
  if (seq !== suggestSeq) return; // a newer keystroke answered first
  list.replaceChildren();
  for (const h of hits) {
    const b = el("button", "suggestion");
    b.type = "button";
    b.append(el("span", "name", h.name), el("span", "kind", h.kind),
      el("span", "count", h.documents + " documents"));
    if (h.matched !== h.name) b.append(el("span", "alias", "as " + h.matched));
    b.addEventListener("click", () => { location.hash = "entity/" + h.id; });
    const li = el("li");
    li.append(b);
    list.append(li);
  }
  return hits;
}

$("search-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const q = $("q").value.trim();
  if (q) location.hash = "search/" + encodeURIComponent(q);
});

// The text with each mark's occurrences wrapped in <mark>, built node by node.
function highlighted(text, marks) {
  const spans = [];
  for (const m of marks || []) {
    let at = text.indexOf(m.text);
    while (at >= 0 && m.text) {
      const end = at + m.text.length;
      if (!spans.some((s) => at < s.end && s.start < end)) spans.push({ start: at, end, kind: m.kind });
      at = text.indexOf(m.text, end);
    }
  }
  spans.sort((a, b) => a.start - b.start);
  const out = document.createDocumentFragment();
  let pos = 0;
  for (const s of spans) {
    out.append(text.slice(pos, s.start), el("mark", "m-" + s.kind, text.slice(s.start, s.end)));
    pos = s.end;
  }
  out.append(text.slice(pos));
  return out;
}

async function showSearch(q) {
  $("entity").hidden = true;
  $("suggestions").replaceChildren();
  $("q").value = q;
  let hits;
  try {
    hits = await api("/api/search", { q, limit: 50 });
  } catch (e) {
    return status(e.message);
  }
  status("");
  $("results-title").textContent = hits.length + " sentences with “" + q + "”";
  const list = $("hits");
  list.replaceChildren();
  for (const h of hits) {
    const li = el("li", "hit");
    const meta = el("div", "meta");
    meta.append(el("span", "outlet", h.publisher || h.source), " · " + (h.published || "undated") + " · ");
    meta.append(link(h.title || h.id, h.url));
    const marks = h.mentions.map((m) => ({ kind: m.kind === "date" || m.kind === "money" ? m.kind : "entity", text: m.text }));
    const quote = el("blockquote");
    quote.append(highlighted(h.sentence, marks));
    li.append(meta, quote);
    list.append(li);
  }
  $("results").hidden = false;
}

function link(text, url) {
  if (url && /^https?:\/\//i.test(url)) {
    const a = el("a", null, text);
    a.href = url;
    a.rel = "noopener noreferrer";
    return a;
  }
  return el("span", null, text);
}

// The entity page: its timeline is fetched once and filtered here.
let entries = [];

async function showEntity(id) {
  $("results").hidden = true;
  $("suggestions").replaceChildren();
  let page, tl;
  try {
    page = await api("/api/entity/" + id);
    tl = await api("/api/timeline", { entity: page.name });
  } catch (e) {
    return status(e.message);
  }
  status("");
  $("entity-name").textContent = page.name;
  $("entity-kind").textContent = page.kind + " · " + page.mentions + " mentions";
  $("entity-aliases").textContent = page.aliases.length ? "Also: " + page.aliases.join(", ") : "";
  const type = $("f-type");
  type.replaceChildren(el("option", null, "all"));
  type.firstChild.value = "";
  for (const t of page.types) type.append(el("option", null, t));
  const docs = $("documents");
  docs.replaceChildren();
  for (const d of page.documents) {
    const li = el("li");
    li.append(el("span", "meta", (d.published || "undated") + " · " + (d.publisher || "") + " · "), link(d.title || d.id, d.url));
    docs.append(li);
  }
  entries = tl.events;
  $("entity").hidden = false;
  draw();
}

for (const id of ["f-type", "f-from", "f-to", "f-min"]) $(id).addEventListener("input", draw);

function visible() {
  const type = $("f-type").value, from = $("f-from").value, to = $("f-to").value;
  const min = parseInt($("f-min").value, 10) || 1;
  return entries.filter((e) =>
    (!type || e.type === type) &&
    e.sources.length >= min &&
    (!from || (e.period && e.period.end >= from)) &&
    (!to || (e.period && e.period.start <= to)));
}

function draw() {
  const shown = visible();
  $("f-count").textContent = shown.length + " of " + entries.length + " events";
  drawAxis(shown);
  const list = $("entries");
  list.replaceChildren();
  shown.forEach((e, i) => {
    const li = el("li", "entry");
    li.id = "entry-" + i;
    const head = el("div");
    head.append(el("span", "when", e.date || "undated"), el("span", "type", e.type), e.summary);
    li.append(head);
    for (const c of e.conflicts) {
      li.append(el("div", "conflict", "Other " + c.field + ": " + c.value + " (" + c.sources.join(", ") + ")"));
    }
    const sources = el("ul", "sources");
    for (const s of e.sources) {
      const item = el("li");
      const meta = el("div", "meta");
      meta.append(el("span", "outlet", s.via || s.publisher || s.source), " · " + (s.published || "undated") + " · ");
      meta.append(link(s.url ? "article" : s.id, s.url));
      const quote = el("blockquote");
      quote.append(highlighted(s.sentence, s.marks));
      item.append(meta, quote);
      sources.append(item);
    }
    li.append(sources);
    list.append(li);
  });
}

// The dated entries as dots on a time axis, with year ticks.
function drawAxis(shown) {
  const axis = $("axis");
  axis.replaceChildren();
  const day = (s) => Date.parse(s + "T00:00:00Z");
  const dated = shown.map((e, i) => ({ e, i })).filter((x) => x.e.period);
  if (!dated.length) return;
  const mid = (p) => (day(p.start) + day(p.end)) / 2;
  let lo = Math.min(...dated.map((x) => day(x.e.period.start)));
  let hi = Math.max(...dated.map((x) => day(x.e.period.end)));
  if (hi - lo < 864e5 * 60) { lo -= 864e5 * 30; hi += 864e5 * 30; }
  const at = (t) => (100 * (t - lo) / (hi - lo)).toFixed(2) + "%";
  const y0 = new Date(lo).getUTCFullYear(), y1 = new Date(hi).getUTCFullYear();
  const step = Math.max(1, Math.ceil((y1 - y0 + 1) / 12));
  for (let y = y0; y <= y1 + 1; y += step) {
    const t = Date.UTC(y, 0, 1);
    if (t < lo || t > hi) continue;
    const tick = el("span", "tick", String(y));
    tick.style.left = at(t);
    axis.append(tick);
  }
  for (const { e, i } of dated) {
    const dot = el("span", "dot");
    dot.style.left = at(mid(e.period));
    dot.title = (e.date || "") + " " + e.summary;
    dot.addEventListener("click", () => {
      const target = $("entry-" + i);
      target.scrollIntoView({ behavior: "smooth", block: "center" });
      target.classList.add("flash");
      setTimeout(() => target.classList.remove("flash"), 1200);
    });
    axis.append(dot);
  }
}

// Routes: #entity/ID, #search/WORDS, and #q=NAME (open the first entity
// named so: a link a colleague can follow).
async function route() {
  const h = location.hash;
  let m;
  if ((m = h.match(/^#entity\/(\d+)$/))) return showEntity(m[1]);
  if ((m = h.match(/^#search\/(.+)$/))) return showSearch(decodeURIComponent(m[1]));
  if ((m = h.match(/^#q=(.+)$/))) {
    $("q").value = decodeURIComponent(m[1]);
    const hits = await suggest();
    if (hits && hits.length) location.hash = "entity/" + hits[0].id;
    else status("No entity is named so.");
  }
}
window.addEventListener("hashchange", route);
route();
