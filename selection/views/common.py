from django.shortcuts import render

MANAGE_PERMISSION = "selection.change_selectionround"


def can_manage(user):
    return user.is_active and user.has_perm(MANAGE_PERMISSION)


def refused_response(request, message, status=403):
    return render(
        request,
        "selection/refused.html",
        {"message": message, "page_title": "操作被拒绝", "header_icon": "warning"},
        status=status,
    )
