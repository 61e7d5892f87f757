from django.shortcuts import render

from library.models import Clause


def clause_browse(request):
    """Every clause of sections 4 to 10, as a tree to browse by."""
    clauses = Clause.objects.all()
    return render(request, "courses/clause_browse.html", {"clauses": clauses})
