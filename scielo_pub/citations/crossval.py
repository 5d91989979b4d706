"""A folder of SciELO PS articles in, the k-fold cross-validated field scores of the parser on its
development articles out: ``python -m scielo_pub.citations.crossval ../shared/data/xml``.

The development articles (``evaluate.split_of``; the held-back test articles are never read) are
shuffled with a fixed seed and dealt into ``k`` folds, whole articles per fold. For each fold a
model is trained on the synthetic references plus the aligned references of the other folds
(:func:`train.train`) and the fold is scored with the full parser (CRF + rules). With
``--scielo-weight 0`` the same synthetic-only model scores every fold: the baseline that shows
whether the development references help.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

from . import evaluate, train
from .parse import use_model


def folds(folder: Path, k: int = 5, seed: int = 0) -> list[list[Path]]:
    """The development articles with references, dealt into ``k`` folds."""
    articles = [p for p in train.development_articles(folder) if next(evaluate.jats_pairs([p]), 0)]
    random.Random(seed).shuffle(articles)
    return [articles[i::k] for i in range(k)]


def crossvalidate(
    folder: Path,
    count: int = 5000,
    weight: int = 3,
    k: int = 5,
    seed: int = 7,
    models: Path | None = None,
) -> evaluate.Report:
    """Scores of every development reference, each parsed by a model that never saw its article.

    With ``models`` the fold models are kept in that folder and reused when already there (named
    by count, weight and fold), so a change to the rules alone is re-scored without retraining."""
    total = evaluate.Report(f"{k}-fold cross-validation, {count} synthetic, weight {weight}")
    with tempfile.TemporaryDirectory() as tmp:
        where = models or Path(tmp)
        where.mkdir(parents=True, exist_ok=True)
        parts = folds(folder, k)
        shared = None
        for i, held in enumerate(parts):
            rest = [p for j, part in enumerate(parts) if j != i for p in part]
            kept = where / f"n{count}-s{seed}-w{weight}-k{k}-fold{i}.crfsuite"
            if weight == 0 and shared is not None:
                path = shared
            elif models is not None and kept.exists():
                path = shared = kept
            else:
                path = train.train(
                    kept,
                    count,
                    seed,
                    scielo=rest if weight else (),
                    scielo_weight=weight,
                )
                shared = path
            use_model(path)
            try:
                report = evaluate.score(
                    "fold",
                    evaluate.jats_pairs(held),
                    evaluate.jats_converter(),
                    evaluate.JATS_FIELDS,
                )
            finally:
                use_model(None)
            _add(total, report)
    return total


def _add(total: evaluate.Report, report: evaluate.Report) -> None:
    total.references += report.references
    total.errors.extend(report.errors)
    for name, c in report.fields.items():
        t = total.fields.setdefault(name, evaluate.Counts())
        t.tp, t.fp, t.fn = t.tp + c.tp, t.fp + c.fp, t.fn + c.fn


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="folder of SciELO PS articles")
    parser.add_argument("--count", type=int, default=5000, help="synthetic references per fold")
    parser.add_argument("--scielo-weight", type=int, default=3)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--models", type=Path, help="keep the fold models here and reuse them (rules-only changes)"
    )
    parser.add_argument("--errors", type=Path, help="write every field error here (tab-separated)")
    args = parser.parse_args(argv)
    report = crossvalidate(
        args.folder, args.count, args.scielo_weight, args.folds, models=args.models
    )
    print(report.table())
    if args.errors:
        with args.errors.open("w", encoding="utf-8") as out:
            for name, text, gold, pred in report.errors:
                out.write(f"{name}\t{gold}\t{pred}\t{text}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
