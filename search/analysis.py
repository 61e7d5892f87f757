"""The one tokenizer for indexing and querying, on every engine.

Neither SQLite's unicode61, PostgreSQL's ``simple`` configuration nor a core-only
Elasticsearch can split Chinese into words, so every engine is fed text that is already
segmented here: normalised (library.text.normalize, the normalisation the forbidden-claims
check uses too), clause numbers turned into single tokens, and the rest cut by rjieba (the
Rust port of jieba: the same tokens, about 30 times faster, see benchmarks/) with the
committed dictionary of quality-management terms plus the terms editors add in the admin.
"""

import importlib.machinery
import importlib.util
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from library.text import normalize

DICTIONARY_DIR = Path(__file__).resolve().parent / "dictionary"
# How often a process checks whether editors changed the dictionary (seconds).
RELOAD_CHECK_INTERVAL = 30
TERM_FREQUENCY = 200_000

# How much each way of reaching a term weighs in a query (the words as typed weigh 1).
TYPED = 1.0
SINGLE = 0.4  # a single Chinese character typed alone (料, 检, 编): many senses, weak evidence
PART = 0.35  # a part of a longer word the user typed ("审核" of "内部审核")
EQUIVALENT = 0.9  # an acronym or standard number and what it stands for
TO_STANDARD = 0.7  # everyday word → the standard's term (default of a synonym line)
TO_EVERYDAY = 0.45  # the standard's term → everyday words
CLAUSE_TITLE = 0.5  # a clause number → the words of its title
CLAUSE_NUMBER = 0.6  # a clause title → its number
BIGRAM = 0.15  # character pairs of a word the dictionary does not know
# jieba's HMM glues unknown runs of characters into made-up words ("厂要" of 我们厂要考虑,
# "批货" of 这批货): a query word that no document spells the same way. Without it an
# unknown run stays single characters, on the index and the query alike.
HMM = False

# A clause number of GB/T 19001 (sections 4 to 10, up to four levels), optionally written
# "条款8.4" or "第8.4条"; never part of a longer number such as 2024.10.1 or 18.5.
CLAUSE_RE = re.compile(r"(?<![\d.])((?:10|[4-9])(?:\.\d{1,2}){1,3})(?![\d]|\.\d)")
CLAUSE_TOKEN_RE = re.compile(r"^clause((?:\d+p)*\d+)$")
# A standard's number, however it is typed: GB/T19001-2016, GBT 19001, gb/t 19001—2016,
# ISO9001:2015, ISO 9001 → one token ("gbt19001", "iso9001"); the edition year is dropped.
STANDARD_RE = re.compile(
    r"(?<![a-z0-9])(gb\s*/\s*t|gbt|gb|iso|iatf|iec|yy\s*/\s*t|yy)\s*[-/]?\s*"
    r"(\d{3,5})(?:\s*[-—:：]\s*(?:19|20)\d{2})?(?!\d)"
)
WORD_RE = re.compile(r"\w", re.UNICODE)
WORD_RUN_RE = re.compile(r"[^\W_]+", re.UNICODE)
HAN_RE = re.compile(r"^[\u4e00-\u9fff]+$")


def clause_token(number):
    """'8.5.1' → 'clause8p5p1': one token that no engine's tokenizer splits."""
    return "clause" + number.replace(".", "p")


def clause_from_token(token):
    match = CLAUSE_TOKEN_RE.match(token)
    return match.group(1).replace("p", ".") if match else None


def standard_token(match):
    return re.sub(r"[\s/]", "", match.group(1)) + match.group(2)


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


def _weighted(text, default):
    """'a, b @0.4' → ('a, b', 0.4)."""
    text, _, weight = text.partition("@")
    return text, float(weight) if weight.strip() else default


def committed_synonyms():
    """[(from words, to words, weight)] from dictionary/synonyms.txt: a line is one direction
    (``everyday => standard`` or ``standard => everyday @0.4``), or both
    (``everyday <=> standard``: the standard's terms also find the everyday words, at the
    weaker TO_EVERYDAY)."""
    rules = []
    for line in _read_lines("synonyms.txt"):
        both = "<=>" in line
        left, _, right = line.replace("<=>", "=>").partition("=>")
        right, weight = _weighted(right, TO_STANDARD)
        rules.append((split_words(left), split_words(right), weight))
        if both:
            rules.append((split_words(right), split_words(left), TO_EVERYDAY))
    return rules


def committed_equivalences():
    """[[words that mean the same]] from dictionary/equivalences.txt (acronyms, standards)."""
    return [
        [word for word in (normalize(w).strip() for w in line.split("=")) if word]
        for line in _read_lines("equivalences.txt")
    ]


@dataclass
class Dictionary:
    terms: set = field(default_factory=set)
    # word → {expansion: weight}: synonyms in their direction and equivalences both ways.
    expansions: dict = field(default_factory=dict)
    stopwords: set = field(default_factory=set)
    clauses: dict = field(default_factory=dict)  # number → normalised title

    @classmethod
    def load(cls, extra_terms=(), extra_synonyms=(), clauses=()):
        terms = {normalize(t) for t in _read_lines("terms.txt")}
        stopwords = {normalize(w) for line in _read_lines("stopwords.txt") for w in line.split()}
        expansions = {}

        def expand(word, target, weight):
            if word != target:
                current = expansions.setdefault(word, {})
                current[target] = max(weight, current.get(target, 0))

        for words, targets, weight in [*committed_synonyms(), *extra_synonyms]:
            for word in words:
                for target in targets:
                    expand(word, target, weight)
            terms.update(words, targets)
        for group in committed_equivalences():
            for word in group:
                for target in group:
                    expand(word, target, EQUIVALENT)
            terms.update(group)
        terms.update(normalize(t) for t in extra_terms)
        titles = {number: normalize(title) for number, title in clauses}
        return cls(terms=terms, expansions=expansions, stopwords=stopwords, clauses=titles)

    @property
    def synonyms(self):
        """word → [expansions], strongest first (suggestions and did-you-mean)."""
        return {
            word: sorted(targets, key=lambda t: -targets[t])
            for word, targets in self.expansions.items()
        }

    def clause_by_title(self):
        """Normalised title → number, for titles that name one clause (not 总则)."""
        by_title = {}
        for number, title in self.clauses.items():
            by_title.setdefault(title, []).append(number)
        return {title: numbers[0] for title, numbers in by_title.items() if len(numbers) == 1}


def _jieba_class():
    """rjieba's ``Jieba``, loaded from its compiled module alone: the package's
    ``__init__`` builds a default segmenter at import (a second copy of the whole dictionary,
    about 30 MB in every process, that nothing here uses). A later ``import rjieba`` finds
    the module registered here, as PyO3 initialises a module only once per process."""
    name = "rjieba.rjieba"
    module = sys.modules.get(name)
    if module is None:
        package = importlib.util.find_spec("rjieba")
        spec = importlib.machinery.PathFinder.find_spec(name, package.submodule_search_locations)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return module.Jieba


Jieba = _jieba_class()


def general_words():
    """(word, frequency) of dictionary/words.txt, one at a time: the general vocabulary (see
    its header)."""
    with open(DICTIONARY_DIR / "words.txt", encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#"):
                word, frequency = line.split()
                yield word, int(frequency)


class Analyzer:
    """A segmenter with the dictionary loaded; one per process (see ``get_analyzer``)."""

    def __init__(self, dictionary):
        self.dictionary = dictionary
        self.jieba = Jieba.empty()
        for word, frequency in general_words():
            self.jieba.add_word(word, frequency, None)
        for term in sorted(dictionary.terms):
            # Terms with spaces or punctuation would never come out of the cut whole.
            if WORD_RE.search(term) and not re.search(r"\s", term):
                self.jieba.add_word(term, TERM_FREQUENCY, None)
        self.titles = sorted(dictionary.clause_by_title().items(), key=lambda i: -len(i[0]))

    def _pieces(self, text):
        """Normalised text split into single tokens (clause and standard numbers) and the
        runs of text between them: [(is_token, text)]."""
        text = normalize(text)
        found = [(m.start(), m.end(), clause_token(m.group(1))) for m in CLAUSE_RE.finditer(text)]
        found += [(m.start(), m.end(), standard_token(m)) for m in STANDARD_RE.finditer(text)]
        position = 0
        for start, end, token in sorted(found):
            if start < position:
                continue
            yield False, text[position:start]
            yield True, token
            position = end
        yield False, text[position:]

    @staticmethod
    def _words(tokens):
        # Punctuation inside a token ("18.5%") would be split differently by each engine.
        return [word for token in tokens for word in WORD_RUN_RE.findall(token)]

    def index_tokens(self, text):
        """Tokens for indexing: search mode, so long words also yield their parts."""
        tokens = []
        for is_token, piece in self._pieces(text):
            if is_token:
                tokens.append(piece)
            elif piece:
                tokens += self._words(self.jieba.cut_for_search(piece, HMM))
        return tokens

    def index_text(self, text):
        return " ".join(self.index_tokens(text))

    def typed_words(self, query):
        """The words of a query as typed (clause and standard tokens included), no stopwords."""
        words = []
        for is_token, piece in self._pieces(query):
            if is_token:
                words.append(piece)
            else:
                words += [
                    w
                    for w in self._words(self.jieba.cut(piece, HMM))
                    if w not in self.dictionary.stopwords
                ]
        return list(dict.fromkeys(words))

    def weighted_terms(self, query):
        """{term: weight} a query looks for: each word as typed (1), the parts of longer
        words, directed synonyms and equivalences at their weights, a clause number's title
        words and a clause title's number; a term reached several ways keeps its best weight."""
        terms = {}

        def add(term, weight):
            if term and term not in self.dictionary.stopwords and weight > terms.get(term, 0):
                terms[term] = weight

        def add_text(text, weight):
            for word in self._words(self.jieba.cut(text, HMM)):
                add(word, weight)

        def add_parts(word, weight, bigrams=False):
            for part in self._words(self.jieba.cut_for_search(word, HMM)):
                if part != word:
                    add(part, weight)
            if bigrams and word not in self.dictionary.terms and len(word) >= 3:
                if HAN_RE.match(word):
                    # A word the dictionary does not know: its character pairs, faintly.
                    for i in range(len(word) - 1):
                        add(word[i : i + 2], BIGRAM)

        typed = self.typed_words(query)
        for word in typed:
            add(word, SINGLE if len(word) == 1 and HAN_RE.match(word) else TYPED)
            number = clause_from_token(word)
            if number:
                title = self.dictionary.clauses.get(number)
                if title and title != "总则":
                    add_text(title, CLAUSE_TITLE)
                    add_parts(title, CLAUSE_TITLE * PART)
                continue
            add_parts(word, PART, bigrams=True)
            for target, weight in self.dictionary.expansions.get(word, {}).items():
                add_text(target, weight)
                if weight >= TO_STANDARD:  # not the generic parts of faint everyday words
                    add_parts(target, weight * PART)
        compact = "".join(WORD_RUN_RE.findall(normalize(query)))
        for title, number in self.titles:
            if len(title) >= 4 and title in compact:
                add(clause_token(number), CLAUSE_NUMBER)
        return terms

    def query_terms(self, query):
        """[(term, weight)], strongest first: what every engine is asked for."""
        return sorted(self.weighted_terms(query).items(), key=lambda item: (-item[1], item[0]))

    def query_words(self, query):
        """The words of a query as typed, without stopwords or synonyms (admin search)."""
        return self.typed_words(query)

    def display_words(self, query):
        """What a reader would recognise in text: the query's words (clause numbers as
        numbers, with their titles), the whole compounds, synonyms and equivalents."""
        words = []
        for term, weight in self.query_terms(query):
            number = clause_from_token(term)
            if number:
                words.append(number)
                title = self.dictionary.clauses.get(number)
                if title and title != "总则":
                    words.append(title)
            elif weight >= PART or len(term) > 2:
                words.append(term)
        return list(dict.fromkeys(words))


_lock = threading.Lock()
_state = {"analyzer": None, "version": None, "checked": 0.0}


def dictionary_version():
    """A cheap fingerprint of the editors' terms and of the clause list, read from the
    database by every process."""
    from django.db.models import Count, Max

    from library.models import Clause
    from search.models import SearchTerm

    try:
        terms = SearchTerm.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
        clauses = Clause.objects.aggregate(n=Count("pk"), last=Max("pk"))
        return (*terms.values(), *clauses.values())
    except Exception:  # no table yet (before migrate)
        return None


def _clauses():
    from library.models import Clause

    try:
        return list(Clause.objects.values_list("number", "title"))
    except Exception:  # no table yet (before migrate): the reference list
        from library.reference.data import CLAUSES

        return [(number, title) for number, title, *_ in CLAUSES]


def _load_analyzer():
    from search.models import SearchTerm

    try:
        extra_terms, extra_synonyms = SearchTerm.dictionary_entries()
    except Exception:  # no table yet (before migrate): the committed dictionary alone
        extra_terms, extra_synonyms = [], []
    return Analyzer(Dictionary.load(extra_terms, extra_synonyms, _clauses()))


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
