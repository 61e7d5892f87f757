"""Who may see, fill, submit and review a pilot region's 附件3 statistics.

City editors see and review every region's table. A district user sees and fills the tables
of the pilot regions their district belongs to, while the table is a draft (once submitted
it waits for the editor, who may send it back). No one else sees them.
"""

from library.models import District
from library.roles import is_city_editor, organisation_of
from reports.models import DRAFT, SUBMITTED


def pilot_district(user, region):
    """The user's district when it is one of ``region``'s districts, else None."""
    organisation = organisation_of(user)
    if isinstance(organisation, District) and region.districts.filter(pk=organisation.pk).exists():
        return organisation
    return None


def regions_visible(user, regions):
    if is_city_editor(user):
        return regions
    organisation = organisation_of(user)
    if not isinstance(organisation, District):
        return regions.none()
    return regions.filter(districts=organisation)


def may_view(user, region):
    return is_city_editor(user) or pilot_district(user, region) is not None


def may_edit(user, statistics):
    if is_city_editor(user):
        return statistics.status != "reviewed"
    return statistics.status == DRAFT and pilot_district(user, statistics.region) is not None


def may_submit(user, statistics):
    return statistics.status == DRAFT and may_edit(user, statistics)


def may_review(user, statistics):
    return is_city_editor(user) and statistics.status == SUBMITTED


def may_reopen(user, statistics):
    """An editor sends a submitted or reviewed table back to the districts."""
    return is_city_editor(user) and statistics.status != DRAFT
