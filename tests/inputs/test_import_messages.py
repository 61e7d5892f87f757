"""import_library: every refusal is Chinese and names its line; control characters are
refused for that line only; the counts always add up to the lines in the file."""

import json
import re

import pytest
from django.core.management import CommandError, call_command

from courses.models.lesson import LessonPage
from search.importer import import_lines
from tests.search.conftest import CORPUS

pytestmark = pytest.mark.django_db
LESSON = CORPUS[0]
CASE = CORPUS[4]
ASCII_ONLY = re.compile(r"^[\x20-\x7e]+$")


def line(item):
    return json.dumps(item, ensure_ascii=False)


BAD_LINES = {
    "NUL in title (escaped)": line({**LESSON, "slug": "t-nul-1", "title": "内部\x00审核"}),
    "NUL in title (raw byte)": '{"kind": "lesson", "slug": "t-nul-2", "title": "内部\x00审核"}',
    "bell in title": line({**LESSON, "slug": "t-bel", "title": "审核\x07"}),
    "escape in course": line({**LESSON, "slug": "t-esc", "course": "课程\x1b[31m"}),
    "DEL in organisation": line({**CASE, "slug": "t-del", "organisation": "机构\x7f"}),
    "NUL in body": line({**LESSON, "slug": "t-nul-body", "body": "正文\x00"}),
    "NUL in a clause": line({**LESSON, "slug": "t-nul-clause", "clauses": ["9.2\x00"]}),
    "truncated JSON": '{"kind": "lesson", "slug": ',
    "not JSON": "not json at all",
    "JSON array": "[1, 2, 3]",
    "unknown kind": line({"kind": "video"}),
    "title is a number": line({**LESSON, "slug": "t-num", "title": 12345}),
    "title too long": line({**LESSON, "slug": "t-long", "title": "长" * 300}),
    "bad slug": line({**LESSON, "slug": "a b/c"}),
    "year is text": line({**CASE, "slug": "t-year", "year": "明年"}),
    "year is a list": line({**CASE, "slug": "t-year-list", "year": [2024]}),
    "year unicode digits": line({**CASE, "slug": "t-year-u", "year": "２０２４"}),
    "clauses not a list": line({**LESSON, "slug": "t-cl", "clauses": "9.2"}),
    "clauses of numbers": line({**LESSON, "slug": "t-cl-n", "clauses": [9.2]}),
    "nested object": line({**LESSON, "slug": "t-nested", "body": {"a": 1}}),
    "invalid UTF-8": b'{"kind": "lesson", "title": "\xff\xfe"}',
}


def chinese(text):
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def test_each_bad_line_gets_a_chinese_reason_and_the_good_lines_still_import(
    site_tree,
    use_database_engine,
):
    lines = [
        line(LESSON).encode(),
        *[v if isinstance(v, bytes) else v.encode() for v in BAD_LINES.values()],
        line(CASE).encode(),
    ]
    report = import_lines(lines)
    assert (report.created, report.updated) == (2, 0)
    failed = dict(report.failed)
    assert sorted(failed) == list(range(2, 2 + len(BAD_LINES)))  # every bad line, by number
    for (label, _), number in zip(BAD_LINES.items(), range(2, 2 + len(BAD_LINES)), strict=True):
        reason = failed[number]
        assert chinese(reason), (label, reason)
        assert "Error" not in reason and "Expecting" not in reason, (label, reason)
    assert "title 包含不允许的控制字符" in failed[2]
    assert "该行包含不允许的控制字符（如 NUL）" in failed[3]
    assert not LessonPage.objects.filter(slug__in=["t-nul-1", "t-nul-2", "t-nul-body"]).exists()
    # (SQLite's LIKE stops at a NUL, so look at the titles themselves)
    assert all("\x00" not in title for title in LessonPage.objects.values_list("title", flat=True))


def test_a_bom_and_blank_lines_are_fine(site_tree, use_database_engine):
    report = import_lines([b"\xef\xbb\xbf" + line(LESSON).encode(), b"\n", b"   \n"])
    assert (report.created, report.failed) == (1, [])


def test_an_overlong_line_is_refused(site_tree, use_database_engine):
    huge = line({**LESSON, "slug": "t-huge", "body": "字" * 400_000}).encode()
    assert len(huge) > 1024 * 1024
    report = import_lines([huge])
    assert report.failed == [(1, "该行超过 1 MB，未导入")]


def test_the_command_reports_line_numbers_in_chinese(
    site_tree,
    use_database_engine,
    tmp_path,
    capsys,
):
    path = tmp_path / "library.jsonl"
    path.write_bytes(
        b"\n".join([line(LESSON).encode(), BAD_LINES["NUL in title (escaped)"].encode(), b"{oops"])
    )
    call_command("import_library", str(path))
    out = capsys.readouterr()
    assert "新建 1，更新 0，失败 2" in out.out
    assert "第 2 行失败：字段 title 包含不允许的控制字符" in out.err
    assert "第 3 行失败：不是有效的 JSON（第 2 个字符附近有误）" in out.err
    for reported in out.err.splitlines():
        assert chinese(reported) and not ASCII_ONLY.match(reported)


def test_a_missing_file_is_a_chinese_error(tmp_path):
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("import_library", str(tmp_path / "none.jsonl"))
