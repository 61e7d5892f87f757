"""Demo organisations and accounts, one per role, for a newcomer's first look.

Every name here is made up for the demo; the accounts share one password that is printed
by ``load_initial_data --demo`` and must never be used outside a developer's machine.
"""

from django.contrib.auth import get_user_model

from library.models import CertificationBody, District, Membership
from library.roles import CITY_EDITORS, DIVISION_HEADS, EXPERTS, role_group

DEMO_PASSWORD = "tjqms-demo-2024"

DEMO_BODIES = [
    {
        "name": "天津华正认证有限公司",
        "approval_number": "CNCA-R-2003-118",
        "contact_person": "刘海涛",
        "contact_phone": "022-2718 0001",
        "contact_email": "service@huazheng-cert.example.cn",
        "address": "天津市河西区友谊路 20 号",
    },
    {
        "name": "津沽质量认证中心有限公司",
        "approval_number": "CNCA-R-2006-205",
        "contact_person": "陈静",
        "contact_phone": "022-2718 0002",
        "contact_email": "contact@jingu-qc.example.cn",
        "address": "天津市南开区长江道 88 号",
    },
    {
        "name": "北方标准认证（天津）有限公司",
        "approval_number": "CNCA-R-2011-036",
        "contact_person": "赵明",
        "contact_phone": "022-2718 0003",
        "contact_email": "info@bfbz-cert.example.cn",
        "address": "天津市北辰区京津公路 168 号",
    },
    {
        "name": "海河检验认证有限公司",
        "approval_number": "CNCA-R-2015-072",
        "contact_person": "孙悦",
        "contact_phone": "022-2718 0004",
        "contact_email": "hello@haihe-ic.example.cn",
        "address": "天津市滨海新区第三大街 51 号",
    },
]

# (username, full name, role description, organisation lookup)
DEMO_ACCOUNTS = [
    ("admin", "系统管理员", "超级管理员", None),
    ("editor", "王晓梅", CITY_EDITORS, None),
    ("chuzhang", "赵立新", DIVISION_HEADS, None),  # signs off cases after the editors' review
    ("huazheng", "刘海涛", "认证机构用户 · 天津华正认证有限公司", ("body", "天津华正认证有限公司")),
    (
        "jingu",
        "陈静",
        "认证机构用户 · 津沽质量认证中心有限公司",
        ("body", "津沽质量认证中心有限公司"),
    ),
    ("beichen", "张伟", "区用户 · 北辰区", ("district", "北辰区")),
    ("wuqing", "李娜", "区用户 · 武清区", ("district", "武清区")),
    ("expert", "周建国", EXPERTS, None),
]


def create_demo_bodies():
    for spec in DEMO_BODIES:
        CertificationBody.objects.get_or_create(name=spec["name"], defaults=spec)


def create_demo_accounts():
    """Create the demo accounts once; returns (username, role) rows to print."""
    User = get_user_model()
    rows = []
    for username, full_name, role, organisation in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username,
                password=DEMO_PASSWORD,
                email=f"{username}@demo.example.cn",
                # Chinese names read family name first: keep the whole name in one field.
                first_name=full_name,
                is_superuser=username == "admin",
                is_staff=username == "admin",
            )
            if role in (CITY_EDITORS, EXPERTS, DIVISION_HEADS):
                user.groups.add(role_group(role))
            if role == DIVISION_HEADS:  # a senior city editor
                user.groups.add(role_group(CITY_EDITORS))
            if organisation:
                kind, name = organisation
                if kind == "body":
                    Membership.objects.create(
                        user=user, certification_body=CertificationBody.objects.get(name=name)
                    )
                else:
                    Membership.objects.create(user=user, district=District.objects.get(name=name))
        rows.append((username, role))
    return rows
