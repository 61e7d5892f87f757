from cases.models.areas import CaseIndexPage, DistrictCasesPage
from cases.models.case import CasePage

__all__ = ["CaseIndexPage", "CasePage", "DistrictCasesPage"]
