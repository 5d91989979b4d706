"""LILACS quality rules on small named records: each rule fires on its own fault and not on a good record."""

from __future__ import annotations

import pytest

from scielo_pub.lilacs.rules import check_record

from .helpers import record

GOOD = [
    (1, "BR1.1"), (2, "S1"), (4, "LILACS"), (5, "S"), (6, "as"),
    (8, "^uhttp://x/a.html^ipt^qhtml^yTEXTO"), (9, "a"),
    (10, "Souza, Ana Maria^1USP^2FM^cSão Paulo^pBrasil"), (12, "Título^ipt"), (12, "Title^ien"),
    (14, "^f1^l9"), (30, "Rev. Saúde Pública"), (31, "48"), (32, "2"), (35, "0034-8910"), (40, "pt"),
    (64, "abr. 2014"), (65, "20140400"), (83, "Resumo completo.^ipt"), (87, "^dSarampo"), (110, "s"), (113, "p"),
    (904, "LILACS"),
]  # fmt: skip


def rules_for(*changes, drop=()):
    fields = [f for f in GOOD if f[0] not in drop]
    fields += list(changes)
    return sorted({f.rule for f in check_record(record(*fields))})


def test_good_record_passes():
    assert check_record(record(*GOOD)) == []


@pytest.mark.parametrize(
    ("changes", "drop", "rule"),
    [
        ([], (10,), "1"),
        ([], (904,), "18"),
        ([(904, "MEDLINE")], (904,), "18"),
        ([(10, "Ana Souza^1USP^pBrasil")], (10,), "2"),
        ([(10, "Souza,Ana^1USP^pBrasil")], (10,), "2"),
        ([(10, "Souza, A.M^1USP^pBrasil")], (10,), "2"),
        ([(10, "Souza Jr, Ana^1USP^pBrasil")], (10,), "2"),
        ([(10, "Souza, Ana")], (10,), "3"),
        ([(10, "Souza, Ana^1USP")], (10,), "4"),
        ([(10, "Souza, Ana^1s.af^pBrasil")], (10,), "4"),
        ([(10, "Souza, Ana^1USP^pBrasil^rND")], (10,), "5"),
        ([(30, "Rev. Saúde Pública.")], (30,), "6"),
        ([(12, "Title^ide")], (12,), "7"),
        ([(12, "Título , errado^ipt")], (12,), "7"),
        ([(12, "Título^ipt")], (12,), "8"),
        ([(13, "English")], (), "8"),
        ([(14, "^f1")], (14,), "9"),
        ([(14, "^e1^f1^l2")], (14,), "9"),
        ([(14, "12 p")], (14,), "9"),
        ([(8, "^uhttp://x/a.html^ipt")], (8,), "10"),
        ([], (8,), "11"),
        ([], (87,), "12"),
        ([(40, "de")], (40,), "13"),
        ([(83, "Text^ide")], (83,), "13"),
        ([(9, "m")], (9,), "14"),
        ([(110, "a")], (110,), "15"),
        ([(113, "n")], (113,), "16"),
        ([(724, "https://doi.org/10.1/x")], (), "17"),
        ([], (31, 32), "19"),
        ([(35, "00348910")], (35,), "19"),
        ([(65, "20150400")], (65,), "19"),
        ([(64, "2014"), (65, "20140400")], (64, 65), "19"),
        ([(64, "abril")], (64,), "19"),
        ([], (35,), "mandatory"),
    ],
)
def test_each_rule_fires_on_its_fault(changes, drop, rule):
    assert rule in rules_for(*changes, drop=drop)


def test_abstracts_may_end_with_a_period_and_decs_rule_can_be_off():
    assert "6" not in rules_for()
    assert check_record(record(*[f for f in GOOD if f[0] != 87]), require_decs=False) == []
