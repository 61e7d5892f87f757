"""The action's organisations: districts, industries, pilot regions and certification bodies.

Districts and certification bodies each own a slice of the site: creating one creates
its Wagtail group and media collection here (see ``library.roles``), and the courses and
cases apps add its page subtree when they hear it was created.
"""

from django import forms
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class OrganisationSpace(models.Model):
    """What a district and a certification body share: a group and a media collection of their own."""

    group = models.OneToOneField(
        "auth.Group",
        verbose_name="权限组",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name="媒体合集",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    group_prefix = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Provision before saving, so that post_save receivers (the courses and cases
        # apps, which add the page subtree) already find the group.
        from library.roles import provision_organisation_space

        if self.group_id is None or self.collection_id is None:
            provision_organisation_space(self)
        super().save(*args, **kwargs)

    @property
    def space_name(self):
        return f"{self.group_prefix} · {self.name}"


class District(index.Indexed, OrganisationSpace):
    code = models.CharField("行政区划代码", max_length=6, unique=True)
    name = models.CharField("名称", max_length=20, unique=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    group_prefix = "区"

    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = "区"
        verbose_name_plural = "区"
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name

    @property
    def short_name(self):
        """北辰区 → 北辰, as the notices write them; 滨海新区 stays whole."""
        return self.name[:-1] if self.name.endswith("区") and len(self.name) == 3 else self.name


class Industry(index.Indexed, models.Model):
    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = "行业"
        verbose_name_plural = "行业"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class PilotRegion(models.Model):
    """One of the 2024 notice's four pilot regions: an industry in a set of districts."""

    name = models.CharField("试点名称", max_length=40, unique=True)
    industry = models.ForeignKey(
        Industry, verbose_name="试点产业", on_delete=models.PROTECT, related_name="pilot_regions"
    )
    districts = models.ManyToManyField(
        District, verbose_name="试点区", related_name="pilot_regions"
    )
    since_year = models.PositiveSmallIntegerField("起始年度", default=2024)

    panels = [
        FieldPanel("name"),
        FieldPanel("industry"),
        FieldPanel("districts", widget=forms.CheckboxSelectMultiple),
        FieldPanel("since_year"),
    ]

    class Meta:
        verbose_name = "试点区域"
        verbose_name_plural = "试点区域"
        ordering = ["id"]

    def __str__(self):
        return self.name

    def district_names(self):
        return "、".join(d.short_name for d in self.districts.all())


class CertificationBody(index.Indexed, OrganisationSpace):
    name = models.CharField("机构名称", max_length=100, unique=True)
    approval_number = models.CharField(
        "批准号", max_length=40, unique=True, help_text="认监委批准号，例如 CNCA-R-2002-001"
    )
    contact_person = models.CharField("联系人", max_length=40, blank=True)
    contact_phone = models.CharField("联系电话", max_length=40, blank=True)
    contact_email = models.EmailField("联系邮箱", blank=True)
    address = models.CharField("地址", max_length=200, blank=True)

    group_prefix = "认证机构"

    panels = [
        FieldPanel("name"),
        FieldPanel("approval_number"),
        FieldPanel("contact_person"),
        FieldPanel("contact_phone"),
        FieldPanel("contact_email"),
        FieldPanel("address"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("approval_number"),
    ]

    class Meta:
        verbose_name = "认证机构"
        verbose_name_plural = "认证机构"
        ordering = ["name"]

    def __str__(self):
        return self.name
