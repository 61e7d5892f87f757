"""Chinese PDFs (certificates, reports) from Django templates, in one place.

WeasyPrint lays out HTML and CSS with Pango and fontconfig, so Chinese text is set in the
Noto CJK fonts from Debian's ``fonts-noto-cjk`` and embedded in the file. Templates extend
``pdf/base.html``, which sets the page size and the fonts.
"""

from django.template.loader import render_to_string


def render_pdf(template_name, context=None, *, base_url=None) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only PDF views need

    html = render_to_string(template_name, context or {})
    return HTML(string=html, base_url=base_url).write_pdf()
