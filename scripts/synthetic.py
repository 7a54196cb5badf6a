"""Synthetic databases of the real schema, at the national registry's size (issue 14).

    python scripts/synthetic.py --events 100000 --out data/synthetic_100k.duckdb [--seed data/coop.duckdb]

Built from a real build (the seed, by default `data/coop.duckdb`): the real subdivisions of the
world, the real listings as templates for text, themes, semesters and flags, the real mix of link
kinds. On top: `events` listings over 14 editions (2012–2025) and PARTNER_COUNTRIES partner
countries weighted like the national atlas (`partner_weights`), each with a French region and a
partner subdivision drawn from the real ones, towns spread around their region's seat (one per 20 listings),
links between towns for ~10 % of the listings, one source line and ~0.8 data-quality flag per
listing. Deterministic (hash of the row number), generated in DuckDB itself, written through
the project's schema (`etl.db.schema.ensure_schema`) into a temporary file renamed into place,
as the ETL writes.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.db.schema import derive, ensure_schema  # noqa: E402
from etl.reference import load_countries  # noqa: E402


def h(expr: str, salt: str, modulo: str) -> str:
    """A deterministic pseudo-random integer in [0, modulo) from an expression and a salt."""
    return f"(hash({expr}, '{salt}') % ({modulo}))::BIGINT"


# Shares of partner countries by continent, shaped like the national atlas of decentralised
# cooperation (Africa, Europe and Asia first); within a continent, countries weigh 1/rank in a
# fixed order (a hash of their code), so a few countries hold most listings as in the atlas.
ATLAS_SHARES = {"Africa": 0.34, "Europe": 0.32, "Asia": 0.2, "Americas": 0.12, "Oceania": 0.02}
PARTNER_COUNTRIES = 140


def partner_weights(countries: dict, with_regions: set[str], n: int = PARTNER_COUNTRIES) -> list[tuple[str, float]]:
    """(country, weight) of the `n` partner countries listings are spread over: countries with
    subdivisions in the seed (`with_regions`), by continent as in ATLAS_SHARES; weights sum to 1."""
    import zlib

    by_continent: dict[str, list[str]] = {}
    for c in countries.values():
        if c.code in with_regions and c.code != "FR" and c.territory_of != "FR" and c.continent in ATLAS_SHARES:
            by_continent.setdefault(c.continent, []).append(c.code)
    for codes in by_continent.values():
        codes.sort(key=lambda code: zlib.crc32(code.encode()))
    total = sum(len(v) for v in by_continent.values())
    out = []
    for continent, share in ATLAS_SHARES.items():
        codes = by_continent.get(continent, [])[
            : max(1, round(n * len(by_continent.get(continent, [])) / max(total, 1)))
        ]
        ranks = [1 / (i + 1) for i in range(len(codes))]
        out += [(code, share * r / sum(ranks)) for code, r in zip(codes, ranks, strict=True)]
    norm = sum(w for _, w in out)
    return [(c, w / norm) for c, w in out]


def generate(seed: Path, out: Path, events: int) -> dict:
    """Write a synthetic database of `events` listings at `out`; returns its table sizes."""
    tmp = out.with_name(f"{out.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        ensure_schema(con)
        con.execute("ATTACH ? AS seed (READ_ONLY)", [str(seed)])
        towns = max(200, events // 20)
        links = max(50, events // 10)
        con.execute("SET preserve_insertion_order = false")
        con.execute("INSERT INTO regions SELECT * FROM seed.regions")
        # Numbered views of the seed, for drawing rows by hash.
        con.execute("""CREATE TEMP TABLE tpl AS SELECT row_number() OVER (ORDER BY event_id) - 1 AS k, *
                       FROM seed.events""")  # fmt: skip
        con.execute("""CREATE TEMP TABLE reg AS  -- each region once, plus once per seed listing naming it
                       WITH w AS (SELECT code FROM seed.regions WHERE lat IS NOT NULL
                                  UNION ALL SELECT fr_region FROM seed.events WHERE fr_region IS NOT NULL
                                  UNION ALL SELECT region_code FROM seed.event_regions)
                       SELECT r.country, row_number() OVER (PARTITION BY r.country ORDER BY r.code) - 1 AS k,
                              r.code, r.lat, r.lon
                       FROM w JOIN seed.regions r USING (code) WHERE r.lat IS NOT NULL""")  # fmt: skip
        con.execute("CREATE TEMP TABLE nreg AS SELECT country, count(*) AS n FROM reg GROUP BY 1")
        n_tpl = con.sql("SELECT count(*) FROM tpl").fetchall()[0][0]
        # Partner countries and their weights; a listing's country drawn from 10,000 buckets.
        with_regions = {r[0] for r in con.sql("SELECT country FROM nreg WHERE n >= 2").fetchall()}
        weights = partner_weights(load_countries(), with_regions)
        con.execute("CREATE TEMP TABLE pc (country VARCHAR, w DOUBLE, pos INTEGER)")
        con.executemany("INSERT INTO pc VALUES (?, ?, ?)", [(c, w, i) for i, (c, w) in enumerate(weights)])
        con.execute("""CREATE TEMP TABLE bucket AS  -- bucket b → the country whose cumulative weight covers it
            WITH c AS (SELECT country, sum(w) OVER (ORDER BY pos) AS hi FROM pc)
            SELECT b, (SELECT country FROM c WHERE c.hi * 10000 > b ORDER BY hi LIMIT 1) AS country
            FROM range(10000) r(b)""")  # fmt: skip
        # Towns: half French, half partner (each country's share of them as its share of listings,
        # at least 2), around the seat of a region of their country.
        con.execute(f"""
            CREATE TEMP TABLE town AS
            WITH t AS (SELECT i, 'FR' AS country FROM range({towns // 2}) r(i)
                       UNION ALL
                       SELECT {towns} + row_number() OVER () AS i, pc.country
                       FROM pc, range(greatest(2, round(pc.w * {towns // 2})::BIGINT)) r(j))
            SELECT t.i, t.country, r.code AS region_code, r.lat + ({h('t.i', 'lat', 1000)} - 500) / 700.0 AS lat,
                   r.lon + ({h('t.i', 'lon', 1000)} - 500) / 500.0 AS lon,
                   row_number() OVER (PARTITION BY t.country ORDER BY t.i) - 1 AS k
            FROM t JOIN nreg n USING (country)
            JOIN reg r ON r.country = t.country AND r.k = {h('t.i', 'region', 'n.n')}""")  # fmt: skip
        con.execute("CREATE TEMP TABLE ntown AS SELECT country, count(*) AS n FROM town GROUP BY 1")
        con.execute("""INSERT INTO places
            SELECT 'syn:' || i, 'Ville ' || i, country, region_code, lat, lon, 'synthetic', NULL,
                   1000 + hash(i, 'pop') % 500000, 'town', 'Ville ' || i, 'Town ' || i FROM town""")  # fmt: skip
        con.execute("INSERT INTO place_names SELECT place_id, name FROM places UNION ALL "
                    "SELECT place_id, name_en FROM places")  # fmt: skip
        # Listings: a template's text and theme; an edition; a French region and town; a partner.
        con.execute(f"""
            CREATE TEMP TABLE ev AS
            SELECT i, 'syn-' || lpad(i::VARCHAR, 8, '0') AS event_id,
                   2012 + {h('i', 'year', 14)} AS year, b.country AS partner_country, {h('i', 'tpl', n_tpl)} AS k
            FROM range({events}) r(i) JOIN bucket b ON b.b = {h('i', 'country', 10000)}""")  # fmt: skip
        n_fr = con.sql("SELECT n FROM ntown WHERE country = 'FR'").fetchall()[0][0]
        con.execute(f"""
            CREATE TEMP TABLE ev2 AS  -- equi-joins on drawn ranks (a join on an expression would be n × m)
            WITH drawn AS (SELECT ev.*, {h('ev.i', 'frtown', n_fr)} AS fk, {h('ev.i', 'ptown', 'n.n')} AS pk
                           FROM ev JOIN ntown n ON n.country = ev.partner_country)
            SELECT drawn.*, (30 + row_number() OVER (PARTITION BY drawn.year, drawn.partner_country
                                                     ORDER BY drawn.i))::INTEGER AS line, ft.i AS fr_town, ft.region_code AS fr_region, pt.i AS partner_town,
                   pt.region_code AS partner_region
            FROM drawn
            JOIN town ft ON ft.country = 'FR' AND ft.k = drawn.fk
            JOIN town pt ON pt.country = drawn.partner_country AND pt.k = drawn.pk""")  # fmt: skip
        con.execute("""
            INSERT INTO events
            SELECT ev2.event_id, 'catalogue_' || ev2.year || '_' || lower(ev2.partner_country) || '_fr.txt',
                   ev2.line, ev2.line::VARCHAR, t.theme, t.theme_label, t.subtheme,
                   t.title_fr || ' — ' || ev2.i, t.title_en || ' — ' || ev2.i, t.description_fr, t.description_en,
                   'Ville ' || ev2.fr_town, t.fr_actor_kind, 'Town ' || ev2.partner_town, t.date_text, t.semester,
                   t.semester_basis, t.date_rule,
                   CASE WHEN t.date_start IS NOT NULL THEN make_date(ev2.year, month(t.date_start), 1) END,
                   CASE WHEN t.date_end IS NOT NULL THEN make_date(ev2.year, month(t.date_end), 28) END,
                   ev2.year, ev2.year, ev2.fr_region, 'synthetic', NULL, ev2.partner_country, NULL, NULL,
                   ev2.event_id, NULL, false, NULL, NULL, t.flags, 'header', NULL, NULL, NULL
            FROM ev2 JOIN tpl t USING (k)""")  # fmt: skip
        con.execute("INSERT INTO event_regions SELECT event_id, partner_region FROM ev2")
        con.execute("""INSERT INTO event_places BY NAME
            SELECT event_id, 'fr' AS role, 0 AS ordinal, 'syn:' || fr_town AS place_id, 'synthetic' AS resolver,
                   'Ville ' || fr_town AS matched_text, true AS accepted, 100 AS score, 'synthetic' AS evidence,
                   'synthétique' AS evidence_fr FROM ev2 UNION ALL
            SELECT event_id, 'partner', 0, 'syn:' || partner_town, 'synthetic', 'Town ' || partner_town, true, 100,
                   'synthetic', 'synthétique' FROM ev2""")  # fmt: skip
        con.execute("""INSERT INTO sources
            SELECT DISTINCT 'catalogue_' || year || '_' || lower(partner_country) || '_fr.txt', 'synthetic', 'fr', 0,
                   year, partner_country, 'primary', now()::TIMESTAMP, 'Catalogue synthétique ' || year || ' ('
                   || partner_country || ')', 'title_page', 'header', 'utf-8', [partner_country], false, 'text'
            FROM ev2""")  # fmt: skip
        con.execute("""UPDATE sources SET listings = c.n FROM
            (SELECT source_file, count(*) AS n FROM events GROUP BY 1) c WHERE c.source_file = sources.file""")
        # Links: the places of a listing, every 10th listing; a kind drawn from the seed's mix.
        con.execute("""CREATE TEMP TABLE kinds AS SELECT kind, row_number() OVER (ORDER BY kind, partnership_id) - 1
                       AS k FROM seed.partnerships""")  # fmt: skip
        n_kinds = con.sql("SELECT count(*) FROM kinds").fetchall()[0][0]
        con.execute(f"""
            CREATE TEMP TABLE lk AS
            SELECT fr_town, partner_town, any_value(ev2.partner_country) AS partner_country,
                   list(event_id ORDER BY event_id) AS event_ids, list(DISTINCT e.theme) AS themes,
                   min(ev2.i) AS first
            FROM (SELECT * FROM ev2 WHERE i % 10 = 0 LIMIT {links}) ev2
            JOIN events e USING (event_id) GROUP BY ALL""")  # fmt: skip
        con.execute(f"""
            INSERT INTO partnerships
            SELECT 'syn-link-' || lk.first, 'Ville ' || fr_town, 'Town ' || partner_town,
                   'syn:' || fr_town, 'Ville ' || fr_town, f.lat, f.lon, f.region_code,
                   'syn:' || partner_town, 'Town ' || partner_town, p.lat, p.lon, p.region_code,
                   lk.partner_country, kinds.kind, CASE WHEN kinds.kind <> 'event_link' THEN 1960 + lk.first % 60 END,
                   len(event_ids), themes, event_ids, NULL, NULL, NULL, NULL, NULL, NULL,
                   CASE WHEN kinds.kind <> 'event_link' THEN 'extracted' END, NULL, NULL
            FROM lk JOIN town f ON f.i = lk.fr_town JOIN town p ON p.i = lk.partner_town
            JOIN kinds ON kinds.k = {h('lk.first', 'kind', n_kinds)}""")  # fmt: skip
        con.execute("""INSERT INTO link_events
            SELECT partnership_id, unnest(event_ids), 'same_places' FROM partnerships""")
        con.execute("""INSERT INTO data_quality  -- the flags of each listing's template
            SELECT e.source_file, e.source_line, q.severity, q.code, q.message, q.message_fr
            FROM ev2 JOIN events e USING (event_id) JOIN tpl t USING (k)
            JOIN seed.data_quality q ON q.source_file = t.source_file AND q.source_line = t.source_line""")
        con.execute("""INSERT INTO raw_lines
            SELECT source_file, source_line, 'listing', source_line, 'Région\tVille\t' || title_fr, NULL, NULL, NULL
            FROM events""")
        con.execute("INSERT INTO meetings SELECT * FROM seed.meetings")
        derive(con)
        con.execute("CHECKPOINT")
        sizes = {t: con.sql(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                 for t in ("events", "places", "partnerships", "link_events", "data_quality")}  # fmt: skip
        con.close()
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
        raise
    os.replace(tmp, out)
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", default=str(ROOT / "data" / "coop.duckdb"), help="a real build (make db)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    sizes = generate(Path(args.seed), Path(args.out), args.events)
    print(f"{args.out}: {sizes} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
