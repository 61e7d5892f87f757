"""Harmless phrases that contain a forbidden claim are allowed, and never glue the text
around them into a claim the author did not write."""

from review.claims import Claim


def test_an_allowed_context_is_not_a_claim():
    assert not Claim("包过", ("打包过程",)).found_in("产品打包过程需要记录")


def test_the_claim_outside_an_allowed_context_is_still_found():
    assert Claim("包过", ("打包过程",)).found_in("打包过程规范，保证包过")


def test_text_on_both_sides_of_an_allowed_context_does_not_join_into_a_claim():
    # "包" + [打包过程] + "过": blanking the context without a separator would read "包过".
    assert not Claim("包过", ("打包过程",)).found_in("包打包过程过")


def test_each_context_only_shields_itself():
    claim = Claim("包过", ("打包过程", "承包过"))
    assert not claim.found_in("承包过的项目，打包过程")
    assert claim.found_in("承包过的项目包过")
