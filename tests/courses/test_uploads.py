"""Uploads must be what they claim; a bad one gets a Chinese message and leaves nothing behind."""

import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from tests.factories import PASSWORD, body_user

pytestmark = pytest.mark.django_db


def png_bytes():
    buffer = BytesIO()
    PILImage.new("RGB", (64, 48), (29, 111, 209)).save(buffer, "PNG")
    return buffer.getvalue()


def docx_bytes(part="word/document.xml"):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<document/>")
    return buffer.getvalue()


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.fixture
def uploader(client, body):
    user = body_user(body)
    client.login(username=user.username, password=PASSWORD)

    def upload(kind, name, content):
        url = reverse("wagtailimages:add" if kind == "image" else "wagtaildocs:add")
        before = stored_files()
        response = client.post(
            url,
            {
                "title": name,
                "collection": body.collection.pk,
                "file": SimpleUploadedFile(name, content),
            },
        )
        return response, stored_files() - before

    return upload


def errors(response):
    form = response.context["form"]
    return " ".join(str(message) for message in form.errors.get("file", []))


def test_a_real_image_and_real_documents_are_accepted(uploader):
    response, _ = uploader("image", "现场照片.png", png_bytes())
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="现场照片.png").exists()
    for name, content in [
        ("课件.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
        ("讲义.docx", docx_bytes()),
        ("旧版讲义.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504),
    ]:
        response, _ = uploader("document", name, content)
        assert response.status_code == 302, errors(response)


def test_a_corrupt_image_is_refused_in_chinese_and_not_stored(uploader):
    import weasyprint  # noqa: F401 - its import makes Pillow tolerate truncated files process-wide

    truncated = png_bytes()[:60]  # a real PNG header, cut off in the middle of the data
    response, new_files = uploader("image", "损坏的照片.png", truncated)
    assert response.status_code == 200
    assert "已损坏或不完整" in errors(response)
    assert not get_image_model().objects.filter(title="损坏的照片.png").exists()
    assert new_files == set()


def test_an_svg_with_script_is_refused_as_image_and_as_document(uploader):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response, new_files = uploader("image", "logo.svg", svg)
    assert response.status_code == 200
    assert errors(response)  # Wagtail: 不支持的图片格式 (SVG is not in WAGTAILIMAGES_EXTENSIONS)
    assert "不支持" in errors(response) or "有效的图片" in errors(response)
    response, new_files = uploader("document", "logo.svg", svg)
    assert "svg" in errors(response) and "不被允许" in errors(response)
    assert new_files == set()
    assert not get_document_model().objects.filter(title="logo.svg").exists()


@pytest.mark.parametrize(
    "name, content, kind",
    [
        ("课件.pdf", b"<html>not a pdf</html>", "PDF"),
        ("讲义.docx", b"plain text renamed to docx", "Word"),
        ("讲义.pptx", docx_bytes(), "PPT"),  # a Word file renamed to .pptx
        ("旧课件.ppt", b"%PDF-1.4 renamed", "PPT"),
    ],
)
def test_a_document_that_is_not_what_its_name_claims_is_refused(uploader, name, content, kind):
    response, new_files = uploader("document", name, content)
    assert response.status_code == 200
    assert f"不是有效的 {kind} 文件" in errors(response)
    assert not get_document_model().objects.filter(title=name).exists()
    assert new_files == set()


def test_an_oversized_document_is_refused(uploader, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response, new_files = uploader("document", "大文件.pdf", b"%PDF-1.4\n" + b"0" * 4096)
    assert response.status_code == 200
    assert "文件过大" in errors(response) and "1.0" in errors(response)
    assert new_files == set()
