from courses.models.areas import BodyCoursesPage, CourseIndexPage
from courses.models.course import CoursePage

__all__ = ["BodyCoursesPage", "CourseIndexPage", "CoursePage"]
