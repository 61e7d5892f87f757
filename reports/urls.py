from django.urls import path

from reports import publicity_views

app_name = "reports"

urlpatterns = [
    path(
        "publicity/<int:notice_id>/objection/",
        publicity_views.objection_view,
        name="objection",
    ),
    path(
        "publicity/<int:notice_id>/booklet.pdf",
        publicity_views.booklet_view,
        name="booklet",
    ),
]
