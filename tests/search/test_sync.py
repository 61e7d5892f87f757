"""Publishing, unpublishing, moving and deleting keep the index right, with no manual
reindex, on both engines (through the outbox and its background task)."""

from wagtail.actions.unpublish_page import UnpublishPageAction

from courses.models import CoursePage
from courses.models.lesson import LessonPage
from search.models import OutboxEntry
from search.service import run_search
from tests.search.conftest import CORPUS, refresh


def urls(query):
    return [hit["url"] for hit in run_search(query).hits]


def test_publish_unpublish_move_and_delete(
    engine_name, publish_lines, settings, django_capture_on_commit_callbacks
):
    publish_lines([CORPUS[0], CORPUS[1]])
    lesson = LessonPage.objects.get(slug="t-internal-audit")

    def change(action):
        with django_capture_on_commit_callbacks(execute=True):
            action()
        refresh(settings)

    # published: searchable
    assert urls("审核员培训")[0] == lesson.url

    # edited and republished: the new words are found, the old ones are not
    lesson.title = "内审实务：审核检查表"
    change(lambda: lesson.save_revision().publish())
    assert run_search("检查表").hits[0]["title"] == "内审实务：审核检查表"

    # unpublished: gone
    change(lambda: lesson.unpublish())
    assert urls("检查表") == []

    # published again, then moved to another course: found at its new address
    change(lambda: LessonPage.objects.get(pk=lesson.pk).save_revision().publish())
    other = CoursePage.objects.get(title="生产现场质量控制")
    change(lambda: LessonPage.objects.get(pk=lesson.pk).move(other, pos="last-child"))
    moved = LessonPage.objects.get(pk=lesson.pk)
    assert moved.url.startswith(other.url)
    assert urls("检查表") == [moved.url]

    # moving a whole course moves its lessons' addresses too
    course = CoursePage.objects.get(pk=other.pk)
    target = CoursePage.objects.exclude(pk=course.pk).first().get_parent()
    change(lambda: course.move(target, pos="last-child"))
    assert urls("检查表") == [LessonPage.objects.get(pk=lesson.pk).url]

    # deleted: gone
    change(lambda: LessonPage.objects.get(pk=lesson.pk).delete())
    assert urls("检查表") == []
    assert urls("进货检验") == [LessonPage.objects.get(slug="t-incoming").url]
    assert not OutboxEntry.objects.exists()


def test_unpublishing_a_course_with_its_lessons_removes_them(
    use_database_engine, publish_lines, django_capture_on_commit_callbacks, admin_user
):
    publish_lines([CORPUS[0]])
    course = CoursePage.objects.get(title="内审与管理评审实务")
    assert urls("审核员培训")
    with django_capture_on_commit_callbacks(execute=True):
        UnpublishPageAction(course, user=admin_user, include_descendants=True).execute()
    assert urls("审核员培训") == []
