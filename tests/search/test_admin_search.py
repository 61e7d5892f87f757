"""The Wagtail admin's own search finds Chinese words inside longer runs of characters
(it matches page titles as you type)."""

from tests.search.conftest import CORPUS


def test_admin_page_search_in_chinese(use_database_engine, publish_lines, admin_client):
    publish_lines(CORPUS[:2])

    def found(query):
        return admin_client.get("/admin/pages/search/", {"q": query}).content.decode()

    assert "内部审核：企业自己给体系做体检" in found("体检")
    assert "进货检验：原材料进厂先把关" not in found("体检")
    assert "进货检验：原材料进厂先把关" in found("原材料进厂")
    assert "内部审核：企业自己给体系做体检" in found("审")  # as you type
