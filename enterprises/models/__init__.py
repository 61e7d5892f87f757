from enterprises.models.ledger import (
    CERTIFICATION_OUTCOMES,
    DOCUMENT_KINDS,
    URGENCIES,
    HelpLedger,
    InternalAudit,
    LedgerComment,
    LedgerDocument,
    LedgerProblem,
    ManagementReview,
    MaturityLevel,
)
from enterprises.models.register import ENTERPRISE_SIZES, Enterprise
from enterprises.models.training import (
    AUDIENCE_LAYERS,
    SESSION_KINDS,
    Attendance,
    TrainingSession,
)

__all__ = [
    "AUDIENCE_LAYERS",
    "CERTIFICATION_OUTCOMES",
    "DOCUMENT_KINDS",
    "ENTERPRISE_SIZES",
    "SESSION_KINDS",
    "URGENCIES",
    "Attendance",
    "Enterprise",
    "HelpLedger",
    "InternalAudit",
    "LedgerComment",
    "LedgerDocument",
    "LedgerProblem",
    "ManagementReview",
    "MaturityLevel",
    "TrainingSession",
]
