"""The one text normalisation every comparison of words goes through.

Search (indexing and queries) and the forbidden-claims check both read text after
``normalize``: NFKC (full-width letters and digits become ordinary ones), lower case,
and the common Traditional characters of the domain mapped to Simplified (a full
converter is out of scope). So 「免費認證」 is 「免费认证」 to both: a claim written in
Traditional is refused, and a query typed in Traditional finds the Simplified text.
``letters_and_digits`` additionally drops spaces and punctuation, for comparisons that
must see through 「免 费-认 证」.
"""

import unicodedata

# Traditional → Simplified, one character each (both strings have the same length).
TRADITIONAL = str.maketrans(
    "審內標準質體係證錄記檢驗產評員處們時會議務進貨試層裝備設計開發顧客滿意監視測量資源風險機遇"
    "糾正預防採購製過應環織領導計劃實現達續業關戶訴總經負責廠長規範檔書術條款輸護識別"
    "權職崗語數據圖紙樣專報廢讓步換變電腦網絡單價值費銷售區縣帳賬車間認辦",
    "审内标准质体系证录记检验产评员处们时会议务进货试层装备设计开发顾客满意监视测量资源风险机遇"
    "纠正预防采购制过应环织领导计划实现达续业关户诉总经负责厂长规范档书术条款输护识别"
    "权职岗语数据图纸样专报废让步换变电脑网络单价值费销售区县帐账车间认办",
)


def normalize(text: str) -> str:
    """NFKC, lower case, Traditional → Simplified; spaces and punctuation are kept."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return text.translate(TRADITIONAL)


def letters_and_digits(text: str, *, keep: str = "") -> str:
    """``normalize``d text with every character that is not a letter or digit removed
    (except those in ``keep``): 「免 費-認 證」 → 「免费认证」."""
    return "".join(
        char for char in normalize(text) if unicodedata.category(char)[0] in "LN" or char in keep
    )
