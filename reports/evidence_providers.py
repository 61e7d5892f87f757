"""What the experts judging a district or a body (and the editors) find beside it in a
selection round (``selection.subjects.register_evidence``; registered in
``ReportsConfig.ready``): the district's 评估总结 of the campaign; the body's figures and its
complaints and 通报批评. Each link leads to an admin view that checks the reader itself
(``reports.evaluation_access``)."""


def district_evidence(district, campaign):
    from reports.evaluation_views import summary_url

    return [
        (
            f"{district.name}{campaign.year}年提升行动评估总结（附件1）",
            summary_url(district, campaign),
        )
    ]


def body_evidence(body, campaign):
    from reports.evaluation_views import body_figures_url, complaints_url

    return [
        (f"{body.name}课程与培训情况", body_figures_url(body, campaign)),
        (f"{body.name}投诉与通报批评记录", complaints_url(body, campaign)),
    ]


def register():
    from selection.subjects import register_evidence

    register_evidence("district", district_evidence)
    register_evidence("body", body_evidence)
