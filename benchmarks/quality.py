"""Ranking quality, measured on the organisations in the grant history.

    python benchmarks/quality.py           # the table (a minute or two)
    python benchmarks/quality.py --fit     # also fit the weights on two thirds of the recipients

Leave one recipient out: its profile is made from its own words, its grants are
hidden, all funders are ranked, and the ranks of its real funders are read.
Prints recall@10, recall@20 and mean reciprocal rank for fundfinder, for a naive
baseline (shared words), and with each part of the score switched off in turn;
then overall, on the held-apart third, per funder type and per applicant's home.
The last line is the summary. See docs/ranking.md for how it is made.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date

from fundfinder.load.catalog import load_catalog
from fundfinder.load.history import load_history
from fundfinder.rank.evaluation import (
    PARTS,
    Result,
    baseline_ranks,
    build_cases,
    default_weights,
    fit_weights,
    measure,
    ranks,
    score_case,
)
from fundfinder.taxonomy import load_taxonomy


def row(label: str, r: Result) -> str:
    return (
        f"{label:<34} {r.recall10:>6.2f} {r.recall20:>6.2f} {r.mrr:>6.2f} {r.pairs:>6} {r.cases:>6}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fit", action="store_true", help="fit the weights on the fitting part")
    args = parser.parse_args()
    start = time.perf_counter()
    today = date.fromisoformat(os.environ.get("FUNDFINDER_TODAY", date.today().isoformat()))
    taxonomy = load_taxonomy()
    catalog = load_catalog(taxonomy=taxonomy)
    funders = list(catalog.funders)
    index = {f.id: i for i, f in enumerate(funders)}
    history = load_history(taxonomy, index)
    closed = {f.id for f in funders if f.access == "closed"}
    cases, unread = build_cases(history, index, taxonomy, closed)
    scored = [score_case(c, funders, history, taxonomy, today) for c in cases]
    base = [baseline_ranks(c, funders, taxonomy) for c in cases]
    weights = default_weights()

    def ours(w: dict[str, float]):  # type: ignore[no-untyped-def]
        return lambda i: ranks(scored[i], w)

    print(
        f"{len(history)} grants, {len(cases)} recipients with a funder in the database "
        f"({unread} whose words could not be read), {len(funders)} funders; "
        f"{sum(c.held_out for c in cases)} recipients held apart; grants from the "
        f"{len(closed)} closed funders are left out"
    )
    print(f"weights: {' '.join(f'{k}={v:g}' for k, v in weights.items())}")
    print()
    print(f"{'':<34} {'R@10':>6} {'R@20':>6} {'MRR':>6} {'pairs':>6} {'orgs':>6}")
    total = measure(cases, ours(weights), index)
    baseline = measure(cases, lambda i: base[i], index)
    print(row("fundfinder", total))
    print(row("baseline (shared words)", baseline))
    for part in PARTS:
        w = dict(weights)
        w[part] = 0.0
        print(row(f"  without {part}", measure(cases, ours(w), index)))
    print()
    print(
        row(
            "fitting part (2/3)",
            measure(cases, ours(weights), index, keep=lambda c: not c.held_out),
        )
    )
    print(
        row(
            "held-apart part (1/3)", measure(cases, ours(weights), index, keep=lambda c: c.held_out)
        )
    )
    print(
        row(
            "  baseline, held apart",
            measure(cases, lambda i: base[i], index, keep=lambda c: c.held_out),
        )
    )
    print()
    for home in ("NL", "Europe", "elsewhere"):
        print(
            row(
                f"applicants registered: {home}",
                measure(cases, ours(weights), index, keep=lambda c, h=home: c.home == h),
            )
        )
    print()
    types = sorted({f.type for f in funders})
    for ftype in types:
        ids = {f.id for f in funders if f.type == ftype}
        r = measure(cases, ours(weights), index, funder_keep=lambda f, ids=ids: f in ids)
        if r.pairs:
            print(row(f"funder type: {ftype}", r))
    if args.fit:
        fitted, value = fit_weights(cases, scored, index, weights)
        print()
        print(
            f"fitted on the fitting part (objective {value:.3f}): "
            + " ".join(f"{k}={v:g}" for k, v in fitted.items())
        )
        print(
            row(
                "  fitted, fitting part",
                measure(cases, ours(fitted), index, keep=lambda c: not c.held_out),
            )
        )
        print(
            row(
                "  fitted, held-apart part",
                measure(cases, ours(fitted), index, keep=lambda c: c.held_out),
            )
        )
    print(f"({time.perf_counter() - start:.0f} s)", file=sys.stderr)
    print(
        f"fundfinder recall@10 {total.recall10:.2f} recall@20 {total.recall20:.2f} mrr {total.mrr:.2f}; "
        f"baseline recall@10 {baseline.recall10:.2f} recall@20 {baseline.recall20:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
