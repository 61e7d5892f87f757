"""library.params: the one parser of request parameters, at its boundaries."""

import pytest
from django.http import Http404, QueryDict

from library import params
from library.models import District
from library.params import MAX_ID, BadParameter

pytestmark = pytest.mark.django_db


def q(**values):
    query = QueryDict(mutable=True)
    for key, value in values.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query


@pytest.mark.parametrize(
    "value", ["²", "١٢", "1.5", "1e3", "0x10", "abc", " ", "1 2", "-", "１２", "9" * 30, "\x00"]
)
def test_only_plain_ascii_integers_are_integers(value):
    if value.strip() == "":
        assert params.integer(q(n=value), "n", default=7) == 7
        return
    with pytest.raises(BadParameter) as error:
        params.integer(q(n=value), "n")
    assert "参数“n”" in error.value.message


def test_integer_bounds_are_inclusive():
    assert params.integer(q(n="5"), "n", minimum=5, maximum=9) == 5
    assert params.integer(q(n="9"), "n", minimum=5, maximum=9) == 9
    assert params.integer(q(n=" -3 "), "n") == -3
    for outside in ("4", "10"):
        with pytest.raises(BadParameter, match="5 到 9 之间的整数"):
            params.integer(q(n=outside), "n", minimum=5, maximum=9)


def test_page_numbers():
    assert params.page_number(q()) == 1
    assert params.page_number(q(page="1000")) == 1000
    for bad in ("0", "-1", "1001", "²", "99999999999999999999"):
        with pytest.raises(BadParameter, match="page"):
            params.page_number(q(page=bad))


def test_years():
    assert params.year(q()) is None
    assert params.year(q(year="2025")) == 2025
    for bad in ("abc", "25", "20255", "２０２５", "١٩٩٩", "0000", "-2025"):
        with pytest.raises(BadParameter, match="四位年份"):
            params.year(q(year=bad))


def test_choices():
    assert (
        params.choice(q(level="city"), "level", [("city", "市级"), ("national", "全国")]) == "city"
    )
    assert params.choice(q(), "level", ["a", "b"], default="a") == "a"
    with pytest.raises(BadParameter, match="只能是 a、b 之一"):
        params.choice(q(level="c"), "level", ["a", "b"])
    with pytest.raises(BadParameter, match="缺少参数"):
        params.choice(q(), "level", ["a", "b"])


def test_model_ids_stay_inside_what_a_database_accepts():
    assert params.model_id(q(id=str(MAX_ID)), "id") == MAX_ID
    with pytest.raises(BadParameter):
        params.model_id(q(id=str(MAX_ID + 1)), "id")
    with pytest.raises(BadParameter):
        params.model_id(q(id="0"), "id")
    with pytest.raises(BadParameter, match="缺少参数“案例”"):
        params.model_id(q(), "id", label="案例")
    assert params.model_id(q(), "id", required=False) is None


def test_instance_is_400_for_garbage_and_404_for_a_missing_record(site_tree):
    district = District.objects.first()
    assert params.instance(q(d=str(district.pk)), "d", District) == district
    with pytest.raises(BadParameter):
        params.instance(q(d="abc"), "d", District)
    with pytest.raises(Http404, match="没有编号为"):
        params.instance(q(d=str(MAX_ID)), "d", District.objects.all(), label="区")


def test_control_characters_and_overlong_text_are_refused():
    assert params.raw(q(t=" 正常\t文本 "), "t") == "正常\t文本"
    with pytest.raises(BadParameter, match="控制字符"):
        params.raw(q(t="a\x00b"), "t")
    with pytest.raises(BadParameter, match="过长"):
        params.raw(q(t="长" * 11), "t", max_length=10)
    assert params.raw(q(t="长" * 10), "t", max_length=10) == "长" * 10


def test_the_last_of_repeated_values_is_read():
    assert params.page_number(q(page=["1", "2"])) == 2


def test_the_message_echoes_a_short_clean_value():
    with pytest.raises(BadParameter) as error:
        params.integer(q(n="x\x01" + "y" * 50), "n")
    assert "\x01" not in error.value.message and "y" * 21 not in error.value.message


def test_id_lists_keep_only_record_ids():
    values = ["3", "²", "0", "-1", "9223372036854775807", "9223372036854775808", "x", " 7 "]
    assert params.id_list(q(id=values), "id") == [3, MAX_ID, 7]
