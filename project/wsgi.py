import os
import sys

from django.core.wsgi import get_wsgi_application

from project.settings.env import SettingError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings.production")

try:
    application = get_wsgi_application()
except SettingError as error:
    sys.stderr.write(f"配置错误：{error}\n")
    raise SystemExit(2) from None
