"""The one text normalisation every comparison of words goes through.

Search (indexing and queries) and the forbidden-claims check both read text after
``normalize``: NFKC (full-width letters and digits become ordinary ones), lower case,
and Traditional converted to Simplified by OpenCC. So 「免費認證」 is 「免费认证」 to both: a claim written in
Traditional is refused, and a query typed in Traditional finds the Simplified text.
``letters_and_digits`` additionally drops spaces and punctuation, for comparisons that
must see through 「免 费-认 证」.
"""

import unicodedata
from functools import lru_cache

import opencc

# OpenCC's Traditional → Simplified conversion (characters and phrases, e.g. 老闆 → 老板),
# the maintained tables instead of a hand-kept list. One converter per process.
_converter = opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def _simplified(text):
    return _converter.convert(text)


def normalize(text: str) -> str:
    """NFKC, lower case, Traditional → Simplified; spaces and punctuation are kept."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    if text.isascii():
        return text
    # Short texts (queries, claims, titles) repeat: cache them; long ones are converted once.
    return _simplified(text) if len(text) <= 200 else _converter.convert(text)


def letters_and_digits(text: str, *, keep: str = "") -> str:
    """``normalize``d text with every character that is not a letter or digit removed
    (except those in ``keep``): 「免 費-認 證」 → 「免费认证」."""
    return "".join(
        char for char in normalize(text) if unicodedata.category(char)[0] in "LN" or char in keep
    )
