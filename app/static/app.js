// ror-search — page publique de recherche (JavaScript sans étape de build).
// API : GET /v1/geocode/suggest, /v1/search, /v1/offers/{id}. Carte : Leaflet (global L) et fond départemental local.

const FACET_PARAMS = ["category", "activity", "profession", "public", "accommodation", "equipment"];
const FACET_TITLES = {
  category: "Catégorie d'établissement",
  activity: "Activité",
  profession: "Profession",
  public: "Public accueilli",
  accommodation: "Hébergement",
  equipment: "Équipement",
};
const PARAM_LABELS = {
  near: "Lieu",
  lat: "Latitude",
  lon: "Longitude",
  radius_km: "Rayon",
  q: "Mots-clés",
  profile: "Je cherche",
  age: "Âge du patient",
  social_aid: "Aide sociale",
  price_max_month: "Prix mensuel maximum",
  beds_min: "Lits libres",
  size: "Résultats par page",
  cursor: "Page de résultats",
  sort: "Tri",
  ...FACET_TITLES,
};
// Which form control to mark invalid for an error on a parameter.
const PARAM_CONTROLS = {
  near: "place",
  age: "age",
  price_max_month: "price-max",
  radius_km: "radius",
  q: "q",
  size: "size",
  beds_min: "beds-min",
};
// Labels of the codes the use-case filters select (facets only list codes that have results).
const KNOWN_LABELS = {
  "activity:127": "Réanimation polyvalente",
  "activity:126": "Réanimation médicale",
  "activity:351": "Soins intensifs polyvalents",
  "activity:157": "Urgences polyvalentes hospitalières",
  "activity:131": "Rhumatologie",
  "activity:289": "Suivi psychologique",
  "activity:437": "Médecine générale",
  "equipment:231": "Scanner",
  "equipment:230": "Imagerie par résonance magnétique (IRM)",
  "profession:93": "Psychologue",
  "profession:10": "Médecin",
  "accommodation:01": "Temporaire",
  "accommodation:02": "Permanent",
  "category:500": "EHPAD",
  "category:202": "Résidences autonomie",
  "category:362": "Établissement de soins longue durée",
  "category:355": "Centre hospitalier (CH)",
};
const PROFILE_DEFAULT_CATEGORIES = { nursing_home: ["500", "202"] };
const FRANCE_BOUNDS = [
  [41.3, -5.2],
  [51.1, 9.6],
];

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

const els = {
  form: $("#search-form"),
  place: $("#place"),
  suggestions: $("#place-suggestions"),
  placeStatus: $("#place-status"),
  q: $("#q"),
  radius: $("#radius"),
  size: $("#size"),
  age: $("#age"),
  socialAid: $("#social-aid"),
  priceMax: $("#price-max"),
  speciality: $("#speciality"),
  formError: $("#form-error"),
  facets: $("#facets"),
  facetGroups: $("#facet-groups"),
  results: $("#results"),
  summary: $("#summary"),
  list: $("#result-list"),
  more: $("#more"),
  detail: $("#detail"),
  detailBody: $("#detail-body"),
  detailClose: $("#detail-close"),
  searchArea: $("#search-area"),
};

// ---------------------------------------------------------------------------------------------
// State: what the search is; the URL query string and the form are two views of it.

function emptySelection() {
  return Object.fromEntries(FACET_PARAMS.map((p) => [p, new Set()]));
}

const state = {
  near: "",
  point: null, // {lat, lon}: "Rechercher dans cette zone", or lat/lon in the URL
  profile: "",
  q: "",
  radius: "",
  size: "10",
  sel: emptySelection(),
  age: "",
  socialAid: false,
  priceMax: "",
  offer: null, // id of the offer shown in the detail panel
};

const view = {
  items: [], // results shown, in order
  byId: new Map(),
  markers: new Map(), // id → Leaflet marker
  facets: null,
  query: null, // URLSearchParams of the first page (the cursor goes with the same parameters)
  nextCursor: null,
  total: 0,
  selected: null,
  labels: new Map(Object.entries(KNOWN_LABELS)), // "param:code" → label, completed by the facets
  searchSeq: 0,
  detailTrigger: null,
};

function readForm() {
  const typed = els.place.value.trim();
  if (state.point && typed !== pointLabel(state.point)) state.point = null;
  state.near = state.point ? "" : typed;
  const checked = $('input[name="profile"]:checked');
  state.profile = checked ? checked.value : "";
  state.q = els.q.value.trim();
  state.radius = els.radius.value;
  state.size = els.size.value;
  state.age = state.profile === "practitioner" ? els.age.value.trim() : "";
  state.socialAid = state.profile === "nursing_home" && els.socialAid.checked;
  state.priceMax = state.profile === "nursing_home" ? els.priceMax.value.trim() : "";
}

function writeForm() {
  els.place.value = state.point ? pointLabel(state.point) : state.near;
  for (const radio of $$('input[name="profile"]')) radio.checked = radio.value === state.profile;
  els.q.value = state.q;
  ensureRadiusOption(state.radius);
  els.radius.value = state.radius;
  if (![...els.size.options].some((o) => o.value === state.size)) state.size = "10";
  els.size.value = state.size;
  els.age.value = state.age;
  els.socialAid.checked = state.socialAid;
  els.priceMax.value = state.priceMax;
  showProfileFilters();
  syncChecks();
}

/** The search as API parameters (also the page's query string, plus ``offer``). */
function searchParams() {
  const p = new URLSearchParams();
  if (state.point) {
    p.set("lat", String(state.point.lat));
    p.set("lon", String(state.point.lon));
  } else if (state.near) {
    p.set("near", state.near);
  }
  if (state.profile) p.set("profile", state.profile);
  if (state.q) p.set("q", state.q);
  if (state.radius) p.set("radius_km", state.radius);
  for (const param of FACET_PARAMS) for (const code of state.sel[param]) p.append(param, code);
  if (state.age !== "") p.set("age", state.age);
  if (state.socialAid) p.set("social_aid", "true");
  if (state.priceMax !== "") p.set("price_max_month", state.priceMax);
  p.set("size", state.size);
  return p;
}

function pageParams() {
  const p = searchParams();
  if (p.get("size") === "10") p.delete("size");
  if (state.offer) p.set("offer", state.offer);
  return p;
}

function restoreFromUrl() {
  const p = new URLSearchParams(window.location.search);
  const lat = Number.parseFloat(p.get("lat"));
  const lon = Number.parseFloat(p.get("lon"));
  state.point = Number.isFinite(lat) && Number.isFinite(lon) ? { lat, lon } : null;
  state.near = state.point ? "" : p.get("near") || "";
  const profile = p.get("profile") || "";
  state.profile = ["nursing_home", "practitioner", "emergency"].includes(profile) ? profile : "";
  state.q = p.get("q") || "";
  state.radius = p.get("radius_km") || "";
  state.size = p.get("size") || "10";
  state.sel = emptySelection();
  for (const param of FACET_PARAMS) for (const code of p.getAll(param)) if (code) state.sel[param].add(code);
  state.age = p.get("age") || "";
  state.socialAid = p.get("social_aid") === "true";
  state.priceMax = p.get("price_max_month") || "";
  state.offer = p.get("offer");
  writeForm();
  return Boolean(state.near || state.point);
}

function updateUrl(push) {
  const query = pageParams().toString();
  const url = `${window.location.pathname}${query ? `?${query}` : ""}`;
  if (url === `${window.location.pathname}${window.location.search}`) return;
  if (push) window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
}

// ---------------------------------------------------------------------------------------------
// Use case filters and facets: both edit ``state.sel``.

function showProfileFilters() {
  for (const panel of $$(".profile-filters")) panel.hidden = panel.dataset.profile !== state.profile;
}

function codesOf(input) {
  return (input.dataset.codes || "").split(",").filter(Boolean);
}

function effectiveCodes(param) {
  const chosen = state.sel[param];
  if (chosen.size === 0 && param === "category" && PROFILE_DEFAULT_CATEGORIES[state.profile]) {
    return new Set(PROFILE_DEFAULT_CATEGORIES[state.profile]);
  }
  return chosen;
}

function presetCodes(option) {
  try {
    return JSON.parse(option.dataset.codes || "{}");
  } catch {
    return {};
  }
}

function syncChecks() {
  for (const input of $$("input[data-param]")) {
    const codes = codesOf(input);
    const have = effectiveCodes(input.dataset.param);
    const present = codes.filter((c) => have.has(c)).length;
    input.checked = codes.length > 0 && present === codes.length;
    input.indeterminate = present > 0 && present < codes.length; // e.g. "Réanimation" = 127 + 126, only 127 chosen
  }
  for (const input of $$("input[data-facet]")) input.checked = state.sel[input.dataset.facet].has(input.value);
  const options = [...els.speciality.options].filter((o) => o.value);
  const match = options.find((o) =>
    Object.entries(presetCodes(o)).every(([param, codes]) => codes.every((c) => state.sel[param]?.has(c))),
  );
  els.speciality.value = match ? match.value : "";
}

function onFilterCheckbox(input) {
  const param = input.dataset.param;
  if (param === "category" && state.sel.category.size === 0 && PROFILE_DEFAULT_CATEGORIES[state.profile]) {
    for (const code of PROFILE_DEFAULT_CATEGORIES[state.profile]) state.sel.category.add(code);
  }
  for (const code of codesOf(input)) {
    if (input.checked) state.sel[param].add(code);
    else state.sel[param].delete(code);
  }
  syncChecks();
}

function onSpeciality() {
  for (const option of els.speciality.options) {
    for (const [param, codes] of Object.entries(presetCodes(option))) for (const c of codes) state.sel[param]?.delete(c);
  }
  const chosen = els.speciality.selectedOptions[0];
  if (chosen) for (const [param, codes] of Object.entries(presetCodes(chosen))) for (const c of codes) state.sel[param]?.add(c);
  syncChecks();
}

function onProfileChange(value) {
  if (value === state.profile) return;
  state.profile = value;
  state.sel = emptySelection();
  state.age = "";
  state.socialAid = false;
  state.priceMax = "";
  els.age.value = "";
  els.socialAid.checked = false;
  els.priceMax.value = "";
  showProfileFilters();
  syncChecks();
}

function renderFacets(facets) {
  const focusedId = document.activeElement?.closest?.("#facet-groups") ? document.activeElement.id : null;
  els.facetGroups.replaceChildren();
  let groups = 0;
  for (const param of FACET_PARAMS) {
    if (param === "category" && state.profile === "nursing_home") continue; // the "Type d'établissement" boxes
    const entries = [...((facets && facets[param]) || [])];
    for (const entry of entries) if (entry.label) view.labels.set(`${param}:${entry.code}`, entry.label);
    for (const code of state.sel[param]) {
      if (!entries.some((e) => e.code === code)) {
        entries.push({ code, label: view.labels.get(`${param}:${code}`) || `Code ${code}`, count: 0 });
      }
    }
    if (entries.length === 0) continue;
    groups += 1;
    const fieldset = document.createElement("fieldset");
    fieldset.className = "facet";
    const legend = document.createElement("legend");
    legend.textContent = FACET_TITLES[param];
    fieldset.append(legend);
    const ul = document.createElement("ul");
    for (const entry of entries) {
      const li = document.createElement("li");
      const id = `facet-${param}-${entry.code}`;
      const input = document.createElement("input");
      input.type = "checkbox";
      input.id = id;
      input.value = entry.code;
      input.dataset.facet = param;
      input.checked = state.sel[param].has(entry.code);
      const label = document.createElement("label");
      label.htmlFor = id;
      label.append(entry.label || `Code ${entry.code}`);
      const count = document.createElement("span");
      count.className = "count";
      count.innerHTML = `<span class="visually-hidden">, </span>${entry.count}<span class="visually-hidden"> résultat${entry.count > 1 ? "s" : ""}</span>`;
      label.append(count);
      li.append(input, label);
      ul.append(li);
    }
    fieldset.append(ul);
    els.facetGroups.append(fieldset);
  }
  els.facets.hidden = groups === 0;
  if (focusedId) document.getElementById(focusedId)?.focus();
}

// ---------------------------------------------------------------------------------------------
// Formatting

const nf1 = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });
const euros = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR", maximumFractionDigits: 0 });
const euros2 = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR", minimumFractionDigits: 0, maximumFractionDigits: 2 });

function formatKm(km) {
  if (km === null || km === undefined) return "";
  if (km < 1) return `${Math.round(km * 1000)} m`;
  return `${nf1.format(km)} km`;
}

function formatPhone(value) {
  const digits = String(value).replace(/[^\d+]/g, "");
  if (/^0\d{9}$/.test(digits)) return digits.replace(/(\d{2})(?=\d)/g, "$1 ").trim();
  return String(value);
}

function pointLabel(point) {
  return `Centre de la carte (${point.lat.toFixed(4)}, ${point.lon.toFixed(4)})`;
}

function capacityText(capacity) {
  const parts = [];
  for (const c of capacity || []) {
    if (c.installed === null || c.installed === undefined) continue;
    const label = (c.label || "place").toLowerCase();
    parts.push(`${c.installed} ${label}${c.installed > 1 && !label.endsWith("s") ? "s" : ""}`);
  }
  return parts.join(", ");
}

function phones(item) {
  return (item.contacts || []).filter((c) => c.kind === "phone" && c.value);
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child !== null && child !== undefined && child !== "") node.append(child);
  return node;
}

function phoneLink(contact) {
  const a = el("a", { href: `tel:${String(contact.value).replace(/[^\d+]/g, "")}` }, formatPhone(contact.value));
  return contact.label ? el("span", {}, a, ` (${contact.label})`) : a;
}

// ---------------------------------------------------------------------------------------------
// Errors (422 and others)

function translate(msg) {
  let m = /^unknown place '(.*)'$/.exec(msg);
  if (m) return `Lieu inconnu : « ${m[1]} ».`;
  m = /^must be (>=?) (\S+) and <= (\S+) \(got (.*)\)$/.exec(msg);
  if (m) return `La valeur doit être ${m[1] === ">" ? "supérieure à" : "au moins"} ${m[2]} et au plus ${m[3]} (reçu : ${m[4]}).`;
  m = /^Input should be greater than or equal to (.*)$/.exec(msg);
  if (m) return `La valeur doit être au moins ${m[1]}.`;
  m = /^Input should be less than or equal to (.*)$/.exec(msg);
  if (m) return `La valeur doit être au plus ${m[1]}.`;
  if (/^Input should be a valid (integer|number)/.test(msg)) return "Un nombre est attendu.";
  m = /^unknown code or label '(.*)' in (.*)$/.exec(msg);
  if (m) return `Code ou libellé inconnu : « ${m[1]} ».`;
  if (/professional API key/.test(msg)) return "Ce filtre est réservé aux professionnels munis d'une clé d'accès.";
  return msg;
}

function clearErrors() {
  els.formError.hidden = true;
  els.formError.replaceChildren();
  for (const control of $$('[aria-invalid="true"]')) {
    control.removeAttribute("aria-invalid");
    const described = (control.getAttribute("aria-describedby") || "").split(" ").filter((x) => x && x !== "form-error");
    if (described.length) control.setAttribute("aria-describedby", described.join(" "));
    else control.removeAttribute("aria-describedby");
  }
}

function showErrors(messages) {
  // messages: [{param, text, suggestions: [], place: bool}]
  clearErrors();
  const box = els.formError;
  box.append(el("p", { class: "form-error-title", text: messages.length > 1 ? "La recherche n'a pas pu aboutir :" : "La recherche n'a pas pu aboutir." }));
  for (const message of messages) {
    const label = message.param ? PARAM_LABELS[message.param] || message.param : null;
    const p = el("p", {}, label ? el("strong", {}, `${label} : `) : null, message.text);
    box.append(p);
    if (message.suggestions && message.suggestions.length) {
      if (message.param === "near") {
        box.append(el("p", { id: "place-suggest-title", text: "Vouliez-vous dire :" }));
        const ul = el("ul", { class: "error-suggestions", "aria-labelledby": "place-suggest-title" });
        for (const suggestion of message.suggestions) {
          const button = el("button", { type: "button", class: "button-link" }, suggestion);
          button.addEventListener("click", () => {
            state.point = null;
            els.place.value = suggestion;
            clearErrors();
            submitSearch();
          });
          ul.append(el("li", {}, button));
        }
        box.append(ul);
      } else {
        box.append(el("p", { text: `Valeurs proches : ${message.suggestions.join(" ; ")}` }));
      }
    }
    const control = message.param && document.getElementById(PARAM_CONTROLS[message.param]);
    if (control) {
      control.setAttribute("aria-invalid", "true");
      const described = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      if (!described.includes("form-error")) control.setAttribute("aria-describedby", [...described, "form-error"].join(" "));
    }
  }
  box.hidden = false;
}

async function apiError(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (body && Array.isArray(body.detail)) {
    return body.detail.map((d) => ({
      param: Array.isArray(d.loc) ? String(d.loc[d.loc.length - 1]) : null,
      text: translate(String(d.msg || "valeur invalide")),
      suggestions: d.suggestions || [],
    }));
  }
  if (response.status === 503) {
    return [{ param: null, text: "Le service de recherche est momentanément indisponible. Réessayez dans quelques instants." }];
  }
  const detail = body && typeof body.detail === "string" ? body.detail : `erreur ${response.status}`;
  return [{ param: null, text: `Le service a répondu : ${detail}.` }];
}

// ---------------------------------------------------------------------------------------------
// Search

function setBusy(busy) {
  els.results.setAttribute("aria-busy", busy ? "true" : "false");
  if (busy) els.summary.textContent = "Recherche en cours…";
}

async function submitSearch() {
  readForm();
  state.offer = null;
  closeDetail({ focus: false, history: false });
  await runSearch({ push: true });
  // On a phone the form fills the screen: bring the result count into view (focus stays where it was).
  if (window.matchMedia("(max-width: 759px)").matches && view.data) els.summary.scrollIntoView({ block: "start" });
}

async function runSearch({ push, openOffer = null }) {
  closeSuggestions();
  if (!state.near && !state.point) {
    showErrors([{ param: "near", text: "Indiquez une commune, un code postal ou un département." }]);
    els.place.focus();
    return;
  }
  const params = searchParams();
  updateUrl(push);
  const seq = ++view.searchSeq;
  setBusy(true);
  let response;
  try {
    response = await fetch(`/v1/search?${params}`, { headers: { Accept: "application/json" } });
  } catch {
    if (seq !== view.searchSeq) return;
    setBusy(false);
    showErrors([{ param: null, text: "Le service ne répond pas. Vérifiez votre connexion puis réessayez." }]);
    els.summary.textContent = "Aucun résultat affiché.";
    return;
  }
  if (seq !== view.searchSeq) return;
  if (!response.ok) {
    const messages = await apiError(response);
    if (seq !== view.searchSeq) return;
    setBusy(false);
    view.data = null;
    clearResults();
    els.facets.hidden = true;
    showErrors(messages);
    els.summary.textContent = "Aucun résultat affiché : corrigez la recherche.";
    return;
  }
  const data = await response.json();
  if (seq !== view.searchSeq) return;
  clearErrors();
  setBusy(false);
  view.query = params;
  view.facets = data.facets;
  view.total = data.total;
  view.nextCursor = data.next_cursor;
  view.data = data;
  clearResults();
  renderFacets(data.facets);
  appendResults(data.items);
  drawOrigin(data);
  fitToSearch(data);
  renderSummary();
  if (openOffer) openDetail(openOffer, null);
}

async function loadMore() {
  if (!view.nextCursor || !view.query) return;
  const params = new URLSearchParams(view.query);
  params.set("cursor", view.nextCursor);
  els.more.disabled = true;
  els.more.textContent = "Chargement…";
  try {
    const response = await fetch(`/v1/search?${params}`);
    if (!response.ok) {
      showErrors(await apiError(response));
      return;
    }
    const data = await response.json();
    view.nextCursor = data.next_cursor;
    const first = view.items.length;
    appendResults(data.items);
    renderSummary();
    const firstNew = view.items[first];
    if (firstNew) document.querySelector(`#result-${cssId(firstNew.id)} .result-open`)?.focus();
  } catch {
    showErrors([{ param: null, text: "Le service ne répond pas. Réessayez." }]);
  } finally {
    els.more.disabled = false;
    els.more.textContent = "Résultats suivants";
    els.more.hidden = !view.nextCursor;
  }
}

function renderSummary() {
  const data = view.data;
  const shown = view.items.length;
  let where = "";
  if (data.origin) {
    const place = data.origin.precision === "coordinates" ? "du centre de la carte" : `de ${data.origin.label}`;
    where = ` à moins de ${nf1.format(data.radius_km)} km ${place}`;
  }
  let text;
  if (view.total === 0) {
    text = `Aucun résultat${where}. Élargissez le rayon ou retirez des filtres.`;
  } else {
    const total = data.total_relation === "gte" ? `Plus de ${view.total}` : String(view.total);
    text = `${total} résultat${view.total > 1 ? "s" : ""}${where}`;
    text += shown < view.total ? ` — ${shown} affichés.` : ".";
  }
  if (data.radius_widened) text += " Rayon élargi automatiquement faute de résultats plus proches.";
  els.summary.textContent = text;
  els.more.hidden = !view.nextCursor;
}

function clearResults() {
  view.items = [];
  view.byId.clear();
  view.selected = null;
  els.list.replaceChildren();
  els.more.hidden = true;
  clearMarkers();
  if (view.originLayer) view.originLayer.clearLayers();
  if (!view.data) els.facets.hidden = true;
}

function cssId(id) {
  return CSS.escape(id);
}

function appendResults(items) {
  for (const item of items) {
    if (view.byId.has(item.id)) continue;
    view.items.push(item);
    view.byId.set(item.id, item);
    const n = view.items.length;
    els.list.append(resultItem(item, n));
    addMarker(item, n);
  }
  spreadOverlappingMarkers();
}

function resultItem(item, n) {
  const li = el("li", { class: "result", id: `result-${item.id}`, "data-id": item.id });
  const open = el("button", { type: "button", class: "result-open", "aria-describedby": `result-${item.id}-site` }, item.name);
  open.addEventListener("click", () => {
    selectResult(item.id, "list");
    openDetail(item.id, open);
  });
  open.addEventListener("focus", () => selectResult(item.id, "focus"));
  const site = item.site || {};
  const siteLine = el("p", { class: "result-site", id: `result-${item.id}-site` });
  if (item.kind !== "site" && site.name && site.name !== item.name) siteLine.append(el("span", { class: "site-name" }, site.name));
  if (site.category && site.category.label) {
    if (siteLine.childNodes.length) siteLine.append(" · ");
    siteLine.append(el("span", { class: "category" }, site.category.label));
  }
  const a = item.address || {};
  const address = [a.line, [a.postal_code, a.city].filter(Boolean).join(" ")].filter(Boolean).join(", ");
  const facts = el("ul", { class: "result-facts" });
  if (item.distance_km !== null && item.distance_km !== undefined) facts.append(el("li", { class: "fact-distance" }, formatKm(item.distance_km)));
  const price = item.price || {};
  if (price.per_month) facts.append(el("li", { class: "fact-price" }, `${euros.format(price.per_month)} / mois`));
  else if (price.per_day) facts.append(el("li", { class: "fact-price" }, `${euros2.format(price.per_day)} / jour`));
  const capacity = capacityText(item.capacity);
  if (capacity) facts.append(el("li", { class: "fact-capacity" }, capacity));
  if (item.social_aid) facts.append(el("li", { class: "fact-aid" }, "Aide sociale"));
  const phoneLine = el("p", { class: "result-phone" });
  const list = phones(item);
  if (list.length) {
    phoneLine.append("Tél. ");
    list.slice(0, 2).forEach((contact, i) => {
      if (i) phoneLine.append(" · ");
      phoneLine.append(phoneLink(contact));
    });
  }
  li.append(
    el("span", { class: "result-num", "aria-hidden": "true" }, String(n)),
    el(
      "div",
      { class: "result-body" },
      el("h3", { class: "result-title" }, open),
      siteLine.childNodes.length ? siteLine : null,
      address ? el("p", { class: "result-address" }, address) : null,
      facts.childNodes.length ? facts : null,
      phoneLine.childNodes.length ? phoneLine : null,
      item.synthetic ? el("p", { class: "result-synthetic" }, "Données de démonstration (synthétiques)") : null,
    ),
  );
  return li;
}

function selectResult(id, from) {
  if (!view.byId.has(id)) return;
  const previous = view.selected;
  view.selected = id;
  for (const li of $$(".result.is-selected", els.list)) {
    li.classList.remove("is-selected");
    li.removeAttribute("aria-current");
  }
  const li = document.getElementById(`result-${id}`);
  if (li) {
    li.classList.add("is-selected");
    li.setAttribute("aria-current", "true");
  }
  if (previous && view.markers.has(previous)) styleMarker(previous, false);
  if (view.markers.has(id)) {
    styleMarker(id, true);
    const marker = view.markers.get(id);
    if (from !== "map" && view.map && !view.map.getBounds().contains(marker.getLatLng())) {
      programmatic(() => view.map.panTo(marker.getLatLng(), { animate: false }));
    }
    marker.openTooltip();
  }
  if (from === "map" && li) {
    li.scrollIntoView({ block: "nearest" });
  }
}

// ---------------------------------------------------------------------------------------------
// Detail panel

function dd(term, ...values) {
  const items = values.filter((v) => v !== null && v !== undefined && v !== "");
  if (!items.length) return [];
  return [el("dt", {}, term), el("dd", {}, ...items)];
}

function codedList(list) {
  const labels = (list || []).map((c) => c.label || c.code).filter(Boolean);
  if (!labels.length) return null;
  if (labels.length === 1) return labels[0];
  return el("ul", { class: "plain" }, ...labels.map((l) => el("li", {}, l)));
}

function openingHours(value) {
  if (!value) return null;
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    return el(
      "ul",
      { class: "plain" },
      ...value.map((v) => el("li", {}, typeof v === "string" ? v : Object.values(v).filter((x) => typeof x !== "object").join(" "))),
    );
  }
  return JSON.stringify(value);
}

function renderDetail(offer, listed) {
  const site = offer.site || {};
  const a = offer.address || {};
  const price = offer.price || {};
  const age = offer.age_range || {};
  let ageText = null;
  if (age.min !== null && age.min !== undefined && age.max !== null && age.max !== undefined) ageText = `de ${age.min} à ${age.max} ans`;
  else if (age.min !== null && age.min !== undefined) ageText = `à partir de ${age.min} ans`;
  else if (age.max !== null && age.max !== undefined) ageText = `jusqu'à ${age.max} ans`;
  const dependency = Object.entries(price.dependency_per_day || {}).map(([gir, v]) => `GIR ${gir} : ${euros2.format(v)} / jour`);
  const contacts = (offer.contacts || []).map((c) => {
    if (c.kind === "phone") return el("li", {}, "Téléphone : ", phoneLink(c));
    if (c.kind === "email") return el("li", {}, "Courriel : ", el("a", { href: `mailto:${c.value}` }, c.value));
    if (c.kind === "url" || c.kind === "website") return el("li", {}, "Site : ", el("a", { href: c.value }, c.value));
    return el("li", {}, `${c.kind} : ${c.value}`);
  });
  const distance = listed && listed.distance_km !== null && listed.distance_km !== undefined ? formatKm(listed.distance_km) : null;
  const updated = offer.updated_at ? new Date(offer.updated_at) : null;
  const dl = el(
    "dl",
    { class: "detail-list" },
    ...dd("Établissement", [site.name, site.finess ? `(FINESS ${site.finess})` : null].filter(Boolean).join(" ")),
    ...dd("Catégorie", site.category ? site.category.label || site.category.code : null),
    ...dd("Adresse", [a.line, [a.postal_code, a.city].filter(Boolean).join(" ")].filter(Boolean).join(", ")),
    ...dd("Distance", distance),
    ...dd("Activités", codedList(offer.activities)),
    ...dd("Modes de prise en charge", codedList(offer.care_modes)),
    ...dd("Hébergement", codedList(offer.accommodation)),
    ...dd("Publics", codedList(offer.publics)),
    ...dd("Professions", codedList(offer.professions)),
    ...dd("Spécialités", codedList(offer.specialties)),
    ...dd("Équipements", codedList(offer.equipment)),
    ...dd("Âge des patients", ageText),
    ...dd("Prix par jour", price.per_day ? `${euros2.format(price.per_day)} / jour` : null),
    ...dd("Prix par mois", price.per_month ? `${euros.format(price.per_month)} / mois (estimation sur 30,42 jours)` : null),
    ...dd("Tarif dépendance", dependency.length ? dependency.join(" ; ") : null),
    ...dd("Aide sociale", offer.social_aid === true ? "Oui, habilité" : offer.social_aid === false ? "Non" : null),
    ...dd("Capacité installée", capacityText(offer.capacity) || null),
    ...dd("Urgences", offer.emergency_24_7 ? "Accueil 24 h/24" : null),
    ...dd("Horaires", openingHours(offer.opening_hours)),
    ...dd("Contacts", contacts.length ? el("ul", { class: "plain" }, ...contacts) : null),
    ...dd("Mise à jour", updated && !Number.isNaN(updated.valueOf()) ? updated.toLocaleDateString("fr-FR", { dateStyle: "long" }) : null),
  );
  const parts = [
    el("h2", { id: "detail-title", tabindex: "-1" }, offer.name),
    offer.kind !== "site" && site.name ? el("p", { class: "detail-site" }, site.name) : null,
    offer.synthetic ? el("p", { class: "notice" }, "Données de démonstration : certaines valeurs (prix, contacts) sont synthétiques.") : null,
    dl,
  ];
  els.detailBody.replaceChildren(...parts.filter(Boolean));
}

async function openDetail(id, trigger) {
  view.detailTrigger = trigger;
  state.offer = id;
  updateUrl(false);
  els.detail.hidden = false;
  document.body.classList.add("detail-open");
  els.detailBody.replaceChildren(el("h2", { id: "detail-title", tabindex: "-1" }, "Chargement du détail…"));
  $("#detail-title").focus();
  let response;
  try {
    response = await fetch(`/v1/offers/${encodeURIComponent(id)}`);
  } catch {
    response = null;
  }
  if (state.offer !== id) return;
  if (!response || !response.ok) {
    els.detailBody.replaceChildren(
      el("h2", { id: "detail-title", tabindex: "-1" }, "Détail indisponible"),
      el("p", {}, response && response.status === 404 ? "Cette offre n'existe plus dans l'annuaire." : "Le service ne répond pas."),
    );
  } else {
    renderDetail(await response.json(), view.byId.get(id));
  }
  if (view.byId.has(id)) selectResult(id, "detail");
  $("#detail-title").focus();
}

/** Hides the detail. ``history``: drop ``offer`` from the current URL (not when a new search or Back replaces it). */
function closeDetail({ focus = true, history = true } = {}) {
  if (els.detail.hidden) return;
  els.detail.hidden = true;
  document.body.classList.remove("detail-open");
  state.offer = null;
  if (history) updateUrl(false);
  const returnFocus = focus;
  const trigger = view.detailTrigger;
  view.detailTrigger = null;
  if (returnFocus) {
    const fallback = view.selected && document.querySelector(`#result-${cssId(view.selected)} .result-open`);
    (trigger && trigger.isConnected ? trigger : fallback || $("#results-heading")).focus();
  }
}

// ---------------------------------------------------------------------------------------------
// Map

let suppressMoves = 0;

/** Moves made by the page itself (fitting a search, showing a result) do not offer "Rechercher dans cette zone". */
function programmatic(fn) {
  suppressMoves += 1;
  try {
    fn();
  } finally {
    suppressMoves -= 1;
    if (view.map) view.lastView = { center: view.map.getCenter(), zoom: view.map.getZoom() };
  }
}

function movedByUser() {
  const map = view.map;
  const last = view.lastView;
  if (!last) return true;
  if (map.getZoom() !== last.zoom) return true;
  const a = map.latLngToContainerPoint(last.center);
  const b = map.latLngToContainerPoint(map.getCenter());
  return a.distanceTo(b) > 8;
}

function initMap() {
  if (!window.L) {
    $("#map").textContent = "La carte n'a pas pu être chargée.";
    return;
  }
  const map = L.map("map", { zoomControl: false, minZoom: 4, maxZoom: 14, zoomSnap: 0.5, keyboardPanDelta: 120 });
  L.control.zoom({ zoomInTitle: "Zoomer", zoomOutTitle: "Dézoomer" }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');
  map.attributionControl.addAttribution('Fonds de carte : <a href="https://www.amcharts.com/">amCharts geodata</a>');
  map.createPane("basemap");
  map.getPane("basemap").style.zIndex = 250;
  programmatic(() => map.fitBounds(FRANCE_BOUNDS, { animate: false }));
  view.map = map;
  view.originLayer = L.layerGroup().addTo(map);
  view.resultLayer = L.featureGroup().addTo(map);
  window.rorSearch = { map, resultLayer: view.resultLayer, originLayer: view.originLayer };

  fetch("/static/geo/departements.geojson")
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
    .then((geojson) => {
      const departments = L.geoJSON(geojson, {
        pane: "basemap",
        interactive: false,
        style: { color: "#7b8794", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 },
      }).addTo(map);
      // Department names, from zoom 7: the only place names a tile-less map can show.
      map.createPane("basemap-labels");
      map.getPane("basemap-labels").style.zIndex = 260;
      map.getPane("basemap-labels").setAttribute("aria-hidden", "true");
      const labels = L.layerGroup();
      departments.eachLayer((layer) => {
        const props = layer.feature.properties || {};
        const code = String(props.id || "").replace(/^FR-/, "");
        labels.addLayer(
          L.marker(layer.getBounds().getCenter(), {
            pane: "basemap-labels",
            interactive: false,
            keyboard: false,
            icon: L.divIcon({ className: "department-label", html: `${props.name} (${code})`, iconSize: null }),
          }),
        );
      });
      const toggleLabels = () => {
        if (map.getZoom() >= 7) labels.addTo(map);
        else labels.remove();
      };
      map.on("zoomend", toggleLabels);
      toggleLabels();
    })
    .catch(() => {
      map.attributionControl.addAttribution("fond de carte indisponible");
    });

  map.on("moveend", () => {
    if (suppressMoves || !view.data || !movedByUser()) return;
    els.searchArea.hidden = false;
  });
}

function clearMarkers() {
  view.markers.clear();
  if (view.resultLayer) view.resultLayer.clearLayers();
  els.searchArea.hidden = true;
}

function pinIcon(n, selected, offset = [0, 0]) {
  return L.divIcon({
    className: `result-pin${selected ? " is-selected" : ""}`,
    html: `<span>${n}</span>`,
    iconSize: [28, 28],
    iconAnchor: [14 - offset[0], 14 - offset[1]],
    tooltipAnchor: [offset[0], offset[1] - 14],
  });
}

function markerName(item, n) {
  const siteName = item.site && item.site.name && item.site.name !== item.name ? ` — ${item.site.name}` : "";
  const distance = item.distance_km !== null && item.distance_km !== undefined ? `, ${formatKm(item.distance_km)}` : "";
  return `${n}. ${item.name}${siteName}${distance}`;
}

function addMarker(item, n) {
  if (!view.map || !item.location) return;
  const marker = L.marker([item.location.lat, item.location.lon], {
    icon: pinIcon(n, false),
    keyboard: true,
    riseOnHover: true,
  });
  marker.resultNumber = n;
  marker.offset = [0, 0];
  const name = markerName(item, n);
  marker.bindTooltip(name, { direction: "auto" });
  marker.on("click", () => activateMarker(item.id, false));
  marker.on("add", () => decorateMarker(marker, name, item.id));
  marker.addTo(view.resultLayer);
  view.markers.set(item.id, marker);
}

function decorateMarker(marker, name, id) {
  const node = marker.getElement();
  if (!node) return;
  node.setAttribute("aria-label", `Résultat ${name}`);
  node.dataset.id = id;
  node.classList.toggle("is-selected", view.selected === id);
  if (node.dataset.keyboard) return; // Leaflet reuses the element when the icon changes
  node.dataset.keyboard = "1";
  node.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      event.stopPropagation();
      activateMarker(id, true);
    }
  });
}

/** A marker chosen (click, or Enter when focused): its result is highlighted; with the keyboard, focus goes to it.
 * While a detail is open, the detail switches to the marker's result. */
function activateMarker(id, keyboard) {
  selectResult(id, "map");
  if (!els.detail.hidden) {
    openDetail(id, null);
  } else if (keyboard) {
    document.querySelector(`#result-${cssId(id)} .result-open`)?.focus();
  }
}

function styleMarker(id, selected) {
  const marker = view.markers.get(id);
  if (!marker) return;
  marker.setIcon(pinIcon(marker.resultNumber, selected, marker.offset));
  marker.setZIndexOffset(selected ? 1000 : 0);
  const item = view.byId.get(id);
  if (item) decorateMarker(marker, markerName(item, marker.resultNumber), id);
  if (!selected) marker.closeTooltip();
}

/** Results at the same point (several offers of one site): pins fanned out so that each stays visible. */
function spreadOverlappingMarkers() {
  const groups = new Map();
  for (const [id, marker] of view.markers) {
    const ll = marker.getLatLng();
    const key = `${ll.lat.toFixed(5)},${ll.lng.toFixed(5)}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(id);
  }
  for (const ids of groups.values()) {
    ids.forEach((id, i) => {
      const marker = view.markers.get(id);
      const count = ids.length;
      const r = count === 1 ? 0 : Math.max(16, (30 * count) / (2 * Math.PI));
      const angle = (2 * Math.PI * i) / count - Math.PI / 2;
      const offset = [Math.round(Math.cos(angle) * r), Math.round(Math.sin(angle) * r)];
      if (offset[0] !== marker.offset[0] || offset[1] !== marker.offset[1]) {
        marker.offset = offset;
        styleMarker(id, view.selected === id);
      }
    });
  }
}

function drawOrigin(data) {
  if (!view.map || !data.origin) return;
  const origin = [data.origin.lat, data.origin.lon];
  const circle = L.circle(origin, {
    radius: data.radius_km * 1000,
    color: "#0a4fa3",
    weight: 2,
    dashArray: "6 6",
    fillColor: "#0a4fa3",
    fillOpacity: 0.04,
    interactive: false,
    className: "radius-circle",
  });
  const marker = L.marker(origin, {
    icon: L.divIcon({ className: "origin-pin", html: "<span></span>", iconSize: [22, 22], iconAnchor: [11, 11] }),
    keyboard: false,
    interactive: false,
    zIndexOffset: -1000,
  });
  view.originLayer.addLayer(circle);
  view.originLayer.addLayer(marker);
  const node = marker.getElement();
  if (node) {
    node.setAttribute("role", "img");
    node.setAttribute("aria-label", `Point de départ : ${data.origin.label}`);
  }
}

function fitToSearch(data) {
  if (!view.map) return;
  let bounds = null;
  if (data.origin) bounds = L.latLng(data.origin.lat, data.origin.lon).toBounds(data.radius_km * 2000);
  else if (view.resultLayer.getLayers().length) bounds = view.resultLayer.getBounds();
  if (!bounds) return;
  programmatic(() => {
    view.map.invalidateSize({ animate: false });
    view.map.fitBounds(bounds, { animate: false, padding: [12, 12] });
  });
}

function ensureRadiusOption(value) {
  if (!value || [...els.radius.options].some((o) => o.value === value)) return;
  for (const option of $$("option[data-custom]", els.radius)) option.remove();
  const option = el("option", { value, "data-custom": true }, `${value} km (carte)`);
  els.radius.append(option);
}

function searchThisArea() {
  if (!view.map) return;
  const map = view.map;
  const center = map.getCenter();
  const bounds = map.getBounds();
  const north = L.latLng(bounds.getNorth(), center.lng);
  const east = L.latLng(center.lat, bounds.getEast());
  const km = Math.min(center.distanceTo(north), center.distanceTo(east)) / 1000;
  const radius = String(Math.max(1, Math.min(1000, Math.round(km))));
  readForm();
  state.point = { lat: Number(center.lat.toFixed(5)), lon: Number(center.lng.toFixed(5)) };
  state.near = "";
  state.radius = radius;
  state.offer = null;
  els.place.value = pointLabel(state.point);
  ensureRadiusOption(radius);
  els.radius.value = radius;
  closeDetail({ focus: false, history: false });
  els.searchArea.hidden = true;
  runSearch({ push: true });
}

// ---------------------------------------------------------------------------------------------
// Place field: combobox with suggestions (↑ ↓ Entrée Échap)

const combo = { items: [], active: -1, timer: null, seq: 0 };

function closeSuggestions() {
  combo.items = [];
  combo.active = -1;
  els.suggestions.hidden = true;
  els.suggestions.replaceChildren();
  els.place.setAttribute("aria-expanded", "false");
  els.place.removeAttribute("aria-activedescendant");
}

function renderSuggestions() {
  els.suggestions.replaceChildren();
  combo.items.forEach((item, i) => {
    const kind = { commune: "Commune", arrondissement: "Arrondissement", department: "Département" }[item.kind] || item.kind;
    const li = el(
      "li",
      { id: `place-option-${i}`, role: "option", "aria-selected": i === combo.active ? "true" : "false", class: "suggestion" },
      el("span", { class: "suggestion-label" }, item.label),
      el("span", { class: "suggestion-meta" }, ` ${kind}${item.department && item.kind !== "department" ? ` · ${item.department}` : ""}`),
    );
    li.addEventListener("mousedown", (event) => event.preventDefault());
    li.addEventListener("click", () => pickSuggestion(i));
    els.suggestions.append(li);
  });
  const open = combo.items.length > 0;
  els.suggestions.hidden = !open;
  els.place.setAttribute("aria-expanded", open ? "true" : "false");
  if (combo.active >= 0) {
    els.place.setAttribute("aria-activedescendant", `place-option-${combo.active}`);
    document.getElementById(`place-option-${combo.active}`)?.scrollIntoView({ block: "nearest" });
  } else {
    els.place.removeAttribute("aria-activedescendant");
  }
}

async function fetchSuggestions() {
  const q = els.place.value.trim();
  const seq = ++combo.seq;
  if (q.length < 2) {
    closeSuggestions();
    return;
  }
  try {
    const response = await fetch(`/v1/geocode/suggest?q=${encodeURIComponent(q)}&size=8`);
    if (seq !== combo.seq || !response.ok) return;
    const data = await response.json();
    if (seq !== combo.seq || document.activeElement !== els.place) return;
    combo.items = data.items || [];
    combo.active = -1;
    renderSuggestions();
    const n = combo.items.length;
    els.placeStatus.textContent = n ? `${n} lieu${n > 1 ? "x" : ""} suggéré${n > 1 ? "s" : ""}.` : "Aucun lieu suggéré.";
  } catch {
    /* suggestions are a convenience: the search itself reports unknown places */
  }
}

function pickSuggestion(i) {
  const item = combo.items[i];
  if (!item) return;
  state.point = null;
  els.place.value = item.label;
  els.placeStatus.textContent = `${item.label} choisi.`;
  closeSuggestions();
  if (els.place.getAttribute("aria-invalid") === "true") clearErrors();
}

function onPlaceKeydown(event) {
  const open = !els.suggestions.hidden && combo.items.length > 0;
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    if (!open) {
      if (event.key === "ArrowDown") fetchSuggestions();
      return;
    }
    event.preventDefault();
    const n = combo.items.length;
    combo.active = event.key === "ArrowDown" ? (combo.active + 1) % n : (combo.active - 1 + n) % n;
    renderSuggestions();
  } else if (event.key === "Enter") {
    if (open && combo.active >= 0) {
      event.preventDefault();
      pickSuggestion(combo.active);
    } else {
      closeSuggestions();
    }
  } else if (event.key === "Escape") {
    if (open) {
      event.preventDefault();
      closeSuggestions();
    }
  } else if (event.key === "Tab") {
    closeSuggestions();
  }
}

// ---------------------------------------------------------------------------------------------
// Wiring

function init() {
  initMap();

  els.place.addEventListener("input", () => {
    state.point = null;
    clearTimeout(combo.timer);
    combo.timer = setTimeout(fetchSuggestions, 120);
  });
  els.place.addEventListener("keydown", onPlaceKeydown);
  els.place.addEventListener("blur", () => setTimeout(closeSuggestions, 150));

  for (const radio of $$('input[name="profile"]')) radio.addEventListener("change", () => onProfileChange(radio.value));
  for (const input of $$("input[data-param]")) input.addEventListener("change", () => onFilterCheckbox(input));
  els.speciality.addEventListener("change", onSpeciality);

  els.facetGroups.addEventListener("change", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.dataset.facet) return;
    const set = state.sel[input.dataset.facet];
    if (input.checked) set.add(input.value);
    else set.delete(input.value);
    syncChecks();
    readForm();
    state.offer = null;
    closeDetail({ focus: false, history: false });
    runSearch({ push: true });
  });

  els.form.addEventListener("submit", (event) => {
    event.preventDefault();
    submitSearch();
  });
  els.more.addEventListener("click", loadMore);
  els.searchArea.addEventListener("click", searchThisArea);
  els.detailClose.addEventListener("click", () => closeDetail());
  els.detail.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      closeDetail();
    }
  });

  window.addEventListener("popstate", () => {
    closeDetail({ focus: false, history: false });
    if (restoreFromUrl()) runSearch({ push: false, openOffer: state.offer });
  });

  if (restoreFromUrl()) runSearch({ push: false, openOffer: state.offer });
}

init();
