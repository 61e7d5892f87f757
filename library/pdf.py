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


def printable_chart(svg) -> str:
    """A chart of ``library.charts`` with its stylesheet inside the SVG: WeasyPrint draws an
    inline SVG with the styles it carries, not the page's."""
    from pathlib import Path

    from django.conf import settings
    from django.utils.safestring import mark_safe

    if not svg:
        return ""
    css = (Path(settings.BASE_DIR) / "static" / "css" / "charts.css").read_text(encoding="utf-8")
    head, separator, rest = str(svg).partition(">")
    return mark_safe(f"{head}{separator}<style>{css}</style>{rest}")
