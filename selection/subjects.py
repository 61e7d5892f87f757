"""What a selection round judges: the single registry of judged kinds.

A round judges one kind of subject (``SelectionRound.subject_kind``):

- ``case``: 优良实践案例 (``cases.CasePage``), published in the round's campaign;
- ``course``: 精品课程 (``courses.CoursePage``), published in the round's campaign;
- ``district``: the 附件1 evaluation of the districts (all of them);
- ``body``: the certification bodies (all registered bodies).

Everything else in the app (rounds, candidates, assignment, conflicts, blind scoring,
trimmed mean, snapshots, decisions) is one mechanism over ``SelectionEntry`` rows, one per
(round, subject); this module says, per kind, which subjects are eligible, how they are
titled, which decision levels are allowed and which facts decide a conflict.

Other apps hook in with ``register_evidence`` (documents shown beside a subject to the
assigned experts and the editors) and read the outcome with ``recognised``.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

# Decision levels, per kind (the value is stored on ``Decision.level``).
CITY, NATIONAL = "city", "national"
EXCELLENT_COURSE = "course"
OUTSTANDING, IMPROVED = "outstanding", "improved"
EXCELLENT_BODY = "body"

CASE_LEVELS = ((CITY, "市级优良案例"), (NATIONAL, "推荐至市场监管总局"))
COURSE_LEVELS = ((EXCELLENT_COURSE, "精品课程"),)
DISTRICT_LEVELS = ((OUTSTANDING, "表现突出"), (IMPROVED, "进步提升较大"))
BODY_LEVELS = ((EXCELLENT_BODY, "提升行动优秀认证机构"),)
ALL_LEVELS = CASE_LEVELS + COURSE_LEVELS + DISTRICT_LEVELS + BODY_LEVELS


@dataclass(frozen=True)
class SubjectFacts:
    """What decides a conflict about one judged subject (all optional)."""

    id: int
    helping_body_id: int | None = None  # the body that helped (case)
    helping_body_name: str = ""
    publishing_body_id: int | None = None  # the body that published it (course)
    publishing_body_name: str = ""
    helper_ids: frozenset = frozenset()  # experts who helped (case)
    credit_code: str = ""  # the enterprise's code (case)
    district_id: int | None = None  # the district judged (district)
    body_id: int | None = None  # the body judged (body)


@dataclass(frozen=True)
class SubjectKind:
    key: str
    label: str  # 案例 / 课程 / 区 / 认证机构
    round_label: str  # what the commission judges, for headings
    entry_field: str  # the SelectionEntry foreign key that holds the subject
    model_path: str  # "app_label.ModelName"
    levels: tuple  # ((value, Chinese label), ...) allowed decisions
    is_page: bool  # a Wagtail page: scores record the revision judged
    eligible_fn: Callable = field(repr=False, compare=False, default=None)
    facts_fn: Callable = field(repr=False, compare=False, default=None)

    @property
    def model(self):
        from django.apps import apps

        return apps.get_model(self.model_path)

    def eligible(self, campaign):
        """The subjects a round of this kind in ``campaign`` may judge."""
        return self.eligible_fn(self.model, campaign)

    def title(self, subject):
        return subject.title if self.is_page else subject.name

    def facts(self, subjects) -> list[SubjectFacts]:
        return self.facts_fn(list(subjects))

    @property
    def level_labels(self):
        return dict(self.levels)

    def allows(self, level):
        return level in self.level_labels


# -- conflict facts, per kind ---------------------------------------------------------


def _case_facts(cases):
    from library.models import CertificationBody

    helpers = defaultdict(set)
    if cases:
        through = type(cases[0]).helping_experts.through
        for case_id, expert_id in through.objects.filter(
            casepage_id__in=[c.pk for c in cases]
        ).values_list("casepage_id", "expert_id"):
            helpers[case_id].add(expert_id)
    body_ids = {c.helping_body_id for c in cases} - {None}
    names = (
        dict(CertificationBody.objects.filter(id__in=body_ids).values_list("id", "name"))
        if body_ids
        else {}
    )
    return [
        SubjectFacts(
            id=case.pk,
            helping_body_id=case.helping_body_id,
            helping_body_name=names.get(case.helping_body_id, ""),
            helper_ids=frozenset(helpers[case.pk]),
            credit_code=case.credit_code or "",
        )
        for case in cases
    ]


def _course_facts(courses):
    facts = []
    for course in courses:
        body = course.certification_body
        facts.append(
            SubjectFacts(
                id=course.pk,
                publishing_body_id=body.pk if body else None,
                publishing_body_name=body.name if body else "",
            )
        )
    return facts


def _district_facts(districts):
    return [SubjectFacts(id=d.pk, district_id=d.pk) for d in districts]


def _body_facts(bodies):
    return [SubjectFacts(id=b.pk, body_id=b.pk) for b in bodies]


def _live_in_campaign(model, campaign):
    return model.objects.live().filter(campaign=campaign).order_by("id")


def _all(model, campaign):
    return model.objects.all().order_by("id")


KINDS = {
    kind.key: kind
    for kind in (
        SubjectKind(
            "case",
            "案例",
            "优良实践案例",
            "case",
            "cases.CasePage",
            CASE_LEVELS,
            True,
            _live_in_campaign,
            _case_facts,
        ),
        SubjectKind(
            "course",
            "课程",
            "精品课程",
            "course",
            "courses.CoursePage",
            COURSE_LEVELS,
            True,
            _live_in_campaign,
            _course_facts,
        ),
        SubjectKind(
            "district",
            "区",
            "各区提升行动评估",
            "district",
            "library.District",
            DISTRICT_LEVELS,
            False,
            _all,
            _district_facts,
        ),
        SubjectKind(
            "body",
            "认证机构",
            "认证机构提升行动评估",
            "body",
            "library.CertificationBody",
            BODY_LEVELS,
            False,
            _all,
            _body_facts,
        ),
    )
}
KIND_CHOICES = [(kind.key, kind.round_label) for kind in KINDS.values()]
DEFAULT_KIND = "case"


def kind(key) -> SubjectKind:
    return KINDS[key]


def kind_of(subject) -> SubjectKind:
    """The kind whose model ``subject`` is (a page's specific instance or the page itself)."""
    specific = getattr(subject, "specific_class", None)
    for candidate in KINDS.values():
        if isinstance(subject, candidate.model) or specific is candidate.model:
            return candidate
    raise LookupError(f"{type(subject).__name__} is not a judged kind")


def title_of(subject):
    return kind_of(subject).title(subject)


# -- evidence shown beside a subject --------------------------------------------------

_EVIDENCE: dict[str, list[Callable]] = defaultdict(list)


def register_evidence(kind_key, provider):
    """Show ``provider(subject, campaign) -> [(Chinese label, admin URL), ...]`` beside every
    subject of ``kind_key`` to its assigned experts and the editors. Registering the same
    provider twice has no effect."""
    if kind_key not in KINDS:
        raise LookupError(f"unknown subject kind {kind_key!r}")
    if provider not in _EVIDENCE[kind_key]:
        _EVIDENCE[kind_key].append(provider)
    return provider


def evidence_links(subject, campaign) -> list[tuple[str, str]]:
    """Every registered provider's links for ``subject`` in ``campaign``, in order."""
    links = []
    for provider in _EVIDENCE[kind_of(subject).key]:
        links.extend(provider(subject, campaign) or [])
    return links


# -- the outcome ----------------------------------------------------------------------


def recognised(campaign, kind_key):
    """(subject, decision) for every decision of ``kind_key`` in ``campaign``'s rounds,
    ordered by round then subject. A withdrawn decision is gone, so it is not listed."""
    from selection.models import Decision

    chosen = kind(kind_key)
    decisions = (
        Decision.objects.filter(round__campaign=campaign, round__subject_kind=kind_key)
        .select_related("round", f"entry__{chosen.entry_field}")
        .order_by("round__created_at", "round_id", f"entry__{chosen.entry_field}_id")
    )
    return [(getattr(d.entry, chosen.entry_field), d) for d in decisions]
