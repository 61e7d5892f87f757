"""The one tokenizer: dictionary terms stay whole, stopwords go, synonyms and clause numbers."""

import pytest

from search.analysis import Analyzer, Dictionary, clause_token


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer(Dictionary.load())


def test_a_word_inside_a_run_of_han_characters_is_its_own_token(analyzer):
    tokens = analyzer.index_tokens("组织审核员培训")
    assert {"审核", "审核员", "培训"} <= set(tokens)


@pytest.mark.parametrize(
    "term", ["内审员", "管理评审", "纠正措施", "不合格品", "成文信息", "最高管理者"]
)
def test_quality_management_terms_are_kept_whole(analyzer, term):
    assert term in analyzer.index_tokens(f"企业的{term}工作")
    assert term in analyzer.query_terms(term)


def test_query_stopwords_are_dropped_and_everyday_words_map_to_the_standard(analyzer):
    terms = analyzer.query_terms("返工了要记录什么")
    assert {"返工", "记录", "不合格输出"} <= set(terms)
    assert not {"了", "要", "什么"} & set(terms)


@pytest.mark.parametrize(
    ("query", "standard_term"),
    [("一把手的职责", "最高管理者"), ("老板", "最高管理者"), ("SOP怎么写", "成文信息")],
)
def test_synonyms(analyzer, query, standard_term):
    assert standard_term in analyzer.query_terms(query)


def test_the_words_as_typed_weigh_more_than_their_synonyms(analyzer):
    terms = analyzer.query_terms("老板")
    assert terms.count("老板") > terms.count("最高管理者") >= 1


def test_clause_numbers_become_single_tokens_on_both_sides(analyzer):
    assert analyzer.query_terms("条款8.4") == [clause_token("8.4")] * 2
    assert clause_token("8.5.1") in analyzer.index_tokens("依据8.5.1的要求")
    # dates and percentages are not clauses
    tokens = analyzer.index_tokens("2024.10.1 下降18.5%")
    assert not [t for t in tokens if t.startswith("clause")]


def test_normalisation_full_width_case_and_traditional_characters(analyzer):
    assert analyzer.query_terms("ＳＯＰ")[0] == "sop"
    assert "内部审核" in analyzer.query_terms("內部審核")


@pytest.mark.parametrize("query", ["", "   ", "！？。，", "🙂🚀", "……——"])
def test_queries_without_words_have_no_terms(analyzer, query):
    assert analyzer.query_terms(query) == []


@pytest.mark.parametrize("number", ["10.1", "10.2", "10.2.1", "10.3", "10.2.1.1"])
def test_clause_numbers_of_section_10_are_single_tokens(analyzer, number):
    assert analyzer.query_terms(number) == [clause_token(number)] * 2
    assert analyzer.query_terms(f"条款{number}") == [clause_token(number)] * 2
    tokens = analyzer.index_tokens(f"依据{number}的要求")
    assert clause_token(number) in tokens
    # never read as a shorter clause ("0.2") or as loose digits
    assert [t for t in tokens if t.startswith("clause")] == [clause_token(number)]
    assert not {"10", "2", "3", "0.2"} & set(tokens)


def test_section_10_is_the_last_one_11_is_not_a_clause(analyzer):
    assert not [t for t in analyzer.index_tokens("11.2 与 3.1") if t.startswith("clause")]
