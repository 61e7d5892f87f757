"""Building the site from nothing, step by step in the order each step needs.

Every step is safe to run again and never overwrites what editors changed. The test site,
``load_initial_data`` and the benchmarks all start here.
"""

from django.db import transaction

from cases.demo import add_demo_cases
from cases.setup import ensure_cases_area
from courses.demo import add_demo_courses
from courses.setup import ensure_courses_area
from enterprises.demo import add_demo_ledgers, add_demo_sessions
from library import demo as library_demo
from library.reference.loader import load_reference_data
from library.roles import ensure_role_groups
from library.setup import ensure_home_page, ensure_wagtail_roots
from reports.setup import ensure_publicity_columns, ensure_reports_area
from review.publication import seed_publication
from review.setup import ensure_review_setup
from selection.demo import add_demo_round
from selection.setup import grant_editor_permissions as grant_selection_permissions


def build_site_structure():
    """The home page, each area with a section per organisation, and the review on both areas."""
    home = ensure_home_page()
    courses_area = ensure_courses_area(home)
    cases_area = ensure_cases_area(home)
    reports_area = ensure_reports_area(home)
    ensure_review_setup(courses_area, reports_area, signed_off=(cases_area,))
    ensure_publicity_columns(home)  # every campaign's public 专栏
    grant_selection_permissions()
    return home


def build_initial_site():
    """Everything but demo content: roles, reference data, the home page and each app's area.

    Returns the home page and the reference-data report.
    """
    ensure_wagtail_roots()
    ensure_role_groups()
    report = load_reference_data()
    return build_site_structure(), report


def load_demo_content(report):
    """Demo organisations, accounts and content, in dependency order; returns the accounts."""
    library_demo.create_demo_bodies()
    build_site_structure()  # sections for the demo bodies
    accounts = library_demo.create_demo_accounts()
    with seed_publication():  # past years' content, published in several steps
        add_demo_courses(report)
        add_demo_cases(report)
        add_demo_round(report)
    add_demo_ledgers(report)  # the current campaign's help ledgers and trainings
    add_demo_sessions(report)
    ensure_publicity_columns(ensure_home_page())  # the demo campaigns' 专栏
    return accounts


@transaction.atomic
def build_demo_site(report):
    """``load_initial_data --demo``: the initial site and the demo content in one transaction."""
    _, reference_report = build_initial_site()
    report(f"参考数据：{reference_report}")
    accounts = load_demo_content(report)
    report("站点结构：首页、课程栏目、案例栏目已就绪")
    return accounts
