"""A link between a French place and a partner place, as the build draws it: stated in a document
(extracted, confirmed, corrected or reviewed) or implied by listings (`etl.partnerships` builds
them, `etl.reviewed` lays the reviewed rows on the extracted ones)."""

from __future__ import annotations

from dataclasses import dataclass

from geopy.distance import geodesic

from etl.places import Place


@dataclass(frozen=True)
class Link:
    partnership_id: str
    fr_actor: str
    partner_actor: str
    partner_country: str
    kind: str
    since_year: int | None
    fr_place: Place | None
    partner_place: Place | None
    source_file: str | None
    source_line: int | None
    evidence: str | None
    event_ids: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    n_events: int = 0
    status: str | None = None
    status_words: str = ""
    via_subdivision: tuple[str, ...] = ()  # listings joined through a town and its own subdivision
    origin: str | None = None  # extracted | confirmed | corrected | reviewed; None for a link of listings
    rule: str | None = None  # the grammar's rule that found its ends (etl.relations)
    confidence: float | None = None

    @property
    def distance_km(self) -> float | None:
        if self.fr_place is None or self.partner_place is None:
            return None
        a, b = self.fr_place, self.partner_place
        return round(geodesic((a.lat, a.lon), (b.lat, b.lon)).km, 1)
