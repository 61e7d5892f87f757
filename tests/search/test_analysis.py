"""The one query analysis every engine is fed: dictionary terms whole and by their parts,
directed and weighted synonyms, acronym and standard-number equivalences, clause numbers and
clause titles, Traditional characters, stopwords, and character pairs as a safety net."""

import pytest

from library.reference.data import CLAUSES
from library.text import normalize
from search.analysis import (
    BIGRAM,
    CLAUSE_NUMBER,
    CLAUSE_TITLE,
    EQUIVALENT,
    PART,
    SINGLE,
    TO_EVERYDAY,
    TO_STANDARD,
    TYPED,
    Analyzer,
    Dictionary,
    clause_token,
)

CLAUSE_LIST = [(number, title) for number, title, *_ in CLAUSES]


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer(Dictionary.load(clauses=CLAUSE_LIST))


def test_a_word_inside_a_run_of_han_characters_is_its_own_token(analyzer):
    tokens = analyzer.index_tokens("组织审核员培训")
    assert {"审核", "审核员", "培训"} <= set(tokens)


@pytest.mark.parametrize(
    "term", ["内审员", "管理评审", "纠正措施", "不合格品", "成文信息", "最高管理者"]
)
def test_quality_management_terms_are_kept_whole(analyzer, term):
    assert term in analyzer.index_tokens(f"企业的{term}工作")
    assert analyzer.weighted_terms(term)[term] == TYPED


def test_a_dictionary_compound_is_also_searched_by_its_parts_at_lower_weight(analyzer):
    terms = analyzer.weighted_terms("内部审核")
    assert terms["内部审核"] == TYPED
    assert terms["内部"] == terms["审核"] == PART < TYPED


def test_query_stopwords_are_dropped_and_everyday_words_map_to_the_standard(analyzer):
    terms = analyzer.weighted_terms("返工了要记录什么")
    assert terms["返工"] == terms["记录"] == TYPED
    assert terms["不合格输出"] == TO_STANDARD
    assert not {"了", "要", "什么"} & set(terms)


@pytest.mark.parametrize(
    ("query", "standard_term"),
    [("一把手的职责", "最高管理者"), ("老板", "最高管理者"), ("客户投诉", "顾客投诉")],
)
def test_everyday_words_reach_the_standard_terms(analyzer, query, standard_term):
    assert analyzer.weighted_terms(query)[standard_term] == TO_STANDARD


def test_standard_terms_reach_the_everyday_words_more_weakly(analyzer):
    # The cause: plain-language lessons say 文件 and 记录, a query says 形成文件的信息.
    terms = analyzer.weighted_terms("形成文件的信息")
    assert terms["形成文件的信息"] == TYPED
    assert terms["文件"] == terms["记录"] == TO_EVERYDAY < TO_STANDARD


def test_a_synonym_goes_only_the_way_it_is_written():
    dictionary = Dictionary.load(extra_synonyms=[(["甲方言"], ["乙术语"], 0.6)])
    analyzer = Analyzer(dictionary)
    assert analyzer.weighted_terms("甲方言")["乙术语"] == 0.6
    assert "甲方言" not in analyzer.weighted_terms("乙术语")


def test_editors_synonyms_keep_their_direction_and_weight(db):
    from search.models import SearchTerm

    SearchTerm.objects.create(term="乙术语", synonyms="甲方言、丙说法", weight=0.3)
    SearchTerm.objects.create(
        term="丁术语", synonyms="戊说法", direction=SearchTerm.TO_EVERYDAY, weight=0.2
    )
    SearchTerm.objects.create(term="己术语", synonyms="庚说法", direction=SearchTerm.BOTH)
    analyzer = Analyzer(Dictionary.load(*SearchTerm.dictionary_entries()))
    assert analyzer.weighted_terms("丙说法")["乙术语"] == 0.3
    assert "丙说法" not in analyzer.weighted_terms("乙术语")
    assert analyzer.weighted_terms("丁术语")["戊说法"] == 0.2
    assert "丁术语" not in analyzer.weighted_terms("戊说法")
    assert analyzer.weighted_terms("庚说法")["己术语"] == TO_STANDARD
    assert analyzer.weighted_terms("己术语")["庚说法"] == TO_STANDARD


def test_the_words_as_typed_weigh_more_than_anything_they_expand_to(analyzer):
    terms = analyzer.weighted_terms("老板")
    assert terms["老板"] == TYPED == max(terms.values())
    assert analyzer.query_terms("老板")[0] == ("老板", TYPED)


@pytest.mark.parametrize(
    ("query", "equivalent"),
    [("SOP", "作业指导书"), ("FMEA", "失效模式和影响分析"), ("SPC", "统计过程控制"),
     ("8D", "纠正措施"), ("PDCA", "戴明环"), ("作业指导书", "sop")],
)  # fmt: skip
def test_acronyms_and_the_chinese_terms_are_equivalent(analyzer, query, equivalent):
    assert analyzer.weighted_terms(query)[equivalent] == EQUIVALENT


@pytest.mark.parametrize(
    "typed",
    ["GB/T19001-2016", "GB/T 19001-2016", "GBT 19001", "gb/t19001", "GB/T 19001—2016",
     "ＧＢ／Ｔ１９００１"],
)  # fmt: skip
def test_a_standard_number_is_one_token_however_it_is_typed(analyzer, typed):
    assert analyzer.typed_words(typed) == ["gbt19001"]
    assert "gbt19001" in analyzer.index_tokens(f"依据{typed}建立体系")
    # GB/T 19001 is ISO 9001
    assert analyzer.weighted_terms(typed)["iso9001"] == EQUIVALENT


@pytest.mark.parametrize("typed", ["ISO9001", "ISO 9001", "iso 9001:2015", "ISO9001-2015"])
def test_iso_9001_typed_any_way(analyzer, typed):
    assert analyzer.typed_words(typed) == ["iso9001"]
    assert analyzer.weighted_terms(typed)["gbt19001"] == EQUIVALENT


def test_a_clause_number_reaches_its_title_and_a_title_its_number(analyzer):
    terms = analyzer.weighted_terms("8.7")
    assert terms[clause_token("8.7")] == TYPED
    assert terms["不合格输出"] == terms["控制"] == CLAUSE_TITLE
    terms = analyzer.weighted_terms("监视和测量资源的要求")
    assert terms[clause_token("7.1.5")] == CLAUSE_NUMBER
    # "总则" names many clauses: no number
    assert not [t for t in analyzer.weighted_terms("总则") if t.startswith("clause")]


def test_clause_numbers_become_single_tokens_on_both_sides(analyzer):
    assert analyzer.typed_words("条款8.4") == [clause_token("8.4")]
    assert clause_token("8.5.1") in analyzer.index_tokens("依据8.5.1的要求")
    # dates and percentages are not clauses
    tokens = analyzer.index_tokens("2024.10.1 下降18.5%")
    assert not [t for t in tokens if t.startswith("clause")]


# The characters the old hand-kept table missed (issue 18), in words SMEs type.
TRADITIONAL = [
    ("動態", "动态"), ("培訓", "培训"), ("點檢", "点检"), ("問題", "问题"), ("針對", "针对"),
    ("組織", "组织"), ("認證", "认证"), ("結構", "结构"), ("績效", "绩效"), ("協調", "协调"),
    ("老闆", "老板"), ("內部審核", "内部审核"), ("來料檢驗", "来料检验"),
]  # fmt: skip


@pytest.mark.parametrize(("traditional", "simplified"), TRADITIONAL)
def test_traditional_queries_read_as_simplified(analyzer, traditional, simplified):
    assert normalize(traditional) == simplified
    assert analyzer.weighted_terms(traditional) == analyzer.weighted_terms(simplified)


def test_normalisation_full_width_and_case(analyzer):
    assert analyzer.typed_words("ＳＯＰ") == ["sop"]


def test_a_word_the_dictionary_does_not_know_is_also_searched_by_character_pairs(analyzer):
    terms = analyzer.weighted_terms("乱七八糟")
    assert terms["乱七八糟"] == TYPED
    assert terms["八糟"] == BIGRAM
    assert terms["七八"] == PART  # a known part keeps its better weight


@pytest.mark.parametrize(
    ("query", "made_up"), [("没检完能不能发货", "完能"), ("我们厂要考虑", "厂要")]
)
def test_unknown_runs_are_not_glued_into_made_up_words(analyzer, query, made_up):
    # jieba's HMM would make "完能" a word that no document spells: the query would miss.
    assert made_up not in analyzer.weighted_terms(query)
    assert made_up not in analyzer.index_tokens(query)


@pytest.mark.parametrize("query", ["", "   ", "！？。，", "🙂🚀", "……——"])
def test_queries_without_words_have_no_terms(analyzer, query):
    assert analyzer.query_terms(query) == []


@pytest.mark.parametrize("number", ["10.1", "10.2", "10.2.1", "10.3", "10.2.1.1"])
def test_clause_numbers_of_section_10_are_single_tokens(analyzer, number):
    assert analyzer.typed_words(number) == [clause_token(number)]
    assert analyzer.typed_words(f"条款{number}") == [clause_token(number)]
    tokens = analyzer.index_tokens(f"依据{number}的要求")
    assert clause_token(number) in tokens
    # never read as a shorter clause ("0.2") or as loose digits
    assert [t for t in tokens if t.startswith("clause")] == [clause_token(number)]
    assert not {"10", "2", "3", "0.2"} & set(tokens)


def test_section_10_is_the_last_one_11_is_not_a_clause(analyzer):
    assert not [t for t in analyzer.index_tokens("11.2 与 3.1") if t.startswith("clause")]


def test_the_clause_vote_is_weighted_by_how_well_each_page_matched():
    from search.engines.base import Hit
    from search.feedback import feedback_clauses

    def hit(score, clause, kind="lesson"):
        return Hit("d", 1, "t", "/", kind, "", score, {"clause": [clause]})

    # two exact answers on 9.2 outvote three pages on 7.5 that share a common word
    hits = [hit(10, "9.2"), hit(9, "9.2"), hit(2, "7.5"), hit(2, "7.5"), hit(2, "7.5")]
    assert list(feedback_clauses(hits)) == ["9.2"]
    # no clause holds half of the scores: no feedback
    assert feedback_clauses([hit(5, "9.2"), hit(5, "7.5"), hit(5, "8.4")]) == {}
    # exactly half is enough, and weighs as a typed word; all of them, twice that
    assert feedback_clauses([hit(5, "9.2"), hit(5, "7.5")]) == {"7.5": 1.0, "9.2": 1.0}
    assert feedback_clauses([hit(5, "9.2"), hit(3, "9.2")]) == {"9.2": 2.0}
    # a course's score counts in the total but never votes
    assert feedback_clauses([hit(6, "9.2", kind="course"), hit(5, "7.5")]) == {}


def test_a_two_way_synonym_goes_back_more_faintly(analyzer):
    # "口号, 宗旨 … <=> 质量方针": the everyday word finds the standard's term, and the term
    # the everyday word, at the weaker weight
    assert analyzer.weighted_terms("口号")["质量方针"] == TO_STANDARD
    assert analyzer.weighted_terms("质量方针")["口号"] == TO_EVERYDAY
    # …but not by the parts of those everyday words ("体系" of 体系检查 ⇐ 内部审核)
    assert analyzer.weighted_terms("内部审核")["体系检查"] == TO_EVERYDAY
    assert "体系" not in analyzer.weighted_terms("内部审核")
    # a one-way line ("gbt19001, iso9001 => 质量管理体系 @0.3") does not go back
    assert analyzer.weighted_terms("iso9001")["质量管理体系"] == pytest.approx(0.3)
    assert "iso9001" not in analyzer.weighted_terms("质量管理体系")


def test_a_single_character_typed_alone_weighs_less_than_a_word(analyzer):
    # 编 (编号? 编制? 编写?) says less about what is wanted than 批号
    terms = analyzer.weighted_terms("批号怎么编")
    assert terms["批号"] == TYPED
    assert terms["编"] == SINGLE
    assert analyzer.weighted_terms("8d")["8d"] == TYPED  # only Chinese characters
