"""Organiser dashboards in the Wagtail admin: bootcamps, the organisations table (a Wagtail
ReportView), an organisation's and a participant's detail, and the exports.

Every view checks access first (dashboards.access): organisers see every bootcamp, trainers
their own (read-only, without perks; another bootcamp is 404); anyone else with admin access
gets a 403 page.
People without admin access never get here: Wagtail sends them to sign in.
"""

from functools import cached_property, wraps

from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from courses.models import Enrollment, RosterMember
from dashboards import exports
from dashboards.access import dashboard_bootcamps, may_use_dashboards, sees_perks
from dashboards.columns import OrganisationColumns
from dashboards.facts import bootcamp_facts
from dashboards.filters import OrganisationFilter
from dashboards.forms import SortForm
from dashboards.funnel import CHART_WIDTH, funnel_bars
from dashboards.participants import participant_details, roster_entries
from dashboards.rows import organisation_rows
from dashboards.summary import bootcamp_summary
from lms.exports import csv_response, xlsx_response
from quizzes.selectors import participant_attempts


def _forbidden(request):
    return TemplateResponse(request, "dashboards/forbidden.html", {}, status=403)


def dashboard_access(view):
    """Resolve `bootcamp_id` to the bootcamp: 403 for a role without dashboards, 404 for a
    bootcamp the user may not see (a trainer of another bootcamp: like another
    organisation's records, it is not theirs to know about)."""

    @wraps(view)
    def wrapper(request, bootcamp_id, *args, **kwargs):
        if not may_use_dashboards(request.user):
            return _forbidden(request)
        bootcamp = get_object_or_404(dashboard_bootcamps(request.user), pk=bootcamp_id)
        return view(request, bootcamp, *args, **kwargs)

    return wrapper


def index(request):
    if not may_use_dashboards(request.user):
        return _forbidden(request)
    bootcamps = dashboard_bootcamps(request.user).annotate(
        organisations=Count("enrollments", filter=Q(enrollments__status="active"),
                            distinct=True),
    ).order_by("-start_date", "title")
    return TemplateResponse(request, "dashboards/index.html", {
        "bootcamps": bootcamps, "header_title": _("Dashboards"),
    })


class DashboardColumn(Column):
    """A table column whose header shows its label without the sort link on phones."""

    header_template_name = "dashboards/_column_header.html"

    def __init__(self, *args, help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.help_text = help_text


class BootcampDashboardView(ReportView):
    template_name = "dashboards/dashboard.html"
    results_template_name = "dashboards/dashboard_results.html"
    header_icon = "table"
    paginate_by = 50
    page_kwarg = "p"
    is_searchable = True
    search_fields = ["organisation__name"]
    search_backend_name = None
    filterset_class = OrganisationFilter
    default_ordering = "organisation__name"
    verbose_name_plural = gettext_lazy("organisations")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.is_export = False  # exports have their own views (streamed, flat memory)

    def dispatch(self, request, *args, **kwargs):
        if not may_use_dashboards(request.user):
            return _forbidden(request)
        self.bootcamp = get_object_or_404(dashboard_bootcamps(request.user),
                                          pk=kwargs["bootcamp_id"])
        self.facts = bootcamp_facts(bootcamp=self.bootcamp)
        self.sql = OrganisationColumns(self.facts)
        self.perks = sees_perks(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.bootcamp.title

    def get_page_subtitle(self):
        return _("Dashboard")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items,
                {"url": reverse("dashboards:index"), "label": _("Dashboards")},
                {"url": "", "label": self.bootcamp.title}]

    def get_index_url(self):
        return reverse("dashboards:bootcamp", args=[self.bootcamp.pk])

    def get_index_results_url(self):
        return reverse("dashboards:bootcamp_results", args=[self.bootcamp.pk])

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "columns": self.sql}

    @cached_property
    def columns(self):
        """Header cells (labels and sort keys); dashboards/_table.html renders the body in
        the same order."""
        # "At risk" right after the name: it is what the page is for (reasons next to the
        # organisation, not 2,000 px to the right).
        columns = [
            DashboardColumn("name", label=_("Organisation"), sort_key="organisation__name"),
            DashboardColumn("flags", label=_("At risk"), sort_key="risk"),
            DashboardColumn("roster", label=_("Participants"), sort_key="roster"),
            DashboardColumn("pre_event", label=_("Pre-event done"), sort_key="pre_percent"),
            DashboardColumn("accepted", label=_("Accepted"), sort_key="assignments_accepted"),
            DashboardColumn("submitted", label=_("Submitted"), sort_key="assignments_submitted"),
            DashboardColumn("missing", label=_("Missing"), sort_key="assignments_missing"),
            *(DashboardColumn(stage.key, label=stage.title, sort_key=stage.key)
              for stage in self.facts.stages),
            *((DashboardColumn("check_average", label=_("Average check score"),
                      sort_key="check_average"),
               DashboardColumn("checks_not_passed", label=_("Checks not passed yet"),
                      sort_key="checks_not_passed")) if self.facts.check_ids else ()),
            *(DashboardColumn(count["name"], label=count["label"], sort_key=count["name"],
                              help_text=count["help"])
              for count in self.sql.contributed),
            DashboardColumn("certified", label=_("Certified"), sort_key="certified"),
            DashboardColumn("eligible", label=_("Eligible"), sort_key="eligible"),
            DashboardColumn("not_yet", label=_("Not yet"), sort_key="not_yet"),
            DashboardColumn("organisation_certificate", label=_("Organisation certificate"),
                   sort_key="organisation_certificate"),
        ]
        if self.perks:
            columns.append(DashboardColumn("perks", label=_("Perks"), sort_key="perk_rank"))
        columns.append(DashboardColumn(
            "last_activity", sort_key="last_activity",
            label=_("Last activity (%(zone)s)") % {"zone": self.bootcamp.time_zone}))
        return columns

    def get_ordering(self):
        # A header link's `ordering` wins over the Sort-by form's `sort`: after using the
        # form, its parameters stay in the header links' query string.
        if "ordering" not in self.request.GET:
            chosen = SortForm.ordering_from(self.request.GET, self.columns)
            if chosen:
                return chosen
        return super().get_ordering()

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset.filter(status=self.filters.chosen_status())

    def get_base_queryset(self):
        return Enrollment.objects.filter(bootcamp=self.bootcamp).only("pk")

    def order_queryset(self, queryset):
        key = (self.ordering or self.default_ordering).lstrip("-")
        descending = (self.ordering or "").startswith("-")
        if key in self.sql.names:
            queryset = queryset.alias(**{f"sort_{key}": self.sql.expression(key)})
            expression = F(f"sort_{key}")
        else:
            expression = F(key)
        expression = (expression.desc(nulls_last=True) if descending
                      else expression.asc(nulls_last=True))
        return queryset.order_by(expression, "organisation__name", "pk")

    def paginate_queryset(self, queryset, page_size):
        # The page is chosen on the light queryset (ids, sorted and filtered in SQL); only
        # its ≤ 50 organisations get every column computed, before the table is built.
        paginator, page, object_list, is_paginated = super().paginate_queryset(
            queryset, page_size)
        page.object_list = organisation_rows(self.sql, [e.pk for e in object_list],
                                             perks=self.perks)
        return paginator, page, page.object_list, is_paginated

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        query = self.request.GET.copy()
        for name in (self.page_kwarg, "_w_filter_fragment"):
            query.pop(name, None)
        context.update({
            "bootcamp": self.bootcamp, "facts": self.facts, "export_query": query.urlencode(),
            "export_kinds": exports.KINDS,
            "sort_form": SortForm(columns=self.columns, current=self.ordering,
                                  kept=self.request.GET),
        })
        if not self.results_only:
            summary = bootcamp_summary(self.facts, self.sql,
                                       fresh=self.request.GET.get("refresh") == "1")
            bars, height = funnel_bars(summary.funnel)
            context.update({
                "funnel": summary.funnel, "bars": bars, "chart_height": height,
                "chart_width": CHART_WIDTH, "flag_counts": summary.flag_counts,
                "summary_at": summary.computed_at,
            })
        return context


class BootcampDashboardResultsView(BootcampDashboardView):
    results_only = True


def _enrollment(bootcamp, organisation_id) -> Enrollment:
    """The organisation's enrollment in this bootcamp; 404 for any other organisation."""
    enrollment = Enrollment.objects.filter(
        bootcamp=bootcamp, organisation_id=organisation_id).select_related(
        "organisation").first()
    if enrollment is None:
        raise Http404
    return enrollment


@dashboard_access
def organisation(request, bootcamp, organisation_id):
    enrollment = _enrollment(bootcamp, organisation_id)
    facts = bootcamp_facts(bootcamp=bootcamp)
    perks = sees_perks(request.user)
    row = organisation_rows(OrganisationColumns(facts), [enrollment.pk], perks=perks)[0]
    details = participant_details(facts=facts, entries=list(roster_entries(
        facts=facts, enrollments=[enrollment.pk])))
    return TemplateResponse(request, "dashboards/organisation.html", {
        "bootcamp": bootcamp, "enrollment": enrollment, "organisation": enrollment.organisation,
        "row": row, "details": details, "facts": facts,
        "header_title": enrollment.organisation.name,
        "export_query": f"enrollment={enrollment.pk}",
        "export_kinds": exports.KINDS,
    })


@dashboard_access
def participant(request, bootcamp, user_id):
    entry = RosterMember.objects.active().filter(
        bootcamp=bootcamp, user_id=user_id).select_related(
        "user", "enrollment__organisation").first()
    if entry is None:
        raise Http404
    facts = bootcamp_facts(bootcamp=bootcamp)
    detail = participant_details(facts=facts, entries=[entry])[0]
    stage_modules = [
        (stage.page, [(module, module.pk in detail.modules.completed_ids)
                      for module in stage.modules])
        for stage in facts.outline.stages if stage.modules
    ]
    return TemplateResponse(request, "dashboards/participant.html", {
        "bootcamp": bootcamp, "detail": detail, "facts": facts,
        "attempts": participant_attempts(bootcamp=bootcamp, user=entry.user),
        "stage_modules": stage_modules, "organisation": entry.enrollment.organisation,
        "header_title": entry.user.get_full_name() or entry.user.email,
    })


def _filtered_enrollments(request, bootcamp, sql: OrganisationColumns):
    """The enrollments the dashboard shows for these GET parameters (all pages), in its
    order — or the one organisation of a drill-down page (`enrollment=<id>`)."""
    enrollment_id = request.GET.get("enrollment", "")
    if enrollment_id:
        # Another bootcamp's enrollment is "not found", not an empty file.
        return Enrollment.objects.filter(
            pk=get_object_or_404(Enrollment, bootcamp=bootcamp,
                                 pk=enrollment_id if enrollment_id.isdigit() else 0).pk)
    view = BootcampDashboardView()
    view.setup(request, bootcamp_id=bootcamp.pk)
    view.bootcamp, view.facts, view.sql = bootcamp, sql.facts, sql
    view.perks = sees_perks(request.user)
    return view.get_queryset()


@dashboard_access
def export(request, bootcamp, kind, file_format):
    if kind not in exports.KINDS or file_format not in exports.FORMATS:
        raise Http404
    facts = bootcamp_facts(bootcamp=bootcamp)
    sql = OrganisationColumns(facts)
    enrollments = _filtered_enrollments(request, bootcamp, sql)
    if kind == "organisations":
        rows = exports.organisation_rows(sql, enrollments, perks=sees_perks(request.user))
    else:
        # Participants follow the organisations' filters; their own order is by name.
        ids = enrollments.order_by().values("pk")
        rows = {"participants": exports.participant_rows, "attendance": exports.attendance_rows,
                "submissions": exports.submission_rows,
                "checks": exports.check_question_rows}[kind](facts, ids)
    filename = f"{bootcamp.slug}-{kind}"
    if request.GET.get("enrollment"):
        # One organisation's file is named after it, so it is not mistaken for (or saved
        # over) the whole bootcamp's. ASCII only: the name goes into a header.
        enrollment = enrollments.select_related("organisation").get()
        organisation = slugify(enrollment.organisation.name) or f"organisation-{enrollment.pk}"
        filename = f"{bootcamp.slug}-{organisation}-{kind}"
    if file_format == "csv":
        return csv_response(rows, filename)
    return xlsx_response(rows, filename, kind.capitalize())
