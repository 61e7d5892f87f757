"""The five grades of 《中小企业质量管理成熟度评价规范》 as starting values; editors may rename,
add or remove them (the ledger's before/after grades point here)."""

from django.db import migrations

LEVELS = [
    (1, "一级 初始级", "质量管理依赖个人经验，缺少文件化的制度"),
    (2, "二级 规范级", "关键过程有制度，执行不稳定"),
    (3, "三级 受控级", "体系运行受控，数据开始用于改进"),
    (4, "四级 改进级", "持续改进成为常态，绩效稳定提升"),
    (5, "五级 卓越级", "质量管理成为竞争优势"),
]


def add_levels(apps, schema_editor):
    MaturityLevel = apps.get_model("enterprises", "MaturityLevel")
    for rank, name, description in LEVELS:
        if not MaturityLevel.objects.filter(rank=rank).exists():
            MaturityLevel.objects.create(rank=rank, name=name, description=description)


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_register_ledger_training")]

    operations = [migrations.RunPython(add_levels, migrations.RunPython.noop)]
