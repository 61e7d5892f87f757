"""统一社会信用代码 (GB 32100-2015): 18 characters whose last one is a check character.

Checked here rather than by a pattern alone, so that a mistyped digit in a case or a
questionnaire answer is caught before it reaches the statistics that group by it.
"""

from django.core.exceptions import ValidationError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    total = sum(
        ALPHABET.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True)
    )
    return ALPHABET[(31 - total % 31) % 31]


def normalise(code: str) -> str:
    return (code or "").strip().upper()


def is_valid(code: str) -> bool:
    code = normalise(code)
    return (
        len(code) == 18
        and all(char in ALPHABET for char in code)
        and code[2:8].isdigit()
        and check_character(code[:17]) == code[17]
    )


def validate_credit_code(value):
    if not is_valid(value):
        raise ValidationError(
            "统一社会信用代码“%(value)s”无效：应为 18 位数字或大写字母，且末位校验码正确",
            params={"value": value},
            code="invalid_credit_code",
        )


def make_credit_code(body17: str) -> str:
    """A valid code from its first 17 characters (for demo data and tests)."""
    return body17 + check_character(body17)
