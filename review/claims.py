"""Finding forbidden claims in text, however they are spaced, punctuated or widened.

Text and phrases are compared after library.text's normalisation, the one search uses
too: NFKC (full-width letters and digits become ordinary ones), lower case, Traditional
characters mapped to Simplified, and every character that is not a letter or a digit
removed. So "免 费 认 证", "免费-认证", "免費認證" and "免费<b>认证</b>" all read as
"免费认证". A ``*`` in a phrase stands for up to ``GAP`` other characters ("免费*认证").
"""

import re
from dataclasses import dataclass, field

from library.text import letters_and_digits

GAP = 8


def normalise(text: str, *, keep_wildcards: bool = False) -> str:
    return letters_and_digits(text, keep="*" if keep_wildcards else "")


@dataclass(frozen=True)
class Claim:
    phrase: str
    allowed_contexts: tuple[str, ...] = field(default=())

    @property
    def pattern(self) -> re.Pattern | None:
        parts = [re.escape(part) for part in normalise(self.phrase, keep_wildcards=True).split("*")]
        parts = [part for part in parts if part]
        if not parts:
            return None
        return re.compile(f".{{0,{GAP}}}?".join(parts))

    def found_in(self, text: str) -> bool:
        pattern = self.pattern
        if pattern is None:
            return False
        normalised = normalise(text)
        # Harmless phrases that contain the claim ("打包过程" contains "包过") are blanked
        # out first, with a separator so the text around them cannot join up.
        for context in self.allowed_contexts:
            context = normalise(context)
            if context:
                normalised = normalised.replace(context, "|")
        return bool(pattern.search(normalised))


def claims_in(text: str, claims) -> list[Claim]:
    return [claim for claim in claims if claim.found_in(text)]
