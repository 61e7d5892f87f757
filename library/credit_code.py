"""统一社会信用代码 (GB 32100-2015): 18 characters whose last one is a check character.

One definition for every place an enterprise is identified: learners' enterprises
(courses), case enterprises and questionnaire answers (cases), experts' declared
relationships (selection). A mistyped character is caught before it reaches the
statistics and conflict checks that group or match by it.
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


def problem(code: str) -> str | None:
    """Why ``code`` is not a valid credit code, in Chinese, or None when it is."""
    code = normalise(code)
    if len(code) != 18:
        return "应为 18 位"
    if any(char not in ALPHABET for char in code):
        return "只能包含数字和大写字母（不含 I、O、S、V、Z）"
    if not code[2:8].isdigit():
        return "第 3 至 8 位应为行政区划代码（数字）"
    if check_character(code[:17]) != code[17]:
        return "校验位不正确，请核对"
    return None


def is_valid(code: str) -> bool:
    return problem(code) is None


def validate_credit_code(value):
    reason = problem(value)
    if reason:
        raise ValidationError(
            "统一社会信用代码“%(value)s”无效：%(reason)s",
            params={"value": value, "reason": reason},
            code="invalid_credit_code",
        )


def make_credit_code(body17: str) -> str:
    """A valid code from its first 17 characters (for demo data and tests)."""
    return body17 + check_character(body17)
