"""统一社会信用代码 (GB 32100-2015): 18 characters, the last one a check character."""

from django.core.exceptions import ValidationError

CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_character(first17):
    total = sum(
        CREDIT_CODE_CHARSET.index(char) * weight
        for char, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def validate_credit_code(value):
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise ValidationError("统一社会信用代码应为 18 位", code="credit_code_length")
    if any(char not in CREDIT_CODE_CHARSET for char in code):
        raise ValidationError(
            "统一社会信用代码只能包含数字和大写字母（不含 I、O、S、V、Z）", code="credit_code_chars"
        )
    if credit_code_check_character(code[:17]) != code[17]:
        raise ValidationError("统一社会信用代码校验位不正确，请核对", code="credit_code_check")
