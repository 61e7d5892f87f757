from django.urls import path

from selection.views.verify import verify_view

app_name = "selection"

urlpatterns = [path("selection/verify/", verify_view, name="verify")]
