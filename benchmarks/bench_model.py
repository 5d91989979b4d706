"""Reading the 24 real SciELO PS articles into the model, against a bare lxml parse of the same bytes."""

from __future__ import annotations

from lxml import etree

from benchmarks._common import best_of, print_table, shared_xml_files
from scielo_pub.markup.jats import read_xml
from scielo_pub.model import article_from_tree

TARGET_RATIO = 1.5


def main() -> None:
    blobs = [p.read_bytes() for p in shared_xml_files()]
    megabytes = sum(map(len, blobs)) / 1e6
    parser = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
    trees = [read_xml(data).tree for data in blobs]

    def bare() -> None:
        for data in blobs:
            etree.fromstring(data, parser)

    def model_only() -> None:
        for tree in trees:
            article_from_tree(tree)

    def read_and_model() -> None:
        for data in blobs:
            article_from_tree(read_xml(data).tree)

    t_bare = best_of(bare, 20)
    t_model = best_of(model_only, 20)
    t_total = best_of(read_and_model, 20)
    print(f"{len(blobs)} articles, {megabytes:.2f} MB; best of 20 runs each")
    print_table(
        ["step", "articles/s", "MB/s", "time / bare parse"],
        [_row(name, t, t_bare, len(blobs), megabytes) for name, t in (
            ("lxml.etree parse (reference)", t_bare),
            ("model building from the tree", t_model),
            ("read + model (scielo-pub)", t_total),
        )],
    )  # fmt: skip
    ratio = t_model / t_bare
    verdict = "meets" if ratio <= TARGET_RATIO else "MISSES"
    print(f"model building costs {ratio:.2f}x the bare parse: {verdict} the {TARGET_RATIO}x target")


def _row(name: str, seconds: float, bare: float, count: int, megabytes: float) -> list[str]:
    return [name, f"{count / seconds:,.0f}", f"{megabytes / seconds:.1f}", f"{seconds / bare:.2f}"]
