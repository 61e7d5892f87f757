"""The automatic checks: forbidden claims however they are disguised, attachments that
are missing; a failure stops the submission and the approval, with a Chinese message
naming the field."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Workflow, WorkflowState

from review.builtin_checks import attachments_present, forbidden_claims
from review.checks import failures, page_check, run_checks
from review.claims import Claim, claims_in, normalise
from review.exceptions import SubmissionRefused
from review.models import ForbiddenClaim
from tests.review.helpers import approve, draft_case, edit_url, login, reload, submit

pytestmark = pytest.mark.django_db

SEEDED = ["免费认证", "免费拿证", "包过", "包通过"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("本次提升行动为企业提供免费认证", "免费认证"),
        ("免 费 认 证，名额有限", "免费认证"),
        ("免费-认证", "免费认证"),
        ("免费·认证", "免费认证"),
        ("免　费　认　证", "免费认证"),  # full-width spaces
        ("参加培训即可免费拿证", "免费拿证"),
        ("一次包过，不过退款", "包过"),
        ("审核包 通过", "包通过"),
    ],
)
def test_forbidden_claims_are_found_however_they_are_written(site_tree, text, found):
    claims = [claim.as_claim() for claim in ForbiddenClaim.objects.filter(phrase__in=SEEDED)]
    assert found in [claim.phrase for claim in claims_in(text, claims)]


@pytest.mark.parametrize(
    "text",
    [
        "各区和认证机构应适当减免费用，为企业减负。",
        "规范成品打包过程，杜绝混批。",
        "认证机构提供公益性培训，企业自愿申请认证。",
    ],
)
def test_ordinary_sentences_are_not_flagged(site_tree, text):
    claims = [claim.as_claim() for claim in ForbiddenClaim.objects.filter(active=True)]
    assert claims_in(text, claims) == []


def test_normalisation_and_wildcards():
    assert normalise("ＩＳＯ ９００１ 认证！") == "iso9001认证"
    claim = Claim("免费*认证")
    assert claim.found_in("免费质量管理体系认证")
    assert not claim.found_in("免费提供培训，企业按规定自主选择机构申请质量管理体系认证")


def test_the_message_names_the_field(site_tree, author):
    case = draft_case(author, title="某企业免费认证案例", summary="参加即可免 费 拿 证。")
    messages = [result.message for result in failures(forbidden_claims(case))]
    assert "“标题”含有禁用宣传用语“免费认证”" in messages[0]
    assert any(message.startswith("“案例摘要”含有禁用宣传用语“免费拿证”") for message in messages)
    assert {result.field for result in failures(forbidden_claims(case))} == {"title", "summary"}


def test_rich_text_is_read_without_its_markup(site_tree):
    area = site_tree.courses_page.specific
    area.introduction = "<p>本栏目课程均为免费<b>认证</b>辅导。</p>"
    (failure,) = failures(forbidden_claims(area))
    assert failure.message.startswith("“栏目介绍”含有禁用宣传用语“免费认证”")


def test_a_clean_page_passes_every_check(site_tree, author):
    results = run_checks(draft_case(author))
    assert results and not failures(results)
    assert {result.name for result in results} == {"禁用宣传用语", "附件完整性"}


def test_a_forbidden_claim_stops_the_submission(client, author):
    case = draft_case(author, summary="本案例企业通过提升行动获得免费认证。")
    response = submit(login(client, author), case)

    assert response.status_code == 302
    assert response["Location"] == edit_url(case)
    assert not WorkflowState.objects.filter(object_id=str(case.pk)).exists()
    page = client.get(response["Location"]).content.decode()
    assert "未能提交审核：自动检查未通过" in page
    assert "“案例摘要”含有禁用宣传用语“免费认证”" in page

    # Fixing the summary lets it through.
    response = submit(client, case, summary="企业一次合格率从 91% 提升到 98%。")
    assert reload(case).current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_the_guard_sits_at_the_model_layer(author):
    case = draft_case(author, summary="包过！")
    with pytest.raises(SubmissionRefused) as refused:
        case.get_workflow().start(case, author)
    assert "“案例摘要”含有禁用宣传用语“包过”" in str(refused.value)
    assert not WorkflowState.objects.filter(object_id=str(case.pk)).exists()
    assert isinstance(case.get_workflow(), Workflow)


def test_resubmission_is_checked_too(client, author, editor):
    case = draft_case(author)
    submit(login(client, author), case)
    from tests.review.helpers import request_changes

    request_changes(login(client, editor), case, "请补充数据。")
    login(client, author)
    submit(client, case, summary="补充数据后：本企业获得免费认证。")
    state = reload(case).current_workflow_state
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_checks_run_again_at_approval(client, author, editor):
    case = draft_case(author, summary="企业导入 ISO 9001，建立“零缺陷”质量目标。")
    submit(login(client, author), case)
    # Editors add a phrase after submission: the item can no longer be approved as it is.
    ForbiddenClaim.objects.create(phrase="零缺陷")

    response = approve(login(client, editor), case)
    assert response.status_code == 302
    assert not reload(case).live
    assert reload(case).current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    page = client.get(response["Location"]).content.decode()
    assert "不能批准：自动检查未通过" in page
    assert "“案例摘要”含有禁用宣传用语“零缺陷”" in page


def test_a_failing_check_from_another_app_is_shown_and_enforced(
    client, author, editor, review_checks_only
):
    from cases.models import CasePage
    from review.checks import CheckResult

    @page_check(CasePage)
    def needs_enterprise(page):
        yield CheckResult(
            "必填字段", bool(page.enterprise_name), "“企业名称”不能为空", "enterprise_name"
        )

    case = draft_case(author)
    submit(login(client, author), case)
    assert not WorkflowState.objects.filter(object_id=str(case.pk)).exists()
    page = client.get(edit_url(case)).content.decode()
    assert "必填字段：“企业名称”不能为空" in page


def test_editors_see_every_check_beside_the_content(client, author, editor):
    case = draft_case(author)
    submit(login(client, author), case)
    page = login(client, editor).get(edit_url(case)).content.decode()
    assert "审核与自动检查" in page
    assert "审核中" in page
    assert "禁用宣传用语" in page and "未发现禁用宣传用语" in page
    assert "附件完整性" in page


def test_a_missing_attachment_fails(site_tree):
    Document = get_document_model()
    document = Document.objects.create(
        title="帮扶记录表", file=ContentFile(b"x", name="record.pdf")
    )
    area = site_tree.courses_page.specific
    area.introduction = f'<p><a linktype="document" id="{document.pk}">帮扶记录表</a></p>'
    assert not failures(attachments_present(area))

    document.file.storage.delete(document.file.name)
    (failure,) = failures(attachments_present(area))
    assert failure.message == "“栏目介绍”引用的文档“帮扶记录表”文件缺失，请重新上传"

    document.delete()
    (failure,) = failures(attachments_present(area))
    assert failure.message == "“栏目介绍”引用的文档已被删除，请重新上传或选择"


def test_one_deleted_attachment_gives_exactly_one_message(site_tree, author, all_checks):
    from cases.models import CasePage

    Document = get_document_model()
    record = Document.objects.create(title="帮扶记录表", file=ContentFile(b"x", name="record.pdf"))
    kept = Document.objects.create(title="检验规程", file=ContentFile(b"y", name="rule.pdf"))
    body = [
        (
            "section",
            {
                "kind": "measures",
                "content": [
                    ("attachment", {"document": record, "title": "帮扶记录表"}),
                    ("attachment", {"document": kept, "title": "检验规程"}),
                ],
            },
        )
    ]
    case = draft_case(author, body=body)
    assert not [r for r in failures(run_checks(case)) if "附件" in r.name or "文档" in r.message]

    record.delete()
    case = CasePage.objects.get(pk=case.pk)
    about_attachments = [
        result
        for result in failures(run_checks(case))
        if "附件" in result.name or "图片" in result.name or "文档" in result.message
    ]
    assert [(r.name, r.message) for r in about_attachments] == [
        ("附件完整性", "“案例正文”引用的文档已被删除，请重新上传或选择")
    ]


def test_a_required_chooser_left_empty_is_reported(site_tree, author):
    body = [("section", {"kind": "measures", "content": [("image", {"image": None})]})]
    case = draft_case(author, body=body)
    (failure,) = failures(attachments_present(case))
    assert failure.message == "“案例正文”中有一处图片未选择，请选择图片"
