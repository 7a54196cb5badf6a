"""Every issue a build reports, in English and in French, in one table (pure).

A key is the issue's code ("encoding"), or the code and a variant where one code says two
things ("unresolved_place.partner_side"); its two templates are `str.format` strings whose
fields the call site gives by name (`Issue.of(file, line, "warning", "unresolved_place.meeting",
place="Tver")`). The data-quality page shows the English or the French message, as the reader
chose; this table is the only place either is written. The clauses of a place's evidence
(`EVIDENCE`, `Clause`) are written the same way, below.
"""

from __future__ import annotations

from dataclasses import dataclass

MESSAGES: dict[str, tuple[str, str]] = {
    # -- reading a document (etl.parse, etl.pipeline) --------------------------------------------
    "encoding": ("read as {encoding}, not UTF-8", "lu en {encoding}, pas en UTF-8"),
    "formula_cell": (
        "a cell holds a spreadsheet formula (=…): loaded as its text, not its value",
        "une cellule contient une formule de tableur (=…) : chargée comme texte, pas sa valeur",
    ),
    "control_characters": (
        "control characters (NUL, escape…) removed from this line: a damaged or converted file?",
        "caractères de contrôle (NUL, échappement…) retirés de cette ligne : fichier abîmé ou mal converti ?",
    ),
    "page_without_text": (
        "page {page} holds no text (a scanned or blank page): its rows, if it has any, are not read — check it "
        "in the document, run OCR on the file if it is a scan",
        "la page {page} ne contient aucun texte (page numérisée ou blanche) : ses lignes, s'il y en a, ne sont "
        "pas lues — à vérifier dans le document, à passer à l'OCR si c'est un scan",
    ),
    # -- the lines of a catalogue (etl.parse) ---------------------------------------------------
    "year_disagreement": (
        "the title page says {year}, the file name {named}",
        "la page de titre dit {year}, le nom du fichier {named}",
    ),
    "column_ignored": (
        "column {column!r} is not one of the catalogue's: not loaded",
        "la colonne {column!r} n'est pas une colonne du catalogue : non chargée",
    ),
    "bare_theme_header": (
        "{label!r} read as a theme header (a heading naming a theme)",
        "{label!r} lu comme un titre de thème (un intitulé qui nomme un thème)",
    ),
    "address_removed": (
        "an e-mail address removed from this line (personal data: never loaded)",
        "une adresse électronique retirée de cette ligne (donnée personnelle : jamais chargée)",
    ),
    "text_after_table": (
        "text after the catalogue's last listing, not a listing: {text!r}",
        "texte après le dernier événement du catalogue, pas un événement : {text!r}",
    ),
    "unrecognised_line": (
        "{cells} cell(s), expected a theme header or a row of {widths} columns: {text!r}",
        "{cells} cellule(s) au lieu d'un titre de thème ou d'une ligne de {widths_fr} colonnes : {text!r}",
    ),
    "row_before_theme": ("table row before any theme header", "ligne du tableau avant tout titre de thème"),
    "missing_cell.subtheme": (
        "a row of {cells} cells where rows have {width}, whose first cell is the sub-theme {first!r}: a cell is "
        "missing, the row would be read shifted",
        "une ligne de {cells} cellules là où les lignes en ont {width}, dont la première est le sous-thème "
        "{first!r} : une cellule manque, la ligne serait lue décalée",
    ),
    "missing_cell.region": (
        "a row of {cells} cells where rows have {width}, whose first cell is the region {first!r}: a cell is "
        "missing, the row would be read shifted",
        "une ligne de {cells} cellules là où les lignes en ont {width}, dont la première est la région {first!r} "
        ": une cellule manque, la ligne serait lue décalée",
    ),
    "shifted_row": (
        "first cell {first!r} is not a region: read as the French actor",
        "la première cellule {first!r} n'est pas une région : lue comme l'acteur français",
    ),
    "row_cut_by_page_break": (
        "a row at the top of a page continuing the row cut by the page break (no title, or cells left "
        "mid-phrase): read as the end of the listing of line {line}",
        "une ligne en haut de page qui continue la ligne coupée par le saut de page (sans intitulé, ou cellules "
        "coupées en pleine phrase) : lue comme la fin de l'événement de la ligne {line}",
    ),
    "orphan_continuation": ("continuation row with no listing above it", "ligne de suite sans événement au-dessus"),
    "fr_actor_filled": (
        "French actor taken from the row above: {actor!r}",
        "acteur français repris de la ligne au-dessus : {actor!r}",
    ),
    "country_filled": (
        "partner country taken from the row above: {country!r}",
        "pays partenaire repris de la ligne au-dessus : {country!r}",
    ),
    "missing_title": ("listing without a title", "événement sans titre"),
    # -- a listing read (etl.listings) ---------------------------------------------------------
    "unknown_theme": (
        "theme header {label!r} names no known theme (or two): loaded under 'other'",
        "le titre de thème {label!r} ne nomme aucun thème connu (ou deux) : chargé sous « Autres thèmes »",
    ),
    "unknown_region": (
        "Région cell {cell!r} names no French region",
        "la cellule Région {cell!r} ne nomme aucune région française",
    ),
    "swapped_columns": (
        "French and partner columns swapped in the source ({fr!r} is in {country}, {partner!r} in the partner "
        "column): put right",
        "colonnes française et partenaire inversées dans la source ({fr!r} est en {country}, {partner_fr!r} dans "
        "la colonne partenaire) : remises en ordre",
    ),
    "region_mismatch": (
        "Région column says {column}, the French actor is in {regions}",
        "la colonne Région dit {column}, l'acteur français est en {regions}",
    ),
    "no_fr_region.several": (
        "the French actors are in several regions ({regions}) and no Région column says which",
        "les acteurs français sont dans plusieurs régions ({regions}) et aucune colonne Région ne dit laquelle",
    ),
    "no_fr_region.reason": ("{reason}", "{reason_fr}"),  # a reviewed override's reason (place_overrides.csv)
    "no_fr_region.no_actor": ("no French actor given", "aucun acteur français indiqué"),
    "no_fr_region.not_located": ("French actor not located: {actor!r}", "acteur français non localisé : {actor!r}"),
    "place_to_review.fr_side": (
        "French side: {matched!r} might be {name} ({region}), by rule {rule}: {evidence}",
        "côté français : {matched!r} pourrait être {name} ({region}), règle {rule} : {evidence_fr}",
    ),
    "place_to_review.partner_side": (
        "partner side: {matched!r} might be {name} ({region}), by rule {rule}: {evidence}",
        "côté partenaire : {matched!r} pourrait être {name} ({region}), règle {rule} : {evidence_fr}",
    ),
    "unresolved_place.fr_side": (
        "French side: {part!r} matches no place",
        "côté français : {part!r} ne correspond à aucun lieu",
    ),
    "unresolved_place.partner_side": (
        "partner side: {part!r} matches no place",
        "côté partenaire : {part!r} ne correspond à aucun lieu",
    ),
    "organisation_not_placed": ("{part!r} names a body, not a place", "{part!r} désigne un organisme, pas un lieu"),
    "source_conflict.partner_column": (
        "partner column {partner!r} ({regions}); the text names {named}",
        "colonne partenaire {partner!r} ({regions}) ; le texte nomme {named}",
    ),
    "source_conflict.fr_filled": (
        "French actor {fr!r} filled down from the row above ({places}); the text names {named}",
        "acteur français {fr!r} repris de la ligne au-dessus ({places}) ; le texte nomme {named}",
    ),
    "source_conflict": ("{readings}", "{readings_fr}"),  # the readings above, joined
    "no_partner_region.reason": ("{reason}: {actor!r}", "{reason_fr} : {actor!r}"),
    "no_partner_region.no_actor": ("no partner given: {actor!r}", "aucun partenaire indiqué : {actor!r}"),
    "no_partner_region.not_located": ("partner not located: {actor!r}", "partenaire non localisé : {actor!r}"),
    "date_not_a_date": ("date column holds {text!r}, not a date", "la colonne Date contient {text!r}, pas une date"),
    "date_invalid": ("{text!r} names a day that does not exist", "{text!r} nomme un jour qui n'existe pas"),
    "semester_conflict": (
        "{text!r}: the stated semester ({stated}) and the dates ({dates}) disagree: semester left UNKNOWN",
        "{text!r} : le semestre indiqué ({stated}) et les dates ({dates}) ne s'accordent pas : semestre laissé inconnu",
    ),
    "date_spans_years": (
        "{text!r} runs over two calendar years: no single semester",
        "{text!r} court sur deux années civiles : pas de semestre unique",
    ),
    "ambiguous_date": ("{text!r} reads day-first or month-first", "{text!r} se lit jour-mois ou mois-jour"),
    "semester_unknown.tbd": ("{text!r}: the date is still to be set", "{text!r} : la date reste à fixer"),
    "semester_unknown.range": (
        "{text!r} runs from {start} to {end}: the text does not say in which half",
        "{text_fr!r} va du {start} au {end} : le texte ne dit pas dans quel semestre",
    ),
    "semester_unknown.no_date": (
        "no date in the date column nor in the text",
        "aucune date dans la colonne Date ni dans le texte",
    ),
    "semester_unknown.no_semester": ("{text!r} gives no semester", "{text!r} ne donne pas de semestre"),
    "year_mismatch": (
        "date {text!r} is in {year}, the catalogue is for {catalogue}",
        "la date {text!r} est en {year}, le catalogue porte sur {catalogue}",
    ),
    "duplicate_listing": (
        "repeats the listing of line {line} in the same theme",
        "répète l'événement de la ligne {line} dans le même thème",
    ),
    "cross_theme_activity": (
        "same activity as line {line} ({theme}), listed under {other}",
        "même activité que la ligne {line} ({label!r}), listée sous {other_label!r}",
    ),
    # -- pairing the editions (etl.pipeline, etl.pairing) ----------------------------------------
    "unpaired_edition": (
        "no French catalogue of the same year and country to pair with",
        "aucun catalogue français de même année et même pays avec lequel l'apparier",
    ),
    "unpaired_listing.french": (
        "not paired: no listing of the English edition is this one, in its place in the theme or, "
        "by both its actors, anywhere in the theme",
        "non apparié : aucun événement de l'édition anglaise n'est celui-ci, à sa place dans le thème ou, "
        "par ses deux acteurs, ailleurs dans le thème",
    ),
    "unpaired_listing.english": (
        "not paired: no listing of the French edition is this one, in its place in the theme or, "
        "by both its actors, anywhere in the theme",
        "non apparié : aucun événement de l'édition française n'est celui-ci, à sa place dans le thème ou, "
        "par ses deux acteurs, ailleurs dans le thème",
    ),
    "paired_out_of_order": (
        "paired with line {line} of the English edition, listed there in another order (both actors agree)",
        "apparié à la ligne {line} de l'édition anglaise, qui l'écrit dans un autre ordre (les deux acteurs concordent)",
    ),
    "pair_actor_mismatch": (
        "English line {line} ({en_fr!r} / {en_partner!r}) names other actors than {fr_fr!r} / {fr_partner!r}",
        "la ligne anglaise {line} ({en_fr!r} / {en_partner!r}) nomme d'autres acteurs que {fr_fr!r} / {fr_partner!r}",
    ),
    # -- the partner country of a row (etl.countries) ---------------------------------------------
    "country_cell_unknown.several": (
        "country cell {cell!r} names several countries: the country is read from the row's other evidence",
        "la cellule pays {cell!r} nomme plusieurs pays : le pays est lu sur les autres indices de la ligne",
    ),
    "country_cell_unknown.none": (
        "country cell {cell!r} names no country the reference data knows: the country is read from the row's "
        "other evidence",
        "la cellule pays {cell!r} ne nomme aucun pays connu des données de référence : le pays est lu sur les "
        "autres indices de la ligne",
    ),
    "partner_country_conflict": (
        "the file is about {country} ({basis}) but the partner {partner!r} is a place of {other} only: partner "
        "country left UNKNOWN, to review",
        "le fichier porte sur {country} ({basis}) mais le partenaire {partner!r} n'est un lieu que de {other} : "
        "pays partenaire laissé inconnu, à vérifier",
    ),
    "country_filled_overruled": (
        "the country cell is empty (the row above says {filled}) but the partner {partner!r} is no place of "
        "{filled} and names {other}: read as {other}, to check",
        "la cellule pays est vide (la ligne au-dessus dit {filled}) mais le partenaire {partner!r} n'est pas un "
        "lieu de {filled} et désigne {other} : lu comme {other}, à vérifier",
    ),
    "country_filled_overruled.several": (
        "the country cell is empty (the row above says {filled}) but the partner {partner!r} is no place of "
        "{filled}; it may be one of {other}: partner country left UNKNOWN, to review",
        "la cellule pays est vide (la ligne au-dessus dit {filled}) mais le partenaire {partner!r} n'est pas un "
        "lieu de {filled} ; il peut l'être de {other} : pays partenaire laissé inconnu, à vérifier",
    ),
    "partner_country_conflict.named": (
        "the file is about {country} ({basis}) but the partner {partner!r} names {other} and no place of "
        "{country}: partner country left UNKNOWN, to review",
        "le fichier porte sur {country} ({basis}) mais le partenaire {partner!r} nomme {other} et aucun lieu "
        "de {country} : pays partenaire laissé inconnu, à vérifier",
    ),
    "partner_country_unknown.among": (
        "the file names {countries}; nothing in this row says which: partner country UNKNOWN",
        "le fichier nomme {countries} ; rien dans cette ligne ne dit lequel : pays partenaire inconnu",
    ),
    "partner_country_unknown.none": (
        'no partner country: neither a country column, the column header ("Chinese partner body"), the title, '
        "the file name nor this row's places say it; name it in one of them (the countries known: "
        "data/reference/world/countries.csv)",
        "pays partenaire inconnu : ni une colonne pays, ni l'en-tête des colonnes (« organisme chinois »), ni le "
        "titre, ni le nom du fichier, ni les lieux de cette ligne ne le disent ; l'indiquer dans l'un d'eux (pays "
        "connus : data/reference/world/countries.csv)",
    ),
    "partner_country_from_places": (
        "no partner country said: {country}, where {partner!r} is",
        "aucun pays partenaire indiqué : {country}, où se trouve {partner!r}",
    ),
    # -- relations and meetings (etl.extraction, etl.reviewed, etl.partnerships, etl.meetings) ----
    "report_without_country": (
        "neither the title nor the file name says which partner country this report is about: its relations "
        "are not read (name the country in documents.csv's title)",
        "ni le titre ni le nom du fichier ne disent de quel pays partenaire parle ce compte rendu : ses relations "
        "ne sont pas lues (nommez le pays dans le titre, documents.csv)",
    ),
    "since_year_conflict": (
        "{fr} – {partner}: the documents give different years: {readings}; kept {kept}",
        "{fr} – {partner} : les documents donnent des années différentes : {readings} ; retenue : {kept_fr}",
    ),
    "relation_to_review": (
        "{kind} {fr!r} – {partner!r} stated ({evidence!r}) but an end is not certain: {note}; confirm it in "
        "partnerships.csv",
        "{kind} {fr!r} – {partner!r} énoncé ({evidence!r}) mais une extrémité est incertaine : {note_fr} ; à "
        "confirmer dans partnerships.csv",
    ),
    "relation_rejected": (
        "{fr} – {partner} ({kind}) is rejected by a reviewer",
        "{fr} – {partner} ({kind}) est rejeté par un relecteur",
    ),
    "review_not_applied": ("{reason} (not applied)", "{reason} (non appliquée)"),
    "reviewed_not_in_build": (
        "{n} reviewed relation(s) quoting {source}, which this build does not load: left out",
        "{n} relation(s) relue(s) citant {source}, que cette construction ne charge pas : non chargée(s)",
    ),
    "place_to_review.partnership": (
        "partnership {side} end {name!r} might be {place} ({region}): {evidence}",
        "extrémité {side_fr} {name!r} du partenariat : pourrait être {place} ({region}) : {evidence_fr}",
    ),
    "unresolved_place.partnership": (
        "partnership {side} end {name!r} matches no place",
        "extrémité {side_fr} {name!r} du partenariat : aucun lieu",
    ),
    "kind_conflict": (
        "kind {kind!r} but the evidence says signed ({words!r}): kept as planned, to review",
        "type {kind!r} mais la citation dit signé ({words!r}) : gardé en projet, à vérifier",
    ),
    "unresolved_place.meeting": (
        "meeting place {place!r} matches no place",
        "le lieu de réunion {place!r} ne correspond à aucun lieu",
    ),
}


def render(key: str, **values) -> tuple[str, str]:
    """The English and the French message of `key` with its values."""
    english, french = MESSAGES[key]
    return english.format(**values), french.format(**values)


# -- the evidence of a place rule (etl.place_lookup, etl.place_rules, etl.places) -----------------
# A place's evidence is a few clauses (`Clause`), each a key of this table with its values; stored
# in both languages (`event_places.evidence`, `evidence_fr`). A value that is itself clauses is
# said in the same language; a whole number is grouped in French with a narrow no-break space.
EVIDENCE: dict[str, tuple[str, str]] = {
    # a subdivision, a département, a French region
    "subdivision_named": ("named as a subdivision", "nommé comme subdivision"),
    "prefecture_named": ("named as a prefecture", "nommé comme préfecture"),
    "subdivision_in_actor": ("a subdivision named in the actor", "une subdivision nommée dans l'acteur"),
    "subdivision_own_name": ("the subdivision's own name", "le nom propre de la subdivision"),
    "subdivision_as_written": ("the subdivision's name as written", "le nom de la subdivision tel qu'il est écrit"),
    "subdivision_ends_actor": ("a subdivision's name ends the actor", "le nom d'une subdivision termine l'acteur"),
    "town_word_before_unit": (
        "written as a town ({written}) but no town of the country bears the name; {code} is a subdivision: to review",
        "écrit comme une ville (« {written} ») mais aucune ville du pays ne porte ce nom ; {code} est une subdivision : à vérifier",
    ),
    "subdivisions_fit": ("the name fits {count} subdivisions", "le nom convient à {count} subdivisions"),
    "kind_contradicts": (
        "written as a {written} but {code} is a {kind}: to review",
        "écrit comme « {written} » mais {code} est de type « {kind} » : à vérifier",
    ),
    "shared_stem": (
        "a name {other} shares too, as a region larger than one unit: to review",
        "un nom que {other} porte aussi, comme région plus vaste qu'une unité : à vérifier",
    ),
    "lower_unit_alike": (
        "written as a subdivision of {region}, which holds a unit spelled like it ({unit}), where the one town"
        " of that name lies",
        "écrit comme une subdivision de {region}, qui compte une unité de nom voisin ({unit}), où se trouve la"
        " seule ville de ce nom",
    ),
    "lower_unit_named": (
        "a unit below the first level ({unit}), whose towns lie in {region} (GeoNames)",
        "une unité infra-régionale ({unit}), dont les villes sont en {region} (GeoNames)",
    ),
    "lower_unit_town": (
        "a unit below the first level ({unit}) named after its town, {town}, which lies in {region}",
        "une unité infra-régionale ({unit}) au nom de sa ville, {town}, située en {region}",
    ),
    "lower_units_fit": (
        "a unit below the first level ({unit}), named so in {count} subdivisions: to review",
        "une unité infra-régionale ({unit}), de ce nom dans {count} subdivisions : à vérifier",
    ),
    "no_subdivision_matches": (
        "written as a subdivision, which no subdivision's name matches: to review",
        "écrit comme une subdivision, mais aucun nom de subdivision ne correspond : à vérifier",
    ),
    "departement_named": ("named as a département", "nommé comme département"),
    "departement_of_row_region": (
        "département of the region the row names",
        "département de la région que nomme la ligne",
    ),
    "departement_or_town": (
        "département {name} or a town of that name in {regions}",
        "le département {name} ou une ville de ce nom en {regions}",
    ),
    "french_region_named": ("named as a French region", "nommé comme région française"),
    "french_region_in_actor": ("a French region named in the actor", "une région française nommée dans l'acteur"),
    "named_in_text": ("named in the text", "nommé dans le texte"),
    "carved_from": (
        "in {region}, a unit no outline draws yet, carved from {former}, which the row names",
        "en {region}, une unité qu'aucun contour ne dessine encore, issue de {former}, que nomme la ligne",
    ),
    "named_at_start": (
        "{name}, written without spaces, begins with {place}",
        "{name}, écrit sans espaces, commence par {place}",
    ),
    "named_in_brackets": (
        "{name}, unknown, lies where its brackets say: {place}",
        "{name}, inconnu, se trouve où le disent ses parenthèses : {place}",
    ),
    # a town among its namesakes (etl.place_lookup.Lookups.choose and _doubt)
    "row_unit_unfiled": (
        "in {region}, as the row or the cell says: a unit the gazetteer files no town in",
        "en {region}, comme le disent la ligne ou la cellule : une unité où l'index géographique ne classe aucune ville",
    ),
    "row_says": ("in {region}, as the row or the cell says", "en {region}, comme le disent la ligne ou la cellule"),
    "only_place": ("the only place of that name", "le seul lieu de ce nom"),
    "one_region": ("every place of that name is in one region", "tous les lieux de ce nom sont dans une même région"),
    "largest": (
        "the largest of {count} places of that name ({ratio:.0f}× the next)",
        "le plus peuplé des {count} lieux de ce nom ({ratio:.0f}× le suivant)",
    ),
    "quarter": (
        "{name!r} is a quarter of a town, not a town: to review",
        "{name!r} est un quartier d'une ville, pas une ville : à vérifier",
    ),
    "quarter_district": (
        "written as a district: {name!r}, a quarter of a town, every one of that name in {region}",
        "écrit comme un arrondissement : {name!r}, quartier d'une ville, tous ceux de ce nom dans {region}",
    ),
    "alternate_name": (
        "only an alternate name of {name!r} (population {population}): to review",
        "seulement un autre nom de {name!r} (population {population}) : à vérifier",
    ),
    "namesakes": (
        "{count} places of that name in {regions}: the text does not say which",
        "{count} lieux de ce nom ({regions}) : le texte ne dit pas lequel",
    ),
    "beside_city_unit": (
        "within {km} km of the city that is the unit {unit}: inside it or not, the text does not say",
        "à moins de {km} km de la ville qui forme l'unité {unit} : dedans ou non, le texte ne le dit pas",
    ),
    "common_name": (
        "a common name: {count} regions have a town of that name, the largest {ratio:.0f}× the next: the text "
        "does not say which",
        "un nom courant : {count} régions ont une ville de ce nom, la plus peuplée {ratio:.0f}× la suivante : le "
        "texte ne dit pas laquelle",
    ),
    "large_namesake": (
        "{count} towns of that name, {other} ({region}) also large: the text does not say which",
        "{count} villes de ce nom, dont {other} ({region}), elle aussi grande : le texte ne dit pas laquelle",
    ),
    "sizable_namesake": (
        "{other} ({region}, {population} people) bears that name too, {ratio:.0f}× smaller: the text does not say "
        "which",
        "{other} ({region}, {population} hab.) porte ce nom aussi, {ratio:.0f}× moins peuplé : le texte ne dit pas "
        "lequel",
    ),
    "short_for": (
        "short for {name}, and {count} places bear it: the text does not say which",
        "abrégé de {name}, que portent {count} lieux : le texte ne dit pas lequel",
    ),
    "may_be_short": (
        "may be short for {name} ({region}): the text does not say which",
        "peut-être l'abrégé de {name} ({region}) : le texte ne dit pas lequel",
    ),
    "other_source": (
        "another source also lists a town of that name in {region}: the text does not say which",
        "une autre source cite aussi une ville de ce nom en {region} : le texte ne dit pas laquelle",
    ),
    "namesake_abroad": (
        "{name} ({population}) is a far smaller namesake of a town abroad: to review",
        "{name} ({population} hab.) est un homonyme bien plus petit d'une ville étrangère : à vérifier",
    ),
    "subdivision_rival": (
        "also the name of the subdivision {region}: the text does not say which",
        "aussi le nom de la subdivision {region} : le texte ne dit pas laquelle",
    ),
    "french_city_namesake": (
        "a small town named like a French city many times larger, and nothing in the row says which: to review",
        "une petite ville du nom d'une ville française bien plus grande, et rien dans la ligne ne dit laquelle : à vérifier",
    ),
    "government_of_town": (
        "a government's name, and no word says it is a town's: the town or a wider territory named like it, to review",
        "le nom d'un gouvernement, qu'aucun mot ne dit municipal : la ville ou un territoire plus vaste du même nom, à vérifier",
    ),
    "national_body": (
        "followed by its country's name: an organisation's name, to review",
        "suivi du nom de son pays : le nom d'une organisation, à vérifier",
    ),
    "eponym": (
        "an institution named directly after the word, perhaps a person's name: to review",
        "un établissement nommé directement d'après ce mot, peut-être le nom d'une personne : à vérifier",
    ),
    "hyphenated_start": (
        "the start of a longer hyphenated name: to review",
        "le début d'un nom composé plus long : à vérifier",
    ),
    # a town's body in its own language (etl.place_rules.rule_town_body)
    "town_body": (
        "a town's administration written in its own language, around the name {name!r}",
        "l'administration d'une ville écrite dans sa langue, autour du nom {name!r}",
    ),
    "town_body_inflected": (
        "{written!r} read as {name!r} in another grammatical case",
        "{written!r} lu comme {name!r} à un autre cas grammatical",
    ),
    "town_body_stems": (
        "{written!r} may be {names} in another grammatical case: to review",
        "{written!r} peut être {names} à un autre cas grammatical : à vérifier",
    ),
    # a misspelling, an online answer
    "fuzzy": ("spelling {score:.0f}% like {match!r}", "graphie proche à {score:.0f}\u202f% de {match!r}"),
    "fuzzy_region_named": (
        "its region is named in the row or the cell",
        "sa région est nommée dans la ligne ou la cellule",
    ),
    "fuzzy_city": (
        "a city of {population:,} and no other close name",
        "une ville de {population} habitants, sans autre nom proche",
    ),
    "region_not_named": ("nothing else names its region: to review", "rien d'autre ne nomme sa région : à vérifier"),
    "online_answer": ("online answer", "réponse d'un service en ligne"),
    "region_unnamed": ("nothing else names its region", "rien d'autre ne nomme sa région"),
    # what the rest of the row says
    "column_says": ("the row's column says {region}: to review", "la colonne de la ligne dit {region} : à vérifier"),
    "another_country": (
        "the text names another country, {country}: to review",
        "le texte nomme un autre pays, {country} : à vérifier",
    ),
    "feature": (
        "a geographic feature named after it, not the unit: to review",
        "un élément géographique qui porte son nom, pas l'unité : à vérifier",
    ),
    "actor_is_place": ("the listing's actor is that place", "l'acteur de l'événement est ce lieu"),
    # a reviewer's word, another listing's
    "override": ("reviewed override: {why}", "correction relue : {why_fr}"),
    "confirmed_other_edition": (
        "confirmed: the other edition of this listing names it",
        "confirmé : l'autre édition de cet événement le nomme",
    ),
    "confirmed_listing": ("confirmed: the listing at {at}", "confirmé : l'événement en {at}"),
    # why an end of a stated relation is uncertain (etl.relations)
    "end_might_be": ("{name!r} might be {place} ({region}): {evidence}", "{name!r} pourrait être {place} ({region}) : {evidence}"),
}  # fmt: skip
SEPARATOR = {"en": "; ", "fr": " ; "}


@dataclass(frozen=True)
class Clause:
    """One clause of a place's evidence: a key of EVIDENCE and its values, said in either language."""

    key: str
    values: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str = "en") -> str:
        english, french = EVIDENCE[self.key]
        return (french if lang == "fr" else english).format(**{k: _said(v, lang) for k, v in self.values})


def clause(key: str, **values: object) -> Clause:
    """A clause of the table (an unknown key fails here, where it is written, not when shown)."""
    if key not in EVIDENCE:
        raise KeyError(f"no evidence clause {key!r} in etl.messages.EVIDENCE")
    return Clause(key, tuple(values.items()))


def said(clauses: tuple[Clause, ...], lang: str = "en") -> str:
    """Clauses joined in one language."""
    return SEPARATOR[lang].join(c.text(lang) for c in clauses)


def _said(value: object, lang: str) -> object:
    if isinstance(value, tuple) and all(isinstance(c, Clause) for c in value):
        return said(value, lang)
    if lang == "fr" and isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", "\u202f")
    return value
