"""import_library: idempotent by slug, one bad line never stops the file."""

import json

from django.core.management import call_command

from cases.models import CasePage
from courses.models import CoursePage
from courses.models.lesson import LessonPage
from library.models import CertificationBody
from tests.search.conftest import CORPUS


def write(tmp_path, lines):
    path = tmp_path / "library.jsonl"
    path.write_text(
        "\n".join(
            line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)
            for line in lines
        ),
        encoding="utf-8",
    )
    return path


def run(path, *args, capsys):
    call_command("import_library", str(path), *args)
    return capsys.readouterr()


def test_import_reports_created_updated_and_failed_lines(
    site_tree, use_database_engine, tmp_path, capsys
):
    lines = [
        CORPUS[0],
        CORPUS[4],
        {**CORPUS[4], "slug": "t-bad-district", "district": "不存在区"},
        {**CORPUS[4], "slug": "t-bad-industry", "industry": "造船"},
        {**CORPUS[0], "slug": "t-bad-clause", "clauses": ["11.1"]},
        "{not json",
        {"kind": "video", "slug": "x"},
        {**CORPUS[0], "slug": "", "title": "没有 slug"},
    ]
    out = run(write(tmp_path, lines), capsys=capsys)
    assert "新建 2，更新 0，失败 6" in out.out
    assert "第 3 行失败：未知的区：不存在区" in out.err
    assert "第 4 行失败：未知的行业：造船" in out.err
    assert "第 5 行失败：未知条款：11.1" in out.err
    assert "第 6 行失败：不是有效的 JSON" in out.err
    assert "第 7 行失败：kind 应为 lesson 或 case" in out.err
    assert "第 8 行失败：缺少字段 slug" in out.err

    # unknown bodies and courses were created; without --publish the pages are drafts
    assert CertificationBody.objects.filter(name="测试认证有限公司").exists()
    lesson = LessonPage.objects.get(slug="t-internal-audit")
    assert not lesson.live
    assert lesson.get_parent().specific.title == "内审与管理评审实务"
    assert [c.number for c in lesson.clauses.all()] == ["9.2", "9.2.1"]
    assert "审核方案" in lesson.search_text()
    case = CasePage.objects.get(slug="t-case-iqc")
    assert (case.district.name, case.industry.name, case.campaign.year) == (
        "北辰区",
        "电动自行车",
        2024,
    )
    assert case.helping_body.name == "测试认证有限公司"

    # a second run updates instead of duplicating
    changed = {**CORPUS[0], "title": "内部审核（修订）"}
    out = run(write(tmp_path, [changed, CORPUS[4]]), "--publish", capsys=capsys)
    # --publish runs the automatic checks: the case has no credit code, size, summary...
    assert "新建 0，更新 1，失败 1" in out.out
    assert "第 2 行失败：自动检查未通过，未发布" in out.err
    assert not CasePage.objects.get(slug="t-case-iqc").live
    assert LessonPage.objects.filter(slug="t-internal-audit").count() == 1
    assert CoursePage.objects.filter(title="内审与管理评审实务").count() == 1
    lesson = LessonPage.objects.get(slug="t-internal-audit")
    assert lesson.live and lesson.title == "内部审核（修订）"


def test_plain_text_paragraphs_and_html_bodies(site_tree, use_database_engine, tmp_path, capsys):
    html = {**CORPUS[3], "body": "<p>发现<b>不合格品</b></p><script>alert(1)</script>"}
    run(write(tmp_path, [CORPUS[0], html]), capsys=capsys)
    text = LessonPage.objects.get(slug="t-internal-audit").body[0].value.source
    assert text.count("<p>") == 2
    source = LessonPage.objects.get(slug="t-nonconforming").body[0].value.source
    assert "<b>不合格品</b>" in source and "script" not in source


def test_a_long_import_shows_its_progress_when_asked(
    site_tree, use_database_engine, tmp_path, capsys
):
    path = write(tmp_path, CORPUS[:3])
    quiet = run(path, capsys=capsys)  # stderr is not a terminal here: no bar in the logs
    assert quiet.err == ""
    shown = run(path, "--progress", capsys=capsys)
    assert "导入" in shown.err and "3/3" in shown.err
    assert "新建 0，更新 3，失败 0" in shown.out


def test_bulk_written_pages_are_whole_wagtail_pages(
    site_tree, use_database_engine, publish_lines, client
):
    """New pages skip Page.save(): the tree, revisions, history, search entries and the admin
    search index must still be what Wagtail would have written."""
    from wagtail.models import Page, PageLogEntry

    from search.models import SearchEntry

    report = publish_lines(CORPUS)
    assert (report.created, report.failed) == (len(CORPUS), [])
    assert Page.find_problems() == ([], [], [], [], [])  # paths, depths, numchild
    for slug in ("t-internal-audit", "t-case-iqc"):
        page = Page.objects.get(slug=slug).specific
        assert page.live and not page.has_unpublished_changes
        assert page.live_revision_id == page.latest_revision_id is not None
        assert page.get_latest_revision_as_object().title == page.title
        assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").count() == 1
        assert SearchEntry.objects.filter(page=page).exists()
        assert client.get(page.url).status_code == 200
    case = CasePage.objects.get(slug="t-case-iqc")
    assert case.district.name == "北辰区"  # from its section, as CasePage.save() sets it
    assert "t-internal-audit" in [page.slug for page in Page.objects.search("体检")]


def test_a_rolled_back_line_leaves_no_trace_and_the_next_line_takes_its_place(
    site_tree, use_database_engine, tmp_path, capsys
):
    from wagtail.models import Page

    lines = [
        {**CORPUS[0], "slug": "t-first"},
        {**CORPUS[0], "slug": "t-refused", "course": "新课程", "clauses": ["99.9"]},
        {**CORPUS[0], "slug": "t-first", "title": "同一 slug 的第二行更新第一行"},
        {**CORPUS[0], "slug": "t-second"},
    ]
    out = run(write(tmp_path, lines), capsys=capsys)
    assert "新建 2，更新 1，失败 1" in out.out
    assert not CoursePage.objects.filter(title="新课程").exists()
    assert LessonPage.objects.get(slug="t-first").get_latest_revision_as_object().title == (
        "同一 slug 的第二行更新第一行"
    )
    assert Page.find_problems() == ([], [], [], [], [])


def test_page_published_has_only_the_reactions_the_bulk_writer_repeats():
    """search.pagewriter does what page_published sets off for many pages at once; a new
    receiver must be added there too."""
    from wagtail.signals import page_published

    from search.pagewriter import PUBLISHED_REACTIONS

    for model in (LessonPage, CasePage, CoursePage):
        sync, asynchronous = page_published._live_receivers(model)
        names = {f"{f.__module__}.{f.__qualname__}" for f in [*sync, *asynchronous]}
        assert names == PUBLISHED_REACTIONS


def test_a_page_moved_into_a_course_created_by_the_same_file_keeps_the_tree_whole(
    site_tree, use_database_engine, tmp_path, capsys
):
    """The bulk writer adds numchild to parents once per batch and remembers each parent's
    last child: a lesson moved by Wagtail into a course this file created (children written
    in bulk, not yet counted) must take a new place, and the next new lesson another."""
    from wagtail.models import Page

    run(write(tmp_path, [{**CORPUS[0], "slug": "t-moved"}]), capsys=capsys)
    lines = [
        {**CORPUS[0], "slug": "t-new-first", "course": "新开课程"},
        {**CORPUS[0], "slug": "t-moved", "course": "新开课程"},
        {**CORPUS[0], "slug": "t-new-after", "course": "新开课程"},
    ]
    out = run(write(tmp_path, lines), capsys=capsys)
    assert "新建 2，更新 1，失败 0" in out.out, out.err
    course = CoursePage.objects.get(title="新开课程")
    children = LessonPage.objects.child_of(course).order_by("path")
    assert [lesson.slug for lesson in children] == ["t-new-first", "t-moved", "t-new-after"]
    assert Page.objects.get(pk=course.pk).numchild == 3
    assert Page.find_problems() == ([], [], [], [], [])


def test_links_in_imported_bodies_reach_the_reference_index(
    site_tree, use_database_engine, publish_lines
):
    """The reference index of every imported page with links is written once at the end
    (loaded in batches): new pages and pages updated through Wagtail alike."""
    from wagtail.models import Page, ReferenceIndex

    first, second = Page.objects.filter(depth=2).first(), Page.objects.filter(depth=3).first()

    def linking(slug, target):
        body = f'<p>参见<a data-linktype="page" data-id="{target.pk}">这里</a></p>'
        return {**CORPUS[0], "slug": slug, "body": body}

    def referring(target):
        slugs = (
            Page.objects.get(pk=ref.object_id).slug
            for ref in ReferenceIndex.get_references_to(target)
        )
        return sorted(slug for slug in slugs if slug.startswith("t-link"))

    report = publish_lines([linking("t-link-a", first)])
    assert (report.created, report.failed) == (1, [])
    assert referring(first) == ["t-link-a"]
    report = publish_lines([linking("t-link-a", second), linking("t-link-b", first)])
    assert (report.created, report.updated, report.failed) == (1, 1, [])
    assert referring(first) == ["t-link-b"]
    assert referring(second) == ["t-link-a"]


def test_an_imported_page_has_the_references_wagtail_would_record(
    site_tree, use_database_engine, publish_lines
):
    """A case's district, industry and helping body, and a lesson's clauses, are in the
    reference index (the admin's 使用情况 of a district lists the cases imported for it),
    whether the page was new or updated, with or without links in its body."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    def recorded(page):
        rows = ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page), object_id=str(page.pk)
        )
        return set(
            rows.values_list("to_content_type_id", "to_object_id", "model_path", "content_path")
        )

    report = publish_lines([CORPUS[0], CORPUS[4]])
    assert (report.created, report.failed) == (2, [])
    for slug in ("t-internal-audit", "t-case-iqc"):
        page = Page.objects.get(slug=slug).specific
        written = recorded(page)
        ReferenceIndex.create_or_update_for_object(page)  # what Wagtail writes for it
        assert recorded(page) == written, slug
    case = CasePage.objects.get(slug="t-case-iqc")
    assert {"district", "industry"} <= {path for _, _, path, _ in recorded(case)}
    users = {ref.object_id for ref in ReferenceIndex.get_references_to(case.district)}
    assert str(case.pk) in users
