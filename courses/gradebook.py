"""A course's gradebook and item analysis for its body (and city editors).

The gradebook has one row per learner who studied a lesson or took the assessment: attempts,
best score, lessons studied, completion (certificate). The item analysis reads every graded
attempt's stored draw and answers: per question how often it was drawn and answered right,
and per choice how often it was picked; a wrong choice almost nobody picks (under
``WEAK_DISTRACTOR_SHARE`` of the answers, once a question has ``MIN_ANSWERS``) is a weak
distractor the author should rewrite.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from courses.models import Attempt, Certificate, LearnerProfile, LessonProgress
from library.xlsx import Spreadsheet

WEAK_DISTRACTOR_SHARE = 0.05
MIN_ANSWERS = 5


@dataclass
class LearnerRow:
    name: str
    username: str
    enterprise: str
    district: str
    attempts: int
    best_score: int | None
    passed: bool
    lessons_done: int
    lesson_count: int
    certificate: str  # the certificate code, or ""
    last_activity: object = None

    @property
    def completed(self):
        return bool(self.certificate)


def gradebook(course):
    lessons = list(course.lessons().values_list("pk", flat=True))
    attempts = defaultdict(list)
    for attempt in Attempt.objects.filter(course=course, submitted_at__isnull=False):
        attempts[attempt.user_id].append(attempt)
    done = defaultdict(int)
    for user_id in LessonProgress.objects.filter(lesson_id__in=lessons).values_list(
        "user_id", flat=True
    ):
        done[user_id] += 1
    certificates = {
        c.user_id: c.display_code
        for c in Certificate.objects.filter(course=course, user__isnull=False, revoked_at=None)
    }
    user_ids = set(attempts) | set(done)
    profiles = {
        p.user_id: p
        for p in LearnerProfile.objects.filter(user_id__in=user_ids).select_related(
            "user", "district"
        )
    }
    rows = []
    for user_id in user_ids:
        profile = profiles.get(user_id)
        tries = attempts.get(user_id, [])
        rows.append(
            LearnerRow(
                name=profile.full_name if profile else "（非学员账号）",
                username=profile.user.username if profile else "",
                enterprise=profile.enterprise_name if profile else "",
                district=profile.district.name if profile else "",
                attempts=len(tries),
                best_score=max((a.score for a in tries), default=None),
                passed=any(a.passed for a in tries),
                lessons_done=done.get(user_id, 0),
                lesson_count=len(lessons),
                certificate=certificates.get(user_id, ""),
                last_activity=max((a.submitted_at for a in tries), default=None),
            )
        )
    rows.sort(key=lambda row: (not row.completed, -(row.best_score or -1), row.name))
    return rows


@dataclass
class ChoiceStat:
    text: str
    correct: bool
    picked: int = 0
    share: float = 0.0
    weak: bool = False


@dataclass
class ItemStat:
    id: str
    prompt: str
    source: str
    answered: int = 0
    right: int = 0
    choices: dict = field(default_factory=dict)  # original position -> ChoiceStat

    @property
    def correct_rate(self):
        return self.right / self.answered if self.answered else None

    @property
    def choice_list(self):
        return [self.choices[position] for position in sorted(self.choices)]

    @property
    def weak_distractors(self):
        return [choice for choice in self.choice_list if choice.weak]


def item_analysis(course):
    items = {}
    graded = Attempt.objects.filter(course=course, submitted_at__isnull=False, timed_out=False)
    for attempt in graded.only("drawn", "answers"):
        for snapshot in attempt.drawn:
            item = items.setdefault(
                snapshot["id"], ItemStat(snapshot["id"], snapshot["prompt"], snapshot["source"])
            )
            correct = {snapshot["origin"][i] for i in snapshot["correct"]}
            for shown, position in enumerate(snapshot["origin"]):
                stat = item.choices.setdefault(
                    position, ChoiceStat(snapshot["choices"][shown], position in correct)
                )
                stat.text = snapshot["choices"][shown]  # the latest wording
            chosen = attempt.answers.get(snapshot["id"])
            if chosen is None:
                continue
            item.answered += 1
            item.right += set(chosen) == correct
            for position in chosen:
                if position in item.choices:
                    item.choices[position].picked += 1
    for item in items.values():
        for choice in item.choices.values():
            choice.share = choice.picked / item.answered if item.answered else 0.0
            choice.weak = (
                not choice.correct
                and item.answered >= MIN_ANSWERS
                and choice.share < WEAK_DISTRACTOR_SHARE
            )
    return sorted(
        items.values(), key=lambda item: (item.correct_rate is None, item.correct_rate or 0)
    )


def gradebook_xlsx(course):
    book = Spreadsheet()
    book.sheet(
        "成绩册",
        [
            "姓名",
            "登录名",
            "企业",
            "所在区",
            "考评次数",
            "最高分",
            "是否合格",
            "已学课时",
            "课时总数",
            "结业证书",
            "最近交卷",
        ],
        [
            [
                row.name,
                row.username,
                row.enterprise,
                row.district,
                row.attempts,
                row.best_score,
                "合格" if row.passed else "未合格",
                row.lessons_done,
                row.lesson_count,
                row.certificate,
                timezone.localtime(row.last_activity).strftime("%Y-%m-%d %H:%M")
                if row.last_activity
                else "",
            ]
            for row in gradebook(course)
        ],
    )
    analysis = []
    for item in item_analysis(course):
        for choice in item.choice_list:
            analysis.append(
                [
                    item.prompt,
                    item.source,
                    item.answered,
                    round(100 * item.correct_rate) if item.correct_rate is not None else None,
                    choice.text,
                    "是" if choice.correct else "",
                    choice.picked,
                    round(100 * choice.share),
                    "干扰项偏弱" if choice.weak else "",
                ]
            )
    book.sheet(
        "试题分析",
        [
            "题目",
            "来源",
            "作答人次",
            "答对率（%）",
            "选项",
            "正确答案",
            "选择人次",
            "选择比例（%）",
            "提示",
        ],
        analysis,
    )
    return book.to_bytes()
