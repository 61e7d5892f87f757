"""The kinds of notification, their Chinese names, and which ones a user may turn off.

An expert's assignment and a decision about a district's or body's own case or course
are always sent; reminders, the close of a round and the editors' daily digest are
optional (``NotificationPreference``).
"""

SUBMISSION_REMINDER = "submission_reminder"
EXPERT_ASSIGNED = "expert_assigned"
SCORING_REMINDER = "scoring_reminder"
ROUND_CLOSED = "round_closed"
DECISION = "decision"
EDITOR_DIGEST = "editor_digest"

KINDS = [
    (SUBMISSION_REMINDER, "报送截止提醒（尚未达到最低报送数量时）"),
    (EXPERT_ASSIGNED, "评审任务分配"),
    (SCORING_REMINDER, "评分截止提醒（尚有案例未评分时）"),
    (ROUND_CLOSED, "评选评分截止通知"),
    (DECISION, "案例、课程的审核与评选结果"),
    (EDITOR_DIGEST, "审核待办日报（市级编辑）"),
]
LABELS = dict(KINDS)
OPTIONAL = (SUBMISSION_REMINDER, SCORING_REMINDER, ROUND_CLOSED, EDITOR_DIGEST)
