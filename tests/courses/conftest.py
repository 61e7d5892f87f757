import pytest

from tests.courses.factories import make_course, make_lesson, question
from tests.factories import CertificationBodyFactory


@pytest.fixture
def body(site_tree):
    return CertificationBodyFactory()


@pytest.fixture
def other_body(site_tree):
    return CertificationBodyFactory()


@pytest.fixture
def course(body):
    """A published course with two lessons and three questions (one multiple choice)."""
    course = make_course(body, "进货检验怎么做", audiences=["leaders", "document_writers"])
    make_lesson(
        course,
        "第一课 供方选择",
        clauses=("8.4", "8.4.1"),
        blocks=[
            question(
                "外购件出了问题，客户找谁？",
                [("找我们", True), ("找供应商", False)],
                "外部提供的产品不合格，责任在组织自己，8.4.1 要求确保其符合要求。",
            ),
            question(
                "哪些是进货检验的记录？",
                [("进货检验记录", True), ("供应商试验报告", True), ("员工考勤表", False)],
                "能证明进货检验做了的记录才算。",
            ),
        ],
    )
    make_lesson(
        course,
        "第二课 不合格品",
        clauses=("8.7",),
        blocks=[
            question(
                "不合格品应当？",
                [("标识隔离", True), ("混入合格品", False), ("直接发货", False)],
                "8.7 要求识别和控制不合格输出，防止非预期使用。",
            )
        ],
    )
    return course
