"""The 2024 notice's 附件2 outline (提升行动区域试点自评报告参考提纲), in one place."""

# (key, heading, parent heading or "") in the order of the 附件2 outline.
REPORT_OUTLINE = [
    ("background", "一、背景需求", ""),
    ("background_industry", "（一）试点区域产业基本情况", "一、背景需求"),
    ("background_needs", "（二）区域产业质量提升主要需求分析", "一、背景需求"),
    ("background_pain_points", "（三）区域产业共性质量“痛点”梳理", "一、背景需求"),
    ("measures", "二、工作举措", ""),
    ("results", "三、试点成效", ""),
    ("experience", "四、经验模式", ""),
    ("highlights", "（一）工作亮点", "四、经验模式"),
    ("help_model", "（二）帮扶模式", "四、经验模式"),
    ("typical_experience", "（三）典型经验", "四、经验模式"),
    ("problems", "五、存在问题", ""),
    ("next_steps", "六、下一步工作计划及建议", ""),
]
REPORT_HEADINGS = {key: heading for key, heading, _ in REPORT_OUTLINE}
# Heading keywords for the Word import, most specific first.
REPORT_KEYWORDS = [
    ("background_pain_points", ("痛点",)),
    ("background_needs", ("需求分析", "主要需求", "提升需求")),
    ("background_industry", ("产业基本情况", "基本情况", "产业概况")),
    ("background", ("背景需求", "背景")),
    ("measures", ("工作举措", "主要举措", "举措")),
    ("results", ("试点成效", "工作成效", "成效")),
    ("highlights", ("工作亮点", "亮点")),
    ("help_model", ("帮扶模式",)),
    ("typical_experience", ("典型经验",)),
    ("experience", ("经验模式",)),
    ("problems", ("存在问题", "主要问题", "问题")),
    ("next_steps", ("下一步", "工作计划", "建议")),
]
