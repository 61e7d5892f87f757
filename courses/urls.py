from django.urls import path

from courses.views import accounts, browse, learning

app_name = "courses"

urlpatterns = [
    path("clauses/", browse.clause_browse, name="clause_browse"),
    path("certificates/verify/", learning.verify_certificate, name="certificate_verify"),
    path("learners/signup/", accounts.signup, name="learner_signup"),
    path("learners/login/", accounts.LearnerLoginView.as_view(), name="learner_login"),
    path("learners/logout/", accounts.LearnerLogoutView.as_view(), name="learner_logout"),
    path("learners/", accounts.my_learning, name="my_learning"),
]
