"""The automatic checks run when an item is submitted for review and again at approval.

One registry for every content type: an app registers its checks with ``@page_check``
(courses in ``courses/checks.py``, cases in ``cases/checks.py``, imported from their
``AppConfig.ready``), and the review workflow runs ``run_checks(page)`` on the revision
being reviewed. A check yields ``CheckResult``s; any failed result stops a submission.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class CheckResult:
    name: str  # what was checked, in Chinese, e.g. "禁用宣传用语"
    passed: bool
    message: (
        str  # a clear Chinese sentence naming the field, e.g. "“案例摘要”含有禁用用语“免费认证”"
    )
    field: str = ""  # the model field concerned, if any


CheckFunction = Callable[[object], Iterable[CheckResult]]
_registry: list[tuple[tuple[type, ...], CheckFunction]] = []


def page_check(*models: type):
    """Register a check for pages of ``models`` (all pages when none are given)."""

    def decorator(function: CheckFunction) -> CheckFunction:
        _registry.append((models, function))
        return function

    return decorator


def run_checks(page) -> list[CheckResult]:
    results = []
    for models, function in _registry:
        if not models or isinstance(page, models):
            results.extend(function(page))
    return results


def failures(results: Iterable[CheckResult]) -> list[CheckResult]:
    return [result for result in results if not result.passed]
