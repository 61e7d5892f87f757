"""The Wagtail admin's own search finds Chinese words inside longer runs of characters
(it matches page titles as you type)."""

import json

from tests.search.conftest import CORPUS


def test_admin_page_search_in_chinese(use_database_engine, publish_lines, admin_client):
    publish_lines(CORPUS[:2])

    def found(query):
        return admin_client.get("/admin/pages/search/", {"q": query}).content.decode()

    assert "内部审核：企业自己给体系做体检" in found("体检")
    assert "进货检验：原材料进厂先把关" not in found("体检")
    assert "进货检验：原材料进厂先把关" in found("原材料进厂")
    assert "内部审核：企业自己给体系做体检" in found("审")  # as you type


def test_admin_page_search_finds_body_words_for_those_who_may_see_the_page(
    use_database_engine, publish_lines, admin_client, client
):
    """Words of a lesson's, a case's and a course's text, not only titles, through the same
    segmentation; another district's draft stays out of a district user's results."""
    from search.importer import import_lines
    from tests.factories import EditorFactory, district, district_user

    publish_lines(CORPUS)
    draft = {**CORPUS[5], "slug": "t-draft-case", "title": "武清区草稿案例", "body": "蒸汽锅炉巡检"}
    import_lines([json.dumps(draft, ensure_ascii=False)])  # a draft, not published

    def found(user_client, query):
        return user_client.get("/admin/pages/search/", {"q": query}).content.decode()

    assert "内部审核：企业自己给体系做体检" in found(admin_client, "审核方案")  # lesson body
    assert "电动自行车企业建立进货检验制度" in found(admin_client, "待检区")  # case body
    assert "进货检验：原材料进厂先把关" not in found(admin_client, "待检区")
    assert "内部审核：企业自己给体系做体检" in found(admin_client, "审核员培训")

    own, other = district_user(district("武清区")), district_user(district("北辰区"))
    wuqing, beichen = "地毯企业首次开展内部审核", "电动自行车企业建立进货检验制度"
    for user, sees_draft, sees in (
        (own, True, {wuqing}),
        (EditorFactory(), True, {wuqing, beichen}),
        (other, False, {beichen}),
    ):
        client.force_login(user)
        assert ("武清区草稿案例" in found(client, "锅炉巡检")) is sees_draft, user
        # each sees by body words what the admin shows them, and nothing else
        assert (wuqing in found(client, "内审员")) is (wuqing in sees), user
        assert (beichen in found(client, "待检区")) is (beichen in sees), user
