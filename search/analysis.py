"""The one tokenizer for indexing and querying, on every engine.

Neither SQLite's unicode61, PostgreSQL's ``simple`` configuration nor a core-only
Elasticsearch can split Chinese into words, so every engine is fed text that is already
segmented here: normalised (library.text.normalize, the normalisation the forbidden-claims
check uses too), clause numbers turned into single tokens, and the rest cut by rjieba (the
Rust port of jieba: the same tokens, about 30 times faster, see benchmarks/) with the
committed dictionary of quality-management terms plus the terms editors add in the admin.
"""

import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import rjieba

from library.text import normalize

DICTIONARY_DIR = Path(__file__).resolve().parent / "dictionary"
# How often a process checks whether editors changed the dictionary (seconds).
RELOAD_CHECK_INTERVAL = 30
TERM_FREQUENCY = 200_000
ORIGINAL_WEIGHT = 2

# A clause number of GB/T 19001 (sections 4 to 10, up to four levels), optionally written
# "条款8.4" or "第8.4条"; never part of a longer number such as 2024.10.1 or 18.5.
CLAUSE_RE = re.compile(r"(?<![\d.])((?:10|[4-9])(?:\.\d{1,2}){1,3})(?![\d]|\.\d)")
CLAUSE_TOKEN_RE = re.compile(r"^clause((?:\d+p)*\d+)$")
WORD_RE = re.compile(r"\w", re.UNICODE)
WORD_RUN_RE = re.compile(r"[^\W_]+", re.UNICODE)


def clause_token(number):
    """'8.5.1' → 'clause8p5p1': one token that no engine's tokenizer splits."""
    return "clause" + number.replace(".", "p")


def clause_from_token(token):
    match = CLAUSE_TOKEN_RE.match(token)
    return match.group(1).replace("p", ".") if match else None


def _read_lines(name):
    path = DICTIONARY_DIR / name
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            yield line


def split_words(text):
    return [
        word for word in (normalize(w).strip() for w in re.split(r"[,，、;；\s]+", text)) if word
    ]


def committed_synonyms():
    """[(everyday words, standard terms)] from dictionary/synonyms.txt."""
    pairs = []
    for line in _read_lines("synonyms.txt"):
        left, _, right = line.partition("=>")
        pairs.append((split_words(left), split_words(right)))
    return pairs


@dataclass
class Dictionary:
    terms: set = field(default_factory=set)
    synonyms: dict = field(default_factory=dict)  # word → [standard terms]
    stopwords: set = field(default_factory=set)

    @classmethod
    def load(cls, extra_terms=(), extra_synonyms=()):
        terms = {normalize(t) for t in _read_lines("terms.txt")}
        stopwords = {normalize(w) for line in _read_lines("stopwords.txt") for w in line.split()}
        synonyms = {}
        for words, targets in [*committed_synonyms(), *extra_synonyms]:
            for word in words:
                synonyms.setdefault(word, [])
                synonyms[word] += [t for t in targets if t not in synonyms[word]]
            terms.update(words, targets)
        terms.update(normalize(t) for t in extra_terms)
        return cls(terms=terms, synonyms=synonyms, stopwords=stopwords)


class Analyzer:
    """A segmenter with the dictionary loaded; one per process (see ``get_analyzer``)."""

    def __init__(self, dictionary):
        self.dictionary = dictionary
        self.jieba = rjieba.Jieba()
        for term in sorted(dictionary.terms):
            # Terms with spaces or punctuation would never come out of the cut whole.
            if WORD_RE.search(term) and not re.search(r"\s", term):
                self.jieba.add_word(term, TERM_FREQUENCY, None)

    def _pieces(self, text):
        """Normalised text split into clause tokens and the runs of text between them."""
        text = normalize(text)
        position = 0
        for match in CLAUSE_RE.finditer(text):
            yield False, text[position : match.start()]
            yield True, clause_token(match.group(1))
            position = match.end()
        yield False, text[position:]

    @staticmethod
    def _words(tokens):
        # Punctuation inside a token ("18.5%") would be split differently by each engine.
        return [word for token in tokens for word in WORD_RUN_RE.findall(token)]

    def index_tokens(self, text):
        """Tokens for indexing: search mode, so long words also yield their parts."""
        tokens = []
        for is_clause, piece in self._pieces(text):
            if is_clause:
                tokens.append(piece)
            elif piece:
                tokens += self._words(self.jieba.cut_for_search(piece))
        return tokens

    def index_text(self, text):
        return " ".join(self.index_tokens(text))

    def query_terms(self, query):
        """The terms a query looks for: its words (not stopwords), their parts, synonyms.

        The words as typed come twice: both engines add up BM25 per query term, so a
        repeated term weighs double and a synonym never outranks what the user wrote.
        """
        terms, seen = [], set()

        def add(term, weight=1):
            if term and term not in seen:
                seen.add(term)
                terms.extend([term] * weight)

        for is_clause, piece in self._pieces(query):
            if is_clause:
                add(piece, ORIGINAL_WEIGHT)
                continue
            for word in self._words(self.jieba.cut(piece)):
                if word in self.dictionary.stopwords:
                    continue
                add(word, ORIGINAL_WEIGHT)
                # A dictionary term is indexed whole wherever it occurs; the parts of
                # other words let "组织审核员" meet a text that says "审核员".
                if word not in self.dictionary.terms:
                    for part in self._words(self.jieba.cut_for_search(word)):
                        if part not in self.dictionary.stopwords:
                            add(part)
                # Targets are dictionary terms, indexed whole: their parts would only add noise.
                for target in self.dictionary.synonyms.get(word, []):
                    for part in self._words(self.jieba.cut(target)):
                        add(part)
        return terms

    def query_words(self, query):
        """The words of a query as typed, without stopwords or synonyms (admin search)."""
        words = []
        for is_clause, piece in self._pieces(query):
            if is_clause:
                words.append(piece)
            else:
                words += [
                    w
                    for w in self._words(self.jieba.cut(piece))
                    if w not in self.dictionary.stopwords
                ]
        return list(dict.fromkeys(words))

    def display_words(self, query):
        """The words of a query and their synonyms, as the reader would recognise them in text."""
        words = []
        for is_clause, piece in self._pieces(query):
            if is_clause:
                words.append(clause_from_token(piece))
                continue
            for word in self._words(self.jieba.cut(piece)):
                if word in self.dictionary.stopwords:
                    continue
                words.append(word)
                words += self.dictionary.synonyms.get(word, [])
        return list(dict.fromkeys(words))


_lock = threading.Lock()
_state = {"analyzer": None, "version": None, "checked": 0.0}


def dictionary_version():
    """A cheap fingerprint of the editors' terms, read from the database by every process."""
    from django.db.models import Count, Max

    from search.models import SearchTerm

    try:
        return tuple(SearchTerm.objects.aggregate(n=Count("pk"), last=Max("updated_at")).values())
    except Exception:  # no table yet (before migrate)
        return None


def _load_analyzer():
    from search.models import SearchTerm

    try:
        extra_terms, extra_synonyms = SearchTerm.dictionary_entries()
    except Exception:  # no table yet (before migrate): the committed dictionary alone
        extra_terms, extra_synonyms = [], []
    return Analyzer(Dictionary.load(extra_terms, extra_synonyms))


def get_analyzer():
    """The process's analyzer, reloaded when editors change the dictionary."""
    now = time.monotonic()
    state = _state
    if state["analyzer"] is not None and now - state["checked"] < RELOAD_CHECK_INTERVAL:
        return state["analyzer"]
    with _lock:
        version = dictionary_version()
        if state["analyzer"] is None or version != state["version"]:
            state["analyzer"] = _load_analyzer()
            state["version"] = version
        state["checked"] = now
        return state["analyzer"]


def reset_analyzer():
    """Forget the loaded analyzer (after a dictionary change in this process)."""
    with _lock:
        _state["analyzer"] = None


def index_text(text):
    return get_analyzer().index_text(text)


def query_terms(query):
    return get_analyzer().query_terms(query)
