"""Who receives what: the accounts of a district or body, a round's experts, the editors."""

from django.contrib.auth import get_user_model

from library.roles import CITY_EDITORS


def members_of(organisation):
    """Active accounts of a district or certification body."""
    if organisation is None:
        return []
    User = get_user_model()
    field = (
        "membership__district"
        if organisation._meta.model_name == "district"
        else ("membership__certification_body")
    )
    return list(User.objects.filter(is_active=True, **{field: organisation}).order_by("pk"))


def city_editors():
    User = get_user_model()
    return list(
        User.objects.filter(is_active=True, groups__name=CITY_EDITORS).distinct().order_by("pk")
    )


def organisation_of_content(page):
    """The district of a case, the body of a course (None for other pages)."""
    from cases.models import CasePage
    from courses.models import CoursePage

    if isinstance(page, CasePage):
        return page.district
    if isinstance(page, CoursePage):
        return page.certification_body
    return None
