"""What the interactive session says, in English and Dutch.

Kept apart from `i18n` (the report's texts) so the session can grow its own
wording without touching the report. `t(key, lang, **params)` picks and fills
one message; a missing key shows as itself, never as an error.
"""

from __future__ import annotations

from typing import Any

from fundfinder.i18n import text_in

TEXTS: dict[str, tuple[str, str]] = {
    # -- start and end ---------------------------------------------------------------
    "welcome": (
        "fundfinder session. Answer a few questions about the organisation; "
        "Enter takes the [default], 'back' goes to the previous question, 'skip' leaves an "
        "optional one open. Ctrl-D or Ctrl-C saves the draft and stops.",
        "fundfinder-sessie. Beantwoord een paar vragen over de organisatie; "
        "Enter neemt de [standaardwaarde], 'terug' gaat naar de vorige vraag, 'overslaan' laat "
        "een optionele vraag open. Ctrl-D of Ctrl-C bewaart het concept en stopt.",
    ),
    "resumed": (
        "Continuing the saved session for {name}.",
        "De bewaarde sessie voor {name} gaat verder.",
    ),
    "resume_missing": (
        "No saved session in {path}; starting a new one.",
        "Geen bewaarde sessie in {path}; er begint een nieuwe.",
    ),
    "other_drafts": (
        "Other saved sessions: {names} (continue one with --resume --draft NAME).",
        "Andere bewaarde sessies: {names} (verder met één ervan: --resume --draft NAAM).",
    ),
    "draft_unreadable": (
        "The saved session could not be read ({error}); it was set aside as {path}.",
        "De bewaarde sessie kon niet worden gelezen ({error}); ze is apart gezet als {path}.",
    ),
    "previous_kept": (
        "The previous draft was kept as {path} (use --resume to continue a draft).",
        "Het vorige concept is bewaard als {path} (gebruik --resume om een concept voort te zetten).",
    ),
    "saved_exit": (
        "Draft saved to {path}. Continue with: fundfinder session --resume",
        "Concept bewaard in {path}. Verder met: fundfinder session --resume",
    ),
    "save_failed": (
        "Could not save the draft to {path}: {error}. The session goes on; export the "
        "profile with 'export profile FILE' to keep it.",
        "Kon het concept niet bewaren in {path}: {error}. De sessie gaat door; bewaar het "
        "profiel met 'export profile BESTAND'.",
    ),
    "bye": ("Saved to {path}. Goodbye.", "Bewaard in {path}. Tot ziens."),
    "loaded_profile": ("Loaded {path}.", "{path} geladen."),
    # -- interview ----------------------------------------------------------------------
    "q_name": ("Name of the organisation", "Naam van de organisatie"),
    "q_registered_in": ("Country where it is registered", "Land van registratie"),
    "q_org_type": (
        "Type (ngo, grassroots, network, research, social_enterprise, foundation, consortium)",
        "Type (ngo, grassroots, network, research, social_enterprise, foundation, consortium)",
    ),
    "q_budget": ("Annual budget in euros (e.g. 1.8m)", "Jaarbegroting in euro (bijv. 1,8m)"),
    "q_staff": ("Staff in FTE", "Personeel in fte"),
    "q_themes": (
        "Themes, separated by commas (e.g. SRHR, youth)",
        "Thema's, gescheiden door komma's (bijv. SRHR, jeugd)",
    ),
    "q_regions": (
        "Countries or regions of the work, separated by commas",
        "Landen of regio's van het werk, gescheiden door komma's",
    ),
    "q_need": ("Amount sought per year in euros", "Gezocht bedrag per jaar in euro"),
    "q_forms": (
        "Acceptable forms of funding (grant, loan, matchfunding, ...; empty = any)",
        "Welke financieringsvormen (gift, lening, matchfunding, ...; leeg = alle)",
    ),
    "q_finances": (
        "Add finances for a diagnosis and checklist? (yes/no)",
        "Financiën toevoegen voor een diagnose en checklist? (ja/nee)",
    ),
    "q_income_government": (
        "Yearly income from government",
        "Jaarlijkse inkomsten van de overheid",
    ),
    "q_income_foundations": ("... from foundations", "... van vermogensfondsen"),
    "q_income_lotteries": ("... from lotteries", "... van loterijen"),
    "q_income_private_donors": ("... from private donors", "... van particuliere gevers"),
    "q_income_corporate": ("... from companies", "... van bedrijven"),
    "q_income_earned": (
        "... earned (sales, fees)",
        "... eigen verdiensten (verkoop, vergoedingen)",
    ),
    "q_income_other": ("... other income", "... overige inkomsten"),
    "q_lost_income": (
        "Income lost per year (the refused or cut grant)",
        "Weggevallen inkomsten per jaar (de afgewezen of gekorte subsidie)",
    ),
    "q_reserves": ("Freely available reserves", "Vrij besteedbare reserves"),
    "q_expenses": ("Yearly expenses", "Jaarlijkse lasten"),
    "q_anbi": (
        "Does it have ANBI status (a Dutch charity for tax purposes)? (yes/no)",
        "Heeft de organisatie de ANBI-status? (ja/nee)",
    ),
    "q_cbf": ("Is it CBF-recognised? (yes/no)", "Is de organisatie CBF-erkend? (ja/nee)"),
    "q_duration": (
        "For how many months is the money sought?",
        "Voor hoeveel maanden wordt het geld gezocht?",
    ),
    "q_core": (
        "Is core (unrestricted) funding sought? (yes/no)",
        "Wordt kernfinanciering (vrij besteedbaar) gezocht? (ja/nee)",
    ),
    "q_lost_from": (
        "From when is the income lost? (a date, e.g. 2027-01-01)",
        "Vanaf wanneer vallen de inkomsten weg? (een datum, bijv. 1-1-2027)",
    ),
    "q_admin_costs": (
        "Yearly management and administration costs",
        "Jaarlijkse beheer- en administratiekosten",
    ),
    "q_positions_at_risk": (
        "How many positions (FTE) are at risk?",
        "Hoeveel functies (fte) staan op de tocht?",
    ),
    "not_date": (
        "'{text}' is not a date; write it as 2027-01-31 or 31-1-2027.",
        "'{text}' is geen datum; schrijf bijvoorbeeld 31-1-2027 of 2027-01-31.",
    ),
    "q_works_council": (
        "Is there a works council? (yes/no)",
        "Is er een ondernemingsraad? (ja/nee)",
    ),
    "yes_word": ("yes", "ja"),
    "no_word": ("no", "nee"),
    "step_of": ("({n}/{total})", "({n}/{total})"),
    "optional": ("optional", "optioneel"),
    "required": (
        "This one is needed to find funders; please answer it.",
        "Deze is nodig om fondsen te vinden; geef alstublieft een antwoord.",
    ),
    "first_step": ("This is the first question.", "Dit is de eerste vraag."),
    "skipped": ("Left open.", "Opengelaten."),
    "step_help": (
        "Type an answer and press Enter. 'back' = previous question, 'skip' = leave open "
        "(optional questions), Tab completes, Ctrl-D saves and stops.",
        "Typ een antwoord en druk op Enter. 'terug' = vorige vraag, 'overslaan' = openlaten "
        "(optionele vragen), Tab vult aan, Ctrl-D bewaart en stopt.",
    ),
    "invalid": ("That does not work: {detail}", "Dat gaat niet: {detail}"),
    "not_number": (
        "{text!r} is not an amount; write it like 450000, 450k or 1.8m.",
        "{text!r} is geen bedrag; schrijf het als 450000, 450k of 1,8m.",
    ),
    "not_yes_no": ("Please answer yes or no.", "Antwoord alstublieft ja of nee."),
    "unknown_theme": ("Unknown theme {text!r}.", "Onbekend thema {text!r}."),
    "unknown_place": ("Unknown country or region {text!r}.", "Onbekend land of regio {text!r}."),
    "unknown_country": ("Unknown country {text!r}.", "Onbekend land {text!r}."),
    "not_a_country": (
        "{label} is a region; give the country where the organisation is registered.",
        "{label} is een regio; geef het land waar de organisatie geregistreerd is.",
    ),
    "unknown_form": ("Unknown form of funding {text!r}.", "Onbekende financieringsvorm {text!r}."),
    "unknown_org_type": ("Unknown type {text!r}.", "Onbekend type {text!r}."),
    "did_you_mean": ("Did you mean {options}?", "Bedoelt u {options}?"),
    "accept_hint": (
        "Press Enter to take [{answer}], or type it again.",
        "Druk op Enter voor [{answer}], of typ het opnieuw.",
    ),
    "understood": ("Understood {text!r} as {label}.", "{text!r} begrepen als {label}."),
    "read_as": ("Read {text!r} as {labels}.", "{text!r} gelezen als {labels}."),
    "kept_keywords": (
        "Kept as keywords: {words}.",
        "Bewaard als trefwoorden: {words}.",
    ),
    "legal_form_noted": (
        "{text!r} is a legal form; noted as such. What kind of organisation is it ({types})?",
        "{text!r} is een rechtsvorm; zo genoteerd. Wat voor organisatie is het ({types})?",
    ),
    "or": ("or", "of"),
    "profile_problems": (
        "The profile is not complete yet:",
        "Het profiel is nog niet compleet:",
    ),
    # -- results ------------------------------------------------------------------------
    "results_hint": (
        "Type 'help' for the commands (show N, why NAME, filter, weights, shortlist, export ...).",
        "Typ 'hulp' voor de opdrachten (toon N, waarom NAAM, filter, gewichten, shortlist, exporteer ...).",
    ),
    "help": (
        "Commands:\n"
        "  list [N]                 ranked funders (top 10, or N; 'list all')\n"
        "  list partners [N]        funders your partners abroad can approach themselves\n"
        "  show N                   details and sources of the funder ranked N (or its id)\n"
        "  why ID-or-name           why a funder was excluded (or how it ranks)\n"
        "  excluded                 every funder a hard rule ruled out, and why\n"
        "  filter open|form X|region X|min N|clear   narrow the list; 'filter' shows them\n"
        "  weights themes=0.5 ...   change the weights (themes regions size forms timing);\n"
        "                           'weights reset' restores the defaults\n"
        "  shortlist N note...      add funder N to the shortlist with a note\n"
        "  unshortlist N            remove it; 'shortlist' shows the shortlist\n"
        "  diagnosis | forms | checklist   the financial picture and what to do\n"
        "  profile                  the profile as understood; 'edit' answers the questions again\n"
        "  export md FILE           markdown report with the shortlist\n"
        "  export ics FILE          the shortlist's known deadlines as a calendar\n"
        "  export profile FILE      the profile as YAML (add --force to overwrite)\n"
        "  quit                     save and stop",
        "Opdrachten (de Engelse woorden werken ook):\n"
        "  lijst [N]                gerangschikte fondsen (top 10, of N; 'lijst alle')\n"
        "  lijst partners [N]       fondsen die uw partners in het buitenland zelf kunnen benaderen\n"
        "  toon N                   details en bronnen van het fonds op plek N (of zijn id)\n"
        "  waarom ID-of-naam        waarom een fonds is uitgesloten (of hoe het scoort)\n"
        "  uitgesloten              alle fondsen die een harde eis uitsloot, en waarom\n"
        "  filter open|vorm X|regio X|min N|wis   de lijst inperken; 'filter' toont ze\n"
        "  gewichten thema's=0,5 ...  de gewichten aanpassen (thema's regio's omvang vormen\n"
        "                           timing toegang geschiedenis); 'gewichten reset' zet ze terug\n"
        "  shortlist N notitie...   fonds N met een notitie op de shortlist zetten\n"
        "  schrap N                 regel N van de shortlist halen; 'shortlist' toont de shortlist\n"
        "  diagnose | vormen | checklist   het financiële beeld en wat te doen\n"
        "  profiel                  het profiel zoals begrepen; 'wijzig' stelt de vragen opnieuw\n"
        "  exporteer md BESTAND     markdownrapport met de shortlist\n"
        "  exporteer ics BESTAND    bekende deadlines van de shortlist als agenda\n"
        "  exporteer profiel BESTAND  het profiel als YAML (voeg --force toe om te overschrijven)\n"
        "  stop                     bewaren en stoppen",
    ),
    "unknown_command": (
        "Unknown command {text!r}.{hint} Type 'help' for the list.",
        "Onbekende opdracht {text!r}.{hint} Typ 'help' voor de lijst.",
    ),
    "closest_command": (" Did you mean '{cmd}'?", " Bedoelt u '{cmd}'?"),
    "usage": ("Usage: {usage}", "Gebruik: {usage}"),
    "no_funder": (
        "No funder {text!r} in the results.{hint}",
        "Geen fonds {text!r} in de resultaten.{hint}",
    ),
    "not_excluded": (
        "{name} is not excluded: it ranks #{rank} with {score}/100 ({why}).",
        "{name} is niet uitgesloten: het staat op #{rank} met {score}/100 ({why}).",
    ),
    "excluded_because": ("{name} is excluded: {why}.", "{name} is uitgesloten: {why}."),
    "none_excluded": ("No funder was excluded.", "Geen enkel fonds is uitgesloten."),
    "filters_now": ("Filters: {filters}.", "Filters: {filters}."),
    "no_filters": ("No filters.", "Geen filters."),
    "filter_open": ("open calls and rolling only", "alleen open oproepen en doorlopend"),
    "filter_form": ("form {value}", "vorm {value}"),
    "filter_region": ("region {value}", "regio {value}"),
    "filter_min": ("score at least {value}", "score minstens {value}"),
    "no_partners": (
        "No funders for partners abroad: the profile names no countries of work abroad.",
        "Geen fondsen voor partners in het buitenland: het profiel noemt geen werklanden.",
    ),
    "filtered_out": (
        "{n} of {total} matches hidden by the filters.",
        "{n} van {total} kandidaten verborgen door de filters.",
    ),
    "weights_now": ("Weights: {weights}.", "Gewichten: {weights}."),
    "weights_bad": (
        "Write weights as name=number, e.g. themes=0.5 regions=0.2; names: {names}.",
        "Schrijf gewichten als naam=getal, bijv. themes=0.5 regions=0.2; namen: {names}.",
    ),
    "top_changed": (
        "New number one: {name} (was #{old}).",
        "Nieuwe nummer één: {name} (was #{old}).",
    ),
    "shortlisted": ("Shortlisted {name}.", "{name} staat op de shortlist."),
    "note_updated": ("Note for {name} updated.", "Notitie voor {name} bijgewerkt."),
    "unshortlisted": ("Removed {name} from the shortlist.", "{name} van de shortlist gehaald."),
    "not_on_shortlist": ("{name} is not on the shortlist.", "{name} staat niet op de shortlist."),
    "shortlist_empty": (
        "The shortlist is empty; add a funder with: shortlist N note",
        "De shortlist is leeg; voeg een fonds toe met: shortlist N notitie",
    ),
    "shortlist": ("Shortlist", "Shortlist"),
    "col_note": ("Note", "Notitie"),
    "col_deadline": ("Next deadline", "Volgende deadline"),
    "col_now": ("Rank now", "Plek nu"),
    "excluded_now": ("excluded", "uitgesloten"),
    "no_deadline": ("none known", "geen bekend"),
    "no_diagnosis": (
        "The diagnosis needs the organisation's finances: type 'edit' and answer yes to the "
        "finances question.",
        "De diagnose heeft de financiën van de organisatie nodig: typ 'edit' en antwoord ja op "
        "de vraag over financiën.",
    ),
    "no_checklist": (
        "No checklist items for this situation.",
        "Geen checklistpunten voor deze situatie.",
    ),
    "wrote": ("Wrote {path}.", "{path} geschreven."),
    "no_ics_events": (
        "None of the shortlisted funders has a known deadline from {date} on; nothing written.",
        "Geen van de fondsen op de shortlist heeft een bekende deadline vanaf {date}; niets geschreven.",
    ),
    "export_usage": (
        "export md FILE | export ics FILE | export profile FILE  [--force]",
        "export md BESTAND | export ics BESTAND | export profile BESTAND  [--force]",
    ),
    "edit_done": (
        "Profile updated; results recomputed.",
        "Profiel bijgewerkt; resultaten opnieuw berekend.",
    ),
    "results_back": (
        "To change answers, type 'edit'.",
        "Typ 'edit' om antwoorden te wijzigen.",
    ),
    # -- exports ------------------------------------------------------------------------
    "ics_summary": ("Deadline: {name}", "Deadline: {name}"),
    "ics_summary_est": ("Deadline (estimated): {name}", "Deadline (geschat): {name}"),
    "ics_estimated": (
        "Estimated from the funder's usual yearly dates (checked {as_of}); confirm on its site.",
        "Geschat op basis van de gebruikelijke data van het fonds (gecontroleerd {as_of}); "
        "controleer dit op de site van het fonds.",
    ),
    "ics_note": ("Note: {note}", "Notitie: {note}"),
    "ics_reminder": (
        "In two weeks, on {date}: the deadline of {name}",
        "Over twee weken, op {date}: de deadline van {name}",
    ),
    "ics_checked": (
        "Deadline as known to fundfinder (checked {as_of}); confirm on the funder's site.",
        "Deadline volgens fundfinder (gecontroleerd {as_of}); controleer op de site van het fonds.",
    ),
    "md_shortlist_intro": (
        "Funders the adviser and the organisation picked, with their notes.",
        "Fondsen die de adviseur en de organisatie kozen, met hun notities.",
    ),
}


def t(key: str, lang: str, **params: Any) -> str:
    """One session message in `lang` (Dutch for 'nl', else English)."""
    return text_in(TEXTS, key, lang, **params)
