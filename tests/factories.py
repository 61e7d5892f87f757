"""Factories for the shared domain; app-specific factories live beside their tests."""

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from library.models import CertificationBody, District, Membership
from library.roles import CITY_EDITORS, DIVISION_HEADS, EXPERTS, role_group

PASSWORD = "test-pass-123"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.cn")
    first_name = factory.Faker("name", locale="zh_CN")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class EditorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"editor{n}")

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(role_group(CITY_EDITORS))


class DivisionHeadFactory(UserFactory):
    """A 处长: a city editor who also signs off (签发) the cases' second review step."""

    username = factory.Sequence(lambda n: f"head{n}")

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(role_group(CITY_EDITORS), role_group(DIVISION_HEADS))


class ExpertFactory(UserFactory):
    username = factory.Sequence(lambda n: f"expert{n}")

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(role_group(EXPERTS))


class CertificationBodyFactory(DjangoModelFactory):
    class Meta:
        model = CertificationBody
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"天津测试认证有限公司{n:03d}")
    approval_number = factory.Sequence(lambda n: f"CNCA-R-2020-{n:03d}")
    contact_person = factory.Faker("name", locale="zh_CN")
    contact_phone = "022-27180000"


def district(name):
    """A district from the reference data, by its Chinese name (e.g. "北辰区")."""
    return District.objects.get(name=name)


def body_user(body, **kwargs):
    user = UserFactory(**kwargs)
    Membership.objects.create(user=user, certification_body=body)
    return user


def district_user(district_obj, **kwargs):
    user = UserFactory(**kwargs)
    Membership.objects.create(user=user, district=district_obj)
    return user
