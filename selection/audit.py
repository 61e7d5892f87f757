"""The round's audit log: every assignment, recusal, score change, decision and refusal.

Entries are Wagtail ``ModelLogEntry`` rows logged against the round, so the round's
"历史记录" view in the admin is its audit log and Wagtail's site history report includes
it; only users who may manage rounds can read them (scores stay hidden from experts).
While a round is open its score entries show who scored which case, not the values: the
values stay in the entry's data and show once scoring has closed.

Docs: https://docs.wagtail.org/en/stable/extending/audit_log.html
"""

from wagtail.log_actions import LogFormatter
from wagtail.log_actions import log as wagtail_log


class SelectionRefused(Exception):
    """A refused attempt; ``message`` is the Chinese sentence shown to the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def record(selection_round, action, user=None, **data):
    return wagtail_log(
        selection_round, action, user=user, data=_jsonable(data), title=selection_round.title
    )


def refuse(selection_round, user, attempt, message, **data):
    """Log a refused attempt (outside any transaction that will roll back) and raise."""
    record(selection_round, "selection.refused", user, attempt=attempt, message=message, **data)
    raise SelectionRefused(message)


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _message(template, while_open=None):
    class Formatter(LogFormatter):
        def format_message(self, log_entry):
            text = template
            if while_open and _round_is_open(log_entry):
                text = while_open
            try:
                return text.format(**log_entry.data)
            except (KeyError, IndexError):
                return self.label

    return Formatter


def _round_is_open(log_entry):
    from selection.models import SelectionRound

    selection_round = SelectionRound.objects.filter(pk=log_entry.object_id).first()
    return selection_round is None or selection_round.is_scoring_open()


ACTIONS = {
    "selection.assign_auto": ("自动分配", "自动分配评审专家 {assigned}，不足k人的案例 {short}"),
    "selection.assign": ("分配评审", "分配 {expert_name} 评审《{case_title}》"),
    "selection.unassign": ("撤销分配", "撤销 {expert_name} 对《{case_title}》的评审分配"),
    "selection.confirm": ("确认无利益冲突", "{expert_name} 确认与《{case_title}》无利益冲突"),
    "selection.recuse": ("回避", "{expert_name} 回避《{case_title}》：{detail}"),
    "selection.score": ("评分", "{expert_name} 评分《{case_title}》：{changes}"),
    "selection.deadline": ("修改评分截止时间", "评分截止时间由 {old} 改为 {new}，理由：{reason}"),
    "selection.close": ("评分截止", "评分截止，保存第{sequence}号评选记录快照，SHA-256 {sha256}"),
    "selection.decide": ("评选决定", "《{case_title}》认定为{level_label}：{reason}"),
    "selection.undecide": ("撤销决定", "撤销《{case_title}》的认定"),
    "selection.export": ("导出", "导出{kind}，数据摘要 SHA-256 {sha256}"),
    "selection.refused": ("操作被拒绝", "{attempt}被拒绝：{message}"),
}


# What an entry says while the round is open: no score value before the close.
WHILE_OPEN = {"selection.score": "{expert_name} 评分《{case_title}》（评分截止后显示分值）"}


def register_actions(actions):
    for action, (label, template) in ACTIONS.items():
        formatter = _message(template, WHILE_OPEN.get(action))
        formatter.label = label
        actions.register_action(action)(formatter)
