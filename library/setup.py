"""The base of the site: Wagtail's roots and the home page.

The whole ordered set-up, with every app's area, is ``project.setup``.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import get_supported_language_variant
from wagtail.models import Collection, Locale, Page, Site

from library.models import HomePage

HOME_DEFAULTS = {
    "title": "首页",
    "slug": "home",
    "hero_heading": "小微企业质量管理体系认证提升行动",
    "hero_lead": (
        "把 GB/T 19001-2016 翻译成小微企业听得懂的话：认证机构的通俗课程、各区报送的优良实践案例，"
        "按条款、按行业、按试点区域都能找到。"
    ),
    "introduction": (
        "<p>天津市推进质量认证体系建设全面促进质量管理联席会议每年组织开展小微企业质量管理体系认证提升行动，"
        "遵循“政府推动、市场主导、企业自愿、机构服务、突出公益、注重实效”的原则。</p>"
        "<p>认证机构当好企业的“体检师”“翻译官”“辅导员”，提倡“有风险才有制度”的贯标方法；"
        "各区挖掘质量管理先进、提升成效突出的企业，编制优良实践案例，供更多企业学习借鉴。</p>"
    ),
}


def ensure_home_page():
    """The HomePage at the site root, replacing Wagtail's placeholder welcome page."""
    home = HomePage.objects.first()
    if home:
        return home
    root = Page.get_first_root_node()
    for placeholder in root.get_children().filter(
        content_type__app_label="wagtailcore", content_type__model="page", numchild=0
    ):
        placeholder.delete()
    home = root.add_child(instance=HomePage(**HOME_DEFAULTS))
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        site.root_page = home
        site.site_name = "提升行动课程与案例库"
        site.save()
    else:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="提升行动课程与案例库",
        )
    return home


ROOT_TITLE = "全部页面"


def ensure_wagtail_roots():
    """The root page, root collection and locale Wagtail's migrations normally create.

    Needed again after a database flush (transactional tests) and harmless otherwise.
    """
    language = get_supported_language_variant(settings.LANGUAGE_CODE)
    Locale.objects.get_or_create(language_code=language)
    if Page.get_first_root_node() is None:
        Page.add_root(
            instance=Page(
                title=ROOT_TITLE,
                slug="root",
                content_type=ContentType.objects.get_for_model(Page),
                live=True,
            )
        )
    # The tree's root is shown by name in the page chooser: in Chinese, whoever created it.
    Page.objects.filter(depth=1, title="Root").update(title=ROOT_TITLE, draft_title=ROOT_TITLE)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
