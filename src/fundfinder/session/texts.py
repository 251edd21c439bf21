"""What the interactive session says, in English and Dutch.

Kept apart from `i18n` (the report's texts) so the session can grow its own
wording without touching the report. `t(key, lang, **params)` picks and fills
one message; a missing key shows as itself, never as an error.
"""

from __future__ import annotations

from typing import Any

from fundfinder.messages import table

TEXTS = table(
    "session",
    {
        # -- start and end ---------------------------------------------------------------
        "welcome": (
            "fundfinder session. Answer a few questions about the organisation; "
            "Enter takes the [default], 'back' goes to the previous question, 'skip' leaves an "
            "optional one open. Ctrl-D or Ctrl-C saves the draft and stops."
        ),
        "resumed": "Continuing the saved session for {name}.",
        "resume_missing": "No saved session in {path}; starting a new one.",
        "other_drafts": "Other saved sessions: {names} (continue one with --resume --draft NAME).",
        "draft_unreadable": "The saved session could not be read ({error}); it was set aside as {path}.",
        "previous_kept": "The previous draft was kept as {path} (use --resume to continue a draft).",
        "saved_exit": "Draft saved to {path}. Continue with: fundfinder session --resume",
        "save_failed": (
            "Could not save the draft to {path}: {error}. The session goes on; export the "
            "profile with 'export profile FILE' to keep it."
        ),
        "bye": "Saved to {path}. Goodbye.",
        "loaded_profile": "Loaded {path}.",
        # -- interview ----------------------------------------------------------------------
        "q_name": "Name of the organisation",
        "q_registered_in": "Country where it is registered",
        "q_org_type": "Type (ngo, grassroots, network, research, social_enterprise, foundation, consortium)",
        "q_budget": "Annual budget in euros (e.g. 1.8m)",
        "q_staff": "Staff in FTE",
        "q_themes": "Themes, separated by commas (e.g. SRHR, youth)",
        "q_regions": "Countries or regions of the work, separated by commas",
        "q_need": "Amount sought per year in euros",
        "q_forms": "Acceptable forms of funding (grant, loan, matchfunding, ...; empty = any)",
        "q_finances": "Add finances for a diagnosis and checklist? (yes/no)",
        "q_income_government": "Yearly income from government",
        "q_income_foundations": "... from foundations",
        "q_income_lotteries": "... from lotteries",
        "q_income_private_donors": "... from private donors",
        "q_income_corporate": "... from companies",
        "q_income_earned": "... earned (sales, fees)",
        "q_income_other": "... other income",
        "q_lost_income": "Income lost per year (the refused or cut grant)",
        "q_reserves": "Freely available reserves",
        "q_expenses": "Yearly expenses",
        "q_anbi": "Does it have ANBI status (a Dutch charity for tax purposes)? (yes/no)",
        "q_cbf": "Is it CBF-recognised? (yes/no)",
        "q_duration": "For how many months is the money sought?",
        "q_core": "Is core (unrestricted) funding sought? (yes/no)",
        "q_lost_from": "From when is the income lost? (a date, e.g. 2027-01-01)",
        "q_admin_costs": "Yearly management and administration costs",
        "q_positions_at_risk": "How many positions (FTE) are at risk?",
        "not_date": "'{text}' is not a date; write it as 2027-01-31 or 31-1-2027.",
        "q_works_council": "Is there a works council? (yes/no)",
        "yes_word": "yes",
        "no_word": "no",
        "step_of": "({n}/{total})",
        "optional": "optional",
        "required": "This one is needed to find funders; please answer it.",
        "first_step": "This is the first question.",
        "skipped": "Left open.",
        "step_help": (
            "Type an answer and press Enter. 'back' = previous question, 'skip' = leave open "
            "(optional questions), Tab completes, Ctrl-D saves and stops."
        ),
        "invalid": "That does not work: {detail}",
        "not_number": "{text!r} is not an amount; write it like 450000, 450k or 1.8m.",
        "not_yes_no": "Please answer yes or no.",
        "unknown_theme": "Unknown theme {text!r}.",
        "unknown_place": "Unknown country or region {text!r}.",
        "unknown_country": "Unknown country {text!r}.",
        "not_a_country": "{label} is a region; give the country where the organisation is registered.",
        "unknown_form": "Unknown form of funding {text!r}.",
        "unknown_org_type": "Unknown type {text!r}.",
        "did_you_mean": "Did you mean {options}?",
        "accept_hint": "Press Enter to take [{answer}], or type it again.",
        "understood": "Understood {text!r} as {label}.",
        "read_as": "Read {text!r} as {labels}.",
        "kept_keywords": "Kept as keywords: {words}.",
        "legal_form_noted": "{text!r} is a legal form; noted as such. What kind of organisation is it ({types})?",
        "or": "or",
        "profile_problems": "The profile is not complete yet:",
        # -- results ------------------------------------------------------------------------
        "results_hint": "Type 'help' for the commands (show N, why NAME, filter, weights, shortlist, export ...).",
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
            "  quit                     save and stop"
        ),
        "unknown_command": "Unknown command {text!r}.{hint} Type 'help' for the list.",
        "closest_command": " Did you mean '{cmd}'?",
        "usage": "Usage: {usage}",
        "no_funder": "No funder {text!r} in the results.{hint}",
        "not_excluded": "{name} is not excluded: it ranks #{rank} with {score}/100 ({why}).",
        "excluded_because": "{name} is excluded: {why}.",
        "none_excluded": "No funder was excluded.",
        "filters_now": "Filters: {filters}.",
        "no_filters": "No filters.",
        "filter_open": "open calls and rolling only",
        "filter_form": "form {value}",
        "filter_region": "region {value}",
        "filter_min": "score at least {value}",
        "no_partners": "No funders for partners abroad: the profile names no countries of work abroad.",
        "filtered_out": "{n} of {total} matches hidden by the filters.",
        "weights_now": "Weights: {weights}.",
        "weights_bad": "Write weights as name=number, e.g. themes=0.5 regions=0.2; names: {names}.",
        "top_changed": "New number one: {name} (was #{old}).",
        "shortlisted": "Shortlisted {name}.",
        "note_updated": "Note for {name} updated.",
        "unshortlisted": "Removed {name} from the shortlist.",
        "not_on_shortlist": "{name} is not on the shortlist.",
        "shortlist_empty": "The shortlist is empty; add a funder with: shortlist N note",
        "shortlist": "Shortlist",
        "col_note": "Note",
        "col_deadline": "Next deadline",
        "col_now": "Rank now",
        "excluded_now": "excluded",
        "no_deadline": "none known",
        "no_diagnosis": (
            "The diagnosis needs the organisation's finances: type 'edit' and answer yes to the "
            "finances question."
        ),
        "no_checklist": "No checklist items for this situation.",
        "wrote": "Wrote {path}.",
        "no_ics_events": "None of the shortlisted funders has a known deadline from {date} on; nothing written.",
        "export_usage": "export md FILE | export ics FILE | export profile FILE  [--force]",
        "edit_done": "Profile updated; results recomputed.",
        "results_back": "To change answers, type 'edit'.",
        # -- exports ------------------------------------------------------------------------
        "ics_summary": "Deadline: {name}",
        "ics_summary_est": "Deadline (estimated): {name}",
        "ics_estimated": "Estimated from the funder's usual yearly dates (checked {as_of}); confirm on its site.",
        "ics_note": "Note: {note}",
        "ics_reminder": "In two weeks, on {date}: the deadline of {name}",
        "ics_checked": "Deadline as known to fundfinder (checked {as_of}); confirm on the funder's site.",
        "md_shortlist_intro": "Funders the adviser and the organisation picked, with their notes.",
    },
)


def t(key: str, lang: str, **params: Any) -> str:
    """One session message in `lang` (Dutch for 'nl', else English)."""
    return TEXTS.fill(key, lang, **params)
