from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("clauses/", views.clause_browse, name="clause_browse"),
]
