#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings.dev")
    from django.core.management import execute_from_command_line

    from project.settings.env import SettingError

    try:
        execute_from_command_line(sys.argv)
    except SettingError as error:
        # One clear line naming the setting, not a traceback.
        sys.stderr.write(f"配置错误：{error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
