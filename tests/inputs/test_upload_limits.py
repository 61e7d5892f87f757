"""Every upload has size, pixel and inflated-size limits: over a limit is a Chinese form
error, nothing is stored, and nothing is decoded or inflated on the way."""

import struct
import tracemalloc
import zipfile
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cases.docx_import import DocxImportError, parse_docx
from cases.models import CasePage
from library import uploads
from library.uploads import UploadRefused, check_image_pixels, check_zip_inflation
from tests.courses.test_uploads import errors, stored_files
from tests.factories import PASSWORD, district, district_user

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "docx"
MB = 1024 * 1024


def png_header_only(width, height):
    """A PNG that claims ``width``×``height`` pixels, a few hundred bytes long."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


def png_bytes(width, height):
    buffer = BytesIO()
    PILImage.new("RGB", (width, height), (29, 111, 209)).save(buffer, "PNG")
    return buffer.getvalue()


def zip_bomb_docx(inflated_mb=150, part="word/document.xml"):
    """A .docx of ~150 KB whose document part inflates to ``inflated_mb`` MB of zeros."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(part, "w") as member:
            block = b"\x00" * MB
            for _ in range(inflated_mb):
                member.write(block)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb():
    return zip_bomb_docx()


def test_the_bomb_is_small(bomb):
    assert len(bomb) < 200 * 1024


# Images -----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(30000, 30000), (100000, 1000), (65535, 65535)])
def test_a_decompression_bomb_image_is_a_chinese_form_error(uploader, size):
    tracemalloc.start()
    response, new_files = uploader("image", "巨幅图片.png", png_header_only(*size))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert response.status_code == 200
    assert "像素过多" in errors(response)
    assert new_files == set()
    assert not get_image_model().objects.filter(title="巨幅图片.png").exists()
    assert peak < 50 * MB  # nothing was decoded


def test_the_pixel_limit_is_inclusive(uploader, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64 * 48
    ok, stored = uploader("image", "恰好.png", png_bytes(64, 48))
    assert ok.status_code == 302 and stored
    over, stored = uploader("image", "多一行.png", png_bytes(64, 49))
    assert over.status_code == 200 and "64×49" in errors(over) and not stored


def test_check_image_pixels_restores_the_position():
    data = BytesIO(png_bytes(8, 8))
    data.seek(5)
    check_image_pixels(data, "a.png")
    assert data.tell() == 5
    with pytest.raises(UploadRefused, match="像素过多"):
        check_image_pixels(BytesIO(png_header_only(30000, 30000)), "b.png")


# Zip containers -----------------------------------------------------------------------------


def test_a_zip_bomb_docx_is_refused_before_anything_is_inflated(bomb):
    tracemalloc.start()
    with pytest.raises(DocxImportError, match="解压后过大"):
        parse_docx(BytesIO(bomb))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 5 * MB


def test_the_import_page_refuses_a_zip_bomb_and_creates_nothing(client, site_tree, bomb):
    author = district_user(district("北辰区"))
    client.login(username=author.username, password=PASSWORD)
    before = stored_files()
    tracemalloc.start()
    response = client.post(
        reverse("cases_admin:import"), {"document": SimpleUploadedFile("炸弹.docx", bomb)}
    )
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert response.status_code == 200
    assert "疑似压缩炸弹" in response.content.decode()
    assert not CasePage.objects.filter(owner=author).exists()
    assert stored_files() == before
    assert peak < 20 * MB


@pytest.mark.parametrize("name", ["炸弹.docx", "炸弹.xlsx", "炸弹.pptx"])
def test_a_zip_bomb_document_is_not_stored(uploader, bomb, name):
    response, new_files = uploader("document", name, bomb)
    assert response.status_code == 200
    assert "疑似压缩炸弹" in errors(response)
    assert new_files == set()
    assert not get_document_model().objects.filter(title=name).exists()


def test_inflation_limits_are_inclusive(monkeypatch):
    def archive(sizes, part="word/document.xml"):
        buffer = BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:
            for index, size in enumerate(sizes):
                out.writestr(f"word/media/image{index}.png" if index else part, b"x" * size)
        return buffer

    monkeypatch.setattr(uploads, "MAX_INFLATED_SIZE", 3000)
    monkeypatch.setattr(uploads, "MAX_PART_SIZE", 1000)
    check_zip_inflation(archive([1000, 2000]), "ok.docx")
    with pytest.raises(UploadRefused, match="解压后不能超过"):
        check_zip_inflation(archive([1000, 2001]), "big.docx")
    with pytest.raises(UploadRefused, match=r"word/document\.xml"):
        check_zip_inflation(archive([1001]), "part.docx")
    check_zip_inflation(archive([1001], part="word/media/image9.png"), "media.docx")


def test_the_ratio_limit_catches_a_bomb_under_the_size_limits(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_INFLATED_SIZE", 1000 * MB)
    monkeypatch.setattr(uploads, "MAX_PART_SIZE", 1000 * MB)
    with pytest.raises(UploadRefused, match="压缩比异常"):
        check_zip_inflation(BytesIO(zip_bomb_docx(5)), "ratio.docx")


def test_the_real_samples_pass_and_a_non_zip_is_left_to_the_parser():
    for sample in SAMPLES.glob("*.docx"):
        check_zip_inflation(BytesIO(sample.read_bytes()), sample.name)
    check_zip_inflation(BytesIO(b"%PDF-1.4"), "x.docx")
