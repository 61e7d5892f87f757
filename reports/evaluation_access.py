"""Who may see and change the 附件1 evaluation material: a district's 评估总结 and the
complaints and 通报批评 about a certification body. Nothing here is public.

评估总结 (the pattern of ``reports.access`` for the 附件3 table): city editors see and review
every district's; a district user sees and fills only their own district's, while it is a
draft and the campaign's deadline has not passed (or an editor reopened it); an expert
assigned to judge the district in one of the campaign's rounds reads it.

Complaints: only city editors record and change them; a body's users read their own body's;
an expert assigned to judge the body reads them too.
"""

from library.models import CertificationBody, District
from library.roles import is_city_editor, organisation_of
from reports.models import DRAFT, SUBMITTED


def own_district(user, district):
    organisation = organisation_of(user)
    return isinstance(organisation, District) and organisation.pk == district.pk


def own_body(user, body):
    organisation = organisation_of(user)
    return isinstance(organisation, CertificationBody) and organisation.pk == body.pk


def assigned_expert(user, kind_key, subject, campaign):
    """Whether ``user`` is an expert asked (and not recused) to judge ``subject`` of
    ``kind_key`` in one of ``campaign``'s rounds."""
    if not user.is_authenticated:
        return False
    from selection.models import Assignment
    from selection.subjects import kind

    return (
        Assignment.objects.filter(
            expert__user=user,
            round__campaign=campaign,
            **{f"entry__{kind(kind_key).entry_field}": subject},
        )
        .exclude(status=Assignment.RECUSED)
        .exists()
    )


# 评估总结 ----------------------------------------------------------------------------------


def districts_visible(user, districts):
    if is_city_editor(user):
        return districts
    organisation = organisation_of(user)
    if not isinstance(organisation, District):
        return districts.none()
    return districts.filter(pk=organisation.pk)


def may_view_summary(user, district, campaign):
    return (
        is_city_editor(user)
        or own_district(user, district)
        or assigned_expert(user, "district", district, campaign)
    )


def is_locked(summary, moment=None):
    """Past the campaign's deadline and not reopened by an editor: the district cannot change it."""
    return summary.campaign.is_past_deadline(moment) and not summary.reopened


def may_edit_summary(user, summary):
    if is_city_editor(user):
        return summary.status != "reviewed"
    return (
        summary.status == DRAFT and own_district(user, summary.district) and not is_locked(summary)
    )


def may_submit_summary(user, summary):
    return summary.status == DRAFT and may_edit_summary(user, summary)


def may_review_summary(user, summary):
    return is_city_editor(user) and summary.status == SUBMITTED


def may_reopen_summary(user, summary):
    """An editor sends a submitted or reviewed summary back, or opens a draft the deadline
    has locked."""
    return is_city_editor(user) and (summary.status != DRAFT or is_locked(summary))


# Complaints and 通报批评 ----------------------------------------------------------------------


def may_record_complaints(user):
    return is_city_editor(user)


def bodies_with_visible_complaints(user, bodies):
    if is_city_editor(user):
        return bodies
    organisation = organisation_of(user)
    if not isinstance(organisation, CertificationBody):
        return bodies.none()
    return bodies.filter(pk=organisation.pk)


def may_view_complaints(user, body, campaign=None):
    if is_city_editor(user) or own_body(user, body):
        return True
    return campaign is not None and assigned_expert(user, "body", body, campaign)
