from courses.views.browse import clause_browse

__all__ = ["clause_browse"]
