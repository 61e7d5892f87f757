"""Who may download a document.

A document in an organisation's media collection (a district's or a certification body's,
see ``library.roles``) is that organisation's working material: an attachment of a draft
case or course. It stays private to the organisation's own group and the city editors
(everyone with Wagtail's "choose" or "change" permission on the collection) until a page
that uses it is live and public; from then on anyone may download it, as they may read the
page. "Uses" is Wagtail's reference index (the same "Usage" the admin shows), so a
document linked from a published case's body or attachments becomes public with it, and
private again when the case is unpublished.

Documents in any other collection follow Wagtail's own rules (collection view
restrictions). Wagtail docs: https://docs.wagtail.org/en/stable/advanced_topics/documents/
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


def is_organisation_document(document):
    """Whether the document sits in an organisation's collection (or one below it)."""
    owned = organisation_collection_ids()
    if not owned:
        return False
    collection = document.collection
    if collection.id in owned:
        return True
    return Collection.objects.ancestor_of(collection).filter(id__in=owned).exists()


def live_pages_using(document):
    """The live, public pages whose current content uses the document."""
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = [
        int(object_id)
        for object_id in ReferenceIndex.get_references_to(document)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    ]
    return Page.objects.live().public().filter(id__in=page_ids)


def may_download(user, document):
    from wagtail.documents import get_document_model
    from wagtail.permissions import policy_registry

    permission_policy = policy_registry.get_by_type(get_document_model())
    if not is_organisation_document(document):
        return True
    if user.is_authenticated and (
        user.is_superuser
        or permission_policy.user_has_any_permission_for_instance(
            user, ["choose", "change"], document
        )
    ):
        return True
    return live_pages_using(document).exists()
