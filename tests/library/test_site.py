import pytest

pytestmark = pytest.mark.django_db


def test_home_page_introduces_the_action_and_links_courses_and_cases(client, site_tree):
    html = client.get("/").content.decode()
    assert '<html lang="zh-Hans">' in html
    for label in ("课程", "案例", "按条款浏览", "搜索"):
        assert f">{label}</a>" in html
    assert 'href="/courses/"' in html and 'href="/cases/"' in html
    assert "小微企业质量管理体系认证提升行动" in html
    assert "电动自行车" in html
    assert all(name in html for name in ("北辰", "武清", "静海", "宁河", "滨海新区"))


def test_clause_browse_lists_every_clause(client, site_tree):
    html = client.get("/clauses/").content.decode()
    assert "7.1.5.2" in html and "测量溯源" in html and "10.3" in html


def test_wagtail_admin_login_is_in_chinese(client, site_tree):
    html = client.get("/admin/login/").content.decode()
    assert "登录" in html
