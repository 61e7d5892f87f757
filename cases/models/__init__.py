from cases.models.areas import CaseIndexPage, DistrictCasesPage
from cases.models.case import ELIGIBILITY_FIELDS, ENTERPRISE_SIZES, CasePage
from cases.models.metrics import METRIC_KINDS, CaseMetric
from cases.models.recognition import RECOGNITION_LEVELS, CaseRecognition
from cases.models.survey import (
    SATISFACTION_CHOICES,
    SatisfactionSurveyPage,
    SurveyFormField,
    SurveyResponse,
)

__all__ = [
    "ELIGIBILITY_FIELDS",
    "ENTERPRISE_SIZES",
    "METRIC_KINDS",
    "RECOGNITION_LEVELS",
    "SATISFACTION_CHOICES",
    "CaseIndexPage",
    "CaseMetric",
    "CasePage",
    "CaseRecognition",
    "DistrictCasesPage",
    "SatisfactionSurveyPage",
    "SurveyFormField",
    "SurveyResponse",
]
