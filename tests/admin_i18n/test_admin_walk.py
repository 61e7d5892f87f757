"""Every role walks the admin's main screens and sees Chinese: a visible English word of three
or more letters (text, placeholder, title, aria-label) that is not a proper name or acronym
fails the walk, with the screen and the words, so the catalogue can be completed."""

import json
import os
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Page

from courses.models import BodyCoursesPage, LessonPage
from library.models import District
from library.roles import SYSTEM_ADMINS, role_group
from tests.courses.factories import make_course, make_lesson, question
from tests.factories import (
    CertificationBodyFactory,
    EditorFactory,
    ExpertFactory,
    UserFactory,
    body_user,
    district_user,
)

pytestmark = pytest.mark.django_db

# Names and acronyms that stay as they are in a Chinese interface.
ALLOWED = {
    "ISO",
    "GB",
    "PDF",
    "xlsx",
    "XLSX",
    "docx",
    "DOCX",
    "Word",
    "Excel",
    "Wagtail",
    "CNCA",
    "URL",
    "SEO",
    "HTML",
    "JSON",
    "API",
    "RSS",
    "CSV",
    "PNG",
    "JPG",
    "JPEG",
    "GIF",
    "WEBP",
    "SVG",
    "PPT",
    "PPTX",
    "QMS",
    "SME",
    "ID",
    "IP",
    "Esc",
    "Ctrl",
    "Shift",
    "Alt",
    "Tab",
    "Enter",
    "Cmd",
    "Email",
    "email",
    "admin",
    "Tianjin",
    "GBT",
    "Markdown",
}
ASCII_WORD = re.compile(r"(?<![A-Za-z0-9_./@-])[A-Za-z]{3,}(?![A-Za-z0-9_@])")
SKIP_TAGS = {"script", "style", "noscript", "svg", "code", "pre", "textarea", "template"}
TEXT_ATTRS = ("placeholder", "title", "aria-label", "alt", "aria-description")


VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


class VisibleText(HTMLParser):
    """Text a user sees or a screen reader reads: not inside script/style/svg or an element
    with ``hidden`` (Wagtail leaves a hidden "None" in a counter)."""

    def __init__(self):
        super().__init__()
        self.stack = []  # (tag, skips its content)
        self.texts = []

    @property
    def skipping(self):
        return any(skip for _, skip in self.stack)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag not in VOID_TAGS:
            self.stack.append((tag, tag in SKIP_TAGS or "hidden" in attributes))
        if self.skipping or "hidden" in attributes or attributes.get("type") == "hidden":
            return
        for name, value in attrs:
            if name in TEXT_ATTRS and value:
                self.texts.append(value)
        if tag == "input" and dict(attrs).get("type") in ("submit", "button"):
            self.texts.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.texts.append(data.strip())


def english_words(html, content=()):
    """ASCII words in the visible UI, minus the allow-list and the page's own content."""
    parser = VisibleText()
    parser.feed(html)
    found = set()
    for text in parser.texts:
        shown = text
        for item in sorted(content, key=len, reverse=True):
            shown = shown.replace(item, "")
        for word in ASCII_WORD.findall(shown):
            if word not in ALLOWED:
                found.add(text[:80])
                break
    return found


@pytest.fixture
def walk_site(site_tree):
    body = CertificationBodyFactory(name="天津华正认证有限公司")
    course = make_course(body, "进货检验怎么做")
    make_lesson(
        course,
        "第一课 供方选择",
        blocks=[question("外购件出了问题，客户找谁？", [("找我们", True), ("找供应商", False)])],
    )
    return body, course


def role_users(body):
    admin = UserFactory(username="sysadmin")
    admin.groups.add(role_group(SYSTEM_ADMINS))
    return {
        "editor": EditorFactory(username="walk-editor"),
        "body": body_user(body, username="walk-body"),
        "district": district_user(District.objects.get(name="北辰区"), username="walk-district"),
        "expert": ExpertFactory(username="walk-expert"),
        "system_admin": admin,
    }


def screens(role, body, course):
    section = BodyCoursesPage.objects.get(certification_body=body)
    lesson = LessonPage.objects.child_of(course).first()
    home = Page.objects.get(depth=2)
    urls = {
        "dashboard": reverse("wagtailadmin_home"),
        "explorer": reverse("wagtailadmin_explore", args=[home.pk]),
        "account": reverse("wagtailadmin_account"),
        "snippets": reverse("wagtailsnippets:index"),
        "images": reverse("wagtailimages:index"),
        "documents": reverse("wagtaildocs:index"),
        "reports": reverse("wagtailadmin_reports:locked_pages"),
    }
    if role in ("editor", "body"):
        urls["explorer_section"] = reverse("wagtailadmin_explore", args=[section.pk])
        urls["edit_course"] = reverse("wagtailadmin_pages:edit", args=[course.pk])
        urls["edit_lesson"] = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
        urls["create_course"] = reverse(
            "wagtailadmin_pages:add", args=("courses", "coursepage", section.pk)
        )
        urls["create_lesson"] = reverse(
            "wagtailadmin_pages:add", args=("courses", "lessonpage", course.pk)
        )
        urls["workflow_history"] = reverse("wagtailadmin_pages:workflow_history", args=[course.pk])
        urls["page_history"] = reverse("wagtailadmin_pages:history", args=[course.pk])
    if role in ("body", "district"):
        urls["create_ledger"] = reverse("wagtailsnippets_enterprises_helpledger:add")
        urls["create_training"] = reverse("wagtailsnippets_enterprises_trainingsession:add")
    if role in ("editor", "district"):
        cases = District.objects.get(name="北辰区").cases_section
        urls["create_case"] = reverse(
            "wagtailadmin_pages:add", args=("cases", "casepage", cases.pk)
        )
    if role == "system_admin":
        urls["users"] = reverse("wagtailusers_users:index")
        urls["groups"] = reverse("wagtailusers_groups:index")
    return urls


ROLES = ["editor", "body", "district", "expert", "system_admin"]


@pytest.mark.parametrize("role", ROLES)
def test_every_screen_a_role_uses_is_in_chinese(client, walk_site, role):
    body, course = walk_site
    user = role_users(body)[role]
    client.force_login(user)
    content = {course.title, "第一课 供方选择", "外购件出了问题，客户找谁？", "找我们", "找供应商"}
    content |= set(get_user_model().objects.values_list("username", flat=True))
    english = {}
    for name, url in screens(role, body, course).items():
        response = client.get(url, follow=True)  # explorer: users land on their own section
        assert response.status_code == 200, (name, url, response.status_code)
        if response.get("Content-Type", "").startswith("application/json"):
            continue
        words = english_words(response.content.decode(), content)
        if words:
            english[name] = sorted(words)
    if os.environ.get("ADMIN_WALK_DUMP"):
        with open(os.environ["ADMIN_WALK_DUMP"], "a") as dump:
            dump.write(json.dumps({role: english}, ensure_ascii=False) + "\n")
    assert not english, english


CHOOSERS = {
    "page": ("wagtailadmin_choose_page", ()),
    "page_search": ("wagtailadmin_choose_page_search", ()),
    "external_link": ("wagtailadmin_choose_page_external_link", ()),
    "email_link": ("wagtailadmin_choose_page_email_link", ()),
    "phone_link": ("wagtailadmin_choose_page_phone_link", ()),
    "anchor_link": ("wagtailadmin_choose_page_anchor_link", ()),
    "image": ("wagtailimages_chooser:choose", ()),
    "document": ("wagtaildocs_chooser:choose", ()),
    "embed": ("wagtailembeds:chooser", ()),
    "clause": ("wagtailsnippetchoosers_library_clause:choose", ()),
    "campaign": ("wagtailsnippetchoosers_library_campaign:choose", ()),
    "industry": ("wagtailsnippetchoosers_library_industry:choose", ()),
}


@pytest.mark.parametrize("role", ["editor", "body", "district"])
def test_every_chooser_a_role_opens_is_in_chinese(client, walk_site, role):
    """The modal choosers (pages, links, images, documents, clauses…) answer with JSON whose
    ``html`` is the modal: walked like the screens."""
    body, course = walk_site
    user = role_users(body)[role]
    client.force_login(user)
    content = {course.title, "第一课 供方选择"} | set(
        get_user_model().objects.values_list("username", flat=True)
    )
    english = {}
    for name, (url_name, args) in CHOOSERS.items():
        response = client.get(reverse(url_name, args=args))
        assert response.status_code == 200, (name, response.status_code)
        if response.get("Content-Type", "").startswith("application/json"):
            html = json.loads(response.content)["html"]
        else:  # a listing fragment (search results)
            html = response.content.decode()
        words = english_words(html, content)
        if words:
            english[name] = sorted(words)
    if os.environ.get("ADMIN_WALK_DUMP"):
        with open(os.environ["ADMIN_WALK_DUMP"], "a") as dump:
            dump.write(json.dumps({role: english}, ensure_ascii=False) + "\n")
    assert not english, english


def test_the_date_picker_script_is_on_every_admin_page(client, walk_site):
    """The date/time picker writes "Save Selected" itself; the script that puts it in Chinese
    is served on every admin page (tests/browser/test_autosave_drafts.py opens a picker)."""
    from django.contrib.staticfiles import finders

    client.force_login(EditorFactory(username="picker-editor"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "js/admin-datetimepicker-zh.js" in html
    with open(finders.find("js/admin-datetimepicker-zh.js"), encoding="utf-8") as script:
        assert "保存所选" in script.read()
