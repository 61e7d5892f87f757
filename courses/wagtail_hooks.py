"""The learning side of the admin (考评与学员): each body's question bank, and the gradebooks,
learners and certificates, for city editors and the course's own body (``courses.access``).

Docs: https://docs.wagtail.org/en/stable/topics/snippets/customising.html
"""

from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from courses import access
from courses.models import BankQuestion, QuestionCategory
from courses.policies import BodyBankPolicy
from courses.views import admin as views

for _model in (QuestionCategory, BankQuestion):
    register_permission_policy(_model, BodyBankPolicy(_model), exact_class=True)


class BankIndexView(IndexView):
    def get_base_queryset(self):
        return access.scope(self.request.user, super().get_base_queryset())


class BankObjectMixin:
    """Every view of one bank row checks the row belongs to a body the user manages."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not access.may_manage_body(self.request.user, obj.body_id):
            raise PermissionDenied
        return obj


class BankFormMixin:
    """A body's users write into their own bank: the body and category choices are theirs."""

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        user = self.request.user
        if "body" in form.fields:
            form.fields["body"].queryset = access.bodies_for(user)
            own = access.body_of(user)
            if own is not None and not form.initial.get("body"):
                form.initial["body"] = own.pk
        if "category" in form.fields:
            form.fields["category"].queryset = access.scope(user, QuestionCategory.objects.all())
        return form


class BankViewSet(SnippetViewSet):
    index_view_class = BankIndexView
    copy_view_enabled = False
    inspect_view_enabled = False
    search_backend_name = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_view_class = type("BankAddView", (BankFormMixin, self.add_view_class), {})
        self.edit_view_class = type(
            "BankEditView", (BankObjectMixin, BankFormMixin, self.edit_view_class), {}
        )
        for name in ("delete_view_class", "history_view_class", "usage_view_class"):
            view = getattr(self, name)
            setattr(self, name, type(view.__name__, (BankObjectMixin, view), {}))


class QuestionCategoryViewSet(BankViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    menu_label = "题库分类"
    list_display = ["name", "body", "description"]
    list_filter = ["body"]
    search_fields = ["name"]


class BankQuestionViewSet(BankViewSet):
    model = BankQuestion
    icon = "help"
    menu_label = "题库试题"
    list_display = [
        "prompt",
        "category",
        Column("kind", label="题型", accessor="get_kind_display"),
        "updated_at",
    ]
    list_filter = ["category", "kind"]
    search_fields = ["prompt"]


class BankGroup(SnippetViewSetGroup):
    menu_label = "考评题库"
    menu_icon = "help"
    menu_order = 330
    items = (BankQuestionViewSet, QuestionCategoryViewSet)


register_snippet(BankGroup)


@hooks.register("register_admin_urls")
def register_learning_admin_urls():
    urls = [
        path("gradebook/", views.GradebookIndexView.as_view(), name="gradebooks"),
        path("gradebook/<int:course_id>/", views.GradebookView.as_view(), name="gradebook"),
        path(
            "gradebook/<int:course_id>/export.xlsx",
            views.GradebookView.as_view(),
            {"export": True},
            name="gradebook_export",
        ),
        path("learners/", views.LearnerListView.as_view(), name="learners"),
        path("certificates/", views.CertificateListView.as_view(), name="certificates"),
    ]
    return [path("learning/", include((urls, "courses_admin"), namespace="courses_admin"))]


class LearningMenuItem(MenuItem):
    def is_shown(self, request):
        return access.may_use_learning_admin(request.user)


@hooks.register("register_admin_menu_item")
def register_gradebook_menu_item():
    return LearningMenuItem(
        "成绩册", reverse("courses_admin:gradebooks"), icon_name="tasks", order=331
    )


@hooks.register("register_admin_menu_item")
def register_learners_menu_item():
    return LearningMenuItem("学员", reverse("courses_admin:learners"), icon_name="group", order=332)


@hooks.register("register_admin_menu_item")
def register_certificates_menu_item():
    return LearningMenuItem(
        "结业证书", reverse("courses_admin:certificates"), icon_name="doc-full", order=333
    )
