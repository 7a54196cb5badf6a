"""Labels in French (default) and English: themes, semesters, kinds, UI text (pure)."""

from __future__ import annotations

from etl.vocab import load_countries

LANGS = ("fr", "en")

THEME_LABELS = {
    "partnerships": ("Partenariats et jumelages", "Partnerships and twinning"),
    "academic": ("Coopération universitaire, recherche", "Academic cooperation, research"),
    "culture": ("Coopération culturelle et éducative", "Cultural and educational cooperation"),
    "economy": ("Économie, tourisme", "Economy, tourism"),
    "environment": ("Environnement", "Environment"),
    "sport": ("Sport", "Sport"),
    "other": ("Autres thèmes", "Other themes"),
}
SEMESTER_LABELS = {
    "S1": ("1er semestre", "1st half"),
    "S2": ("2d semestre", "2nd half"),
    "YEAR": ("Les deux semestres", "Both halves"),
    "UNKNOWN": ("Date inconnue", "Date unknown"),
}
KIND_LABELS = {
    "twinning": ("Jumelage", "Twinning"),
    "cooperation_agreement": ("Accord de coopération", "Cooperation agreement"),
    "partnership": ("Partenariat", "Partnership"),
    "planned_twinning": ("Jumelage en projet (pas encore signé)", "Planned twinning (not yet signed)"),
    "planned_agreement": ("Accord à signer", "Agreement to be signed"),
    "event_link": ("Lien par événement", "Link through listings"),
}
STATUS_LABELS = {
    "signed": ("signé ou en vigueur selon le texte", "signed or in force, as the text says"),
    "planned": ("en projet ou à signer selon le texte", "planned or to be signed, as the text says"),
}
ORIGIN_LABELS = {  # where a stated link comes from (etl/reviewed.py)
    "extracted": ("lu dans le document", "read in the document"),
    "confirmed": ("lu dans le document, confirmé à la relecture", "read in the document, confirmed on review"),
    "corrected": ("lu dans le document, corrigé à la relecture", "read in the document, corrected on review"),
    "reviewed": ("ajouté à la relecture", "added on review"),
}
PLACE_KIND_LABELS = {
    "town": ("Ville", "Town"),
    "region": ("Région ou subdivision", "Region or subdivision"),
    "department": ("Département", "Department"),
    "site": ("Lieu", "Site"),
}
ACTOR_KIND_LABELS = {
    "commune": ("Commune", "Municipality"),
    "intercommunality": ("Intercommunalité", "Inter-municipal body"),
    "department": ("Département", "Department"),
    "region": ("Région", "Region"),
    "higher_education": ("Enseignement supérieur", "Higher education"),
    "association": ("Association", "Association"),
    "state": ("Services de l'État", "State services"),
    "to_be_defined": ("À définir", "To be defined"),
    "unknown": ("Non précisé", "Not given"),
}
COUNTRY_LABELS = {c.code: (c.name_fr, c.name_en) for c in load_countries().values()}
MEETING_KIND_LABELS = {
    "rencontre": ("Rencontres", "Meetings of local authorities"),
    "group_meeting": ("Groupe-pays (CUF)", "Country group (CUF)"),
    "steering_committee": ("Comités de pilotage", "Steering committees"),
}
FLAG_LABELS = {  # what each data-quality code means, for readers (the code stays in its own column)
    "ambiguous_date": ("Date lisible jour-mois ou mois-jour", "Date readable day-first or month-first"),
    "bare_theme_header": ("Titre seul lu comme thème", "Bare heading read as a theme"),
    "cross_theme_activity": ("Même activité sous deux thèmes", "Same activity under two themes"),
    "date_invalid": ("Jour inexistant", "Day that does not exist"),
    "date_not_a_date": ("La colonne Date ne contient pas de date", "The date column holds no date"),
    "date_spans_years": ("Période sur deux années", "Period over two years"),
    "duplicate_listing": ("Événement répété", "Repeated listing"),
    "encoding": ("Fichier lu dans un autre encodage que l'UTF-8", "File read in an encoding other than UTF-8"),
    "fr_actor_filled": ("Acteur français repris de la ligne au-dessus", "French actor taken from the row above"),
    "row_cut_by_page_break": ("Ligne coupée par un saut de page, rejointe", "Row cut by a page break, joined"),
    "page_without_text": ("Page sans texte (numérisée ?)", "Page without text (scanned?)"),
    "control_characters": ("Caractères de contrôle retirés", "Control characters removed"),
    "formula_cell": ("Formule de tableur lue comme texte", "Spreadsheet formula read as text"),
    "kind_conflict": ("Type de lien contredit par la citation", "Kind of link contradicted by the quote"),
    "missing_title": ("Événement sans titre", "Listing without a title"),
    "no_fr_region": ("Région française inconnue", "French region unknown"),
    "no_partner_region": ("Subdivision partenaire inconnue", "Partner subdivision unknown"),
    "organisation_not_placed": ("Organisme sans lieu", "Body without a place"),
    "orphan_continuation": ("Suite de ligne sans événement", "Continuation line without a listing"),
    "missing_cell": ("Cellule manquante", "Missing cell"),
    "column_ignored": ("Colonne non chargée", "Column not loaded"),
    "pair_actor_mismatch": ("Éditions française et anglaise en désaccord", "French and English editions disagree"),
    "paired_out_of_order": (
        "Apparié à l'édition anglaise dans un autre ordre",
        "Paired with the English edition in another order",
    ),
    "partner_country_unknown": ("Pays partenaire inconnu", "Partner country unknown"),
    "partner_country_conflict": (
        "Partenaire situé dans un autre pays que celui du fichier",
        "Partner located in another country than the file's",
    ),
    "country_cell_unknown": ("Cellule pays illisible", "Country cell not understood"),
    "country_filled": ("Pays repris de la ligne au-dessus", "Country taken from the row above"),
    "address_removed": ("Adresse électronique retirée", "E-mail address removed"),
    "text_after_table": ("Texte après le tableau", "Text after the table"),
    "country_filled_overruled": (
        "Pays vide, lu d'après le lieu partenaire plutôt que la ligne au-dessus",
        "Empty country read from the partner's place, not the row above",
    ),
    "partner_country_from_places": ("Pays lu d'après le lieu partenaire", "Country read from the partner's place"),
    "place_to_review": ("Lieu à vérifier", "Place to review"),
    "region_mismatch": ("Colonne Région contredite", "Région column contradicted"),
    "relation_rejected": (
        "Relation lue dans un document, rejetée à la relecture",
        "Relation read in a document, rejected on review",
    ),
    "relation_to_review": ("Relation énoncée, lieu à vérifier", "Relation stated, place to review"),
    "reviewed_not_in_build": ("Relation relue d'un catalogue absent", "Reviewed relation of a catalogue not loaded"),
    "review_not_applied": (
        "Décision de relecture non appliquée (document absent ou changé)",
        "Review decision not applied (document gone or changed)",
    ),
    "report_without_country": ("Compte rendu sans pays partenaire", "Report without a partner country"),
    "since_year_conflict": ("Années de début en désaccord", "Start years disagree"),
    "row_before_theme": ("Ligne avant tout thème", "Row before any theme"),
    "semester_conflict": ("Semestre contredit par les dates", "Semester contradicted by the dates"),
    "semester_unknown": ("Semestre inconnu", "Semester unknown"),
    "shifted_row": ("Ligne décalée", "Shifted row"),
    "source_conflict": ("Colonnes et texte en désaccord", "Columns and text disagree"),
    "swapped_columns": ("Colonnes inversées, remises en ordre", "Swapped columns, put right"),
    "unknown_region": ("Région inconnue dans la colonne Région", "Unknown region in the Région column"),
    "unknown_theme": ("Thème inconnu", "Unknown theme"),
    "unpaired_edition": ("Édition sans pendant", "Edition without a counterpart"),
    "unpaired_listing": ("Événement sans pendant dans l'autre édition", "Listing without a counterpart"),
    "unrecognised_line": ("Ligne non reconnue", "Unrecognised line"),
    "unresolved_place": ("Lieu introuvable", "Place not found"),
    "year_disagreement": ("Année du titre et du nom de fichier en désaccord", "Title and file name years disagree"),
    "year_mismatch": ("Date hors de l'année du catalogue", "Date outside the catalogue's year"),
}
SEVERITY_LABELS = {
    "error": ("Erreur", "Error"),
    "warning": ("Avertissement", "Warning"),
    "info": ("Information", "Information"),
}

TEXT = {
    "app_title": (
        "Observatoire de la coopération décentralisée",
        "Decentralized Cooperation Observatory",
    ),
    "overview": ("Vue d'ensemble", "Overview"),
    "map": ("Carte", "Map"),
    "events": ("Événements", "Events"),
    "partnerships": ("Partenariats", "Partnerships"),
    "quality": ("Qualité des données", "Data quality"),
    "about": ("À propos", "About"),
    "steward_area": ("Espace des gestionnaires", "Stewards' area"),
    "steward_name": ("Identifiant", "Name"),
    "steward_password": ("Mot de passe", "Password"),
    "steward_login": ("Se connecter", "Log in"),
    "steward_logout": ("Se déconnecter", "Log out"),
    "steward_logged_in": ("Connecté·e", "Logged in"),
    "steward_wrong": ("Identifiant ou mot de passe incorrect", "Wrong name or password"),
    "steward_wait": ("nouvel essai possible dans", "next try in"),
    "steward_upload": (
        "Nouveau catalogue (texte, CSV, XLSX, PDF ou Word)",
        "New catalogue (text, CSV, XLSX, PDF or Word)",
    ),
    "steward_preview": ("Prévisualiser", "Preview"),
    "steward_building": ("Construction de l'aperçu…", "Building the preview…"),
    "steward_listings": ("Événements", "Listings"),
    "steward_added": ("Ajoutés", "Added"),
    "steward_removed": ("Retirés", "Removed"),
    "steward_changed": ("Modifiés", "Changed"),
    "steward_flagged": ("Événements signalés", "Flagged listings"),
    "steward_review": ("Lieux à vérifier", "Places to review"),
    "steward_publish": ("Publier", "Publish"),
    "steward_discard": ("Abandonner", "Discard"),
    "steward_published": ("Publié — événements", "Published — listings"),
    "steward_history": ("Publications", "Publications"),
    "steward_when": ("Date (UTC)", "Date (UTC)"),
    "steward_action": ("Action", "Action"),
    "steward_did_publish": ("Publication", "Publication"),
    "steward_did_rollback": ("Annulation", "Rollback"),
    "steward_files": ("Fichiers", "Files"),
    "steward_places": ("Lieux à vérifier", "Places to review"),
    "steward_places_caption": (
        "Une décision vaut pour toute cellule écrite exactement ainsi, de ce côté ; elle s'applique à la prochaine "
        "publication ou reconstruction.",
        "A decision holds for every cell written exactly so, on that side; it applies at the next publication or build.",
    ),
    "steward_place_which": (
        "Cellule → lieu proposé (subdivision) · événements",
        "Cell → proposed place (subdivision) · listings",
    ),
    "steward_reason": ("Raison (obligatoire)", "Reason (required)"),
    "steward_decide_place": ("Accepter le lieu proposé", "Accept the proposed place"),
    "steward_decide_ignore": ("Pas un lieu", "Not a place"),
    "steward_decided": ("Décision enregistrée", "Decision recorded"),
    "steward_undo_which": ("Décision à annuler", "Decision to undo"),
    "steward_undo": ("Annuler la décision", "Undo the decision"),
    "steward_undone": ("Décision annulée", "Decision undone"),
    "steward_no_history": ("Aucune publication depuis l'application.", "No publication from the app yet."),
    "steward_rollback_which": ("Publication à annuler", "Publication to roll back"),
    "steward_rollback": ("Annuler cette publication", "Roll back this publication"),
    "steward_rolled_back": ("Publication annulée — événements", "Rolled back — listings"),
    "steward_search": (
        "Ou chercher un autre lieu (nom, 2 lettres au moins)",
        "Or find another place (name, 2 letters or more)",
    ),
    "steward_search_which": ("Lieu trouvé", "Place found"),
    "steward_search_none": ("Aucun lieu de ce pays ne porte ce nom.", "No place of this country has that name."),
    "steward_decide_choice": ("Choisir ce lieu", "Choose this place"),
    "steward_relations": ("Relations à vérifier", "Relations to review"),
    "steward_relations_caption": (
        "Une relation énoncée dont une extrémité n'est qu'une candidate n'est ni dessinée ni comptée. L'accepter "
        "retient aussi la candidate comme lieu de ce nom ; la rejeter écarte cette lecture de la phrase.",
        "A stated relation with an end that is only a candidate is neither drawn nor counted. Accepting it also "
        "records the candidate as the place of that name; rejecting it drops this reading of the sentence.",
    ),
    "steward_relation_which": ("Relation (document:ligne)", "Relation (document:line)"),
    "steward_decide_accept": ("Accepter la relation", "Accept the relation"),
    "steward_decide_reject": ("Rejeter la relation", "Reject the relation"),
    "steward_no_relations": ("Aucune relation à vérifier.", "No relation to review."),
    "steward_no_places": ("Aucun lieu à vérifier.", "No place to review."),
    "steward_rebuild": ("Reconstruire avec les décisions (aperçu)", "Rebuild with the decisions (preview)"),
    "steward_rebuild_caption": (
        "Les décisions s'appliquent à la prochaine construction : reconstruisez pour en voir l'effet, puis publiez.",
        "Decisions apply at the next build: rebuild to see their effect, then publish.",
    ),
    "steward_rebuilt": ("reconstruction", "rebuild"),
    "steward_col_cell": ("Cellule", "Cell"),
    "steward_col_country": ("Pays", "Country"),
    "steward_col_place": ("Subdivision choisie", "Subdivision chosen"),
    "steward_col_geonameid": ("GeoNames (ville)", "GeoNames (town)"),
    "steward_col_reason": ("Raison", "Reason"),
    "steward_col_fr": ("Extrémité française", "French end"),
    "steward_col_partner": ("Extrémité partenaire", "Partner end"),
    "steward_col_kind": ("Type", "Kind"),
    "steward_col_source": ("Document", "Document"),
    "steward_col_line": ("Ligne", "Line"),
    "steward_oidc": ("Se connecter avec le compte de l'organisation", "Log in with the organisation's account"),
    "steward_oidc_refused": (
        "Ce compte n'est pas celui d'un gestionnaire (COOP_OIDC_STEWARDS).",
        "This account is not a steward's (COOP_OIDC_STEWARDS).",
    ),
    "timeline": ("Chronologie", "Timeline"),
    "timeline_title": ("Rencontres, réunions et éditions du catalogue", "Meetings and catalogue editions"),
    "timeline_caption": (
        "Chaque rencontre est datée par la phrase citée du rapport (fichier et ligne ci-dessous) ; rond plein : "
        "tenue, rond vide : annoncée par le document. Carrés : éditions du catalogue chargées (taille : événements).",
        "Each meeting is dated by the quoted sentence of its report (file and line below); filled circle: held, "
        "open circle: announced by the document. Squares: catalogue editions loaded (size: listings).",
    ),
    "catalogue": ("Catalogue", "Catalogue"),
    "held": ("tenue", "held"),
    "announced": ("annoncée", "announced"),
    "status": ("Statut", "Status"),
    "origin": ("Origine", "Origin"),
    "date": ("Date", "Date"),
    "place": ("Lieu", "Place"),
    "note": ("Remarque", "Note"),
    "no_meeting": ("Aucune rencontre pour ces filtres.", "No meeting for these filters."),
    "filters": ("Filtres", "Filters"),
    "language": ("Langue", "Language"),
    "theme": ("Thème", "Theme"),
    "semester": ("Semestre", "Semester"),
    "fr_region": ("Région française", "French region"),
    "partner_region": ("{sub} partenaire", "Partner {sub}"),
    "year": ("Édition (année)", "Edition (year)"),
    "subdivision": ("subdivision", "subdivision"),
    "subdivisions": ("subdivisions", "subdivisions"),
    "partner_country": ("Pays partenaire", "Partner country"),
    "actor_kind": ("Type d'acteur français", "Kind of French actor"),
    "search": ("Recherche (titres, descriptions)", "Search (titles, descriptions)"),
    "reset": ("Réinitialiser les filtres", "Reset filters"),
    "all": ("Tous", "All"),
    "listings": ("Événements", "Listings"),
    "activities": ("Activités distinctes", "Distinct activities"),
    "fr_authorities": ("Acteurs français", "French actors"),
    "fr_regions": ("Régions françaises", "French regions"),
    "partner_regions": ("{subs} partenaires", "Partner {subs}"),
    "twin_links": ("Jumelages", "Twin links"),
    "twin_scope_documents": (
        "déclarés dans les documents chargés (catalogues et comptes rendus), toutes éditions",
        "stated in the loaded documents (catalogues and reports), every edition",
    ),
    "twin_scope_editions": (
        "ceux que portent des événements des éditions choisies",
        "those carried by listings of the chosen editions",
    ),
    "dated_share": ("Avec une date connue", "With a known date"),
    "by_theme": ("Événements par thème", "Listings by theme"),
    "by_semester": ("Événements par semestre et thème", "Listings by semester and theme"),
    "by_fr_region": ("Événements par région française", "Listings by French region"),
    "by_partner_region": ("Événements par {sub} partenaire", "Listings by partner {sub}"),
    "matrix": ("Thème × région française", "Theme × French region"),
    "choro": ("{country} : événements par {subdivision}", "{country}: listings by {subdivision}"),
    "brief_fonts_off": (
        "Polices absentes de cette machine : les noms en alphabets non latins peuvent manquer (installer {packages}).",
        "Fonts missing on this machine: names in non-Latin scripts may be missing (install {packages}).",
    ),
    "editions_summary": ("{n} catalogues {span}, {countries} pays", "{n} catalogues {span}, {countries} countries"),
    "reports_one": ("1 compte rendu ({countries})", "1 report ({countries})"),
    "reports_n": ("{n} comptes rendus ({countries})", "{n} reports ({countries})"),
    "n_countries": ("{n} pays", "{n} countries"),
    "brief_report_source": (
        "{file} — compte rendu : liens qu'il énonce ({countries})",
        "{file} — report: links it states ({countries})",
    ),
    "more_editions": ("et {n} autres éditions", "and {n} more editions"),
    "country_unknown": ("pays non précisé", "country not stated"),
    "country_per_row": ("pays par ligne", "country on each row"),
    "off_map": (
        "{n} hors carte : subdivisions sans contour connu",
        "{n} off the map: subdivisions with no known outline",
    ),
    "approx_outlines": (
        "{n} contours approximatifs, tracés d'après les villes",
        "{n} outlines approximated from their towns",
    ),
    "approx_outlines_1": ("1 contour approximatif, tracé d'après les villes", "1 outline approximated from its towns"),
    "chart_on_demand": ("Graphique dessiné à l'affichage", "Chart drawn when scrolled to"),
    "approx_outline": ("contour approximatif, tracé d'après les villes", "outline approximated from its towns"),
    "world_title": ("Événements par pays partenaire ({n} pays)", "Listings by partner country ({n} countries)"),
    "maps_of_top": (
        "Cartes des {n} pays partenaires qui comptent le plus d'événements ; un clic sur la carte du "
        "monde choisit un pays.",
        "Maps of the {n} partner countries with the most listings; a click on the world map chooses a country.",
    ),
    "no_outline_country": (
        "{country} : aucun contour de subdivision n'est connu ; les événements sont comptés "
        "dans le graphique par subdivision.",
        "{country}: no subdivision outline is known; its listings are counted in the chart by subdivision.",
    ),
    "others": ("{n} autres", "{n} others"),
    "top_n": ("les {n} premiers, puis les autres", "top {n}, then the others"),
    "year_half_unknown": ("{year} · semestre inconnu", "{year} · half unknown"),
    "by_edition": ("Événements par édition du catalogue", "Listings by catalogue edition"),
    "out_of_view": ("{n} hors du cadre", "{n} out of view"),
    "empty": (
        "Aucun événement ne correspond aux filtres choisis. Élargissez la sélection ou réinitialisez les filtres.",
        "No listing matches the chosen filters. Widen the selection or reset the filters.",
    ),
    "empty_links": (
        "Aucun lien ne correspond aux filtres choisis (un événement ne donne un lien que s'il nomme un lieu de "
        "chaque côté). Élargissez la sélection ou réinitialisez les filtres.",
        "No link matches the chosen filters (a listing gives a link only when it names a place on each side). "
        "Widen the selection or reset the filters.",
    ),
    "ignored": (
        "Valeurs inconnues ignorées dans l'adresse : ",
        "Unknown values ignored in the address: ",
    ),
    "count": ("Nombre", "Count"),
    "view": ("Vue", "View"),
    "view_fit": ("Cadrée sur les liens", "Fitted to the links"),
    "view_world": ("Monde", "World"),
    "colour_by": ("Couleur par", "Colour by"),
    "links_shown": ("liens affichés", "links shown"),
    "source": ("Source", "Source"),
    "line": ("ligne", "line"),
    "since": ("depuis", "since"),
    "kind": ("Type", "Kind"),
    "decade": ("Décennie de création", "Decade of creation"),
    "by_decade": ("Liens par décennie de création", "Links by decade of creation"),
    "detail": ("Détail d'un événement", "Listing detail"),
    "choose_listing": ("Choisir un événement", "Choose a listing"),
    "flags": ("Signalements", "Flags"),
    "title": ("Titre", "Title"),
    "description": ("Description", "Description"),
    "fr_actor": ("Acteur français", "French actor"),
    "partner_actor": ("Acteur partenaire", "Partner actor"),
    "date_text": ("Date (texte du document)", "Date (document text)"),
    "document": ("Document", "Document"),
    "in_document": ("Emplacement", "Place in document"),
    "format": ("Format", "Format"),
    "severity": ("Gravité", "Severity"),
    "code": ("Code", "Code"),
    "message": ("Message", "Message"),
    "evidence": ("Citation", "Evidence"),
    "events_n": ("Événements", "Listings"),
    "distance": ("Distance (km)", "Distance (km)"),
    "fr_place": ("Lieu français", "French place"),
    "partner_place": ("Lieu partenaire", "Partner place"),
    "none": ("—", "—"),
    # the briefing PDF
    "brief_briefing": ("Note de synthèse", "Briefing note"),
    "brief_generated": ("Produite le {d} · base construite le {b}", "Produced on {d} · database built on {b}"),
    "brief_filters": ("Filtres", "Filters"),
    "brief_no_filter": ("Aucun filtre : tous les documents chargés.", "No filter: every loaded document."),
    "brief_figures": ("Chiffres clés", "Key figures"),
    "brief_charts_off": ("Graphiques non inclus : {why}", "Charts not included: {why}"),
    "brief_top_links": ("Partenariats et liens de la carte", "Partnerships and links on the map"),
    "brief_links_as_map": (
        "les mêmes liens que la carte ci-dessus, les liens par événement signalés comme tels.",
        "the same links as the map above, links through listings marked as such.",
    ),
    "brief_links_first": (
        "les {n} premiers, dans l'ordre de la page Partenariats (déclarés d'abord) ; la carte ci-dessus les montre tous.",
        "the first {n}, in the Partnerships page's order (stated ones first); the map above shows them all.",
    ),
    "brief_links_more": (
        "… et {n} autres liens, non listés ici : la page Partenariats les liste et les télécharge tous.",
        "… and {n} more links, not listed here: the Partnerships page lists and downloads them all.",
    ),
    "brief_quality": ("Notes sur la qualité des données", "Data-quality notes"),
    "brief_sources": ("Sources", "Sources"),
    "brief_method": (
        "Chaque chiffre renvoie à une ligne d'un document source (fichier et numéro de ligne dans le tableau "
        "de bord). Les comptes par thème incluent un événement répété et une activité listée sous deux thèmes ; "
        "les activités distinctes les comptent une fois.",
        "Every number can be traced to a line of a source document (file and line number in the dashboard). "
        "Counts by theme include a repeated listing and an activity listed under two themes; distinct "
        "activities count them once.",
    ),
    "brief_search": ("Recherche", "Search"),
    "brief_annex": ("Annexe : les événements", "Annex: the listings"),
    "brief_annex_first": (
        "Les {n} premiers des {total} événements, dans l'ordre des documents ; le tableau complet se télécharge "
        "depuis la page Événements.",
        "The first {n} of the {total} listings, in document order; the whole table downloads from the Events page.",
    ),
    "brief_no_quality": (
        "Aucune note sur la qualité des données pour ces filtres.",
        "No data-quality note for these filters.",
    ),
    "brief_no_links": ("Aucun partenariat pour ces filtres.", "No partnership for these filters."),
    "lines": ("Lignes", "Lines"),
    "listing_one": ("événement", "listing"),
    "listings_n": ("événements", "listings"),
    "link_one": ("lien", "link"),
    "sort_by": ("Trier par", "Sort by"),
    "sort_document": ("Ordre du document", "Document order"),
    "sort_date": ("Date", "Date"),
    "sort_title": ("Titre", "Title"),
    "sort_region": ("Région française", "French region"),
    "page_n": ("Page (sur {n})", "Page (of {n})"),
    "rows_of": ("Événements {a} à {b} sur {n} (téléchargements : tous)", "Listings {a} to {b} of {n} (downloads: all)"),
    "briefing": ("Télécharger la note (PDF)", "Download briefing (PDF)"),
    "links_caption": (
        "{stated} liens déclarés dans les documents, {total} avec les liens par événement",
        "{stated} links stated in the documents, {total} with the links through listings",
    ),
    "no_year": (
        "{n} liens déclarés sans année de création dans le texte",
        "{n} stated links without a creation year in the text",
    ),
    "quality_all": (
        "Signalements de la construction (toutes sources)",
        "Flags raised by the build (all sources)",
    ),
    "quality_filtered": ("Signalements des événements filtrés", "Flags of the filtered listings"),
    "flags_n": ("signalements", "flags"),
    "to_review": ("À vérifier", "To review"),
    "to_review_places": (
        "Lieux proposés sans preuve suffisante : ils ne comptent dans aucun chiffre tant qu'une table de "
        "corrections relue ne les confirme pas.",
        "Places proposed without enough evidence: they count in no figure until a reviewed correction confirms them.",
    ),
    "conflicts": ("Contradictions entre colonnes et texte", "Columns and text that disagree"),
    "candidate": ("Candidat", "Candidate"),
    "text": ("Texte du document", "Document text"),
    "rule": ("Règle", "Rule"),
    "score": ("Score", "Score"),
    "side": ("Côté", "Side"),
    "readings": ("Les deux lectures", "Both readings"),
    # places and the link map
    "places": ("Lieux", "Places"),
    "place_search": (
        "Chercher un lieu (ville, région, oblast, préfecture)",
        "Find a place (town, region, oblast, prefecture)",
    ),
    "place_unknown": ("Lieu inconnu dans la base : {p}", "Place not in the database: {p}"),
    "places_found": ("Lieux trouvés", "Places found"),
    "search_also": ("Cherché aussi sous : {names}", "Also searched as: {names}"),
    "no_place_found": ("Aucun lieu ne porte ce nom.", "No place has this name."),
    "most_tied": ("Les lieux les plus liés", "The most connected places"),
    "place_scope": (
        "Tout ce que les documents chargés disent de ce lieu, quels que soient les filtres.",
        "Everything the loaded documents say about this place, whatever the filters.",
    ),
    "other_names": ("Autres graphies", "Other spellings"),
    "stated_links": ("Partenariats déclarés", "Stated partnerships"),
    "no_stated_links": ("Aucun partenariat déclaré dans les documents.", "No partnership stated in the documents."),
    "event_links": ("Liens par événement", "Links through listings"),
    "region_counts": (
        "Ceux de la région et de ses lieux. Au nom de la région elle-même — partenariats déclarés : {stated} ; "
        "liens par événement : {through}.",
        "The region's and its places'. In the region's own name — stated partnerships: {stated}; links through "
        "listings: {through}.",
    ),
    "no_own_stated_links": (
        "Aucun partenariat déclaré au nom de la région elle-même ; ceux de ses lieux sont listés plus bas.",
        "No partnership stated in the region's own name; its places' are listed below.",
    ),
    "name_col": ("Nom", "Name"),
    "code_col": ("Code", "Code"),
    "no_listing_group": ("Sans événement", "No listing"),
    "all_places": ("Tous les lieux", "All places"),
    "in_region_links": ("Liens des lieux de cette région", "Links of the places in this region"),
    "place_events": ("Événements", "Listings"),
    "no_place_events": ("Aucun événement au catalogue.", "No listing in the catalogue."),
    "counterparts": ("Partenaires", "Counterparts"),
    "links_n": ("liens", "links"),
    "contents": ("Sommaire", "Contents"),
    "role": ("Rôle", "Role"),
    "loaded_at": ("Chargé le", "Loaded on"),
    "flag": ("Problème", "Problem"),
    "filters_active": ("Filtres actifs :", "Active filters:"),
    "remove_filter": ("Retirer ce filtre", "Remove this filter"),
    "chart_source": ("Source : {s} · base construite le {b}", "Source: {s} · database built on {b}"),
    "event_year": ("Année", "Year"),
    "open_place": ("Ouvrir la page du lieu", "Open the place's page"),
    "counterpart": ("Partenaire", "Counterpart"),
    "since_col": ("Depuis", "Since"),
    "layers": ("Couches", "Layers"),
    "layer_stated": ("Partenariats déclarés", "Stated partnerships"),
    "layer_events": ("Liens par événement", "Links through listings"),
    "focus_on": ("Liens de {p} seulement", "Links of {p} only"),
    "show_all_links": ("Tous les liens", "All links"),
    "map_click_hint": (
        "Cliquer sur un lieu de la carte n'affiche que ses liens.",
        "Click a place on the map to show only its links.",
    ),
    "row_places": ("Lieux de la ligne choisie", "Places of the chosen row"),
    "download_queue_full": (
        "Le serveur prépare déjà {running} téléchargement(s) et {ahead} attendent leur tour devant le vôtre : "
        "il n'a pas été mis en attente. Réessayez dans une minute.",
        "The server is already preparing {running} download(s) and {ahead} are waiting ahead of yours: "
        "it was not queued. Please try again in a minute.",
    ),
    "download_same_session": (
        "Votre téléchargement précédent est encore en préparation (un seul à la fois par session) : "
        "relancez celui-ci quand il sera arrivé.",
        "Your previous download is still being prepared (one at a time per session): "
        "start this one again once it has arrived.",
    ),
    "download_timeout": (
        "Après {wait} s d'attente, {ahead} téléchargement(s) étaient encore devant le vôtre ({running} en préparation) : "
        "réessayez dans quelques minutes.",
        "After waiting {wait} s, {ahead} download(s) were still ahead of yours ({running} being prepared): "
        "please try again in a few minutes.",
    ),
    "renders_busy": (
        "Le serveur dessine déjà une note ou une image ({waiting} en attente) : la vôtre attendra son tour.",
        "The server is already drawing a briefing or an image ({waiting} waiting): yours will wait its turn.",
    ),
    "downloads_busy": (
        "Le serveur prépare {running} téléchargement(s) de tableaux entiers, {waiting} en attente : le vôtre passera après eux.",
        "The server is preparing {running} whole-table download(s), {waiting} waiting: yours will come after them.",
    ),
    "xlsx_too_many": (
        "Une feuille Excel contient au plus {n} lignes : ce tableau en a davantage. CSV ou Parquet les contiennent toutes.",
        "An Excel worksheet holds at most {n} rows: this table has more. CSV or Parquet hold them all.",
    ),
    "select_row_hint": (
        "Choisir une ligne (case à gauche) donne les liens vers les pages de ses lieux.",
        "Select a row (box on the left) to get links to its places' pages.",
    ),
    "links_stated_n": ("partenariats déclarés", "stated partnerships"),
    "link_stated_one": ("partenariat déclaré", "stated partnership"),
    "link_events_one": ("lien par événement", "link through listings"),
    "country": ("Pays", "Country"),
    "links_events_n": ("liens par événement", "links through listings"),
    "event_link_mark": ("par événement", "through listings"),
    "map_grouped": (
        "Trop de liens pour les tracer un à un : {n} arcs relient les régions de leurs extrémités (une "
        "extrémité sans région connue compte pour elle-même), plus épais quand ils portent plus de liens. "
        "Cliquer sur une région n'affiche que ses liens.",
        "Too many links to draw one by one: {n} arcs join the regions of their ends (an end without a "
        "known region stands for itself), thicker for more links. Click a region to show only its links.",
    ),
    "map_dropped": (
        "Les {n} paires les moins liées ({links} liens) ne sont pas tracées ; elles sont comptées dans le titre.",
        "The {n} least-linked pairs ({links} links) are not drawn; the title counts them.",
    ),
    "grp": ("Groupe", "Group"),
}


# The chart toolbar's and notices' words in French (plotly.js writes them in English; its keys
# are its own English strings, as the installed plotly.min.js spells them: tests/test_i18n.py).
PLOTLY_FR = {
    "Autoscale": "Échelle automatique",
    "Box Select": "Sélection rectangulaire",
    "Compare data on hover": "Comparer les données au survol",
    "Double-click on legend to isolate one trace": "Double-cliquer sur la légende pour n'afficher qu'une série",
    "Double-click to zoom back out": "Double-cliquer pour revenir à la vue d'ensemble",
    "Download plot": "Télécharger le graphique",
    "Download plot as a PNG": "Télécharger le graphique (PNG)",
    "Image download succeeded": "Image téléchargée",
    "Lasso Select": "Sélection au lasso",
    "Pan": "Déplacer",
    "Preparing image - this may take a few seconds": "Préparation de l'image, quelques secondes…",
    "Reset": "Réinitialiser",
    "Reset axes": "Réinitialiser les axes",
    "Reset view": "Réinitialiser la vue",
    "Reset views": "Réinitialiser les vues",
    "Show closest data on hover": "Donnée la plus proche au survol",
    "Sorry, there was a problem downloading your image!": "L'image n'a pas pu être téléchargée.",
    "Toggle Spike Lines": "Afficher ou masquer les lignes de repère",
    "Toggle show closest data on hover": "Afficher ou masquer la donnée la plus proche au survol",
    "Zoom": "Zoom",
    "Zoom in": "Zoom avant",
    "Zoom out": "Zoom arrière",
}
# Numbers on French charts as on the page: a decimal comma, thousands apart (narrow no-break space)
PLOTLY_FR_FORMAT = {"decimal": ",", "thousands": "\u202f"}


def plotly_locale(lang: str = "fr") -> dict:
    """The chart config's part for `lang`: plotly.js's own words (English) or ours in French."""
    if lang == "en":
        return {"locale": "en"}
    return {"locale": "fr", "locales": {"fr": {"dictionary": PLOTLY_FR, "format": PLOTLY_FR_FORMAT}}}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def t(key: str, lang: str = "fr") -> str:
    return _pick(TEXT[key], lang)


def theme_label(code: str, lang: str = "fr") -> str:
    return _pick(THEME_LABELS.get(code, (code, code)), lang)


def semester_label(code: str, lang: str = "fr") -> str:
    return _pick(SEMESTER_LABELS.get(code, (code, code)), lang)


STATUS_SHORT = {"signed": ("signé", "signed"), "planned": ("en projet", "planned")}


def origin_label(code: str | None, lang: str = "fr") -> str:
    """Where a stated link comes from; "—" for a link of listings."""
    return _pick(ORIGIN_LABELS[code], lang) if code in ORIGIN_LABELS else "—"


def status_label(code: str | None, lang: str = "fr", short: bool = False) -> str:
    labels = STATUS_SHORT if short else STATUS_LABELS
    return _pick(labels[code], lang) if code in labels else "—"


def colon(lang: str = "fr") -> str:
    """A colon as each language writes it: « Thème : Sport », "Theme: Sport"."""
    return " : " if lang == "fr" else ": "


def percent(share: float, lang: str = "fr", space: str = "\u202f") -> str:
    """63 % in French (a narrow no-break space before the sign), 63% in English."""
    text = f"{share:.0%}"
    return text.replace("%", f"{space}%") if lang == "fr" else text


def flag_label(code: str, lang: str = "fr") -> str:
    return _pick(FLAG_LABELS[code], lang) if code in FLAG_LABELS else code


def counted(n: int, one: str, many: str, lang: str = "fr", shown: str | None = None) -> str:
    """A count and its noun (keys of TEXT): singular for 1, and for 0 in French ("0 lien"); `shown`:
    the number as written (thousands separated), else n."""
    singular = n == 1 or (lang == "fr" and n == 0)
    return f"{n if shown is None else shown} {t(one if singular else many, lang)}"


def place_kind_label(code: str, lang: str = "fr") -> str:
    return _pick(PLACE_KIND_LABELS[code], lang) if code in PLACE_KIND_LABELS else code


def kind_label(code: str, lang: str = "fr") -> str:
    return _pick(KIND_LABELS.get(code, (code, code)), lang)


def actor_kind_label(code: str, lang: str = "fr") -> str:
    return _pick(ACTOR_KIND_LABELS.get(code, (code, code)), lang)


def country_label(code: str | None, lang: str = "fr") -> str:
    """A country's name in the page's language; "country not stated" for none (a listing whose
    partner country no evidence gives)."""
    if not code:
        return t("country_unknown", lang)
    return _pick(COUNTRY_LABELS.get(code, (code, code)), lang)


def meeting_kind_label(code: str, lang: str = "fr") -> str:
    return _pick(MEETING_KIND_LABELS.get(code, (code, code)), lang)


def severity_label(code: str, lang: str = "fr") -> str:
    return _pick(SEVERITY_LABELS.get(code, (code, code)), lang)


def subdivision_word(countries, lang: str = "fr", plural: bool = False) -> str:
    """What a partner subdivision is called: "sujet fédéral" for Russia alone, "préfecture" for
    Japan alone, a neutral "subdivision" for several countries (countries.csv)."""
    known = load_countries()
    codes = [c for c in countries if c in known and c != "FR"]
    if len(codes) == 1:
        c = known[codes[0]]
        fr, en = (c.subdivisions_fr, c.subdivisions_en) if plural else (c.subdivision_fr, c.subdivision_en)
        return _pick((fr, en), lang)
    return t("subdivisions" if plural else "subdivision", lang)


def partner_label(key: str, countries, lang: str = "fr") -> str:
    """A label naming partner subdivisions by their country's word, capitalised."""
    text = t(key, lang).format(sub=subdivision_word(countries, lang), subs=subdivision_word(countries, lang, True))
    return text[:1].upper() + text[1:]
