"""Every file under MEDIA_URL goes through ``serve_media``, which applies the rule of
``ops.documents.may_read`` first: originals of images (``original_images/``), their
renditions (``images/``) and documents (``documents/``). A path that is not one of those
files is a 404, so nothing on the media disk is reachable just because it is there.

On local storage (the embedded default, ``make run``) the file is streamed by this view;
on S3 the same view redirects to a short-lived signed URL (``ops.storage``). The
development server no longer serves MEDIA_ROOT as static files (project/urls.py).
"""

from django.http import FileResponse, Http404
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from ops.documents import is_public, may_read, refusal
from ops.storage import is_s3, private_file_response

# Public files may be kept briefly by browsers and proxies.
PUBLIC_MAX_AGE = 300


def media_item(name):
    """(the image or document that decides, the stored file, as attachment) for ``name``."""
    Image = get_image_model()
    image = Image.objects.filter(file=name).select_related("collection").first()
    if image is not None:
        return image, image.file, False
    rendition = (
        Image.get_rendition_model()
        .objects.filter(file=name)
        .select_related("image__collection")
        .first()
    )
    if rendition is not None:
        return rendition.image, rendition.file, False
    document = get_document_model().objects.filter(file=name).first()
    if document is not None:
        return document, document.file, True
    return None, None, False


def serve_media(request, path):
    if ".." in path.split("/") or path.startswith("/"):
        raise Http404
    item, field_file, as_attachment = media_item(path)
    if item is None:
        raise Http404
    public = is_public(item)
    if not public and not may_read(request.user, item):
        return refusal(request)
    filename = path.rsplit("/", 1)[-1]
    try:
        if not public or is_s3(field_file.storage):
            return private_file_response(field_file, filename, as_attachment=as_attachment)
        response = FileResponse(
            field_file.open("rb"), as_attachment=as_attachment, filename=filename
        )
    except FileNotFoundError:  # the record is there, the file is gone
        raise Http404 from None
    # A page unpublished now has its images private again within PUBLIC_MAX_AGE seconds.
    response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    return response
