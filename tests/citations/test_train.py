"""The training pipeline: synthetic references in, a working CRF model out."""

from __future__ import annotations

import pycrfsuite

from scielo_pub.citations import features, synth
from scielo_pub.citations.train import train


def test_synthetic_references_are_labelled_token_by_token():
    for segments in synth.generate(50, seed=1):
        text, tokens, labels = features.label_tokens(segments)
        assert len(tokens) == len(labels) and tokens
        assert set(labels) <= set(features.LABELS)
        assert text == "".join(t for t, _ in segments)


def test_every_style_and_kind_renders(tmp_path):
    import random

    rng = random.Random(2)
    seen = set()
    for _ in range(300):
        rec = synth.make_record(rng)
        for style in synth.STYLES:
            text = "".join(t for t, _ in synth.render(rec, style, rng))
            assert str(rec.year) in text
            seen.add((style, rec.kind))
    assert len(seen) >= len(synth.STYLES) * 5


def test_a_small_model_trains_and_tags(tmp_path):
    path = train(tmp_path / "small.crfsuite", count=300, seed=3)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    text = "Silva JA, Souza MB. Quedas em idosos. Rev Bras Saude Ocup. 2010;44(2):10-20."
    tokens = features.tokenize(text)
    labels = tagger.tag(features.sequence_features(text, tokens))
    by_token = dict(zip((t.text for t in tokens), labels, strict=True))
    assert by_token["2010"] == "year"
    assert by_token["Silva"] == "author"
