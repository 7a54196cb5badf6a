"""Settings of the ETL: a frozen dataclass built from an injectable environment mapping.

Invariants: every path is absolute; a bad value fails fast with a message naming the variable.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Countries whose GeoNames places the offline gazetteer indexes. French overseas regions have
# their own ISO 3166-1 codes in GeoNames (GP, MQ, GF, RE, YT).
FRENCH_COUNTRY_CODES = ("FR", "GP", "MQ", "GF", "RE", "YT")


CATALOGUE_EXTENSIONS = (".txt", ".csv", ".tsv", ".xlsx", ".pdf", ".docx")


class ConfigError(ValueError):
    """A setting has a value the ETL cannot use."""


@dataclass(frozen=True)
class Settings:
    root: Path
    raw_dir: Path
    reference_dir: Path
    cache_dir: Path
    db_path: Path
    gazetteer_countries: tuple[str, ...] | None = None  # None: every country, each read when first met
    fuzzy_threshold: int = 88
    online_geocoding: bool = False
    nominatim_user_agent: str = "observatoire-coop-etl"
    catalogues: tuple[Path, ...] = field(default_factory=tuple)
    accept_errors: bool = False  # load what can be loaded even when rows are reported as errors
    accept_drop: bool = False  # accept fewer listings than the previous build of the same file
    max_megabytes: float = 25.0  # larger input files are refused (docs/reliability.md)
    reviews_dir: Path | None = None  # the stewards' place decisions (etl/reviews.py); None: none

    def catalogue_files(self) -> tuple[Path, ...]:
        """The catalogue files to load: those given, else every catalogue_* text, CSV or XLSX
        file of raw_dir."""
        if self.catalogues:
            return self.catalogues
        return tuple(sorted(p for ext in CATALOGUE_EXTENSIONS for p in self.raw_dir.glob(f"catalogue_*{ext}")))


def _path(env: Mapping[str, str], name: str, default: Path) -> Path:
    value = env.get(name)
    return Path(value).expanduser().resolve() if value else default


def build_settings(env: Mapping[str, str] | None = None, **overrides) -> Settings:
    """Settings from an environment mapping (default: os.environ), then keyword overrides."""
    env = os.environ if env is None else env
    root = _path(env, "COOP_ROOT", ROOT)
    threshold_text = env.get("COOP_FUZZY_THRESHOLD", "88")
    try:
        threshold = int(threshold_text)
    except ValueError as exc:
        raise ConfigError(f"COOP_FUZZY_THRESHOLD must be an integer, got {threshold_text!r}") from exc
    if not 50 <= threshold <= 100:
        raise ConfigError(f"COOP_FUZZY_THRESHOLD must be between 50 and 100, got {threshold}")
    size_text = env.get("COOP_MAX_MEGABYTES", "25")
    try:
        max_megabytes = float(size_text)
    except ValueError as exc:
        raise ConfigError(f"COOP_MAX_MEGABYTES must be a number, got {size_text!r}") from exc
    if not math.isfinite(max_megabytes) or max_megabytes <= 0:
        raise ConfigError(f"COOP_MAX_MEGABYTES must be a positive number of megabytes, got {size_text!r}")
    listed = env.get("COOP_GAZETTEER_COUNTRIES", "")
    countries = tuple(c.strip().upper() for c in listed.split(",") if c.strip()) or None
    settings = Settings(
        root=root,
        raw_dir=_path(env, "COOP_RAW_DIR", root / "data" / "raw"),
        reference_dir=_path(env, "COOP_REFERENCE_DIR", root / "data" / "reference"),
        cache_dir=_path(env, "COOP_CACHE_DIR", root / "data" / "cache"),
        db_path=_path(env, "COOP_DB", root / "data" / "coop.duckdb"),
        reviews_dir=_path(env, "COOP_REVIEWS_DIR", root / "data" / "reviews"),
        gazetteer_countries=countries,
        fuzzy_threshold=threshold,
        max_megabytes=max_megabytes,
    )
    clean = {k: v for k, v in overrides.items() if v is not None}
    if "catalogues" in clean:
        clean["catalogues"] = tuple(Path(p).expanduser().resolve() for p in clean["catalogues"])
    if "db_path" in clean:
        clean["db_path"] = Path(clean["db_path"]).expanduser().resolve()
    return Settings(**{**settings.__dict__, **clean})
