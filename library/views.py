"""The project's 400 page (``handler400``): the Chinese message of a ``BadParameter``, or a
generic one for other malformed requests; JSON under /api/."""

from django.http import JsonResponse
from django.template.response import TemplateResponse

from library.params import BadParameter

GENERIC = "请求无效，请检查地址或表单后重试。"


def bad_request(request, exception=None, template_name="400.html"):
    message = exception.message if isinstance(exception, BadParameter) else GENERIC
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": message}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    response = TemplateResponse(request, template_name, {"message": message}, status=400)
    return response.render()
