"""Roles as Django groups, and the slice of the site each organisation may edit.

There are five role groups (city editors, certification-body users, district users,
experts, system administrators). On top of that every certification body and every district gets a group of
its own whose Wagtail page permissions cover only its subtree, and a media collection
only its users can add to. A user belongs to one organisation (``Membership``) and so to
exactly one organisation group.

Wagtail docs: https://docs.wagtail.org/en/stable/topics/permissions.html
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

CITY_EDITORS = "市级编辑"
BODY_USERS = "认证机构用户"
DISTRICT_USERS = "区用户"
EXPERTS = "评审专家"
# Administers every account and group (short of superusers); see library/users.py.
SYSTEM_ADMINS = "系统管理员"
# Signs off (签发) after the editors' first review where an area has two steps (review/setup.py).
DIVISION_HEADS = "处长"
ROLE_GROUPS = (CITY_EDITORS, BODY_USERS, DISTRICT_USERS, EXPERTS, SYSTEM_ADMINS, DIVISION_HEADS)
# The roles a city editor may give the accounts they create and edit, and nothing else.
EDITOR_MANAGED_ROLES = (BODY_USERS, DISTRICT_USERS, EXPERTS)

# Organisation users draft and submit; only city editors publish.
AUTHOR_PAGE_PERMISSIONS = ("add_page", "change_page")
EDITOR_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
)
AUTHOR_MEDIA_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)
EDITOR_MEDIA_PERMISSIONS = (
    *AUTHOR_MEDIA_PERMISSIONS,
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "delete_document"),
)
# Shared reference data city editors maintain in the admin.
EDITOR_MODEL_PERMISSIONS = {
    "library": (
        "district",
        "industry",
        "pilotregion",
        "certificationbody",
        "clause",
        "campaign",
        "membership",
        "expert",
        "sitesettings",
    ),
}


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(codename):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def role_group(name):
    return Group.objects.get_or_create(name=name)[0]


@transaction.atomic
def ensure_role_groups():
    """Create the role groups with their permissions; safe to run again."""
    access_admin = _permission("wagtailadmin", "access_admin")
    for name in ROLE_GROUPS:
        role_group(name).permissions.add(access_admin)

    editors = role_group(CITY_EDITORS)
    for app_label, models in EDITOR_MODEL_PERMISSIONS.items():
        for model in models:
            for action in ("add", "change", "delete", "view"):
                editors.permissions.add(_permission(app_label, f"{action}_{model}"))
    # Limited to accounts in EDITOR_MANAGED_ROLES by library.users, on every path.
    for codename in ("add_user", "change_user"):
        editors.permissions.add(_permission("auth", codename))
    system_admins = role_group(SYSTEM_ADMINS)
    for codename in ("add_user", "change_user", "delete_user", "view_user"):
        system_admins.permissions.add(_permission("auth", codename))
    for codename in ("add_group", "change_group", "delete_group", "view_group"):
        system_admins.permissions.add(_permission("auth", codename))
    root_page = Page.get_first_root_node()
    grant_page_subtree(editors, root_page, EDITOR_PAGE_PERMISSIONS)
    grant_collection(editors, Collection.get_first_root_node(), EDITOR_MEDIA_PERMISSIONS)
    return {name: role_group(name) for name in ROLE_GROUPS}


def grant_page_subtree(group, page, codenames=AUTHOR_PAGE_PERMISSIONS):
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_page_permission(codename)
        )


def grant_collection(group, collection, permissions=AUTHOR_MEDIA_PERMISSIONS):
    for app_label, codename in permissions:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission(app_label, codename)
        )


def _parent_collection(name):
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


def provision_organisation_space(organisation):
    """Give a new district or body its own group and media collection (before its first save)."""
    if organisation.group_id is None:
        organisation.group = Group.objects.get_or_create(name=organisation.space_name)[0]
    if organisation.collection_id is None:
        parent = _parent_collection(organisation._meta.verbose_name_plural)
        existing = parent.get_children().filter(name=organisation.name).first()
        organisation.collection = existing or parent.add_child(name=organisation.name)
    grant_collection(organisation.group, organisation.collection)


def organisation_groups():
    """Every organisation's own group, so a user can be moved from one to another."""
    ids = []
    for model_name in ("District", "CertificationBody"):
        model = apps.get_model("library", model_name)
        ids += model.objects.exclude(group=None).values_list("group_id", flat=True)
    return Group.objects.filter(id__in=ids)


@transaction.atomic
def sync_membership_groups(membership):
    user = membership.user
    organisation = membership.organisation
    user.groups.remove(*organisation_groups().exclude(id=organisation.group_id))
    user.groups.remove(role_group(BODY_USERS), role_group(DISTRICT_USERS))
    role = BODY_USERS if membership.certification_body_id else DISTRICT_USERS
    user.groups.add(organisation.group, role_group(role))


def organisation_of(user):
    """The body or district a user works for, or None."""
    membership = getattr(user, "membership", None) if user.is_authenticated else None
    return membership.organisation if membership else None


def pages_visible_in_admin(user, pages):
    """What of ``pages`` the admin may show ``user`` outside the page editor (choosers):
    live pages, and the pages they may edit. An expert, with no page permission, sees
    only live pages; no one sees another organisation's drafts (not even their titles)."""
    from django.db.models import Q
    from wagtail.permission_policies.pages import PagePermissionPolicy

    if not user.is_authenticated:
        return pages.none()
    if user.is_superuser:
        return pages
    editable = PagePermissionPolicy().instances_user_has_any_permission_for(
        user, {"change", "publish"}
    )
    return pages.filter(Q(live=True) | Q(pk__in=editable.values("pk")))


def role_names(user):
    """The names of the user's groups, read once per user object (a request asks many times;
    Django caches permissions on the user the same way)."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_role_names_cache"):
        user._role_names_cache = frozenset(user.groups.values_list("name", flat=True))
    return user._role_names_cache


def is_system_admin(user):
    return user.is_superuser or SYSTEM_ADMINS in role_names(user)


def is_city_editor(user):
    return user.is_superuser or CITY_EDITORS in role_names(user)
