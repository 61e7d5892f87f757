"""Who may see and manage a body's learning records in the admin: city editors everything, a
certification body's users their own body's question bank, gradebooks, learners and
certificates; nobody else. The one rule every admin view of ``courses`` asks."""

from library.models import CertificationBody
from library.roles import is_city_editor, organisation_of


def body_of(user):
    organisation = organisation_of(user)
    return organisation if isinstance(organisation, CertificationBody) else None


def may_use_learning_admin(user):
    return user.is_authenticated and (is_city_editor(user) or body_of(user) is not None)


def may_manage_body(user, body_id):
    if is_city_editor(user):
        return True
    body = body_of(user)
    return body is not None and body.pk == body_id


def bodies_for(user, queryset=None):
    queryset = CertificationBody.objects.all() if queryset is None else queryset
    if is_city_editor(user):
        return queryset
    body = body_of(user)
    return queryset.filter(pk=body.pk) if body else queryset.none()


def scope(user, queryset, body_field="body"):
    """``queryset`` narrowed to the rows of the bodies ``user`` manages."""
    if is_city_editor(user):
        return queryset
    body = body_of(user)
    return queryset.filter(**{body_field: body}) if body else queryset.none()


def courses_for(user, queryset=None):
    """The courses whose learning records ``user`` may read (their body's section)."""
    from courses.models import CoursePage

    queryset = CoursePage.objects.all() if queryset is None else queryset
    if is_city_editor(user):
        return queryset
    body = body_of(user)
    if body is None or not hasattr(body, "courses_section"):
        return queryset.none()
    return queryset.filter(path__startswith=body.courses_section.path)
