"""Thin views: the knowledge check of a module page, posted to its own URL."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import ModulePage
from lms.page_languages import in_source_language, page_in_language
from quizzes import services
from quizzes.forms import CheckForm
from quizzes.selectors import current_snapshot

CHECK_ANCHOR = "#knowledge-check"


@require_POST
@login_required
def submit_check(request, module_id: int):
    """Record an attempt and show the result on the module page (redirect), or show the
    module page again with the message and the answers kept. Someone who may not see the
    module gets 404, as for the module's completion button (courses.views)."""
    module = get_object_or_404(in_source_language(ModulePage.objects.live()), pk=module_id)
    bootcamp = module.get_bootcamp()
    if bootcamp is None or not bootcamp.can_view_content(request.user):
        raise Http404
    # Scored against, and recorded as, the questions the reader was shown: their
    # language's published translation, if any. The attempt stays the source module's.
    module = page_in_language(module)
    questions = current_snapshot(module)
    if questions is None:
        return redirect(module.url)
    if not bootcamp.is_participant(request.user):
        messages.error(request, _("Only participants of this bootcamp can answer its checks."))
        return redirect(module.url + CHECK_ANCHOR)
    form = CheckForm(request.POST, questions=questions, revision_id=module.live_revision_id)
    if not form.is_valid():
        # Read by the page context hook (quizzes.wagtail_hooks): the bound form, answers
        # kept. The page serves itself, through its own access gate and headers.
        request.knowledge_check_form = form
        return module.serve(request)
    try:
        attempt = services.submit_attempt(
            user=request.user, module=module, answers=form.answers(),
            token=form.cleaned_data["token"], questions=questions)
    except services.CheckRefused as error:
        messages.error(request, str(error))
    else:
        text = _("%(correct)d of %(total)d right (%(percent)d%%).") % {
            "correct": attempt.correct, "total": attempt.total, "percent": attempt.percent}
        if attempt.passed and module.pass_mark is not None:
            messages.success(request, _("Passed: %(score)s The module is complete.")
                             % {"score": text})
        elif attempt.passed:
            messages.success(request, text)
        elif services.attempts_left(module=module, made=attempt.number) == 0:
            messages.warning(request, _("Not passed: %(score)s You need %(mark)d%% and have "
                                        "no attempts left; your trainer can help.")
                             % {"score": text, "mark": module.pass_mark})
        else:
            messages.warning(request, _("Not passed yet: %(score)s You need %(mark)d%%. Read "
                                        "the feedback below and try again.")
                             % {"score": text, "mark": module.pass_mark})
    return redirect(module.url + CHECK_ANCHOR)
