"""Training options in, a CRF model file out: ``python -m scielo_pub.citations.train [--count N]``.

The model is trained only on synthetic references rendered by :mod:`synth` from the project's own
word lists, so the shipped ``model.crfsuite`` derives from nothing but this repository. Evaluation
on real labelled data happens in the test suite, never here.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pycrfsuite

from . import features, synth

MODEL_PATH = Path(__file__).with_name("model.crfsuite")
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}


def train(out: Path = MODEL_PATH, count: int = 20000, seed: int = 7, verbose: bool = False) -> Path:
    """Generate ``count`` synthetic references, train a CRF on them and write it to ``out``."""
    trainer = pycrfsuite.Trainer(verbose=verbose)
    for segments in synth.generate(count, seed):
        text, tokens, labels = features.label_tokens(segments)
        trainer.append(features.sequence_features(text, tokens), labels)
    trainer.set_params(PARAMS)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Train the reference-string CRF on synthetic data."
    )
    parser.add_argument(
        "--count", type=int, default=20000, help="synthetic references (default 20000)"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    path = train(args.out, args.count, args.seed)
    print(f"wrote {path} ({path.stat().st_size} bytes) in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
