// One plotly chart, kept between reruns and updated in place (dashboard/chart.py).
//
// st.plotly_chart makes a new element whenever the figure changes and draws it twice (mount,
// then its theme); this draws each chart once per change, with Plotly.react on the same div.
// plotly.js is the app's own (a bundle of the trace types it draws, /app/static/plotly/, else the
// plotly package's whole copy, /app/static/vendor/), loaded once per page.
// Nothing of the figure is written as HTML: plotly draws it as SVG text.

const loading = {};

// Charts are drawn one per animation frame, and only once they are in view (or
// within MARGIN of it): a filter change redraws what the reader sees, and a chart below the fold
// is drawn when it is scrolled to (or the page printed). Before its first draw a chart keeps its
// figure's height, so that the charts below it stay below the fold.
const MARGIN = "200px 0px";
const queue = new Set();
let scheduled = false;
let observer = null;

function watch(gd) {
  if (!("IntersectionObserver" in window)) return false;
  if (!observer) {
    observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        entry.target.obsVisible = entry.isIntersecting;
        if (entry.isIntersecting && entry.target.obsAsk) entry.target.obsAsk();
        if (entry.isIntersecting && entry.target.obsPending) schedule(entry.target);
      }
    }, { rootMargin: MARGIN });
    window.addEventListener("beforeprint", () => {
      for (const el of document.querySelectorAll("div.obs-chart")) if (el.obsPending) draw(el);
    });
  }
  if (!gd.obsWatched) {
    gd.obsWatched = true;
    observer.observe(gd); // its first report comes in the next frame
  }
  return true;
}

function schedule(gd) {
  queue.add(gd);
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(next);
  }
}

// One chart per animation frame, in the order they came (the page's, top first): the reader sees
// each as soon as it is drawn, not all of them at the end of one long task.
function next() {
  const [gd] = queue;
  if (!gd) {
    scheduled = false;
    return;
  }
  const pending = gd.obsPending;
  if (pending && !window.Plotly) {
    // plotly.js still loading: the queue waits for it (if it fails, the chart stays empty)
    plotly(pending.data.src).then(
      () => requestAnimationFrame(next),
      () => {
        queue.delete(gd);
        requestAnimationFrame(next);
      },
    );
    return;
  }
  queue.delete(gd);
  draw(gd);
  requestAnimationFrame(next);
}

function plotly(src) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!loading[src]) {
    loading[src] = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.async = true;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => reject(new Error(`plotly.js not loaded from ${src}`));
      document.head.appendChild(script);
    });
  }
  return loading[src];
}

function points(event) {
  // the fields the pages read (dashboard.ui.selected), as st.plotly_chart gives them
  return (event && event.points ? event.points : []).map((p) => ({
    curve_number: p.curveNumber,
    point_index: p.pointIndex,
    x: p.x,
    y: p.y,
    location: p.location,
    customdata: p.customdata,
  }));
}

// The figure as drawn on screen (also by the benchmark's plain page, scripts/bench_browser.py).
export function prepare(spec, family, titleTop) {
  const figure = JSON.parse(spec);
  // the page's own font on screen, as st.plotly_chart's theme does (the exports keep the figure's)
  if (family) figure.layout.font = { ...(figure.layout.font || {}), family };
  // a title hung from the top of the chart, moved down as in the exports (exports.TITLE_TOP): at
  // 10 px its first line's accents were cut
  const title = figure.layout.title;
  if (title && title.yref === "container" && title.yanchor === "top") {
    title.pad = { ...(title.pad || {}), t: Math.max((title.pad || {}).t || 0, titleTop || 0) };
  }
  return figure;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  if (data.preload) {
    plotly(data.src).catch(() => undefined); // drawn charts say it if it fails
    const assets = (window.PlotlyGeoAssets = window.PlotlyGeoAssets || {});
    assets.topojson = assets.topojson || {};
    for (const [name, url] of Object.entries(data.topojson || {})) {
      if (assets.topojson[name]) continue;
      fetch(url)
        .then((r) => (r.ok ? r.json() : null))
        .then((t) => {
          if (t && !assets.topojson[name]) assets.topojson[name] = t;
        })
        .catch(() => undefined); // plotly fetches it itself
    }
    return undefined;
  }
  let gd = parentElement.querySelector("div.obs-chart");
  if (!gd) {
    gd = document.createElement("div");
    gd.className = "obs-chart";
    gd.style.width = "100%";
    parentElement.appendChild(gd);
  }
  gd.obsSend = setTriggerValue; // the latest run's sender
  if (data.placeholder) return placeholder(gd, data);
  gd.obsAsk = null;
  // Streamlit calls this when the element goes (and maybe between updates): a chart no longer in
  // the page lets go of plotly's listeners (its window resize handler holds the div)
  const release = () =>
    requestAnimationFrame(() => {
      if (gd.isConnected) return;
      gd.obsPending = null;
      if (observer && gd.obsWatched) observer.unobserve(gd);
      gd.obsWatched = false;
      gd.obsSpec = null; // put back in a page, the same figure is drawn again
      gd.obsWired = false; // purge drops plotly's listeners: a redraw wires the clicks again
      if (window.Plotly) window.Plotly.purge(gd);
    });
  if (gd.obsSpec === data.spec) return release; // the same figure: nothing to draw
  gd.obsSpec = data.spec;
  const figure = prepare(data.spec, getComputedStyle(gd).fontFamily, data.titleTop);
  if (data.label) gd.setAttribute("aria-label", data.label);
  gd.removeAttribute("aria-busy");
  gd.classList.remove("obs-waiting");
  gd.setAttribute("role", "img");
  if (!gd.classList.contains("js-plotly-plot") && figure.layout.height) gd.style.minHeight = `${figure.layout.height}px`;
  gd.obsPending = { figure, data };
  if (!watch(gd) || gd.obsVisible) schedule(gd); // else drawn when the observer sees it in view
  return release;
}

// A chart not built yet (dashboard.chart.placeholder): its height kept; once within reach of the
// screen, the server is asked (once) for the run that builds it.
function placeholder(gd, data) {
  gd.style.minHeight = `${data.height}px`;
  gd.classList.add("obs-waiting"); // its label shown in the box (on screen and printed)
  if (data.label) gd.setAttribute("aria-label", data.label);
  gd.setAttribute("aria-busy", "true");
  if (gd.obsAsked) return undefined; // asked once: its run is coming
  gd.obsAsk = () => {
    gd.obsAsk = null;
    gd.obsAsked = true;
    gd.obsSend("seen", true);
  };
  if (!watch(gd) || gd.obsVisible) gd.obsAsk();
  return undefined;
}

function draw(gd) {
  const pending = gd.obsPending;
  if (!pending) return;
  gd.obsPending = null;
  const { figure, data } = pending;
  plotly(data.src).then((Plotly) => {
    if (gd.obsSpec !== data.spec) return; // a newer figure came while plotly.js loaded
    Plotly.react(gd, figure.data, figure.layout, { ...data.config, responsive: true }).then(() => {
      gd.style.minHeight = ""; // drawn: its own height from now on
      if (data.selectable && !gd.obsWired) {
        gd.obsWired = true;
        gd.on("plotly_click", (e) => gd.obsSend("select", points(e)));
        gd.on("plotly_selected", (e) => e && gd.obsSend("select", points(e)));
      }
    });
  });
}
