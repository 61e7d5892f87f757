from selection.models.decisions import Decision
from selection.models.entries import SelectionEntry
from selection.models.panel import Assignment, Recusal
from selection.models.relationships import ExpertRelationship
from selection.models.rounds import (
    DEFAULT_CRITERIA,
    CriteriaFrozen,
    RoundCriterion,
    RoundLocked,
    SelectionRound,
)
from selection.models.scores import Score
from selection.models.snapshots import RoundSnapshot

__all__ = [
    "DEFAULT_CRITERIA",
    "Assignment",
    "CriteriaFrozen",
    "Decision",
    "ExpertRelationship",
    "Recusal",
    "RoundCriterion",
    "RoundLocked",
    "RoundSnapshot",
    "Score",
    "SelectionEntry",
    "SelectionRound",
]
