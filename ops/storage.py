"""Media storage helpers: where files live, whether the store answers, and how a private
file reaches the one user allowed to read it.

Media is either on the local disk (the embedded default) or in a private S3 bucket
(django-storages). Nothing in the bucket is publicly readable: a private file is handed
out by a view that has checked permission first, either streamed through the process
(local disk) or as a redirect to a signed URL that expires after AWS_QUERYSTRING_EXPIRE
seconds (S3).
"""

from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponseRedirect


def is_s3(storage=None):
    from storages.backends.s3 import S3Storage

    # isinstance sees through default_storage's lazy wrapper.
    return isinstance(storage or default_storage, S3Storage)


def private_file_response(field_file, filename, *, as_attachment=True):
    """Hand ``field_file`` to a user the caller has already checked may read it."""
    if is_s3(field_file.storage):
        disposition = "attachment" if as_attachment else "inline"
        url = field_file.storage.url(
            field_file.name,
            parameters={
                "ResponseContentDisposition": f"{disposition}; filename*=UTF-8''{quote(filename)}"
            },
            expire=getattr(settings, "AWS_QUERYSTRING_EXPIRE", 300),
        )
        response = HttpResponseRedirect(url)
    else:
        response = FileResponse(
            field_file.open("rb"), as_attachment=as_attachment, filename=filename
        )
    # A signed URL or a private file must not be kept by shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


def probe(storage=None, timeout=3):
    """Whether the media store answers now: (ok, details). Short timeouts, no retries, so
    that a health check reports an outage instead of hanging on it."""
    storage = storage or default_storage
    if not is_s3(storage):
        import os

        root = getattr(storage, "location", settings.MEDIA_ROOT)
        ok = os.path.isdir(root) and os.access(root, os.W_OK)
        return ok, {"backend": "local", **({} if ok else {"error": f"目录不可写：{root}"})}

    import boto3
    from botocore.config import Config

    client = boto3.session.Session().client(
        "s3",
        endpoint_url=storage.endpoint_url,
        region_name=storage.region_name,
        aws_access_key_id=storage.access_key,
        aws_secret_access_key=storage.secret_key,
        config=Config(
            connect_timeout=timeout,
            read_timeout=timeout,
            retries={"max_attempts": 1, "mode": "standard"},
        ),
    )
    details = {"backend": "s3", "bucket": storage.bucket_name}
    try:
        client.head_bucket(Bucket=storage.bucket_name)
    except Exception as error:  # botocore raises many types; any of them means "down"
        return False, {**details, "error": f"{type(error).__name__}: {error}"}
    return True, details
