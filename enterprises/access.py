"""Who sees and changes the enterprise records: the one rule, used by the permission policies
(``enterprises.policies``), the admin views and the case form's enterprise list.

- City editors (and superusers) see and change everything.
- A certification body sees and changes its own ledgers and sessions, and the enterprises
  it registered or helps.
- A district sees the ledgers, sessions and enterprises of its district, comments on the
  ledgers, records its own sessions and registers its own enterprises; it changes no ledger.
- Experts, learners and everyone else see nothing.
"""

from django.db.models import Q

from library.models import CertificationBody, District
from library.roles import is_city_editor, organisation_of

EDITOR = "editor"
BODY = "body"
DISTRICT = "district"


def role_of(user):
    """(EDITOR, None), (BODY, body), (DISTRICT, district) or (None, None)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None, None
    if is_city_editor(user):
        return EDITOR, None
    organisation = organisation_of(user)
    if isinstance(organisation, CertificationBody):
        return BODY, organisation
    if isinstance(organisation, District):
        return DISTRICT, organisation
    return None, None


def has_any_role(user):
    return role_of(user)[0] is not None


# Enterprises -------------------------------------------------------------------------------


def enterprises_for(user, queryset=None):
    from enterprises.models import Enterprise

    queryset = Enterprise.objects.all() if queryset is None else queryset
    role, organisation = role_of(user)
    if role == EDITOR:
        return queryset
    if role == BODY:
        return queryset.filter(
            Q(registered_by_body=organisation) | Q(ledgers__body=organisation)
        ).distinct()
    if role == DISTRICT:
        return queryset.filter(district=organisation)
    return queryset.none()


def may_change_enterprise(user, enterprise):
    return enterprises_for(user).filter(pk=enterprise.pk).exists()


def may_add_enterprise(user):
    return has_any_role(user)


# Ledgers -----------------------------------------------------------------------------------


def ledgers_for(user, queryset=None):
    from enterprises.models import HelpLedger

    queryset = HelpLedger.objects.all() if queryset is None else queryset
    role, organisation = role_of(user)
    if role == EDITOR:
        return queryset
    if role == BODY:
        return queryset.filter(body=organisation)
    if role == DISTRICT:
        return queryset.filter(enterprise__district=organisation)
    return queryset.none()


def ledgers_changeable_by(user, queryset=None):
    role, _ = role_of(user)
    if role in (EDITOR, BODY):
        return ledgers_for(user, queryset)
    return ledgers_for(None, queryset)


def may_add_ledger(user):
    return role_of(user)[0] in (EDITOR, BODY)


def may_comment(user, ledger):
    role, _ = role_of(user)
    return role in (EDITOR, DISTRICT) and ledgers_for(user).filter(pk=ledger.pk).exists()


# Training sessions -------------------------------------------------------------------------


def sessions_for(user, queryset=None):
    from enterprises.models import TrainingSession

    queryset = TrainingSession.objects.all() if queryset is None else queryset
    role, organisation = role_of(user)
    if role == EDITOR:
        return queryset
    if role == BODY:
        return queryset.filter(organiser_body=organisation)
    if role == DISTRICT:
        return queryset.filter(organiser_district=organisation)
    return queryset.none()


def sessions_changeable_by(user, queryset=None):
    """A body changes the sessions it organised; a district those it organised itself (not
    a body's session held in the district); editors all."""
    queryset = sessions_for(user, queryset)
    role, _ = role_of(user)
    if role == DISTRICT:
        return queryset.filter(organiser_body__isnull=True)
    return queryset


def may_add_session(user):
    return has_any_role(user)
