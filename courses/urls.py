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
    path("learners/privacy/", accounts.privacy_notice, name="privacy"),
    path("learners/delete/", accounts.delete_account, name="delete_account"),
    path(
        "learners/password/change/",
        accounts.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "learners/password/change/done/",
        accounts.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("learners/password/reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path(
        "learners/password/reset/sent/",
        accounts.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "learners/password/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "learners/password/reset/complete/",
        accounts.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
