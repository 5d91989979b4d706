"""The reference-string parser on small named references in the styles SciELO journals use."""

from __future__ import annotations

from scielo_pub.citations.parse import FIELDS, parse


def _surnames(result):
    return [a.get("surname") or a.get("collab") for a in result["authors"]]


def test_vancouver_journal_article():
    r = parse(
        "1. Tavares MI, Rocha R, Gouveia D. Capacidade funcional entre trabalhadoras rurais do Nordeste. "
        "Rev Bras Saude Ocup. 2005;39(3):383-91. DOI:10.1590/S0303-76572005000300008"
    )
    assert _surnames(r) == ["Tavares", "Rocha", "Gouveia"]
    assert r["article_title"] == "Capacidade funcional entre trabalhadoras rurais do Nordeste"
    assert r["source"] == "Rev Bras Saude Ocup"
    assert (r["year"], r["volume"], r["issue"], r["fpage"], r["lpage"]) == (
        "2005",
        "39",
        "3",
        "383",
        "391",
    )
    assert r["doi"] == "10.1590/s0303-76572005000300008"
    assert r["publication_type"] == "journal"


def test_abnt_journal_article():
    r = parse(
        "FONSECA, Mariana; LACERDA, T. Medidas de desigualdade regional. Economia Aplicada, v. 46, n. 1, p. 33-50, 1978"
    )
    assert _surnames(r) == ["FONSECA", "LACERDA"]
    assert r["article_title"] == "Medidas de desigualdade regional"
    assert r["source"] == "Economia Aplicada"
    assert (r["volume"], r["issue"], r["fpage"], r["lpage"], r["year"]) == (
        "46",
        "1",
        "33",
        "50",
        "1978",
    )


def test_abnt_book():
    r = parse(
        "CASTELO, A. Crescimento econômico e abertura comercial. Rio de Janeiro: BNDES, 1999."
    )
    assert r["publication_type"] == "book"
    assert r["source"] == "Crescimento econômico e abertura comercial"
    assert r["publisher_loc"] == "Rio de Janeiro"
    assert r["publisher_name"] == "BNDES"
    assert r["year"] == "1999"


def test_abnt_chapter_has_chapter_title_and_book_source():
    r = parse(
        "SILVA, M. A. O cuidado em saúde. In: SOUZA, J. (Org.). Saúde e sociedade no Brasil. "
        "São Paulo: Hucitec, 2010. p. 35-63."
    )
    assert r["chapter_title"] == "O cuidado em saúde"
    assert r["source"] == "Saúde e sociedade no Brasil"
    assert (r["fpage"], r["lpage"]) == ("35", "63")
    assert r["publication_type"] == "book"


def test_apa_with_doi_url():
    r = parse(
        "Ribeiro, S. B., & Costa, M. (2015). Patrimônio cultural e gestão urbana. Urban Studies, 52(3), "
        "245-260. https://doi.org/10.1177/0042098014528396"
    )
    assert _surnames(r) == ["Ribeiro", "Costa"]
    assert r["year"] == "2015"
    assert r["source"] == "Urban Studies"
    assert r["doi"] == "10.1177/0042098014528396"
    assert r["url"] is None


def test_webpage_with_url_and_access_date():
    r = parse(
        "World Health Organization. Global health sector strategy on viral hepatitis. Geneva; 2016. "
        "Available from: https://iris.who.int/handle/10665/246177"
    )
    assert r["url"] == "https://iris.who.int/handle/10665/246177"
    assert r["year"] == "2016"


def test_pmid_is_taken_by_rule():
    r = parse(
        "Brandt S, Holloway AB. Studies of frailty in the aged. J Gerontol Nurs. 1963;185(12):914-9. PMID: 14044222."
    )
    assert r["pmid"] == "14044222"
    assert (r["fpage"], r["lpage"]) == ("914", "919")


def test_output_has_every_field_and_keeps_the_printed_string():
    text = "Smith J. A title. Nature. 2001;1:1-2."
    r = parse(text, ref_id="B1")
    assert set(r) == set(FIELDS)
    assert r["id"] == "B1"
    assert r["mixed_citation"] == text


def test_garbage_does_not_crash():
    for text in ["", "   ", "....", "((((", "1234", "x" * 5000, "\u0000\ufffd"]:
        r = parse(text)
        assert set(r) == set(FIELDS)


def test_an_author_span_that_ran_into_the_title_is_cut_after_the_initials():
    r = parse(
        "Moreno PA, Quiroga LT. Mapping Wetland Birds, Seasons, and Water Levels in the Pantanal."
        " Acta Zool Neotrop. 2011;12(3):44-51."
    )
    assert [a["surname"] for a in r["authors"]] == ["Moreno", "Quiroga"]
    assert r["article_title"].startswith("Mapping Wetland Birds")


def test_a_body_as_author_stays_one_collab():
    from scielo_pub.citations.normalise import split_authors

    assert split_authors("Instituto Nacional de Pesquisas Espaciais e Meteorologia (INPEM)") == [
        {"collab": "Instituto Nacional de Pesquisas Espaciais e Meteorologia (INPEM)"}
    ]
    assert len(split_authors("Moreno PA, Quiroga LT")) == 2


def test_the_journal_date_before_the_volume_wins_over_years_in_the_title():
    r = parse(
        "Duarte RS. A new species of Culex Linnaeus, 1758 from Goiás. "
        "Rev Bras Entomol. 1997;41(2):101-4."
    )
    assert r["year"] == "1997"


def test_a_bracket_left_open_in_the_title_is_closed_from_the_source():
    from scielo_pub.citations.parse import _mend_boundary

    body = "Ribas T. Glycaemic control in adults with diabetes (TRIAL 7). Lancet. 1999;35:83-9."
    assert _mend_boundary(
        "Glycaemic control in adults with diabetes (", "TRIAL 7). Lancet", body
    ) == (
        "Glycaemic control in adults with diabetes (TRIAL 7)",
        "Lancet",
    )


def test_capitalised_words_after_a_question_mark_go_to_the_journal():
    from scielo_pub.citations.parse import _mend_boundary

    body = "Ribas T. Is it worth it? Best Pract Clin Anaesth. 2001;15(1):9-14."
    assert _mend_boundary("Is it worth it? Best", "Pract Clin Anaesth", body) == (
        "Is it worth it?",
        "Best Pract Clin Anaesth",
    )
    # separated by a full stop in the reference: the title's last sentence stays
    body = "Ribas T. Trials in surgery. Part II. Br J Surg. 2001;15(1):9-14."
    assert _mend_boundary("Trials in surgery. Part II", "Br J Surg", body) == (
        "Trials in surgery. Part II",
        "Br J Surg",
    )


def test_city_and_publisher_left_in_a_book_title_are_split_off():
    from scielo_pub.citations.parse import _imprint_tail

    body = "QUENTAL, Iria. Cartas do litoral. Recife: Oficina Grafica Lusa. 1931."
    result = {"publisher_loc": None, "publisher_name": None}
    title = _imprint_tail(result, "Cartas do litoral. Recife: Oficina Grafica Lusa", body)
    assert (title, result["publisher_loc"], result["publisher_name"]) == (
        "Cartas do litoral",
        "Recife",
        "Oficina Grafica Lusa",
    )
    body = "QUENTAL, Iria. Cartas do litoral. Recife: Oficina Lusa. 1931."
    result = {"publisher_loc": None, "publisher_name": "Oficina Lusa"}
    assert _imprint_tail(result, "Cartas do litoral. Recife", body) == "Cartas do litoral"
    assert result["publisher_loc"] == "Recife"
    # a subtitle is not a place: the title stays whole
    result = {"publisher_loc": None, "publisher_name": None}
    body = "QUENTAL, Iria. Cartas. Memorias do litoral. 1931."
    assert (
        _imprint_tail(result, "Cartas. Memorias do litoral", body) == "Cartas. Memorias do litoral"
    )


def test_a_source_that_is_only_city_and_publisher_is_the_imprint():
    from scielo_pub.citations.parse import _whole_imprint

    result = {"publisher_loc": None, "publisher_name": None}
    assert _whole_imprint(result, "Cheltenham: Ardel Books")
    assert (result["publisher_loc"], result["publisher_name"]) == ("Cheltenham", "Ardel Books")
    assert not _whole_imprint({"publisher_loc": None, "publisher_name": None}, "Rev Bras Enferm")
    assert not _whole_imprint({"publisher_loc": "Lima", "publisher_name": None}, "Lima: Ardel")


def test_an_organisation_opening_the_reference_is_its_author():
    from scielo_pub.citations.parse import _body_as_author

    first = {"title": "Working Group on Falls in Older Adults. Prevention of falls at home."}
    _body_as_author(first, [("title", first["title"]), ("source", "Age Ageing.")])
    assert first == {
        "author": "Working Group on Falls in Older Adults",
        "title": "Prevention of falls at home.",
    }
    prose = {"title": "The role of the support group in recovery. A qualitative study."}
    _body_as_author(prose, [("title", prose["title"])])
    assert "author" not in prose


def test_a_monograph_keeps_one_title_in_source():
    from scielo_pub.citations.parse import _monograph_title

    body = "Agency (AG). Strategy on hepatitis 2016-2021. Towards an end [Internet]. Lima; 2016."
    assert _monograph_title("Strategy on hepatitis 2016-2021", "Towards an end", body) == (
        "Strategy on hepatitis 2016-2021. Towards an end"
    )
    body = "Neri T. Costs of mood disorders, Discussion Papers, 2015."
    assert _monograph_title("Costs of mood disorders", "Papers", body) == "Costs of mood disorders"


def test_a_law_cited_by_its_number_is_a_legal_document():
    r = parse(
        "Brasil. Lei nº 9.876, de 3 de março de 2001. Dispõe sobre a pesca. Diário Oficial, 2001."
    )
    assert r["publication_type"] == "legal-doc"
    assert parse("Ley 27/2013, de 27 de diciembre. Racionalización local.")["publication_type"] == (
        "legal-doc"
    )


def test_an_online_text_without_volume_issue_or_page_is_a_webpage():
    r = parse(
        "Agencia Andina de Salud (AAS). Informe anual de vigilancia [Internet]. AAS; 2019 "
        "[citado 2020 mar 3]. Disponible en: https://aas.example.org/informe"
    )
    assert r["publication_type"] == "webpage"
    assert r["source"] and "Informe anual de vigilancia" in r["source"]


def test_title_and_journal_read_together_as_source_are_split():
    from scielo_pub.citations.parse import split_title_source

    assert split_title_source("Outbreak of tonsillitis in a prison kitchen. Clin Infect Dis") == (
        "Outbreak of tonsillitis in a prison kitchen",
        "Clin Infect Dis",
    )


def test_the_medium_in_brackets_is_no_part_of_a_journal_name():
    r = parse(
        "Quintal AB, Reis T. Bancos de leche en zonas rurales. Rev Cubana Salud Rural "
        "[revista en la Internet]. 2006 [citado 2014 mar 17];32(3):1-9."
    )
    assert r["source"] == "Rev Cubana Salud Rural"


def test_imprints_split_wrongly_are_mended():
    from scielo_pub.citations.parse import _mend_imprint

    def mended(loc, pub, body):
        result = {"publisher_loc": loc, "publisher_name": pub}
        _mend_imprint(result, body)
        return result["publisher_loc"], result["publisher_name"]

    body = "Agency (AG). Atlas of towns [Internet]. Rio de Janeiro; 2023 [cited 2023 Jul 18]."
    assert mended("Rio de", "Janeiro", body) == ("Rio de Janeiro", None)
    body = "Agency (AG). Trend software [Internet]. Calverton; 2021 [cited 2023 Mar 2]."
    assert mended(None, "Calverton", body) == ("Calverton", None)
    body = "Agency (AG). Ageing today [Internet]. UNPFX; 2012 [cited 2014 Sep 29]."
    assert mended(None, "UNPFX", body) == (None, "UNPFX")
    body = "QUINTAL, A. Reformas. Lima: Fondo Editorial Andino; Lisboa: Casa Lusa, 2012."
    assert mended("Lima", "Fondo Editorial Andino; Lisboa: Casa Lusa", body) == (
        "Lima",
        "Fondo Editorial Andino",
    )


def test_place_only_imprint_needs_a_sentence_start_and_a_year():
    from scielo_pub.citations.parse import _place_only

    assert _place_only("Atlas of towns [Internet]. Calverton; 2021 [cited 2023].", "Calverton")
    assert not _place_only("Atlas of towns in Calverton; 2021 update.", "Calverton")
    assert not _place_only("Atlas of towns. Calverton; second edition.", "Calverton")


def test_an_nlm_place_qualifier_is_the_journal_place_but_a_medium_is_not():
    from scielo_pub.citations.parse import _journal_qualifier

    assert _journal_qualifier("Arq Bras Testes (Sao Paulo)") == ("Arq Bras Testes", "Sao Paulo")
    assert _journal_qualifier("Rev Testes (Greenfield)") == ("Rev Testes", "Greenfield")
    assert _journal_qualifier("Journal of Tests (Greenfield)") == (
        "Journal of Tests (Greenfield)",
        None,
    )
    assert _journal_qualifier("Tests of Soils (Series B)") == ("Tests of Soils (Series B)", None)
    assert _journal_qualifier("Arq Bras Testes (Online)") == ("Arq Bras Testes (Online)", None)
    assert _journal_qualifier("Arq Bras Testes (2)") == ("Arq Bras Testes (2)", None)
    r = parse("Moura AB, Lins CD. Thermal effects. Arq Bras Testes (Rio J). 2002;78(3):183-4.")
    assert (r["source"], r["publisher_loc"]) == ("Arq Bras Testes", "Rio J")


def test_numbers_grouped_wrongly_are_mended():
    from scielo_pub.citations.parse import _mend_numbers

    def mended(volume, issue, fpage, lpage, body):
        result = {"volume": volume, "issue": issue, "fpage": fpage, "lpage": lpage}
        _mend_numbers(result, body)
        return result["volume"], result["issue"], result["fpage"], result["lpage"]

    body = "KURY, A. Homens. Revista Teste, v.11, supl.1, p.109-129. 2004."
    assert mended(None, "11, supl.1", "109", "129", body) == ("11", "supl 1", "109", "129")
    body = "Moura AB. Students. J Clin Tests. 2016 Mar; 25(5-6):725-32. doi: 10.1111/x"
    assert mended("25", None, "5", "6", body) == ("25", "5-6", "725", "732")
    body = "Moura AB. Students. J Clin Tests. 2016;25(5):725-32."
    assert mended("25", "5", "725", "732", body) == ("25", "5", "725", "732")
    body = "Moura AB. Students aged 25 (5 to 6): a survey. J Clin Tests. 2016;25:725-32."
    assert mended("25", None, "725", "732", body) == ("25", None, "725", "732")


def test_place_and_publisher_read_as_one_field_are_split():
    from scielo_pub.citations.parse import _mend_imprint

    def mended(loc, pub):
        result = {"publisher_loc": loc, "publisher_name": pub}
        _mend_imprint(result, "")
        return result["publisher_loc"], result["publisher_name"]

    assert mended(None, "Universidade Estadual de Campinas, Campinas") == (
        "Campinas",
        "Universidade Estadual de Campinas",
    )
    assert mended("Porto Seguro, ANPEX", None) == ("Porto Seguro", "ANPEX")
    assert mended("São Paulo; USPX", None) == ("São Paulo", "USPX")
    assert mended(None, "Editora Alfa, Beta e Gama") == (None, "Editora Alfa, Beta e Gama")
    assert mended("Rio de Janeiro, São Paulo", None) == ("Rio de Janeiro, São Paulo", None)


def test_a_title_that_opens_like_a_vancouver_name_is_not_an_author():
    r = parse(
        "Moura AB, Lins CD. Cathepsin B, cathepsin L and cystatin in sera of patients. "
        "Int J Test Markers 2008; 23: 161-168."
    )
    assert _surnames(r) == ["Moura", "Lins"]
    assert r["article_title"] == "Cathepsin B, cathepsin L and cystatin in sera of patients"


def test_a_bracketed_note_after_an_article_title_is_part_of_it():
    from scielo_pub.citations.parse import _title_bracket

    body = "Moura AB. Thermal effects in workers [in Chinese]. Arq Testes. 2013;16:411-6."
    assert _title_bracket("Thermal effects in workers", body) == (
        "Thermal effects in workers [in Chinese]"
    )
    body = "Moura AB. Thermal effects [cited 2020 Jan 3]. Arq Testes. 2013;16:411-6."
    assert _title_bracket("Thermal effects", body) == "Thermal effects"
    body = "Moura AB. Thermal effects. [Internet]. Arq Testes. 2013;16:411-6."
    assert _title_bracket("Thermal effects", body) == "Thermal effects"


def test_a_place_cut_short_is_completed_up_to_the_colon():
    from scielo_pub.citations.parse import _mend_imprint

    def mended(loc, pub, body):
        result = {"publisher_loc": loc, "publisher_name": pub}
        _mend_imprint(result, body)
        return result["publisher_loc"], result["publisher_name"]

    body = "LIMA, A. In: Dicionário dos sábios. Rio de Janeiro: Casa Alfa. Disponível em: x."
    assert mended("Rio", None, body) == ("Rio de Janeiro", None)
    body = "LIMA, A. In: Dicionário dos sábios. Campinas Editora Alfa: 2001."
    assert mended("Campinas", None, body) == ("Campinas", None)


def test_capitalised_words_after_a_question_mark_open_a_journal_with_a_colon():
    from scielo_pub.citations.parse import _mend_boundary

    body = (
        "Lima, A. Reformas: ¿se adapta la sociedad? Iberian Test Review: Revista de Ensayos, v. 1."
    )
    assert _mend_boundary(
        "Reformas: ¿se adapta la sociedad? Iberian Test Review", "Revista de Ensayos", body
    ) == ("Reformas: ¿se adapta la sociedad?", "Iberian Test Review: Revista de Ensayos")
    body = "Lima, A. Reformas: una sociedad. Iberian Test Review: Revista de Ensayos, v. 1."
    assert _mend_boundary("Reformas: una sociedad", "Revista de Ensayos", body) == (
        "Reformas: una sociedad",
        "Revista de Ensayos",
    )


def test_an_acronym_between_a_monograph_title_and_its_year_is_the_publisher():
    from scielo_pub.citations.parse import _mend_imprint

    def mended(source, body):
        result = {"publisher_loc": None, "publisher_name": None, "source": source}
        _mend_imprint(result, body)
        return result["source"], result["publisher_name"]

    body = "LIMA, A. Impacto do programa na renda. UNXP/IPX, 2008. Disponível em: http://x.org."
    assert mended("Impacto do programa na renda. UNXP/IPX", body) == (
        "Impacto do programa na renda",
        "UNXP/IPX",
    )
    body = "LIMA, A. Impacto do programa na renda. UNXP/IPX. Relatório final, 2008."
    assert mended("Impacto do programa na renda. UNXP/IPX", body) == (
        "Impacto do programa na renda. UNXP/IPX",
        None,
    )


def test_an_author_span_inside_the_title_is_joined_back():
    from scielo_pub.citations.parse import _join_split_title

    found = [
        ("author", "Moura AB."),
        ("title", "Idosos no Município de São"),
        ("author", "Paulo, Brasil, Estudo X,"),
        ("title", "2000 e 2006."),
        ("source", "Arq Testes"),
    ]
    assert _join_split_title(found) == [
        ("author", "Moura AB."),
        ("title", "Idosos no Município de São Paulo, Brasil, Estudo X, 2000 e 2006."),
        ("source", "Arq Testes"),
    ]
    editors = [("title", "Capítulo."), ("author", "In: Lima A."), ("title", "Livro.")]
    assert _join_split_title(editors) == editors


def test_a_working_paper_sentence_makes_a_report():
    from scielo_pub.citations.parse import _base_kind

    result = {"volume": None, "issue": None, "fpage": None, "publisher_name": "X", "url": None}
    body = "LIMA, A. Tourism data. Working Paper. School of Tests, 2014."
    assert _base_kind(result, {}, "Tourism data", "Working Paper.", body) == "report"
    assert _base_kind(result, {}, "Tourism data", "", body) == "book"


def test_a_year_left_at_the_end_of_the_author_list_is_no_author():
    from scielo_pub.citations.parse import _drop_trailing_year

    assert _drop_trailing_year("Lima AB, Rosa C, 2016.") == "Lima AB, Rosa C"
    assert _drop_trailing_year("LIMA AB & ROSA CD 2021") == "LIMA AB & ROSA CD"
    assert _drop_trailing_year("Lima, A. B. (2019).") == "Lima, A. B."
    assert _drop_trailing_year("Lima AB, Rosa C.") == "Lima AB, Rosa C."
    assert _drop_trailing_year("2016.") == "2016."  # nothing but a year: left as it is


def test_an_acronym_or_publisher_before_the_year_is_an_nlm_publisher():
    from scielo_pub.citations.parse import _publisher_only

    def publisher(body, loc=None):
        result = {"publisher_loc": loc, "publisher_name": None}
        _publisher_only(result, body)
        return result["publisher_name"]

    assert (
        publisher("Agency for Tests (AFT). Guide to tests [Internet]. AFT; 2012 [cited 2020].")
        == "AFT"
    )
    assert publisher("Lima A. Guide to tests. Editora Exemplo; 2012.") == "Editora Exemplo"
    assert publisher("Lima A. Guide to tests [Internet]. Calverton; 2021.") is None  # a place
    assert publisher("Lima A. Guide to tests. AFT; 2012.", loc="Recife") is None  # imprint found
    assert publisher("Lima A. Guide to tests. Rev Test. 2012;3:4.") is None


def test_spans_running_across_printed_boundaries_are_mended():
    from scielo_pub.citations.parse import _mend_spans

    editors = [
        ("title", "Capítulo de teste."),
        ("editor", "In: Lima AB, Rosa C, editores. Manual,"),
        ("source", "Silva and Souza's handbook of tests."),
        ("year", "2012."),
    ]
    assert _mend_spans(editors)[1:3] == [
        ("editor", "In: Lima AB, Rosa C, editores."),
        ("source", "Manual, Silva and Souza's handbook of tests."),
    ]
    colon = [
        ("author", "LIMA, A.; ROSA, B. DEMO:"),
        ("title", "A method of tests."),
        ("source", "X"),
    ]
    assert _mend_spans(colon)[:2] == [
        ("author", "LIMA, A.; ROSA, B."),
        ("title", "DEMO: A method of tests."),
    ]
    chapter = [("author", "LIMA, A. In:"), ("title", "Livro.")]
    assert _mend_spans(chapter) == chapter
    lower = [
        ("author", "ROSA, Ana B."),
        ("title", "A vida e a obra"),
        ("author", "de Fulano Beltrano."),
        ("source", "Revista Teste,"),
    ]
    assert _mend_spans(lower)[:2] == [
        ("author", "ROSA, Ana B."),
        ("title", "A vida e a obra de Fulano Beltrano."),
    ]
    upper = [("title", "Capítulo."), ("author", "In: Lima A."), ("source", "Livro.")]
    assert _mend_spans(upper) == upper


def test_an_event_read_as_publisher_makes_a_conference_paper():
    from scielo_pub.citations.parse import _base_kind

    result = {"volume": None, "issue": None, "fpage": None, "edition": None, "url": None}
    body = "LIMA, A. Renda e trabalho. ABCT: XII ENCONTRO NACIONAL DE TESTES, 2014."
    event = {**result, "publisher_name": "XII ENCONTRO NACIONAL DE TESTES", "publisher_loc": "ABCT"}
    assert _base_kind(event, {}, None, "", body) == "confproc"
    press = {**result, "publisher_name": "Editora Teste", "publisher_loc": "Recife"}
    assert _base_kind(press, {}, None, "", body) == "book"
    volume = {**event, "volume": "3"}
    assert _base_kind(volume, {}, "Rev Teste", "", body) == "journal"


def test_title_and_journal_read_as_a_note_after_the_authors_are_recovered():
    from scielo_pub.citations.parse import _titles_from_note

    found = [
        ("author", "Lima AB."),
        ("note", "[Study of test methods]. Rev Test. [Internet]."),
        ("year", "2002 Jan"),
        ("volume", "20"),
    ]
    assert _titles_from_note(found) == ("Study of test methods", "Rev Test")
    prose = [
        ("author", "Lima AB."),
        ("note", "a note in prose without a journal."),
        ("year", "2002"),
    ]
    assert _titles_from_note(prose) == (None, None)
    late = [("author", "Lima AB."), ("title", "Title."), ("note", "[Study]. Rev Test.")]
    assert _titles_from_note(late) == (None, None)


def test_an_access_date_or_an_erratum_gives_no_year():
    r = parse(
        "LIMA, A. Estudo de testes. Revista Teste. Disponível em: http://x.org/a. "
        "Acesso em: 19 out. 2018. 2015."
    )
    assert r["year"] == "2015"
    r = parse("LIMA, A. Banco de testes. Disponível em: http://x.org/b. Acesso em: 20 abr. 2015.")
    assert r["year"] is None
    r = parse(
        "Lima A. Deconstructing tests. J Test Res. 2010 Mar;87(3):356-61. "
        "Erratum in: J Test Res. 2011 Jan;89(1):148."
    )
    assert r["year"] == "2010"


def test_an_imprint_without_letters_or_cut_at_a_particle_is_mended():
    from scielo_pub.citations.parse import _sane_imprint

    def sane(loc, pub, body="LIMA, A. Testes. Centro de Estudos Aplicados, 2013."):
        result = {"publisher_loc": loc, "publisher_name": pub}
        _sane_imprint(result, body)
        return result["publisher_loc"], result["publisher_name"]

    assert sane("26", None) == (None, None)
    assert sane("de", "Editora Teste") == (None, "Editora Teste")
    assert sane("Centro de", "Estudos Aplicados") == (None, "Centro de Estudos Aplicados")
    assert sane("Recife", "Editora Teste") == ("Recife", "Editora Teste")
