"""One mechanism for the organisation subtrees: an area page under the home page, and a
section page per certification body (courses) or district (cases) that only that
organisation's group may add to and edit.
"""

from django.utils.text import slugify

from library.roles import grant_page_subtree


def ensure_area(home_page, area_model, *, home_field, **defaults):
    """The single area page (e.g. 课程) under the home page, linked from it."""
    area = area_model.objects.child_of(home_page).first()
    if area is None:
        area = home_page.add_child(instance=area_model(show_in_menus=True, **defaults))
        area.save_revision().publish()
    if getattr(home_page, f"{home_field}_id") != area.pk:
        setattr(home_page, home_field, area)
        home_page.save(update_fields=[f"{home_field}_id"])
    return area


def ensure_section(area, section_model, organisation, *, organisation_field):
    """The organisation's own section under the area, editable by its group only."""
    section = section_model.objects.filter(**{organisation_field: organisation}).first()
    if section is None:
        section = area.add_child(
            instance=section_model(
                title=organisation.name,
                slug=slugify(organisation.name, allow_unicode=True) or str(organisation.pk),
                **{organisation_field: organisation},
            )
        )
        section.save_revision().publish()
    if organisation.group_id:
        grant_page_subtree(organisation.group, section)
    return section
