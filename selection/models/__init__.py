from selection.models.decisions import Decision
from selection.models.panel import Assignment, Recusal
from selection.models.relationships import ExpertRelationship
from selection.models.rounds import DEFAULT_CRITERIA, CriteriaFrozen, RoundCriterion, SelectionRound
from selection.models.scores import Score

__all__ = [
    "DEFAULT_CRITERIA",
    "Assignment",
    "CriteriaFrozen",
    "Decision",
    "ExpertRelationship",
    "Recusal",
    "RoundCriterion",
    "Score",
    "SelectionRound",
]
