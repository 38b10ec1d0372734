from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def learner_dashboard(request):
    """The learner's home: what to do next. Sections fill in as features land."""
    return render(request, "dashboard/learner.html", {"person": request.user})
