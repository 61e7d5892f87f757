from courses.models.areas import BodyCoursesPage, CourseIndexPage
from courses.models.bank import BankChoice, BankQuestion, QuestionCategory
from courses.models.course import AUDIENCES, DELIVERY_MODES, CourseAttachment, CoursePage
from courses.models.learning import (
    Attempt,
    Certificate,
    CourseRating,
    LearnerProfile,
    LessonProgress,
)
from courses.models.lesson import LessonPage

__all__ = [
    "AUDIENCES",
    "DELIVERY_MODES",
    "Attempt",
    "BankChoice",
    "BankQuestion",
    "BodyCoursesPage",
    "Certificate",
    "CourseAttachment",
    "CourseIndexPage",
    "CoursePage",
    "CourseRating",
    "LearnerProfile",
    "LessonPage",
    "LessonProgress",
    "QuestionCategory",
]
