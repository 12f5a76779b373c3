from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from .models import Notice


@require_POST
def mark_notice_read(request, pk):
    # Only the notice's own recipient can see it, so others get a 404.
    notice = get_object_or_404(Notice, pk=pk, user=request.user)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return redirect("wagtailadmin_home")
