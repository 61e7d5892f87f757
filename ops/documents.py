"""Who may read an organisation's media file: a document, an image or one of its renditions.

One rule for both kinds (``may_read``): a document or an image in an organisation's media collection (a district's or a certification body's,
see ``library.roles``) is that organisation's working material: an attachment of a draft
case or course. It stays private to the organisation's own group and the city editors
(everyone with Wagtail's "choose" or "change" permission on the collection) until a page
that uses it is live and public; from then on anyone may download it, as they may read the
page. "Uses" is Wagtail's reference index (the same "Usage" the admin shows), so a
document linked from a published case's body or attachments becomes public with it, and
private again when the case is unpublished.

Images follow the same rule: an image (and each rendition of it) in an organisation's
collection is served only by ``ops.media.serve_media`` after ``may_read``, and becomes public
with the live page that shows it.

Documents in any other collection follow Wagtail's own rules (collection view
restrictions); images in any other collection are public. Wagtail docs: https://docs.wagtail.org/en/stable/advanced_topics/documents/
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Collection, Page, ReferenceIndex

ORGANISATION_MODELS = (("library", "District"), ("library", "CertificationBody"))


def organisation_collection_ids():
    ids = set()
    for app_label, model_name in ORGANISATION_MODELS:
        model = apps.get_model(app_label, model_name)
        ids.update(model.objects.exclude(collection=None).values_list("collection_id", flat=True))
    return ids


def is_organisation_media(item):
    """Whether the document or image sits in an organisation's collection (or below it)."""
    owned = organisation_collection_ids()
    if not owned:
        return False
    collection = item.collection
    if collection.id in owned:
        return True
    return Collection.objects.ancestor_of(collection).filter(id__in=owned).exists()


def live_pages_using(item):
    """The live, public pages whose current content uses the document or image."""
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = [
        int(object_id)
        for object_id in ReferenceIndex.get_references_to(item)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    ]
    return Page.objects.live().public().filter(id__in=page_ids)


def is_public(item):
    """Whether anyone may read the document or image: outside the organisations'
    collections, or used by a live, public page."""
    return not is_organisation_media(item) or live_pages_using(item).exists()


def may_read(user, item):
    """Whether ``user`` may read the file of a document or image (the rule above)."""
    from wagtail.permissions import policy_registry

    if user.is_authenticated and (
        user.is_superuser
        or policy_registry.get_by_type(type(item)).user_has_any_permission_for_instance(
            user, ["choose", "change"], item
        )
    ):
        return True
    return is_public(item)


REFUSED = "该文件属于尚未发布的内容，只有所属单位的用户和市级编辑可以下载或查看。"


def refusal(request):
    """What a refused reader gets: the login page when signed out, else a 403."""
    from django.contrib.auth.views import redirect_to_login
    from django.http import HttpResponseForbidden

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return HttpResponseForbidden(REFUSED, content_type="text/plain; charset=utf-8")
