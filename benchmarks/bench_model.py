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

    def bare() -> None:
        for data in blobs:
            etree.fromstring(data, parser)

    def model() -> None:
        for data in blobs:
            article_from_tree(read_xml(data).tree)

    t_bare, t_model = best_of(bare, 20), best_of(model, 20)
    rows = [
        [
            "lxml.etree parse (reference)",
            f"{len(blobs) / t_bare:,.0f}",
            f"{megabytes / t_bare:.1f}",
            "1.00",
        ],
        [
            "read + model (scielo-pub)",
            f"{len(blobs) / t_model:,.0f}",
            f"{megabytes / t_model:.1f}",
            f"{t_model / t_bare:.2f}",
        ],
    ]
    print(f"{len(blobs)} articles, {megabytes:.2f} MB; best of 20 runs")
    print_table(["reader", "articles/s", "MB/s", "time ratio"], rows)
    verdict = "meets" if t_model / t_bare <= TARGET_RATIO else "MISSES"
    print(
        f"model building costs {t_model / t_bare:.2f}x the bare parse: {verdict} the {TARGET_RATIO}x target"
    )
