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


def test_admin_page_search_finds_words_of_the_page_bodies(
    use_database_engine, publish_lines, admin_client
):
    """Through the same analysis as the public search: body words of lessons and cases."""
    publish_lines([CORPUS[1], CORPUS[4]])

    def found(query):
        return admin_client.get("/admin/pages/search/", {"q": query}).content.decode()

    assert "进货检验：原材料进厂先把关" in found("抽样方案")  # a lesson's body
    assert "电动自行车企业建立进货检验制度" in found("待检区")  # a case's body
    assert "电动自行车企业建立进货检验制度" not in found("抽样方案")
