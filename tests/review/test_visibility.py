"""An item sent back for changes is never public: not its page, not in listings, not in
search, and a published case's rejected revision never replaces what is live."""

import pytest

from tests.factories import DivisionHeadFactory
from tests.review.helpers import (
    approve,
    draft_case,
    login,
    reload,
    request_changes,
    submit,
)

pytestmark = pytest.mark.django_db


def public(client, url, **params):
    client.logout()
    return client.get(url, params)


def test_a_rejected_case_is_never_public(client, author, editor):
    case = draft_case(author, title="静海区某五金企业试点案例")
    submit(login(client, author), case)
    request_changes(login(client, editor), case, "企业名称与营业执照不一致。")
    case = reload(case)

    section_url = case.get_parent().url
    page_url = section_url + case.slug + "/"
    assert public(client, page_url).status_code == 404
    assert "静海区某五金企业试点案例" not in public(client, section_url).content.decode()
    assert (
        "静海区某五金企业试点案例" not in public(client, "/search/", q="五金企业").content.decode()
    )


def test_a_rejected_revision_of_a_live_case_stays_hidden(client, author, editor):
    case = draft_case(author, title="宁河区电动车零部件案例")
    submit(login(client, author), case)
    approve(login(client, editor), case)
    approve(login(client, DivisionHeadFactory()), case)  # 签发
    assert reload(case).live

    submit(login(client, author), reload(case), title="宁河区电动车零部件案例（未核实数据版）")
    request_changes(login(client, editor), case, "新增数据未核实。")
    live = public(client, reload(case).url).content.decode()
    assert "宁河区电动车零部件案例" in live
    assert "未核实数据版" not in live
    results = public(client, "/search/", q="未核实数据版").content.decode()
    assert "宁河区电动车零部件案例（未核实数据版）" not in results
