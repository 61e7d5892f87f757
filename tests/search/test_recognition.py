"""A selection decision reaches search right away: creating, changing or withdrawing a
case's CaseRecognition updates its 认定结果 facet without the case being republished
(project.reactions enqueues the case in the search outbox)."""

from django.utils import timezone

from cases.models import CasePage, CaseRecognition
from search.service import run_search
from tests.search.conftest import CORPUS, refresh, slugs

CITY, NATIONAL = "市级优良案例", "推荐至市场监管总局"


def recognition_facet(query="进货检验"):
    return dict(run_search(query).facets.get("recognition") or [])


def test_a_decision_updates_the_recognition_facet_without_republishing(
    engine_name, publish_lines, settings, django_capture_on_commit_callbacks, client
):
    publish_lines([CORPUS[4], CORPUS[5]])  # t-case-iqc, t-case-audit
    case = CasePage.objects.get(slug="t-case-iqc")
    revisions = case.revisions.count()
    assert recognition_facet() == {}

    def decide(change):
        with django_capture_on_commit_callbacks(execute=True):
            result = change()
        refresh(settings)
        return result

    recognition = decide(
        lambda: CaseRecognition.objects.create(case=case, level="city", decided_at=timezone.now())
    )
    assert recognition_facet() == {CITY: 1}
    outcome = run_search("进货检验", {"recognition": CITY})
    assert slugs(outcome.hits) == ["t-case-iqc"]
    assert outcome.hits[0]["facets"]["recognition"] == CITY
    data = client.get("/api/search/", {"q": "审核"}).json()  # the other case: not recognised
    assert [r["facets"]["recognition"] for r in data["results"] if r["type"] == "case"] == [None]

    def upgrade():
        recognition.level = "national"
        recognition.save()

    decide(upgrade)
    assert recognition_facet() == {NATIONAL: 1}
    assert run_search("进货检验", {"recognition": CITY}).count == 0

    decide(recognition.delete)
    assert recognition_facet() == {}
    assert run_search("进货检验", {"recognition": NATIONAL}).count == 0
    assert slugs(run_search("电动自行车企业").hits)[0] == "t-case-iqc"  # still found
    assert case.revisions.count() == revisions  # never republished
