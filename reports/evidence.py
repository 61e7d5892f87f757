"""Evidence files of the 附件1 evaluation, stored as Wagtail documents.

An upload passes the site's document form (``WAGTAILDOCS_DOCUMENT_FORM_BASE``, i.e.
``courses.uploads.SafeDocumentForm``: size limit, extension, zip-bomb check through
``library.uploads``, content matching the extension) before it is stored in the given
collection. Files are handed out by ``serve`` after the caller's own access check.
"""

from django.http import FileResponse
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form


def store_document(upload, collection, user):
    """(document, None) once stored in ``collection``, or (None, [Chinese messages])."""
    model = get_document_model()
    form_class = get_document_form(model)
    form = form_class(
        {"title": upload.name.rsplit("/", 1)[-1][:255], "collection": collection.pk},
        {"file": upload},
        instance=model(uploaded_by_user=user),
    )
    if not form.is_valid():
        return None, [message for errors in form.errors.values() for message in errors]
    form.instance.collection = collection
    return form.save(), None


def serve(document):
    """The document's file as a download."""
    handle = document.file.open("rb")
    return FileResponse(handle, as_attachment=True, filename=document.filename)
