"""Matching a name as people write it to the registered one: 华正认证 → 天津华正认证有限公司,
金属制品业 → 金属制品. Used where a document names a certification body or an industry
(the Word import); the caller shows the loose matches for the author to confirm."""

import re

# Taken off the front and the end of both names before comparing, longest first.
PREFIXES = ("天津市", "天津", "津")
SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "认证中心",
    "检测中心",
    "认证",
    "公司",
    "中心",
    "集团",
    "行业",
    "产业",
    "业",
    "市",
)
SPACES = re.compile(r"[\s（）()【】\[\]“”\"']+")


def core(name):
    """The distinctive part of a name: spaces and brackets out, the common prefixes and
    suffixes above taken off (repeatedly: 天津华正认证有限公司 → 华正)."""
    text = SPACES.sub("", name or "")
    changed = True
    while changed and text:
        changed = False
        for prefix in PREFIXES:
            if text.startswith(prefix) and len(text) > len(prefix):
                text, changed = text[len(prefix) :], True
        for suffix in SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text, changed = text[: -len(suffix)], True
    return text


def match_name(written, candidates):
    """``(item, loose)`` for the candidate whose name is ``written``: an exact name first
    (``loose`` False), else the one candidate whose core equals the written core, else the one
    whose core contains it or is contained in it (``loose`` True). ``(None, False)`` when
    nothing or more than one candidate fits. ``candidates``: [(name, item)]."""
    written = (written or "").strip()
    if not written:
        return None, False
    for name, item in candidates:
        if name == written:
            return item, False
    wanted = core(written)
    if len(wanted) < 2:
        return None, False
    cores = [(core(name), item) for name, item in candidates]
    for fits in (
        lambda c: c == wanted,
        lambda c: len(c) >= 2 and (wanted in c or c in wanted),
    ):
        hits = [item for c, item in cores if fits(c)]
        if len(hits) == 1:
            return hits[0], True
        if hits:
            return None, False
    return None, False
