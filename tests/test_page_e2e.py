"""The public search page, end to end: headless Chromium (Playwright) against the real API, OpenSearch and PostGIS.

The API runs with uvicorn in a background thread on a free loopback port, over the fixture directory (real
hospital sites, ICUs on each, an ICU with a scanner at Rangueil, rheumatology at Lyon Sud, a permanent stay at
Bourg-en-Bresse). Each use case is driven like a user would (typing, keyboard, clicks); screenshots land in
``test-artifacts/page-<case>.png``. Every request the page makes must stay on the local server (no CDN).
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import uvicorn
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Playwright,
    Route,
    ViewportSize,
    expect,
    sync_playwright,
)
from sqlalchemy import Engine

from app.core.config import Settings
from app.main import create_app
from tests.fixture_directory import load_fixture_directory, rebuild_fresh

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
MOBILE: ViewportSize = {"width": 375, "height": 800}
NBSP = "[\\s\u00a0\u202f]"  # Intl.NumberFormat("fr-FR") groups thousands with a narrow no-break space

EHPAD = "un EHPAD ou un hébergement pour personne âgée"
PRACTITIONER = "un professionnel de santé"
EMERGENCY = "un service d'urgence ou de soins critiques"


# --- the stack: fixture directory, its own index alias, the API in a thread ---------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture(scope="module")
def base_url(engine: Engine, settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # Same servers and database as the rest of the suite, but an index alias of its own, so that another
    # module rebuilding the suite's alias while the browser runs cannot change what the page shows.
    page_settings = settings.model_copy(update={"index": f"{settings.index}-page"})
    load_fixture_directory(engine, tmp_path_factory.mktemp("dir"), with_icus=True)
    rebuild_fresh(engine, page_settings)

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(page_settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, name="page-e2e-api", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the API did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


class Watched:
    """A browser context that refuses every request off the local server and records page errors."""

    def __init__(self, browser: Browser, base_url: str, viewport: ViewportSize) -> None:
        self.base_url = base_url
        self.external: list[str] = []
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.context: BrowserContext = browser.new_context(viewport=viewport, locale="fr-FR")
        self.context.route("**/*", self._route)

    def _route(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(self.base_url + "/"):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def new_page(self) -> Page:
        page = self.context.new_page()
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        page.on(
            "response",
            lambda response: (
                self.failed.append(f"{response.status} {response.url}")
                if response.status >= 500 or (response.status == 404 and "/static/" in response.url)
                else None
            ),
        )
        return page

    def check(self) -> None:
        assert self.external == [], f"requests off the local server: {self.external}"
        assert self.failed == [], f"failed requests: {self.failed}"
        unexpected = [e for e in self.errors if "422" not in e]  # an unknown place is answered 422 on purpose
        assert unexpected == [], f"errors in the page: {unexpected}"


@pytest.fixture
def watched(browser: Browser, base_url: str) -> Iterator[Watched]:
    watched = Watched(browser, base_url, DESKTOP)
    yield watched
    watched.context.close()
    watched.check()


@pytest.fixture
def page(watched: Watched) -> Page:
    return watched.new_page()


# --- helpers ------------------------------------------------------------------------------------------------------


def pick_place(page: Page, typed: str, label: str) -> None:
    """Type into the place field, move to the suggestion with the arrow keys, choose it with Enter."""
    field = page.get_by_role("combobox", name="Lieu")
    field.click()
    field.press_sequentially(typed, delay=30)
    listbox = page.get_by_role("listbox", name="Lieux suggérés")
    expect(listbox).to_be_visible()
    option = listbox.get_by_role("option", name=re.compile(f"^{re.escape(label)}\\b"))
    expect(option).to_be_visible()
    for _ in range(listbox.get_by_role("option").count()):
        field.press("ArrowDown")
        if option.get_attribute("aria-selected") == "true":
            break
    expect(option).to_have_attribute("aria-selected", "true")
    expect(field).to_have_attribute("aria-activedescendant", option.get_attribute("id") or "")
    field.press("Enter")
    expect(field).to_have_value(label)
    expect(listbox).to_be_hidden()


def submit(page: Page) -> None:
    page.get_by_role("button", name="Rechercher", exact=True).click()


def results(page: Page) -> Locator:
    return page.locator("#result-list > li")


def result(page: Page, offer_id: str) -> Locator:
    return page.locator(f'#result-list > li[data-id="{offer_id}"]')


def pins(page: Page) -> Locator:
    return page.locator(".leaflet-marker-pane .result-pin")


def layer_count(page: Page) -> int:
    count: int = page.evaluate("window.rorSearch.resultLayer.getLayers().length")
    return count


def expect_markers(page: Page, n: int) -> None:
    expect(pins(page)).to_have_count(n)
    assert layer_count(page) == n


def summary(page: Page) -> Locator:
    return page.get_by_role("status").filter(has_text="résultat")


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def api(base_url: str, **params: Any) -> dict[str, Any]:
    response = httpx.get(f"{base_url}/v1/search", params=params, timeout=30)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def shot(page: Page, artifacts: Path, case: str, full_page: bool = True) -> None:
    page.wait_for_timeout(150)  # let the map finish drawing
    page.screenshot(path=str(artifacts / f"page-{case}.png"), full_page=full_page)


def detail(page: Page) -> Locator:
    return page.locator("#detail")


def shown_km(text: str) -> float:
    """A distance as the page writes it ("5,1 km", "850 m") → km."""
    match = re.search(r"([\d\s\u202f\u00a0]+(?:,\d+)?)\s*(km|m)\b", text)
    assert match, text
    value = float(re.sub(r"[\s\u202f\u00a0]", "", match.group(1)).replace(",", "."))
    return value if match.group(2) == "km" else value / 1000


def expect_distance(item: Locator, api_item: dict[str, Any]) -> str:
    """The result shows the API's geodesic distance, rounded to 100 m; returns the text shown."""
    text = item.locator(".fact-distance").inner_text()
    assert shown_km(text) == pytest.approx(api_item["distance_km"], abs=0.051), (text, api_item["distance_km"])
    return text


def assert_clean(locator: Locator) -> None:
    """No placeholder leaked into the text (a missing field rendered as null, undefined, NaN…)."""
    text = locator.inner_text()
    assert not re.search(r"\b(null|undefined|NaN)\b|\[object ", text), text


# --- use cases ----------------------------------------------------------------------------------------------------


def test_emergency_near_toulouse(page: Page, base_url: str, artifacts: Path) -> None:
    page.goto(base_url)
    expect(page).to_have_title(re.compile("Trouver une offre de santé"))
    pick_place(page, "Toul", "31000 Toulouse")
    page.get_by_label(EMERGENCY).check()
    page.get_by_label("Réanimation", exact=True).check()
    page.get_by_label("Scanner", exact=True).check()
    beds = page.get_by_label("Lits libres (minimum)")
    expect(beds).to_be_disabled()
    expect(page.locator("#beds-note")).to_contain_text("Réservé aux professionnels")
    submit(page)

    expected = api(
        base_url, near="31000 Toulouse", profile="emergency", activity=["127", "126"], equipment="231", size=10
    )
    total, radius = expected["total"], f"{expected['radius_km']:g}"
    assert 10 < total <= 20 and expected["next_cursor"] and expected["radius_widened"]  # 2 pages (15 in the fixture)
    expect(summary(page)).to_contain_text(f"{total} résultats à moins de {radius} km de 31000 Toulouse — 10 affichés")
    expect(summary(page)).to_contain_text("Rayon élargi")
    expect(results(page)).to_have_count(10)
    first = results(page).first
    expect(first).to_contain_text("Réanimation polyvalente")
    expect(first).to_contain_text("HOPITAL DE RANGUEIL CHU TOULOUSE")
    expect(first).to_contain_text("Centre hospitalier régional (CHR)")
    expect(first).to_contain_text("31059 TOULOUSE")
    rangueil_km = expect_distance(first, expected["items"][0])
    expect(first).to_contain_text("24 lits")
    expect(first.get_by_role("link", name="05 00 00 00 00")).to_have_attribute("href", "tel:0500000000")
    shown = [results(page).nth(i).get_attribute("data-id") for i in range(10)]
    assert shown == [i["id"] for i in expected["items"]]
    # the map: origin, radius circle, one numbered marker per result
    expect_markers(page, 10)
    expect(page.locator(".origin-pin")).to_have_attribute("aria-label", "Point de départ : 31000 Toulouse")
    expect(page.locator("path.radius-circle")).to_have_count(1)
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("Fonds de carte : amCharts geodata")
    assert page.locator(".leaflet-control-attribution a", has_text="amCharts geodata").get_attribute("href") == (
        "https://www.amcharts.com/"
    )
    assert page.locator(".leaflet-overlay-pane path, .leaflet-basemap-pane path").count() >= 96  # departments
    # the URL reflects the search
    query = query_of(page)
    assert query["near"] == ["31000 Toulouse"] and query["profile"] == ["emergency"]
    assert sorted(query["activity"]) == ["126", "127"] and query["equipment"] == ["231"]
    # facets with counts, the selected values checked
    facet = page.locator("#facet-groups")
    counts = {(p, f["code"]): f["count"] for p, facets in expected["facets"].items() for f in facets}
    n_127, n_231, n_101 = counts["activity", "127"], counts["equipment", "231"], counts["category", "101"]
    assert n_127 == total and n_231 == total and 0 < n_101 < total
    expect(facet.get_by_label(f"Réanimation polyvalente, {n_127} résultats", exact=True)).to_be_checked()
    expect(facet.get_by_label(f"Scanner, {n_231} résultats", exact=True)).to_be_checked()
    expect(facet.get_by_label(f"Centre hospitalier régional (CHR), {n_101} résultats", exact=True)).not_to_be_checked()

    # list → map: the result's marker is highlighted
    bordeaux = result(page, "icu-330000662-0")
    bordeaux_km = expect_distance(bordeaux, next(i for i in expected["items"] if i["id"] == "icu-330000662-0"))
    bordeaux.get_by_role("button").click()
    expect(bordeaux).to_have_class(re.compile("is-selected"))
    expect(page.locator('.result-pin[data-id="icu-330000662-0"]')).to_have_class(re.compile("is-selected"))
    expect(page.locator(".result-pin.is-selected")).to_have_count(1)
    expect(detail(page)).to_be_visible()
    page.keyboard.press("Escape")
    expect(detail(page)).to_be_hidden()
    expect(bordeaux.get_by_role("button")).to_be_focused()
    # map → list: clicking a marker highlights its result
    page.locator('.result-pin[data-id="icu-130783293-1"]').click()
    expect(result(page, "icu-130783293-1")).to_have_class(re.compile("is-selected"))
    expect(bordeaux).not_to_have_class(re.compile("is-selected"))
    expect(page.locator(".result-pin.is-selected")).to_have_attribute("data-id", "icu-130783293-1")
    shot(page, artifacts, "emergency")

    # next page
    page.get_by_role("button", name="Résultats suivants").click()
    expect(results(page)).to_have_count(total)
    expect_markers(page, total)
    expect(page.get_by_role("button", name="Résultats suivants")).to_be_hidden()
    expect(summary(page)).to_have_text(re.compile(f"^{total} résultats à moins de {radius} km de 31000 Toulouse\\."))
    ids = [results(page).nth(i).get_attribute("data-id") for i in range(total)]
    second = api(base_url, near="31000 Toulouse", profile="emergency", activity=["127", "126"], equipment="231",
                 size=10, cursor=expected["next_cursor"])  # fmt: skip
    assert ids == [i["id"] for i in expected["items"] + second["items"]] and len(set(ids)) == total
    expect(results(page).nth(10).get_by_role("button")).to_be_focused()  # focus moves to the first new result

    # detail of the first result
    results(page).first.get_by_role("button", name="Réanimation polyvalente").click()
    panel = detail(page)
    expect(panel.get_by_role("heading", name="Réanimation polyvalente")).to_be_focused()
    expect(panel).to_contain_text("HOPITAL DE RANGUEIL CHU TOULOUSE (FINESS 310783055)")
    expect(panel).to_contain_text("Scanner")
    expect(panel).to_contain_text("Hospitalisation complète")
    expect(panel).to_contain_text("de 18 à 120 ans")
    expect(panel).to_contain_text("24 lits")
    expect(panel).to_contain_text(rangueil_km)
    assert query_of(page)["offer"] == ["hs-rea"]
    assert_clean(panel)
    assert_clean(page.locator("#result-list"))
    shot(page, artifacts, "emergency-detail")
    # with the detail open, a marker switches the detail to its result
    page.locator('.result-pin[data-id="icu-330000662-0"]').click()
    expect(panel.get_by_role("heading", name="Réanimation 0")).to_be_visible()
    expect(panel).to_contain_text("INSTITUT BERGONIE CENTRE REGIONAL DE LUTTE CONTRE LE CANCER")
    expect(panel).to_contain_text(bordeaux_km)
    assert query_of(page)["offer"] == ["icu-330000662-0"]
    panel.get_by_role("button", name="Fermer le détail").click()
    expect(panel).to_be_hidden()
    assert "offer" not in query_of(page)


def test_nursing_home_near_bourg_en_bresse(page: Page, base_url: str, artifacts: Path) -> None:
    page.goto(base_url)
    pick_place(page, "bourg", "01000 Bourg-en-Bresse")
    page.get_by_label(EHPAD).check()
    # the profile's own categories are shown as the default choice
    expect(page.get_by_label("EHPAD", exact=True)).to_be_checked()
    expect(page.get_by_label("Résidence autonomie")).to_be_checked()
    page.get_by_label("Permanent", exact=True).check()
    page.get_by_label("Habilité à l'aide sociale").check()
    page.get_by_label("Prix mensuel maximum (€)").fill("2500")
    submit(page)
    # no EHPAD in the fixture directory: the hospital's permanent stay is not one
    expect(summary(page)).to_contain_text("Aucun résultat à moins de 400 km de 01000 Bourg-en-Bresse")
    expect(results(page)).to_have_count(0)
    expect_markers(page, 0)

    page.get_by_label("Hébergement en centre hospitalier").check()
    submit(page)
    expect(summary(page)).to_contain_text("1 résultat à moins de 400 km de 01000 Bourg-en-Bresse")
    expect(results(page)).to_have_count(1)
    item = result(page, "hs-hp")
    expect(item).to_contain_text("Hébergement permanent")
    expect(item).to_contain_text("CENTRE HOSPITALIER DE BOURG-EN-BRESSE")
    expect(item).to_contain_text("01440 VIRIAT")
    expect(item).to_contain_text(re.compile(f"1{NBSP}886{NBSP}€ / mois"))
    expect(item).to_contain_text("Aide sociale")
    bourg = api(base_url, near="01000 Bourg-en-Bresse", profile="nursing_home", category=["500", "202", "355"],
                accommodation="02", social_aid="true", price_max_month=2500, size=10)  # fmt: skip
    assert [i["id"] for i in bourg["items"]] == ["hs-hp"]
    expect_distance(item, bourg["items"][0])
    expect_markers(page, 1)
    expect(page.get_by_role("button", name="Résultats suivants")).to_be_hidden()
    query = query_of(page)
    assert query["profile"] == ["nursing_home"] and sorted(query["category"]) == ["202", "355", "500"]
    assert query["accommodation"] == ["02"] and query["social_aid"] == ["true"]
    assert query["price_max_month"] == ["2500"]
    expect(page.locator("#facet-groups").get_by_label(re.compile(r"^Permanent, 1 résultat"))).to_be_checked()

    # the price ceiling is a real filter: 1,886 €/month is above 1,500
    page.get_by_label("Prix mensuel maximum (€)").fill("1500")
    submit(page)
    expect(summary(page)).to_contain_text("Aucun résultat")
    page.get_by_label("Prix mensuel maximum (€)").fill("2500")
    submit(page)
    expect(results(page)).to_have_count(1)

    item.get_by_role("button", name="Hébergement permanent").click()
    panel = detail(page)
    expect(panel.get_by_role("heading", name="Hébergement permanent")).to_be_visible()
    expect(panel).to_contain_text("62 € / jour")
    expect(panel).to_contain_text(re.compile(f"1{NBSP}886{NBSP}€ / mois"))
    expect(panel).to_contain_text("Oui, habilité")
    expect(panel).to_contain_text("Permanent")
    expect(panel).to_contain_text("de 60 à 120 ans")
    expect(panel).to_contain_text("Gériatrie, Gérontologie")
    expect(panel).to_contain_text("Données de démonstration")  # the synthetic price is labelled
    expect(page.locator('.result-pin[data-id="hs-hp"]')).to_have_class(re.compile("is-selected"))
    assert_clean(panel)
    shot(page, artifacts, "ehpad")


def test_practitioner_near_lyon(page: Page, base_url: str, artifacts: Path) -> None:
    page.goto(base_url)
    pick_place(page, "lyon", "69001 Lyon")
    page.get_by_label(PRACTITIONER).check()
    page.get_by_label("Profession ou spécialité").select_option(label="Rhumatologue (rhumatologie)")
    page.get_by_label("Âge du patient (ans)").fill("45")
    submit(page)
    expect(summary(page)).to_contain_text("1 résultat à moins de")
    expect(results(page)).to_have_count(1)
    item = result(page, "hs-rhumato")
    expect(item).to_contain_text("Consultation de rhumatologie")
    expect(item).to_contain_text("HOPITAL LYON SUD")
    rhumato = api(base_url, near="69001 Lyon", profile="practitioner", activity="131", age=45, size=10)
    assert [i["id"] for i in rhumato["items"]] == ["hs-rhumato"]
    expect_distance(item, rhumato["items"][0])
    expect(item.get_by_role("link", name="04 78 86 00 00")).to_have_attribute("href", "tel:0478860000")
    expect_markers(page, 1)
    query = query_of(page)
    assert query["profile"] == ["practitioner"] and query["activity"] == ["131"] and query["age"] == ["45"]
    assert "profession" not in query

    item.get_by_role("button", name="Consultation de rhumatologie").click()
    panel = detail(page)
    expect(panel.get_by_role("heading", name="Consultation de rhumatologie")).to_be_visible()
    expect(panel).to_contain_text("Rhumatologie")
    expect(panel).to_contain_text("HOPITAL LYON SUD (FINESS 690784137)")
    expect(panel).to_contain_text("04 78 86 00 00")
    assert_clean(panel)
    shot(page, artifacts, "practitioner")
    panel.get_by_role("button", name="Fermer le détail").click()

    # every practitioner offer near Lyon, page by page
    page.get_by_label("Profession ou spécialité").select_option(label="Toutes")
    page.get_by_label("Âge du patient (ans)").fill("")
    submit(page)
    expected = api(base_url, near="69001 Lyon", profile="practitioner", size=10)
    total = expected["total"]
    assert total > 10  # more than one page
    radius = f"{expected['radius_km']:g}"
    expect(summary(page)).to_contain_text(f"{total} résultats à moins de {radius} km de 69001 Lyon — 10 affichés")
    more = page.get_by_role("button", name="Résultats suivants")
    shown = 10
    while shown < total:
        expect(results(page)).to_have_count(shown)
        more.click()
        shown = min(total, shown + 10)
        expect(results(page)).to_have_count(shown)
    expect(more).to_be_hidden()
    expect_markers(page, total)
    ids = [results(page).nth(i).get_attribute("data-id") for i in range(total)]
    assert len(set(ids)) == total and "hs-rhumato" in ids
    facet = page.locator("#facet-groups")
    expect(facet.get_by_label(re.compile(r"^Rhumatologie, 1 résultat"))).not_to_be_checked()
    # a facet narrows at once (multi-select), and the URL follows
    facet.get_by_label(re.compile(r"^Rhumatologie, 1 résultat")).check()
    expect(results(page)).to_have_count(1)
    expect(result(page, "hs-rhumato")).to_be_visible()
    expect(page.get_by_label("Profession ou spécialité")).to_have_value("rhumatologue")
    assert query_of(page)["activity"] == ["131"]
    shot(page, artifacts, "practitioner-facet")


def test_search_this_area_uses_the_map_centre(page: Page, base_url: str, artifacts: Path) -> None:
    page.goto(f"{base_url}/?near=31000+Toulouse&profile=emergency&activity=127&equipment=231&radius_km=50")
    expect(results(page)).to_have_count(3)
    button = page.get_by_role("button", name="Rechercher dans cette zone")
    expect(button).to_be_hidden()
    box = page.locator("#map").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 100, y - 40, steps=8)
    page.mouse.move(x - 200, y - 80, steps=8)
    page.mouse.up()
    expect(button).to_be_visible()
    centre = page.evaluate("(() => { const c = window.rorSearch.map.getCenter(); return [c.lat, c.lng]; })()")
    button.click()
    expect(summary(page)).to_contain_text("du centre de la carte")
    expect(button).to_be_hidden()
    query = query_of(page)
    assert "near" not in query
    assert float(query["lat"][0]) == pytest.approx(centre[0], abs=1e-4)
    assert float(query["lon"][0]) == pytest.approx(centre[1], abs=1e-4)
    radius = float(query["radius_km"][0])
    expect(page.get_by_label("Rayon", exact=True)).to_have_value(query["radius_km"][0])
    expect(page.get_by_role("combobox", name="Lieu")).to_have_value(re.compile(r"^Centre de la carte \("))
    expected = api(base_url, lat=query["lat"][0], lon=query["lon"][0], radius_km=radius, profile="emergency",
                   activity="127", equipment="231", size=10)  # fmt: skip
    expect(results(page)).to_have_count(len(expected["items"]))
    expect_markers(page, len(expected["items"]))
    assert all(i["distance_km"] <= radius for i in expected["items"])
    total = expected["total"]
    expect(summary(page)).to_contain_text(f"{total} résultat" if total else "Aucun résultat")
    shot(page, artifacts, "area")


def test_shareable_url_restores_the_search(watched: Watched, page: Page, base_url: str, artifacts: Path) -> None:
    page.goto(base_url)
    pick_place(page, "Toulouse", "31000 Toulouse")
    page.get_by_label(EMERGENCY).check()
    page.get_by_label("Réanimation", exact=True).check()
    page.get_by_label("Scanner", exact=True).check()
    page.get_by_label("Rayon", exact=True).select_option(label="50 km")
    submit(page)
    search = {"near": "31000 Toulouse", "profile": "emergency", "activity": ["127", "126"], "equipment": "231"}
    near = api(base_url, **search, radius_km=50, size=10)
    assert {i["id"] for i in near["items"]} == {"hs-rea", "icu-310783055-0", "icu-310783055-1"}  # Rangueil only
    wide = api(base_url, **search, size=10)["total"]
    assert wide > 3
    expect(results(page)).to_have_count(3)
    result(page, "hs-rea").get_by_role("button").click()
    expect(detail(page).get_by_role("heading", name="Réanimation polyvalente")).to_be_visible()
    shared = page.url
    assert "offer=hs-rea" in shared and "radius_km=50" in shared

    other = watched.new_page()  # as if the link were opened by someone else
    other.goto(shared)
    for restored in (other, page):
        if restored is page:
            page.reload()
        expect(restored.get_by_role("combobox", name="Lieu")).to_have_value("31000 Toulouse")
        expect(restored.get_by_label(EMERGENCY)).to_be_checked()
        expect(restored.get_by_label("Réanimation", exact=True)).to_be_checked()
        expect(restored.get_by_label("Scanner", exact=True)).to_be_checked()
        expect(restored.get_by_label("Soins intensifs")).not_to_be_checked()
        expect(restored.get_by_label("Rayon", exact=True)).to_have_value("50")
        expect(summary(restored)).to_contain_text("3 résultats à moins de 50 km de 31000 Toulouse")
        expect(results(restored)).to_have_count(3)
        expect_markers(restored, 3)
        expect(detail(restored).get_by_role("heading", name="Réanimation polyvalente")).to_be_visible()
        expect(detail(restored)).to_contain_text("FINESS 310783055")
    shot(other, artifacts, "shared")

    # each search is a history entry: Back returns to the previous one, with its detail
    page.get_by_label("Rayon", exact=True).select_option(label="Automatique")
    submit(page)
    expect(summary(page)).to_contain_text(f"{wide} résultats")
    expect(detail(page)).to_be_hidden()
    assert "offer" not in query_of(page) and "radius_km" not in query_of(page)
    page.go_back()
    expect(summary(page)).to_contain_text("3 résultats à moins de 50 km")
    expect(page.get_by_label("Rayon", exact=True)).to_have_value("50")
    expect(detail(page).get_by_role("heading", name="Réanimation polyvalente")).to_be_visible()
    assert page.url == shared
    page.go_forward()
    expect(summary(page)).to_contain_text(f"{wide} résultats")
    expect(detail(page)).to_be_hidden()


def test_unknown_place_shows_the_error_and_suggestions(page: Page, base_url: str, artifacts: Path) -> None:
    page.goto(base_url)
    field = page.get_by_role("combobox", name="Lieu")
    field.fill("Toulousse")
    field.press("Enter")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Lieu : Lieu inconnu : « Toulousse ».")
    expect(alert).to_contain_text("Vouliez-vous dire")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(summary(page)).to_contain_text("Aucun résultat affiché")
    suggestion = alert.get_by_role("button", name="31000 Toulouse")
    expect(suggestion).to_be_visible()
    expect(alert.get_by_role("button")).to_have_count(5)
    shot(page, artifacts, "unknown-place")
    suggestion.click()
    expect(alert).to_be_hidden()
    expect(field).to_have_value("31000 Toulouse")
    expect(field).not_to_have_attribute("aria-invalid", "true")
    expect(summary(page)).to_contain_text("31000 Toulouse")
    assert results(page).count() > 0
    assert query_of(page)["near"] == ["31000 Toulouse"]

    # another 422, on a filter: the API's reason, in French, next to the field's name
    page.get_by_label(EHPAD).check()
    page.get_by_label("Prix mensuel maximum (€)").fill("-5")
    submit(page)
    expect(alert).to_contain_text("Prix mensuel maximum : La valeur doit être supérieure à 0")
    expect(page.get_by_label("Prix mensuel maximum (€)")).to_have_attribute("aria-invalid", "true")
    expect(results(page)).to_have_count(0)
    expect_markers(page, 0)


def test_mobile_375_without_horizontal_scroll(browser: Browser, base_url: str, artifacts: Path) -> None:
    watched = Watched(browser, base_url, MOBILE)
    page = watched.new_page()
    try:
        page.goto(base_url)
        pick_place(page, "Toul", "31000 Toulouse")
        page.get_by_label(EMERGENCY).check()
        page.get_by_label("Réanimation", exact=True).check()
        submit(page)
        total = api(base_url, near="31000 Toulouse", profile="emergency", activity=["127", "126"], size=10)["total"]
        assert total > 10
        expect(summary(page)).to_contain_text(f"{total} résultats")
        expect(results(page)).to_have_count(10)
        expect_markers(page, 10)
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth, document.body.scrollWidth]"
        )
        assert widths[0] <= 375 and widths[1] == 375 and widths[2] <= 375, widths
        for selector in ("#search-form", "#place", "#map", "#result-list", "#summary", "#facets"):
            box = page.locator(selector).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375, (selector, box)
        for i in range(10):
            box = results(page).nth(i).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
        expect(page.get_by_role("button", name="Rechercher", exact=True)).to_be_visible()
        shot(page, artifacts, "mobile")
        page.locator("#results-heading").scroll_into_view_if_needed()
        shot(page, artifacts, "mobile-results", full_page=False)
        results(page).first.get_by_role("button").click()
        panel = detail(page)
        expect(panel.get_by_role("heading", name="Réanimation polyvalente")).to_be_in_viewport()
        box = panel.bounding_box()
        assert box is not None and box["width"] <= 375
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        shot(page, artifacts, "mobile-detail", full_page=False)
    finally:
        watched.context.close()
    watched.check()


# --- accessibility ---------------------------------------------------------------------------------------------------

FORM_LABELS = [
    "Lieu",
    EHPAD,
    PRACTITIONER,
    EMERGENCY,
    "toute offre de santé",
    "Mots-clés (facultatif)",
    "Rayon",
    "Résultats par page",
]
PROFILE_LABELS = {
    EHPAD: [
        "EHPAD",
        "Résidence autonomie",
        "Unité de soins de longue durée",
        "Hébergement en centre hospitalier",
        "Permanent",
        "Temporaire",
        "Habilité à l'aide sociale",
        "Prix mensuel maximum (€)",
    ],
    PRACTITIONER: ["Profession ou spécialité", "Âge du patient (ans)"],
    EMERGENCY: ["Réanimation", "Soins intensifs", "Urgences", "Scanner", "IRM", "Lits libres (minimum)"],
}

UNNAMED_CONTROLS_JS = """
() => {
  const nameOf = (el) => {
    if (el.getAttribute('aria-label')) return el.getAttribute('aria-label').trim();
    const by = el.getAttribute('aria-labelledby');
    if (by) return by.split(/\\s+/).map((id) => document.getElementById(id)?.textContent || '').join(' ').trim();
    if (el.labels && el.labels.length) return [...el.labels].map((l) => l.textContent).join(' ').trim();
    if (el.tagName === 'BUTTON' || el.tagName === 'A') return (el.textContent || el.title || '').trim();
    return (el.title || '').trim();
  };
  const controls = document.querySelectorAll('input, select, textarea, button, a[href], [role=button], [tabindex="0"]');
  return [...controls].filter((el) => !nameOf(el)).map((el) => el.outerHTML.slice(0, 120));
}
"""

CONTRAST_JS = """
() => {
  const parse = (c) => {
    const m = c.match(/[\\d.]+/g).map(Number);
    return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1];
  };
  const channel = (v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const lum = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const background = (el) => {
    const layers = [];
    for (let n = el; n; n = n.parentElement) {
      const bg = parse(getComputedStyle(n).backgroundColor);
      if (bg[3] > 0) { layers.push(bg); if (bg[3] >= 1) break; }
    }
    let color = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse()) {
      color = [r * a + color[0] * (1 - a), g * a + color[1] * (1 - a), b * a + color[2] * (1 - a)];
    }
    return color;
  };
  const bad = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    const el = t.parentElement;
    if (!t.textContent.trim() || !el || !el.checkVisibility()) continue;
    if (el.closest('.visually-hidden, .leaflet-tooltip-pane')) continue;
    const style = getComputedStyle(el);
    const [l1, l2] = [lum(parse(style.color)), lum(background(el))].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) bad.push(`${ratio.toFixed(2)} ${t.textContent.trim().slice(0, 40)}`);
  }
  return bad;
}
"""


def test_controls_are_labelled_keyboard_usable_and_contrasted(page: Page, base_url: str) -> None:
    page.goto(base_url)
    for label in FORM_LABELS:
        expect(page.get_by_label(label, exact=True)).to_have_count(1)
    for use_case, labels in PROFILE_LABELS.items():
        page.get_by_label(use_case).check()
        for label in labels:
            control = page.get_by_label(label, exact=True)
            expect(control).to_have_count(1)
            expect(control).to_be_visible()
    expect(page.get_by_label("Lits libres (minimum)")).to_have_attribute("aria-describedby", "beds-note")
    status = page.locator("#summary")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_attribute("role", "status")

    # keyboard only: place (arrows + Enter), submit, then reach the results with Tab and open one with Enter
    page.get_by_role("combobox", name="Lieu").focus()
    page.keyboard.type("Toul", delay=30)
    expect(page.get_by_role("option", name=re.compile("^31000 Toulouse"))).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.get_by_role("combobox", name="Lieu")).to_have_value("31000 Toulouse")
    page.keyboard.press("Enter")  # the suggestion list is closed: Enter submits the form
    expect(results(page).first).to_contain_text("Réanimation polyvalente")
    first_button = results(page).first.get_by_role("button")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('result-open')"):
            break
    expect(first_button).to_be_focused()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"  # visible focus
    expect(results(page).first).to_have_class(re.compile("is-selected"))  # focus shows the marker
    page.keyboard.press("Enter")
    expect(detail(page).get_by_role("heading", name="Réanimation polyvalente")).to_be_focused()
    page.keyboard.press("Escape")
    expect(first_button).to_be_focused()
    # markers are reachable by keyboard too: Enter on a marker moves to its result
    marker = page.locator(".result-pin").nth(2)
    marker.focus()
    expect(marker).to_have_attribute("role", "button")
    expect(marker).to_have_attribute("aria-label", re.compile(r"^Résultat 3\. "))
    page.keyboard.press("Enter")
    third = results(page).nth(2)
    expect(third.get_by_role("button")).to_be_focused()
    expect(third).to_have_class(re.compile("is-selected"))

    # every control of the filled page has an accessible name, and text is contrasted enough (WCAG AA)
    assert page.evaluate(UNNAMED_CONTROLS_JS) == []
    assert page.evaluate(CONTRAST_JS) == []
    for use_case in PROFILE_LABELS:
        page.get_by_label(use_case).check()
        assert page.evaluate(UNNAMED_CONTROLS_JS) == []
        assert page.evaluate(CONTRAST_JS) == []


def test_page_is_served_with_its_static_files_only(base_url: str) -> None:
    index = httpx.get(f"{base_url}/", timeout=10)
    assert index.status_code == 200 and index.headers["content-type"].startswith("text/html")
    html = index.text
    assert '<html lang="fr">' in html and "https://" not in html.split("<footer")[0]  # no CDN
    for path in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert httpx.get(f"{base_url}{path}", timeout=10).status_code == 200, path
    geo = httpx.get(f"{base_url}/static/geo/departements.geojson", timeout=10).json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 96
    licence = httpx.get(f"{base_url}/static/geo/LICENSE-amcharts-geodata", timeout=10).text
    assert "linkware" in licence
    assert httpx.get(f"{base_url}/static/vendor/leaflet/images/marker-icon.png", timeout=10).status_code == 200
    assert json.loads(httpx.get(f"{base_url}/openapi.json", timeout=10).text)["paths"].get("/") is None
