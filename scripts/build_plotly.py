"""plotly.js for the app's charts: a bundle of the trace types the dashboard draws (issue 29).

The plotly package ships the whole of plotly.js (4.8 MB, some forty trace types, parsed by the
browser on every cold open); the dashboard draws five (`dashboard.chart.BUNDLE_TRACES`). This
script builds plotly.js's own sources, at the version the installed plotly package bundles, into
one minified file of those five and plotly's core (axes, legends, colour bars, the toolbar, the
locales' machinery), with esbuild: `dashboard/static/plotly/plotly-<version>.min.js` (1.4 MB),
committed with plotly.js's licence (MIT; the bundled libraries' licence comments are kept at the
file's end). `dashboard.chart.plotly_js` serves it when its version is the plotly package's, else
the package's whole copy. The exports (kaleido, the HTML page) keep the whole plotly.js.

npm packages `plotly.js` (that version) and `esbuild` (ESBUILD) are installed with no install
scripts under data/cache/npm/plotly-build (git-ignored), reused when there.

    python scripts/build_plotly.py     # node and npm, and the registry the first time
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import chart  # noqa: E402

ESBUILD = "0.28.2"
BUILD = ROOT / "data" / "cache" / "npm" / "plotly-build"
ENTRY = """'use strict';
var Plotly = require('plotly.js/lib/core');
Plotly.register([{traces}]);
module.exports = Plotly;
"""
BUNDLE = """require('esbuild').build({{
  entryPoints: ['entry.js'], outfile: {out}, format: 'iife', globalName: 'Plotly', bundle: true, minify: true,
  define: {{ global: 'window', 'define.amd': 'false' }}, target: 'es2016', legalComments: 'eof',
  loader: {{ '.css': 'empty' }},  // maplibre's stylesheet, for map traces only
  banner: {{ js: {banner} }}, logLevel: 'warning',
}}).catch((e) => {{ console.error(e.message); process.exit(1); }});
"""


def packaged_version() -> str:
    """The plotly.js version the installed plotly package bundles (its file's first lines)."""
    import plotly

    head = (Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js").read_text()[:200]
    found = re.search(r"plotly\.js v(\d+\.\d+\.\d+)", head)
    if not found:
        raise SystemExit("the plotly package's plotly.min.js does not say its version")
    return found.group(1)


def install(version: str) -> None:
    """plotly.js `version` and esbuild under BUILD (nothing runs at install)."""
    BUILD.mkdir(parents=True, exist_ok=True)
    (BUILD / "package.json").write_text(json.dumps({"name": "plotly-build", "private": True}), encoding="utf-8")
    installed = BUILD / "node_modules" / "plotly.js" / "package.json"
    if installed.exists() and json.loads(installed.read_text())["version"] == version:
        return
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts", "--silent",
                    f"plotly.js@{version}", f"esbuild@{ESBUILD}"], cwd=BUILD, check=True)  # fmt: skip


def build(version: str) -> Path:
    """The bundle of chart.BUNDLE_TRACES, written under dashboard/static/plotly/."""
    traces = ", ".join(f"require('plotly.js/lib/{trace}')" for trace in chart.BUNDLE_TRACES)
    (BUILD / "entry.js").write_text(ENTRY.format(traces=traces), encoding="utf-8")
    out = chart.BUNDLED / chart.bundle_name(version)
    banner = f"/* {chart.banner(version)} */"
    script = BUNDLE.format(out=json.dumps(str(out)), banner=json.dumps(banner))
    (BUILD / "bundle.js").write_text(script, encoding="utf-8")
    subprocess.run(["node", "bundle.js"], cwd=BUILD, check=True)
    shutil.copyfile(BUILD / "node_modules" / "plotly.js" / "LICENSE", chart.BUNDLED / "LICENSE.txt")
    return out


def main() -> int:
    if not (shutil.which("node") and shutil.which("npm")):
        print("build_plotly: node and npm are needed (Debian: apt install nodejs npm)", file=sys.stderr)
        return 2
    version = packaged_version()
    install(version)
    chart.BUNDLED.mkdir(parents=True, exist_ok=True)
    for old in chart.BUNDLED.glob("plotly-*.min.*"):
        old.unlink()
    out = build(version)
    print(f"{out.relative_to(ROOT)}: {out.stat().st_size / 1e6:.2f} MB ({', '.join(chart.BUNDLE_TRACES)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
