"""End to end, in Debian's Chromium: start the app as the README does (`make run`), open every
page, change a filter, check that charts, map land and arcs are drawn, that no request leaves
the machine, and save screenshots under artifacts/ (git-ignored)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts" / "screenshots"
EDITIONS = ROOT / "tests" / "fixtures" / "editions"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (installed by .ci/run)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running(cmd: list[str], port: int, env: dict | None = None):
    """The app started by `cmd`, until its health check answers; stopped with its process group."""
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise RuntimeError(proc.stdout.read1().decode(errors="replace") if proc.stdout else "no output")
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def server():
    """The app as the README starts it: `make run` (builds the database first if needed)."""
    port = free_port()
    with running(["make", "run", f"PORT={port}"], port) as url:
        yield url


@contextlib.contextmanager
def serving(db: Path, **env: str):
    """The app on the database `db` (and other settings of the environment), at its URL."""
    port = free_port()
    cmd = [str(ROOT / ".venv" / "bin" / "streamlit"), "run", "dashboard/serve.py", "--server.headless", "true",
           "--server.address", "127.0.0.1", "--server.port", str(port)]  # fmt: skip
    with running(cmd, port, {**os.environ, "COOP_DB": str(db), **env}) as url:
        yield url


@pytest.fixture(scope="module")
def editions_server(editions_db):
    """The app on three catalogues (2021 and 2023 Russia, 2024 Japan)."""
    with serving(editions_db) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1500, "height": 1800}, accept_downloads=True)
    pg = context.new_page()
    pg.requests = []
    pg.on("request", lambda r: pg.requests.append(r.url))
    yield pg
    context.close()


# No run going on and no element left from the run before (Streamlit marks those stale).
SETTLED = """() => !document.querySelector('[data-testid="stStatusWidget"]')
                 && !document.querySelector('[data-stale="true"]')
                 && !document.querySelector('[data-testid="stSkeleton"]')"""


def wait_for_app(pg, selector: str = '[data-testid="stMainBlockContainer"] h1', timeout: int = 60_000,
                 read_down: bool = True) -> None:  # fmt: skip
    """The page's run over; with `read_down`, every chart drawn as a reader scrolling down the
    page draws it (a chart below the fold is drawn when it comes into view)."""
    pg.wait_for_selector(selector, timeout=timeout)
    # The status widget shows only after a delay, so the first run's skeletons (grey boxes where
    # elements are still to come) are waited for too: a CI run once counted chips among them.
    pg.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"]')
                 && !document.querySelector('[data-testid="stSkeleton"]')""",
        timeout=timeout,
    )
    pg.wait_for_timeout(1500)
    if read_down:
        read_through(pg, timeout)


def click_at(pg, x: float, y: float) -> None:
    """A click on a chart at (x, y): the mouse there first, then plotly's hover is waited for
    (plotly clicks the point it last hovered, and hovering is throttled)."""
    pg.mouse.move(x, y)
    pg.wait_for_timeout(300)
    pg.mouse.click(x, y)


DRAWN = """(i) => { const gd = document.querySelectorAll('div.obs-chart')[i];
                    return !gd || (!gd.obsPending && gd.classList.contains('js-plotly-plot')); }"""


def read_through(pg, timeout: int = 30_000) -> None:
    """Scroll each chart into view in turn, waiting for it to be drawn, then back to the top."""
    charts = pg.locator("div.obs-chart")
    for i in range(charts.count()):
        charts.nth(i).scroll_into_view_if_needed()
        pg.wait_for_function(DRAWN, arg=i, timeout=timeout)
    if charts.count():
        pg.locator('[data-testid="stMainBlockContainer"]').first.evaluate("el => el.scrollIntoView()")


def external(requests: list[str]) -> list[str]:
    return [u for u in requests if not u.startswith(("http://127.0.0.1", "http://localhost", "data:", "blob:"))]


PAGES = ["", "map_links", "events", "partnerships", "quality", "about"]


def test_every_page_draws_and_nothing_leaves_the_machine(server, page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name in PAGES:
        page.goto(f"{server}/{name}")
        wait_for_app(page)
        assert not page.query_selector_all('[data-testid="stException"]'), name
        page.screenshot(path=str(SHOTS / f"{name or 'overview'}.png"), full_page=True)
        if name == "":
            page.wait_for_selector(".js-plotly-plot .geolayer path", timeout=30_000)
            assert len(page.query_selector_all(".js-plotly-plot")) >= 7
            assert len(page.query_selector_all(".js-plotly-plot .choroplethlayer path")) >= 13 + 83
        if name == "map_links":
            page.wait_for_selector(".js-plotly-plot .geolayer path", timeout=30_000)
            land = page.query_selector_all(
                ".js-plotly-plot .geolayer .layer.land path, .js-plotly-plot .geolayer path.land"
            )
            assert land, "the base map's land is drawn from the app's own topojson"
            arcs = page.query_selector_all(".js-plotly-plot .geolayer .scattergeo path.js-line")
            assert arcs, "the links are drawn"
    assert external(page.requests) == []
    assert any("/app/static/topojson/" in u for u in page.requests)


def test_changing_a_filter_updates_figures_and_url(server, page):
    page.goto(f"{server}/?theme=culture")
    wait_for_app(page)
    metric = page.get_by_test_id("stMetricValue").first
    assert metric.inner_text().strip() == "25"
    themes = page.get_by_test_id("stMultiSelect").filter(has_text="Thème").locator("input")
    themes.click()
    themes.fill("Sport")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stMetricValue\"]').innerText.trim() === '28'",
        timeout=30_000,
    )
    assert "theme=culture%2Csport" in page.url or "theme=culture,sport" in page.url
    page.screenshot(path=str(SHOTS / "overview_filtered.png"), full_page=True)
    page.goto(f"{server}/map_links?theme=sport")
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .geolayer .scattergeo path.js-line", timeout=30_000)
    page.screenshot(path=str(SHOTS / "map_sport.png"), full_page=True)
    assert external(page.requests) == []


def test_downloads_a_chart_a_table_and_the_briefing(server, page, tmp_path):
    import io

    from PIL import Image
    from pypdf import PdfReader

    page.goto(f"{server}/?theme=culture&fr_region=FR-OCC")
    wait_for_app(page)
    page.get_by_test_id("stPopover").first.locator("button").first.click()
    with page.expect_download(timeout=60_000) as info:
        page.get_by_test_id("stPopoverBody").get_by_test_id("stDownloadButton").first.locator("button").click()
    chart = info.value
    assert chart.suggested_filename == "evenements_par_theme_culture_occitanie_2021.png"
    png = Path(chart.path()).read_bytes()
    assert Image.open(io.BytesIO(png)).format == "PNG" and len(png) > 5_000
    page.keyboard.press("Escape")

    with page.expect_download(timeout=120_000) as info:
        page.get_by_test_id("stSidebar").get_by_test_id("stDownloadButton").locator("button").click()
    brief = info.value
    assert brief.suggested_filename == "note_culture_occitanie_2021.pdf"
    reader = PdfReader(brief.path())
    assert len(reader.pages) >= 3 and "Occitanie" in reader.pages[0].extract_text()

    page.goto(f"{server}/events?theme=culture")
    wait_for_app(page)
    with page.expect_download(timeout=60_000) as info:  # a link to the server's route: streamed
        page.get_by_test_id("stLinkButton").filter(has_text="CSV").locator("a").click()
    table = info.value
    assert table.suggested_filename == "evenements_culture_2021.csv"
    text = Path(table.path()).read_bytes().decode("utf-8-sig")
    assert text.count("\n") == 25 + 1 and "Coopération culturelle et éducative" in text
    with page.expect_download(timeout=60_000) as info:  # written row by row, then sent
        page.get_by_test_id("stLinkButton").filter(has_text="XLSX").locator("a").click()
    assert info.value.suggested_filename == "evenements_culture_2021.xlsx"
    import openpyxl

    assert openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active.max_row == 25 + 1
    assert external(page.requests) == []


def test_the_download_route_streams_what_the_page_shows_and_refuses_what_the_base_does_not_hold(server):
    """dashboard/serve.py: a whole table as the page's own CSV download would be, from the
    address's filters; an unknown value is refused, not dropped (the file would be another table)."""
    import duckdb

    from dashboard import exports, queries, tables
    from dashboard.filters import Filters

    def get(path: str) -> tuple[int, bytes, str]:
        try:
            with urllib.request.urlopen(f"{server}/api/download/{path}", timeout=60) as response:
                return response.status, response.read(), response.headers.get("Content-Disposition", "")
        except urllib.error.HTTPError as error:
            return error.code, error.read(), ""

    status, body, disposition = get("events.csv?theme=culture&semester=S2&lang=en&file=listings%2F..%2Fx")
    assert status == 200 and disposition == 'attachment; filename="listings_.._x.csv"'
    con = duckdb.connect(str(ROOT / "data" / "coop.duckdb"), read_only=True)
    f = Filters(themes=("culture",), semesters=("S2",))
    expected = exports.frame_csv(tables.events_table(queries.events_table(con, f), queries.vocabulary(con), "en"))
    assert body == expected and body.count(b"\n") > 2
    status, body, _ = get("partnerships.csv?q=moscou")
    assert status == 200 and body == exports.frame_csv(
        tables.partnerships_table(queries.partnerships(con, Filters(search="moscou")))
    )
    assert get("events.csv?theme=nothing") == (400, b"unknown filter values: theme=nothing", "")
    status, body, _ = get("events.csv?themes=culture")  # a misspelt name is not "no filter": refused
    assert status == 400 and body.startswith(b"unknown parameters: themes")
    assert get("raw_lines.csv")[0] == 404 and get("events.xls")[0] == 404
    status, body, disposition = get("events.xlsx?theme=culture")
    assert status == 200 and disposition == 'attachment; filename="events.xlsx"' and body.startswith(b"PK")


def test_clicking_a_bar_filters_every_chart(server, page):
    page.goto(f"{server}/")
    wait_for_app(page)
    assert page.get_by_test_id("stMetricValue").first.inner_text().strip() == "77"
    bars = page.locator(".js-plotly-plot").first.locator(".barlayer .point path")
    box = bars.nth(5).bounding_box()  # the "Sport" bar; plotly's drag layer sits on top of it
    click_at(page, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stMetricValue\"]').innerText.trim() === '3'", timeout=30_000
    )
    assert "theme=sport" in page.url


def test_the_first_filter_redraws_each_chart_in_place_and_no_toolbar_button_leaves_the_machine(server, page):
    """Setting the first filter adds the chips above the page: the charts stay where they are,
    updated in their own plotly divs (not torn down, the page not thrown back to its top); the
    toolbar has no "Share chart…" (plotly.js 3 uploads to Plotly Cloud from it)."""
    page.goto(f"{server}/")
    wait_for_app(page)
    page.evaluate("() => document.querySelectorAll('.js-plotly-plot').forEach((gd, i) => { gd.dataset.mark = i; })")
    marked = page.evaluate("() => document.querySelectorAll('.js-plotly-plot').length")
    page.locator(".js-plotly-plot").first.hover()
    assert not page.locator(".modebar-btn[data-title*='Share'], .modebar-btn[data-title*='Partager']").count()
    titles = (
        page.locator(".js-plotly-plot").first.locator(".modebar-btn").evaluate_all("bs => bs.map(b => b.dataset.title)")
    )
    assert "Télécharger le graphique (PNG)" in titles and "Zoom avant" in titles, titles  # the page's language
    bars = page.locator(".js-plotly-plot").first.locator(".barlayer .point path")
    box = bars.nth(5).bounding_box()
    click_at(page, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stMetricValue\"]').innerText.trim() === '3'", timeout=30_000
    )
    wait_for_app(page)
    kept = page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot')].filter(gd => gd.dataset.mark).length")
    assert marked >= 7 and kept == marked


def test_charts_below_the_fold_are_drawn_when_scrolled_to(server, browser):
    """On a laptop's screen the maps at the foot of the Overview are not drawn until the reader
    scrolls to them; a filter change redraws the charts in view only, and a chart below the
    fold shows the new filter once it comes into view (never the older figure)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    titles = (
        """() => [...document.querySelectorAll('div.obs-chart')].map(gd => gd.layout ? gd.layout.title.text : null)"""
    )
    try:
        page.goto(f"{server}/")
        wait_for_app(page, read_down=False)
        # one chart per frame: on a loaded machine the first may come after the run's end
        page.wait_for_function("() => { const gd = document.querySelector('div.obs-chart'); return gd && gd.layout; }",
                               timeout=30_000)  # fmt: skip
        drawn = page.evaluate(titles)
        assert drawn[0] and drawn[-1] is None, drawn  # the first chart drawn, the last map not yet
        # the foot's boxes, not built yet, say so — on paper too (a page printed before scrolling)
        waiting = """() => [...document.querySelectorAll('div.obs-chart.obs-waiting')]
            .map(gd => [getComputedStyle(gd, '::before').content, gd.getBoundingClientRect().height])"""
        page.emulate_media(media="print")
        boxes = page.evaluate(waiting)
        page.emulate_media(media="screen")
        from dashboard.i18n import t

        label = f'"{t("chart_on_demand", "fr")}"'  # the CSS content: the label, quoted
        assert boxes and all(said == label and height > 300 for said, height in boxes), boxes
        read_through(page)  # every chart drawn, then back to the top
        assert page.evaluate(waiting) == []  # built and drawn: no box says it is waiting
        themes = page.get_by_test_id("stMultiSelect").filter(has_text="Thème").locator("input")
        themes.click()
        themes.fill("Sport")
        page.keyboard.press("Enter")
        page.wait_for_function(
            "() => document.querySelector('[data-testid=\"stMetricValue\"]').innerText.trim() === '3'", timeout=30_000
        )
        page.keyboard.press("Escape")
        wait_for_app(page, read_down=False)
        drawn = page.evaluate(titles)
        assert "Sport" in drawn[0] and "Sport" not in drawn[-1], drawn  # in view redrawn; the last map not yet
        read_through(page)
        drawn = page.evaluate(titles)
        assert all("Sport" in title for title in drawn), drawn
    finally:
        context.close()


def test_filters_survive_a_page_change(server, page):
    page.goto(f"{server}/?theme=sport&lang=en")
    wait_for_app(page)
    page.get_by_test_id("stSidebarNav").get_by_text("Events").click()
    page.wait_for_function("() => location.pathname.endsWith('/events') && location.search.includes('theme=sport')",
                           timeout=30_000)  # fmt: skip
    wait_for_app(page)
    assert "3 listings" in page.get_by_test_id("stCaptionContainer").all_inner_texts()
    assert "lang=en" in page.url


def test_japan_is_drawn_and_its_links_are_in_the_frame(editions_server, page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{editions_server}/?country=JP&year=2024")
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .choroplethlayer path", timeout=30_000)
    page.wait_for_timeout(1500)
    drawn = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')]
        .filter(gd => gd.data && gd.data[0] && gd.data[0].type === 'choropleth')
        .map(gd => [gd.layout.title.text, gd.querySelectorAll('.choroplethlayer path').length])""")
    japan = [n for title, n in drawn if "Japon : événements par préfecture" in title]
    assert japan and japan[0] >= 47, drawn  # every prefecture drawn
    assert "Préfectures partenaires" in page.get_by_test_id("stMetricLabel").all_inner_texts()
    page.screenshot(path=str(SHOTS / "overview_japan_2024.png"), full_page=True)

    page.goto(f"{editions_server}/map_links?country=JP")
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .geolayer .scattergeo path.js-line", timeout=30_000)
    frame = page.evaluate("""() => { const gd = document.querySelector('.js-plotly-plot');
        // the arrays as plotly read them (sent packed, they are typed arrays there; NaN a gap)
        const pts = gd._fullData.filter(t => t.mode === 'lines').flatMap(t => Array.from(t.lat, (la, i) => [la, t.lon[i]]))
            .filter(p => Number.isFinite(p[0]));
        return {lat: gd.layout.geo.lataxis.range, lon: gd.layout.geo.lonaxis.range, pts: pts, title: gd.layout.title.text}; }""")
    assert frame["pts"] and all(frame["lat"][0] <= la <= frame["lat"][1] and frame["lon"][0] <= lo <= frame["lon"][1]
                                for la, lo in frame["pts"])  # fmt: skip
    assert "hors du cadre" not in frame["title"]
    assert page.query_selector_all(".js-plotly-plot .geolayer .layer.land path, .js-plotly-plot .geolayer path.land")
    page.screenshot(path=str(SHOTS / "map_japan.png"), full_page=True)
    assert external(page.requests) == []


PLACE_POINT = """(placeId) => {
    // the screen position of a place's marker: its trace (meta "places") and index in customdata
    const gd = document.querySelector('.js-plotly-plot');
    for (let i = 0; i < gd.data.length; i++) {
        const tr = gd.data[i];
        if (!tr.meta || tr.meta[0] !== 'places') continue;
        const k = tr.customdata.indexOf(placeId);
        if (k < 0) continue;
        const pts = [...document.querySelectorAll('.geolayer .scattergeo')][i].querySelectorAll('path.point');
        const r = pts[k].getBoundingClientRect();
        return {x: r.x + r.width / 2, y: r.y + r.height / 2};
    }
    return null;
}"""


LINK_POINT = """(linkId) => {
    // the screen position of a link's middle: its hover point (meta "hover", drawn as nothing),
    // projected by the map's own projection (into the figure's coordinates) onto the screen
    const gd = [...document.querySelectorAll('.js-plotly-plot')].pop();
    const tr = gd._fullData.find(t => t.meta && t.meta[0] === 'hover' && [...t.customdata].includes(linkId));
    if (!tr) return null;
    const k = [...tr.customdata].indexOf(linkId);
    const xy = gd._fullLayout.geo._subplot.projection([tr.lon[k], tr.lat[k]]);
    const svg = gd.querySelector('svg.main-svg');
    const pt = svg.createSVGPoint();
    pt.x = xy[0]; pt.y = xy[1];
    const screen = pt.matrixTransform(svg.getScreenCTM());
    return {x: screen.x, y: screen.y, nodes: document.querySelectorAll('.geolayer .scattergeo path.point').length};
}"""


def map_state(pg) -> dict:
    return pg.evaluate("""() => { const gd = [...document.querySelectorAll('.js-plotly-plot')].pop();
        return {title: gd.layout.title.text,
                layers: [...new Set(gd.data.filter(t => t.mode === 'lines' && t.meta[0] !== 'legend')
                                             .map(t => t.meta[0]))].sort(),
                links: gd.data.filter(t => t.meta && t.meta[0] === 'hover').flatMap(t => t.customdata)}; }""")


def test_map_layers_url_state_click_a_place_and_its_page(server, page):
    """The map's view is in the address; clicking a place keeps only its links and leads to its
    page; a search finds a town that only has a twinning."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{server}/map_links?colour=kind")
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .geolayer .scattergeo path.js-line", timeout=30_000)
    assert map_state(page)["layers"] == ["events", "stated"]
    page.screenshot(path=str(SHOTS / "map_layers_both.png"), full_page=True)

    # turning the event layer off writes the address and leaves the stated partnerships only
    page.get_by_test_id("stButtonGroup").filter(has_text="Couches").get_by_text("Liens par événement").click()
    page.wait_for_function("() => location.search.includes('layers=stated') && !location.search.includes('events')",
                           timeout=30_000)  # fmt: skip
    wait_for_app(page)
    page.wait_for_function(
        """() => { const gd = document.querySelector('.js-plotly-plot');
        return gd && gd.data.every(t => t.mode !== 'lines' || t.meta[0] !== 'events'); }""",
        timeout=30_000,
    )
    state = map_state(page)
    assert state["layers"] == ["stated"] and "colour=kind" in page.url
    assert all(not link.startswith("link:e:") for link in state["links"])  # stated (reviewed p…, read x:…) only
    page.screenshot(path=str(SHOTS / "map_layers_stated.png"), full_page=True)

    # a click on Volgograd keeps Volgograd's links only (Dijon's twinning, Dunkerque's partnership)
    # and offers its page
    volgograd = "gn:472757"
    page.wait_for_timeout(2000)  # the chart settles after the rerun
    point = page.evaluate(PLACE_POINT, volgograd)
    assert point, "Volgograd is drawn"
    page.mouse.move(point["x"], point["y"])
    page.wait_for_selector(".hovertext >> text=Volgograd", timeout=10_000)  # the marker under the mouse
    click_at(page, point["x"], point["y"])
    page.wait_for_function("() => location.search.includes('focus=gn%3A472757')", timeout=30_000)
    wait_for_app(page)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')].some(gd => gd.layout.title.text.includes('Liens de Volgograd seulement'))",
        timeout=30_000,
    )
    page.wait_for_timeout(1000)
    assert sorted(map_state(page)["links"]) == ["link:p003", "link:p007"]
    # a link's middle, drawn as nothing, gives that link's hover (p003: Dunkerque's partnership)
    middle = page.evaluate(LINK_POINT, "link:p003")
    assert middle["nodes"] == 3  # the three places' markers: no node for the links' middles
    page.mouse.move(middle["x"], middle["y"])
    page.wait_for_selector(".hovertext >> text=Volgograd", timeout=10_000)
    hover = page.evaluate("() => document.querySelector('.hovertext').textContent")
    assert hover.startswith("Dunkerque – Volgograd") and "Partenariat" in hover
    assert "layers=stated" in page.url and "colour=kind" in page.url  # the rest of the view stays
    page.screenshot(path=str(SHOTS / "map_focus_volgograd.png"), full_page=True)
    page.get_by_test_id("stPageLink").filter(has_text="Ouvrir la page du lieu").click()
    page.wait_for_function("() => location.pathname.endsWith('/place')", timeout=30_000)
    wait_for_app(page, '[data-testid="stMainBlockContainer"] h2')
    assert page.locator('[data-testid="stMainBlockContainer"] h2').first.inner_text().strip() == "Volgograd"
    assert "place=gn%3A472757" in page.url
    page.screenshot(path=str(SHOTS / "place_volgograd.png"), full_page=True)

    # search: a town with a twinning and no listing, by a spelling without its accent
    page.goto(f"{server}/?q=besancon")
    wait_for_app(page)
    page.get_by_test_id("stSidebar").get_by_test_id("stPageLink").filter(has_text="Besançon").click()
    page.wait_for_function("() => location.pathname.endsWith('/place')", timeout=30_000)
    wait_for_app(page, '[data-testid="stMainBlockContainer"] h2')
    body = page.get_by_test_id("stMainBlockContainer").inner_text()
    assert "Besançon" in body and "Tver" in body and "Aucun événement au catalogue" in body
    page.wait_for_selector(".js-plotly-plot .geolayer .scattergeo path.js-line", timeout=30_000)
    page.screenshot(path=str(SHOTS / "place_besancon.png"), full_page=True)
    assert external(page.requests) == []


@pytest.mark.parametrize("size", [(1280, 720), (390, 844)], ids=["laptop", "phone"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_small_screens_chips_and_key_figures(server, browser, size, lang):
    """At 1280×720 and 390×844, in both languages: the key figures' labels are whole, the active
    filters show as chips on the page and one click removes one; screenshots of each."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    try:
        page.goto(f"{server}/?theme=culture&fr_region=FR-OCC&lang={lang}")
        wait_for_app(page)
        cut = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stMetricLabel"]')]
            .filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.innerText)""")
        assert cut == []
        page.screenshot(path=str(SHOTS / f"overview_{lang}_{size[0]}x{size[1]}.png"))
        chips = page.get_by_test_id("stButtonGroup").filter(has_text="Occitanie")
        assert chips.count() == 1
        chips.get_by_text("Occitanie").click()
        page.wait_for_function("() => !location.search.includes('fr_region')", timeout=30_000)
        assert "theme=culture" in page.url
        wait_for_app(page)
        page.goto(f"{server}/map_links?theme=culture&lang={lang}")
        wait_for_app(page)
        page.wait_for_selector(".js-plotly-plot .geolayer path", timeout=30_000)
        page.screenshot(path=str(SHOTS / f"map_{lang}_{size[0]}x{size[1]}.png"))
    finally:
        context.close()


WORLD_FILES = (
    *sorted(p for p in (EDITIONS / "world").iterdir() if p.name.startswith("catalogue_") and ".expected" not in p.name),
    EDITIONS / "catalogue_2024_jp_fr.txt",
)


@pytest.fixture(scope="module")
def world_server(tmp_path_factory):
    """The app on catalogues of nine partner countries on three continents and a Japanese one."""
    from etl.config import build_settings
    from etl.pipeline import run_build

    db = tmp_path_factory.mktemp("world") / "coop.duckdb"
    run_build(build_settings(db_path=db, catalogues=WORLD_FILES, accept_errors=True), log=lambda m: None)
    with serving(db) as url:
        yield url


def test_many_countries_a_world_map_that_clicks_through_to_a_country(world_server, page):
    """A world map of partner countries; the maps of the four largest (China's 31 provinces among
    them); a click on China on the world map keeps China, whose map is then drawn alone."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{world_server}/")
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .choroplethlayer path", timeout=30_000)
    titles = [t.text_content() or "" for t in page.locator(".js-plotly-plot .gtitle").all()]
    assert any("par pays partenaire" in t for t in titles), titles
    assert any(t.startswith("Chine") for t in titles) and any(t.startswith("Allemagne") for t in titles)
    world = next(i for i, t in enumerate(titles) if "par pays partenaire" in t)
    page.screenshot(path=str(SHOTS / "world_overview.png"), full_page=True)
    chart = page.locator(".js-plotly-plot").nth(world)
    china = chart.locator(".choroplethlayer path").nth(0)  # the countries in the order given: CN first
    china.scroll_into_view_if_needed()
    box = china.bounding_box()
    click_at(page, box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.55)
    page.wait_for_url("**country=CN**", timeout=30_000)
    wait_for_app(page)
    titles = [t.text_content() or "" for t in page.locator(".js-plotly-plot .gtitle").all()]
    assert not any("par pays partenaire" in t for t in titles)  # one country in view: no world map
    assert any(t.startswith("Chine : événements par province") for t in titles)
    assert len(page.query_selector_all(".js-plotly-plot .choroplethlayer path")) >= 13 + 31
    page.screenshot(path=str(SHOTS / "world_china.png"), full_page=True)
    assert external(page.requests) == []


@pytest.fixture(scope="module")
def documents_server(tmp_path_factory):
    """The app on the 2021 catalogue loaded as published: the French PDF, the English Word file."""
    from etl.config import build_settings
    from etl.pipeline import run_build

    docs = ROOT / "tests" / "fixtures" / "documents"
    db = tmp_path_factory.mktemp("documents") / "coop.duckdb"
    run_build(build_settings(db_path=db, catalogues=(docs / "catalogue_2021_fr.pdf", docs / "catalogue_2021_en.docx")),
              log=lambda m: None)  # fmt: skip
    with serving(db) as url:
        yield url


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_listing_from_a_pdf_cites_its_page_and_row_on_screen_and_in_the_briefing(documents_server, page, lang):
    from pypdf import PdfReader

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{documents_server}/events?lang={lang}")
    wait_for_app(page)
    row = "row" if lang == "en" else "ligne"
    source = page.get_by_text(f"catalogue_2021_fr.pdf, p. 1, {row} 3").last
    source.scroll_into_view_if_needed()
    text = source.inner_text()
    assert f"catalogue_2021_en.docx, {'table' if lang == 'en' else 'tableau'} 1, {row} 3" in text, text
    page.get_by_text("Document", exact=True).last.click()
    page.wait_for_timeout(1000)
    assert page.get_by_text(f"p. 1, {row} 3 │ Auvergne-Rhône-Alpes").count() == 1
    page.screenshot(path=str(SHOTS / f"events_detail_pdf_{lang}.png"))
    with page.expect_download(timeout=120_000) as info:
        page.get_by_test_id("stSidebar").get_by_test_id("stDownloadButton").locator("button").click()
    brief = " ".join(p.extract_text() for p in PdfReader(info.value.path()).pages)
    assert f"catalogue_2021_fr.pdf p. 4, {row} 8" in " ".join(brief.split())  # a flag, where the reader finds it
    assert external(page.requests) == []


def test_a_steward_logs_in_previews_publishes_and_rolls_back_a_catalogue(browser, tmp_path):
    from dashboard.stewards import add_account
    from etl.config import build_settings
    from etl.pipeline import run_build

    raw, db, accounts = tmp_path / "raw", tmp_path / "data" / "coop.duckdb", tmp_path / "stewards.json"
    shutil.copytree(ROOT / "data" / "raw", raw)
    run_build(build_settings(db_path=db, raw_dir=raw), log=lambda m: None)
    add_account(accounts, "alice", "correct horse battery")
    env = dict(COOP_RAW_DIR=str(raw), COOP_STEWARDS=str(accounts), COOP_REVIEWS_DIR=str(tmp_path / "reviews"))
    with serving(db, **env) as url:
        reader = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        reader.goto(url)
        wait_for_app(reader)
        assert "Espace des gestionnaires" not in reader.content()  # readers have no door
        before = reader.get_by_test_id("stMetricValue").first.inner_text().strip()
        pg = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        pg.goto(f"{url}/?steward")
        wait_for_app(pg)
        pg.get_by_role("link", name="Espace des gestionnaires").click()
        pg.get_by_label("Identifiant").fill("alice")
        pg.get_by_label("Mot de passe").fill("not the password")
        pg.get_by_role("button", name="Se connecter").click()
        pg.get_by_text("Identifiant ou mot de passe incorrect").wait_for(timeout=30_000)
        pg.get_by_label("Mot de passe").fill("correct horse battery")
        pg.get_by_role("button", name="Se connecter").click()
        pg.locator('input[type="file"]').set_input_files(str(EDITIONS / "catalogue_2024_jp_fr.txt"))
        pg.get_by_role("button", name="Prévisualiser").click()
        pg.get_by_text("Ajoutés").wait_for(timeout=120_000)
        pg.screenshot(path=str(SHOTS / "steward_preview.png"), full_page=True)
        pg.get_by_role("button", name="Publier").click()
        pg.get_by_text("Publié — événements").wait_for(timeout=60_000)
        assert (raw / "catalogue_2024_jp_fr.txt").exists()  # its documented name kept: year and language
        # the reader's open page shows the new edition at its next run (a filter change)
        reader.get_by_test_id("stSidebar").get_by_text("EN", exact=True).click()
        reader.wait_for_function("() => location.search.includes('lang=en')", timeout=30_000)
        reader.wait_for_function(SETTLED, timeout=60_000)  # read once settled, not a figure in passing
        after = reader.get_by_test_id("stMetricValue").first.inner_text().strip()
        assert int(after.replace("\u202f", "").replace(",", "")) > int(before.replace("\u202f", "").replace(",", ""))
        # the new edition leaves Saint-Denis to review: accepted with a reason, applied by a rebuild
        pg.get_by_text("FR-974, FR-IDF").wait_for(timeout=30_000)  # the evidence, in French
        pg.get_by_label("Raison (obligatoire)").first.fill("La Réunion, as the listing says")
        pg.get_by_role("button", name="Accepter le lieu proposé").click()
        pg.get_by_text("Décision enregistrée").wait_for(timeout=30_000)
        pg.get_by_role("button", name="Reconstruire avec les décisions (aperçu)").click()
        pg.get_by_text("Ajoutés").wait_for(timeout=120_000)
        pg.get_by_role("button", name="Publier").click()
        pg.get_by_text("Publié — événements").wait_for(timeout=60_000)
        pg.get_by_text("Aucun lieu à vérifier.").wait_for(timeout=30_000)
        pg.screenshot(path=str(SHOTS / "steward_reviewed.png"), full_page=True)
        for _ in range(2):  # the rebuild, then the upload
            pg.get_by_role("button", name="Annuler cette publication").click()
            pg.wait_for_timeout(300)  # the click's run begun: the message of the first one is still shown
            pg.wait_for_function(SETTLED, timeout=60_000)
            pg.get_by_text("Publication annulée — événements").wait_for(timeout=60_000)
        pg.screenshot(path=str(SHOTS / "steward_rolled_back.png"), full_page=True)
        for _ in range(60):  # the second rollback's run may still be going on
            if not (raw / "catalogue_2024_jp_fr.txt").exists():
                break
            time.sleep(0.5)
        assert not (raw / "catalogue_2024_jp_fr.txt").exists()


def _widget_ids(db: Path, accounts: Path, monkeypatch) -> dict[str, str]:
    """The ids the server gives the steward page's widgets (they depend on the code, not on the
    session): read from an in-process run, logged in."""
    from tests.conftest import app_factory

    monkeypatch.setenv("COOP_STEWARDS", str(accounts))
    at = app_factory(db, monkeypatch)(steward="1")
    at.switch_page("app_pages/steward.py").run()
    ids = {"name": at.text_input[0].id, "password": at.text_input[1].id, "login": at.button[0].id}
    at.text_input[0].input("alice")
    at.text_input[1].input("correct horse battery")
    at.button[0].click().run()
    ids.update({b.label: b.id for b in at.button})
    return ids


def _forged_session(url: str, runs: list[list[tuple[str, str, object]]]) -> list[bytes]:
    """A client of the app's websocket, not a browser: each run asks for the steward page with the
    widget values given as (id, field, value); returns what the server sent."""
    import asyncio

    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.asyncio.client import connect

    async def talk() -> list[bytes]:
        ws = await connect(url.replace("http://", "ws://") + "/_stcore/stream", subprotocols=["streamlit"],
                           max_size=None)  # fmt: skip
        received = []
        for widgets in runs:
            back = BackMsg()
            back.rerun_script.query_string = "steward"
            back.rerun_script.page_name = "steward"
            for wid, fieldname, value in widgets:
                w = back.rerun_script.widget_states.widgets.add()
                w.id = wid
                setattr(w, fieldname, value)
            await ws.send(back.SerializeToString())
            while True:
                raw = await asyncio.wait_for(ws.recv(), 120)
                received.append(raw)
                fwd = ForwardMsg()
                fwd.ParseFromString(raw)
                if fwd.HasField("script_finished"):
                    break
        await ws.close()
        return received

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:  # a thread of its own: Playwright's loop runs in this one
        return pool.submit(asyncio.run, talk()).result()


def test_crafted_requests_without_a_login_reach_no_steward_action(tmp_path, monkeypatch):
    """Not a browser: a client speaking the app's websocket protocol, sending the widget values
    a logged-in steward's clicks would send. Without the login they do nothing; with it (the
    control, proving the crafted messages are the real ones) the same click stages a rebuild."""
    from dashboard.stewards import add_account
    from etl.config import build_settings
    from etl.pipeline import run_build

    raw, db, accounts = tmp_path / "raw", tmp_path / "data" / "coop.duckdb", tmp_path / "stewards.json"
    shutil.copytree(ROOT / "data" / "raw", raw)
    run_build(build_settings(db_path=db, raw_dir=raw), log=lambda m: None)
    add_account(accounts, "alice", "correct horse battery")
    ids = _widget_ids(db, accounts, monkeypatch)
    rebuild = ids["Reconstruire avec les décisions (aperçu)"]
    staging = db.parent / "staging"
    env = dict(COOP_RAW_DIR=str(raw), COOP_STEWARDS=str(accounts), COOP_REVIEWS_DIR=str(tmp_path / "reviews"))
    with serving(db, **env) as url:
        clicks = [[(rebuild, "trigger_value", True)], [(ids[label], "trigger_value", True) for label in ids
                                                       if label not in ("name", "password", "login")]]  # fmt: skip
        sent = b"".join(_forged_session(url, [[], *clicks]))
        assert b"Se connecter" in sent  # it reached the steward page, at its door
        assert not staging.exists() and not (tmp_path / "reviews").exists()
        wrong = [(ids["name"], "string_value", "alice"), (ids["password"], "string_value", "not the password"),
                 (ids["login"], "trigger_value", True)]  # fmt: skip
        # an empty run after the login's: its own rerun over before the click (a trigger sent
        # while that rerun starts may be taken by the run it interrupts)
        sent = b"".join(_forged_session(url, [[], wrong, [], [(rebuild, "trigger_value", True)]]))
        assert b"Identifiant ou mot de passe incorrect" in sent and not staging.exists()
        right = [*wrong[:1], (ids["password"], "string_value", "correct horse battery"), wrong[2]]
        _forged_session(url, [[], right, [], [(rebuild, "trigger_value", True)]])
        assert staging.exists() and len(list(staging.iterdir())) == 1  # the control: logged in, it acts


@pytest.mark.parametrize(("size", "lang"), [((1280, 720), "fr"), ((390, 844), "en")])
def test_place_to_place_writes_the_address_and_history_and_opens_at_the_top(server, browser, size, lang):
    """From a place's page, a counterpart's link opens its page at the top with its own address
    (a reload or a shared link opens it), Back returns to the first place, and the menu's Places
    entry opens the directory, not the last place."""
    pg = browser.new_context(viewport={"width": size[0], "height": size[1]}).new_page()
    suffix = "&lang=en" if lang == "en" else ""
    pg.goto(f"{server}/place?place=gn:3032833{suffix}")  # Béziers, twinned with Stavropol
    wait_for_app(pg, '[data-testid="stMainBlockContainer"] h2')
    assert pg.locator("h2").first.inner_text() == "Béziers"
    link = pg.get_by_test_id("stPageLink").filter(has_text="Stavropol").first
    link.scroll_into_view_if_needed()
    main = "document.querySelector('[data-testid=\"stMain\"]')"
    assert pg.evaluate(f"{main}.scrollTop") > 0
    link.click()
    pg.wait_for_function("() => document.querySelector('h2')?.innerText === 'Stavropol'", timeout=30_000)
    pg.wait_for_function("() => decodeURIComponent(location.search).includes('place=gn:487846')", timeout=30_000)
    # at the top once the page's scroll script has run (its frame loads after the heading shows:
    # under load, a moment later)
    pg.wait_for_function(f"() => {main}.scrollTop === 0", timeout=15_000)
    pg.screenshot(path=str(SHOTS / f"place_to_place_{lang}_{size[0]}.png"))
    assert ("lang=en" in pg.url) == (lang == "en")  # the language goes along
    pg.go_back()
    pg.wait_for_function("() => document.querySelector('h2')?.innerText === 'Béziers'", timeout=30_000)
    assert "3032833" in pg.url
    pg.reload()
    wait_for_app(pg, '[data-testid="stMainBlockContainer"] h2')
    assert pg.locator("h2").first.inner_text() == "Béziers"
    pg.get_by_test_id("stPageLink").filter(has_text="Tous les lieux" if lang == "fr" else "All places").click()
    pg.wait_for_function("() => !location.search.includes('place=')", timeout=30_000)
    pg.wait_for_timeout(1500)
    assert pg.locator('[data-testid="stMainBlockContainer"] h2').count() == 0  # the directory
    if size[0] > 800:  # the menu (in the sidebar, open on a wide screen), from another page
        pg.go_back()
        pg.wait_for_function("() => document.querySelector('h2')?.innerText === 'Béziers'", timeout=30_000)
        pg.get_by_test_id("stSidebarNav").get_by_text("Vue d'ensemble").click()
        pg.wait_for_function("() => !location.search.includes('place=')", timeout=30_000)
        pg.get_by_test_id("stSidebarNav").get_by_text("Lieux").click()
        pg.wait_for_timeout(3000)
        assert "place=" not in pg.url and pg.locator('[data-testid="stMainBlockContainer"] h2').count() == 0


def test_on_a_phone_the_menu_closes_after_a_page_change_and_targets_are_tappable(server, browser):
    """390×844: key figures two by two, the sidebar closed once a page is chosen in it (and left
    open on a wide screen), tap targets of 44 px, no chart toolbar over the titles."""
    pg = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
    pg.goto(f"{server}/?lang=en")
    wait_for_app(pg)
    boxes = [m.bounding_box() for m in pg.get_by_test_id("stMetric").all()[:2]]
    assert abs(boxes[0]["y"] - boxes[1]["y"]) < 2 and boxes[1]["x"] > boxes[0]["x"] + 100  # side by side
    assert all(not el.is_visible() for el in pg.locator(".modebar-container").all())
    sidebar = pg.get_by_test_id("stSidebar")
    pg.get_by_test_id("stExpandSidebarButton").click()
    pg.wait_for_function(
        "() => document.querySelector('[data-testid=\"stSidebar\"]').getBoundingClientRect().left >= 0"
    )
    targets = [
        pg.locator('[data-testid="stSidebarCollapseButton"] button'),
        *pg.get_by_test_id("stSidebarNav").locator("a").all(),
    ]
    assert all(b["height"] >= 44 and b["width"] >= 44 for b in (x.bounding_box() for x in targets))
    pg.get_by_test_id("stSidebarNav").get_by_role("link", name="Map").click()
    pg.wait_for_function("() => location.pathname.endsWith('map_links')", timeout=30_000)
    pg.wait_for_function(
        "() => document.querySelector('[data-testid=\"stSidebar\"]').getBoundingClientRect().right <= 0", timeout=30_000
    )
    pg.screenshot(path=str(SHOTS / "phone_after_navigation_en.png"))
    assert sidebar.bounding_box()["width"] == 0 or sidebar.bounding_box()["x"] < 0
    wide = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    wide.goto(server)
    wait_for_app(wide)
    wide.get_by_test_id("stSidebarNav").get_by_role("link", name="Carte").click()
    wide.wait_for_function("() => location.pathname.endsWith('map_links')", timeout=30_000)
    wide.wait_for_timeout(3000)
    assert wide.get_by_test_id("stSidebar").bounding_box()["x"] >= 0  # a wide screen keeps its menu


@pytest.mark.parametrize(("size", "lang"), [((1280, 900), "fr"), ((390, 844), "en")])
def test_back_undoes_the_filters_one_by_one(server, browser, size, lang):
    pg = browser.new_context(viewport={"width": size[0], "height": size[1]},
                             user_agent=PHONE_UA if size[0] < 640 else None).new_page()  # fmt: skip
    pg.goto(f"{server}/?lang={lang}")
    wait_for_app(pg)

    def listings() -> str:
        """The first key figure once the page has settled: no run going on, no element left from
        the run before (read while the page changes, it can be another figure: the last run
        measured "30", the partner subdivisions' count, instead of the listings')."""
        pg.wait_for_function(SETTLED, timeout=60_000)
        pg.wait_for_timeout(500)
        pg.wait_for_function(SETTLED, timeout=60_000)
        return pg.get_by_test_id("stMetricValue").first.inner_text().strip()

    counts = [listings()]
    for label in ("Thème", "Semestre") if lang == "fr" else ("Theme", "Semester"):
        _open_sidebar(pg)
        box = pg.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").filter(has_text=label).first
        box.scroll_into_view_if_needed()
        box.click()
        pg.keyboard.press("ArrowDown")
        pg.get_by_role("option").first.wait_for(timeout=30_000)
        pg.keyboard.press("Enter")  # the first option, as a reader's keyboard or a tap chooses it
        pg.keyboard.press("Escape")
        key = "theme=" if label in ("Thème", "Theme") else "semester="
        pg.wait_for_function(f"() => location.search.includes('{key}')", timeout=30_000)
        counts.append(listings())
    assert len(set(counts)) == 3, counts  # each filter changed the count
    for expected, gone in ((counts[1], "semester="), (counts[0], "theme=")):
        pg.wait_for_timeout(500)
        pg.go_back()
        pg.wait_for_function(f"() => !location.search.includes('{gone}')", timeout=30_000)
        assert listings() == expected
    assert f"lang={lang}" in pg.url  # the first state's address: never empty, so not taken for a menu entry


def _open_sidebar(pg) -> None:
    """The sidebar open (on a phone it starts closed, and a reload may keep it either way)."""
    box = pg.get_by_test_id("stSidebar").bounding_box()
    if box is None or box["width"] == 0 or box["x"] < 0:
        pg.get_by_test_id("stExpandSidebarButton").click()
        pg.wait_for_function(
            "() => document.querySelector('[data-testid=\"stSidebar\"]').getBoundingClientRect().left >= 0"
        )


# a phone's browser, as it names itself (Chromium on Android): the app places a map's names for it
PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Mobile Safari/537.36")  # fmt: skip

SECOND_PASS = {  # the words each check reads, per language
    "fr": dict(stated="Partenariats déclarés", own="Aucun partenariat déclaré au nom de la région", twins="Jumelages :",
               both=("Russie 10", "Japon 2"), download="Télécharger", png="Image PNG (2×)", annex="Annexe : les événements",
               town="(ville)", theme="Thème", file="evenements_par_theme", also="Cherché aussi sous"),
    "en": dict(stated="Stated partnerships", own="No partnership stated in the region's own name", twins="Twin links:",
               both=("Russia 10", "Japan 2"), download="Download", png="PNG image (2×)", annex="Annex: the listings",
               town="(town)", theme="Theme", file="listings_by_theme", also="Also searched as"),
}  # fmt: skip


@pytest.mark.parametrize(("size", "lang"), [((1280, 720), "fr"), ((390, 844), "en")])  # each size, each language
def test_the_readers_second_pass_at_both_sizes_in_both_languages(server, browser, size, lang, tmp_path):
    """Issue 28's points as a reader meets them: a region's page counts what it lists (2), a total
    says what it covers (7), the link map gives each place its spot and no name covers another (3),
    an exported chart keeps its title whole and an edge (4, and its file named in the page's
    language, 9), the briefing ends with the listings (5), the filters offer no untranslated
    "Select all" (9), places sharing a name are told apart and any spelling of a place finds the
    same listings (10)."""
    import io
    from urllib.parse import quote

    from PIL import Image, ImageOps
    from pypdf import PdfReader

    words = SECOND_PASS[lang]
    agent = PHONE_UA if size[0] < 640 else None
    pg = browser.new_context(viewport={"width": size[0], "height": size[1]}, accept_downloads=True,
                             user_agent=agent).new_page()  # fmt: skip
    pg.requests = []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.goto(f"{server}/place?place=region:FR-OCC&lang={lang}")
    wait_for_app(pg, '[data-testid="stMainBlockContainer"] h2')
    metrics = {m.get_by_test_id("stMetricLabel").inner_text().strip(): m.get_by_test_id("stMetricValue").inner_text()
               for m in pg.get_by_test_id("stMetric").all()}  # fmt: skip
    assert metrics[words["stated"]].strip() == "3" and pg.get_by_text(words["own"]).count() == 1
    pg.screenshot(path=str(SHOTS / f"second_pass_region_{lang}_{size[0]}.png"))

    pg.goto(f"{server}/?lang={lang}")
    wait_for_app(pg)
    scope = pg.get_by_text(words["twins"]).first.inner_text()
    assert all(x in scope for x in words["both"])
    pg.get_by_test_id("stPopover").first.locator("button").first.click()
    pg.get_by_test_id("stPopoverBody").get_by_text(words["png"]).wait_for(timeout=30_000)
    with pg.expect_download(timeout=120_000) as info:
        pg.get_by_test_id("stPopoverBody").get_by_test_id("stDownloadButton").first.locator("button").click()
    assert info.value.suggested_filename.startswith(words["file"])
    image = Image.open(io.BytesIO(Path(info.value.path()).read_bytes()))
    left, top, right, bottom = ImageOps.invert(image.convert("RGB")).getbbox()
    assert left > 0 and top > 20 and right < image.width and bottom < image.height  # an edge; the title whole
    pg.keyboard.press("Escape")

    with pg.expect_download(timeout=180_000) as info:
        _open_sidebar(pg)
        pg.get_by_test_id("stSidebar").get_by_test_id("stDownloadButton").locator("button").click()
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(info.value.path()).pages)
    assert words["annex"] in text and "catalogue_2021_fr.txt, l. " in text

    def figures(q: str) -> list[str]:
        pg.goto(f"{server}/?lang={lang}&q={quote(q)}")
        wait_for_app(pg, '[data-testid="stMetricValue"]')
        return [m.inner_text() for m in pg.get_by_test_id("stMetricValue").all()]

    assert figures("Нижний Новгород") == figures("Nijni Novgorod")
    assert figures("St Petersburg") == figures("Санкт-Петербург") == figures("Saint-Pétersbourg")
    _open_sidebar(pg)
    sidebar = pg.get_by_test_id("stSidebar")
    assert sidebar.get_by_text(words["also"]).count() == 1
    found = [x.inner_text().strip() for x in sidebar.get_by_test_id("stPageLink").all()]
    assert len(found) == len(set(found)) and any(words["town"] in x for x in found)
    themes = sidebar.get_by_test_id("stMultiSelect").filter(has_text=words["theme"]).first
    themes.scroll_into_view_if_needed()
    themes.click()
    pg.keyboard.press("ArrowDown")
    pg.get_by_role("option").first.wait_for(timeout=30_000)
    options = [o.inner_text() for o in pg.get_by_role("option").all()]
    assert options and not any("select all" in o.lower() or "tout" in o.lower() for o in options)
    pg.keyboard.press("Escape")

    pg.goto(f"{server}/map_links?lang={lang}")
    wait_for_app(pg)
    pg.wait_for_selector(".js-plotly-plot .geolayer .scattergeo path", timeout=60_000)
    if size[0] < 640 and pg.get_by_test_id("stSidebar").bounding_box()["x"] >= 0:  # left open by the step above
        pg.locator('[data-testid="stSidebarCollapseButton"] button').click()
        pg.wait_for_timeout(800)
    spots = pg.evaluate("""() => {
        const fig = document.querySelector('.js-plotly-plot');
        return fig._fullData.filter(t => t.meta && t.meta[0] === 'places')
                       .flatMap(t => Array.from(t.lat, (la, i) => [t.customdata[i], la.toFixed(4), t.lon[i].toFixed(4)]));
    }""")  # fmt: skip
    assert spots and len({s[0] for s in spots}) == len({(s[1], s[2]) for s in spots})  # one spot a place
    names = pg.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot .scattergeo text')]
        .filter(t => t.textContent.trim()).map(t => { const b = t.getBoundingClientRect();
                                                      return [t.textContent, b.left, b.top, b.right, b.bottom]; })""")
    over = [(a[0], b[0]) for i, a in enumerate(names) for b in names[i + 1 :]
            if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]  # fmt: skip
    assert len(names) >= 3 and not over, over  # names shown, none over another, at this screen's size
    pg.screenshot(path=str(SHOTS / f"second_pass_map_{lang}_{size[0]}.png"))
    assert external(pg.requests) == []


def test_the_benchmarks_plain_page_redraws_the_apps_figures_in_place(browser):
    """Plotly's own floor in `make bench` (scripts/bench_browser.plain_page): the figures the
    app drew, prepared by the app's own chart.js, redrawn in place on a page with no Streamlit."""
    import sys

    import plotly.graph_objects as go

    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_browser import plain_change, plain_page

    from dashboard import chart

    def spec(values):
        return chart.spec(go.Figure(go.Bar(x=["a", "b"], y=values), layout={"title": {"text": "Floor"}}))

    with plain_page(browser) as pg:
        for values in ([1, 2], [3, 1]):
            assert plain_change(pg, [{"spec": spec(values), "width": 400, "family": "sans-serif"}]) > 0
        drawn = pg.evaluate(
            "() => { const gd = document.querySelector('.js-plotly-plot'); return [gd.data[0].y, gd.layout.title.text]; }"
        )
        assert drawn == [[3, 1], "Floor"]
        assert pg.evaluate("() => document.querySelectorAll('.js-plotly-plot').length") == 1  # in place
