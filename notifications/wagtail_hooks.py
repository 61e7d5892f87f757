from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from notifications.views import my_notifications_view


@hooks.register("register_admin_urls")
def notification_urls():
    return [path("notifications/", my_notifications_view, name="my_notifications")]


@hooks.register("register_admin_menu_item")
def my_notifications_menu():
    return MenuItem("我的通知", reverse("my_notifications"), icon_name="mail", order=9000)
