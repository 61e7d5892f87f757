"""统一社会信用代码 (GB 32100-2015): a code is accepted only with its check character.

The valid codes are published ones, checked by hand below, never produced by the function
under test. Alphabet: 0-9 are 0-9, then A=10 B=11 C=12 D=13 E=14 F=15 G=16 H=17 J=18 K=19
L=20 M=21 N=22 P=23 Q=24 R=25 T=26 U=27 W=28 X=29 Y=30 (no I, O, S, V, Z). Weights of
positions 1-17 are 3^(i-1) mod 31: 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28.
Check character = 31 - (sum of value x weight) mod 31 (31 becomes 0).
"""

import pytest
from django.core.exceptions import ValidationError

from library.credit_code import is_valid, validate_credit_code

PUBLISHED = [
    # 华为技术有限公司 914403001922038216:
    # 9 1 4 4 0 3 0 0 1 9 2 2 0 3 8 2 1 → 9+3+36+108+0+78+0+0+20+261+50+26+0+72+80+60+28
    # = 831; 831 mod 31 = 25 (26 x 31 = 806); 31 - 25 = 6 → "6".
    "914403001922038216",
    # 阿里巴巴（中国）有限公司 91330100716105852F:
    # 9 1 3 3 0 1 0 0 7 1 6 1 0 5 8 5 2 → 9+3+27+81+0+26+0+0+140+29+150+13+0+120+80+150+56
    # = 884; 884 mod 31 = 16 (28 x 31 = 868); 31 - 16 = 15 → "F".
    "91330100716105852F",
    # 深圳市腾讯计算机系统有限公司 9144030071526726XG (a letter among the 17: X = 29):
    # 9 1 4 4 0 3 0 0 7 1 5 2 6 7 2 6 29 → 9+3+36+108+0+78+0+0+140+29+125+26+48+168+20+180
    # +812 = 1782; 1782 mod 31 = 15 (57 x 31 = 1767); 31 - 15 = 16 → "G".
    "9144030071526726XG",
]


@pytest.mark.parametrize("code", PUBLISHED)
def test_a_published_credit_code_is_accepted_in_either_case(code):
    validate_credit_code(code)
    validate_credit_code(code.lower())
    assert is_valid(f"  {code}  ")


@pytest.mark.parametrize(
    "code",
    [
        "914403001922038217",  # Huawei's code with 7 for the check character 6
        "91330100716105852E",  # Alibaba's with E for F
        "9144030071526726XH",  # Tencent's with H for G
        "9144030071526726YG",  # one of the 17 changed (X → Y), the check character kept
    ],
)
def test_a_wrong_check_character_is_refused_with_its_reason(code):
    with pytest.raises(ValidationError, match="校验位不正确"):
        validate_credit_code(code)


@pytest.mark.parametrize(
    "code, reason",
    [
        ("91440300192203821", "应为 18 位"),  # one character short
        ("9144030019220382160", "应为 18 位"),  # one too many
        ("9144030019220382I6", "只能包含数字和大写字母"),  # I is not in the alphabet
        ("91A403001922038216", "行政区划代码"),  # positions 3-8 are digits
    ],
)
def test_malformed_codes_are_refused_with_their_reason(code, reason):
    with pytest.raises(ValidationError, match=reason):
        validate_credit_code(code)
