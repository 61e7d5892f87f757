"""One normalisation for search and the forbidden-claims check: what search reads as the
same words, the check reads as the same claim (Traditional, full-width, spaced)."""

import pytest
from wagtail.models import WorkflowState

from review.builtin_checks import forbidden_claims
from review.checks import failures
from review.claims import claims_in, normalise
from review.exceptions import SubmissionRefused
from review.models import ForbiddenClaim
from search.analysis import Analyzer, Dictionary
from tests.factories import CertificationBodyFactory
from tests.review.helpers import beichen_author, body_author, draft_case, draft_course

# Written as a reader in Hong Kong or Taiwan would, and disguised as the check must see through.
TRADITIONAL_CLAIMS = [
    ("免費認證", "免费认证"),
    ("免 費-認 證", "免费认证"),
    ("免費·認證", "免费认证"),
    ("免費辦證", "免费办证"),
    ("保證通過認證", "保证通过认证"),
    ("一次包過", "包过"),
]


@pytest.mark.parametrize(("text", "claim"), TRADITIONAL_CLAIMS)
def test_claims_written_in_traditional_characters_are_found(site_tree, text, claim):
    claims = [c.as_claim() for c in ForbiddenClaim.objects.filter(active=True)]
    assert claim in [c.phrase for c in claims_in(f"本机构承诺{text}，欢迎报名", claims)]


def test_a_traditional_allowed_context_still_clears_a_claim(site_tree):
    claims = [c.as_claim() for c in ForbiddenClaim.objects.filter(phrase="包过")]
    assert claims_in("規範成品打包過程", claims) == []


@pytest.mark.django_db
def test_a_case_claiming_free_certification_in_traditional_is_refused(site_tree):
    author = beichen_author()
    case = draft_case(author, summary="參加本次提升行動的企業均可免 費-認 證。")
    (failure,) = failures(forbidden_claims(case))
    assert failure.field == "summary"
    assert failure.message.startswith("“案例摘要”含有禁用宣传用语“免费认证”")
    with pytest.raises(SubmissionRefused):
        case.get_workflow().start(case, author)
    assert not WorkflowState.objects.filter(object_id=str(case.pk)).exists()


@pytest.mark.django_db
def test_a_course_titled_with_a_traditional_claim_is_refused(site_tree):
    course = draft_course(body_author(CertificationBodyFactory()), title="免費認證輔導班")
    (failure,) = failures(forbidden_claims(course))
    assert failure.field == "title"
    assert failure.message.startswith("“标题”含有禁用宣传用语“免费认证”")


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer(Dictionary.load())


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [("免費認證", "免费认证"), ("內部審核", "内部审核"), ("ＳＯＰ文件", "sop文件")],
)
def test_search_and_the_claims_check_read_traditional_text_the_same_way(
    analyzer, traditional, simplified
):
    assert analyzer.query_terms(traditional) == analyzer.query_terms(simplified)
    assert analyzer.index_tokens(traditional) == analyzer.index_tokens(simplified)
    assert normalise(traditional) == normalise(simplified)
