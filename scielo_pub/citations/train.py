"""Training options in, a CRF model file out: ``python -m scielo_pub.citations.train [--count N]``.

The model is trained on synthetic references rendered by :mod:`synth` from the project's own word
lists and, with ``--scielo DIR``, on the references of the development articles of ``DIR``
(``evaluate.split_of``; the held-back test articles are refused), aligned with their
``element-citation`` by :mod:`aligned` and repeated ``--scielo-weight`` times. Evaluation on
labelled data happens in the test suite and in :mod:`crossval`, never here.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import pycrfsuite

from . import aligned, features, synth

MODEL_PATH = Path(__file__).with_name("model.crfsuite")
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}


def train(
    out: Path = MODEL_PATH,
    count: int = 5000,
    seed: int = 7,
    verbose: bool = False,
    scielo: Iterable[Path] = (),
    scielo_weight: int = 3,
) -> Path:
    """Generate ``count`` synthetic references, add the aligned development references of
    ``scielo`` ``scielo_weight`` times, train a CRF on them and write it to ``out``."""
    trainer = pycrfsuite.Trainer(verbose=verbose)
    for segments in synth.generate(count, seed):
        text, tokens, labels = features.label_tokens(segments)
        trainer.append(features.sequence_features(text, tokens), labels)
    for text, tokens, labels in aligned.training_sequences(sorted(scielo)):
        xseq = features.sequence_features(text, tokens)
        for _ in range(scielo_weight):
            trainer.append(xseq, labels)
    trainer.set_params(PARAMS)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    return out


def development_articles(folder: Path) -> list[Path]:
    """The articles of ``folder`` that belong to the development set."""
    from .evaluate import split_of

    return [p for p in sorted(folder.glob("*.xml")) if split_of(p) == "dev"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Train the reference-string CRF on synthetic and SciELO development data."
    )
    parser.add_argument(
        "--count", type=int, default=5000, help="synthetic references (default 5000)"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument(
        "--scielo",
        type=Path,
        help="folder of SciELO PS articles; the references of its development articles are added",
    )
    parser.add_argument("--scielo-weight", type=int, default=3, help="copies of each (default 3)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    real = development_articles(args.scielo) if args.scielo else []
    path = train(args.out, args.count, args.seed, scielo=real, scielo_weight=args.scielo_weight)
    print(f"wrote {path} ({path.stat().st_size} bytes) in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
