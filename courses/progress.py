"""Progress read-model: what each participant and organisation has done in a bootcamp.

Computed in bulk from recorded facts with a constant number of queries, never stored.
Apps that depend on `courses` (assignments, attendance, ...) add their own part to the
participant dashboard through the Wagtail hook ``"courses_dashboard_progress"`` in their
`wagtail_hooks.py`, so this module never imports them. The hook returns a `ProgressSource`.

A source is a function ``(*, bootcamp, user_ids) -> dict[int, object]`` returning, for each
user id, that app's progress object (any value; dashboards read it by the source's key).
It must run a constant number of queries whatever the number of users. The sources are
for display only: a rule that needs an app's facts (certificate eligibility) imports that
app's function directly, so it cannot pass by a source's absence.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page

from courses import tree_cache
from courses.models import (
    BootcampPage,
    LiveSessionPage,
    ModuleCompletion,
    ModulePage,
    RosterMember,
    StagePage,
)
from courses.translations import titled, translated_titles
from lms import page_languages

DASHBOARD_PROGRESS_HOOK = "courses_dashboard_progress"


@dataclass(frozen=True)
class ProgressSource:
    """An app's bulk progress function under `key` (e.g. "assignments"), and the template
    the participant dashboard includes for it with ``progress`` (that user's object) and
    ``bootcamp``."""

    key: str
    source: Callable[..., dict[int, Any]]
    dashboard_template: str = ""
    # Built from the other sources' progress, which it takes as ``progress={key: {user_id:
    # progress}}``, so `extra_progress` computes each source once.
    uses_other_sources: bool = False


def progress_sources() -> dict[str, ProgressSource]:
    """Every app's source, from the ``"courses_dashboard_progress"`` hooks, by key."""
    sources = (hook() for hook in hooks.get_hooks(DASHBOARD_PROGRESS_HOOK))
    return {source.key: source for source in sources}


def extra_progress(*, bootcamp, user_ids: Iterable[int],
                   modules: dict[int, "ParticipantProgress"] | None = None,
                   ) -> dict[str, dict[int, Any]]:
    """Every source's progress for these users: {key: {user_id: progress}}.

    `modules`: these users' module progress when the caller has it; derived sources read
    it as ``progress["modules"]`` rather than reading the completions again."""
    ids = list(user_ids)
    sources = progress_sources()
    plain = {key: entry.source(bootcamp=bootcamp, user_ids=ids)
             for key, entry in sources.items() if not entry.uses_other_sources}
    given = {**plain, "modules": modules} if modules is not None else plain
    derived = {key: entry.source(bootcamp=bootcamp, user_ids=ids, progress=given)
               for key, entry in sources.items() if entry.uses_other_sources}
    return {key: plain[key] if key in plain else derived[key] for key in sources}


# --- Module progress ----------------------------------------------------------------------



@dataclass
class StageOutline:
    page: StagePage
    modules: list[ModulePage] = field(default_factory=list)
    sessions: list[LiveSessionPage] = field(default_factory=list)

    @property
    def required_ids(self) -> list[int]:
        return [module.pk for module in self.modules if module.required]


@dataclass
class CourseOutline:
    """A bootcamp's live stages, modules and sessions in tree order (three queries)."""

    bootcamp: BootcampPage
    stages: list[StageOutline]

    @property
    def modules(self) -> list[ModulePage]:
        return [module for stage in self.stages for module in stage.modules]

    @property
    def sessions(self) -> list[LiveSessionPage]:
        return sorted((s for stage in self.stages for s in stage.sessions),
                      key=lambda s: s.starts_at)

    @property
    def required_ids(self) -> list[int]:
        return [module.pk for module in self.modules if module.required]


def course_outline(*, bootcamp: BootcampPage, language: str | None = None) -> CourseOutline:
    """The bootcamp's published tree, grouped by stage: the same for everyone, so built
    once per revision of the tree (courses.tree_cache; one fingerprint query per request,
    three queries when it changed). The pages in it are shared: read-only. Their titles
    are in `language` (default: the reader's) where a published translation exists; the
    pages are the source's whatever the language (records are keyed on them)."""

    stages = tree_cache.remembered("outline", bootcamp, lambda: _outline_stages(bootcamp))
    language = page_languages.reader_language(language)
    titles = translated_titles(bootcamp=bootcamp, language=language)
    if titles:
        stages = tree_cache.remembered(
            f"outline:{language}", bootcamp, lambda: _titled_stages(stages, titles))
    return CourseOutline(bootcamp=bootcamp, stages=list(stages))


def _titled_stages(stages: list[StageOutline], titles: dict[int, str]) -> list[StageOutline]:
    return [StageOutline(page=titled(stage.page, titles),
                         modules=[titled(module, titles) for module in stage.modules],
                         sessions=[titled(session, titles) for session in stage.sessions])
            for stage in stages]


def _outline_stages(bootcamp: BootcampPage) -> list[StageOutline]:
    stages = {
        stage.path: StageOutline(stage)
        for stage in StagePage.objects.live().child_of(bootcamp).order_by("path")
    }
    steplen = BootcampPage.steplen
    for model, attribute in ((ModulePage, "modules"), (LiveSessionPage, "sessions")):
        # The outline lists pages; their lesson bodies are read only on their own pages.
        pages = model.objects.live().descendant_of(bootcamp).defer_streamfields()
        for page in pages.order_by("path"):
            stage = stages.get(page.path[: len(page.path) - steplen])
            if stage is not None:  # pages below an unpublished stage are not part of the course
                getattr(stage, attribute).append(page)
    return list(stages.values())


def stage_work(*, bootcamp: BootcampPage, user=None) -> dict[int, list[dict]]:
    """Per stage id, the pages below it that are neither modules nor live sessions
    (assignments), in tree order, each with the user's status from the registered
    "assignments" source (None without a user: staff have no status of their own).
    Two queries plus the source's; the overview and stage pages list them next to
    modules and sessions."""
    work_types = [ModulePage, LiveSessionPage]
    stage_paths = dict(
        StagePage.objects.live().child_of(bootcamp).values_list("path", "pk")
    )
    steplen = BootcampPage.steplen
    base = bootcamp.url or ""
    prefix = len(bootcamp.url_path)
    result: dict[int, list[dict]] = {}
    rows = (
        Page.objects.live().descendant_of(bootcamp).filter(depth=bootcamp.depth + 2)
        .not_type(*work_types).order_by("path").values("pk", "title", "path", "url_path")
    )
    items = []
    titles = translated_titles(bootcamp=bootcamp)
    for row in rows:
        stage_id = stage_paths.get(row["path"][: len(row["path"]) - steplen])
        if stage_id is not None:
            item = {"pk": row["pk"], "title": titles.get(row["pk"], row["title"]),
                    "url": base + row["url_path"][prefix:], "status": None}
            result.setdefault(stage_id, []).append(item)
            items.append(item)
    entry = progress_sources().get("assignments")
    if items and entry is not None and user is not None and user.is_authenticated:
        mine = entry.source(bootcamp=bootcamp, user_ids=[user.pk]).get(user.pk)
        statuses = {state.assignment_id: state.status for state in getattr(mine, "items", ())}
        for item in items:
            item["status"] = statuses.get(item["pk"])
    return result


def completed_module_ids(*, user, module_ids) -> set[int]:
    """Which of these modules the user has completed (one query; empty for anonymous)."""
    if not user.is_authenticated:
        return set()
    return set(
        ModuleCompletion.objects.filter(user=user, module_id__in=list(module_ids))
        .values_list("module_id", flat=True)
    )


@dataclass
class StageProgress:
    stage: StagePage
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


@dataclass
class ParticipantProgress:
    """Required modules done / total, overall and per stage, plus every completed module."""

    user_id: int
    done: int
    total: int
    stages: list[StageProgress]
    completed_ids: frozenset[int]
    next_module: ModulePage | None

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def _completions(*, outline: CourseOutline, user_ids: list[int]) -> dict[int, set[int]]:
    done: dict[int, set[int]] = {user_id: set() for user_id in user_ids}
    module_ids = [module.pk for module in outline.modules]
    if user_ids and module_ids:
        for user_id, module_id in ModuleCompletion.objects.filter(
            user_id__in_ids=user_ids, module_id__in=module_ids
        ).values_list("user_id", "module_id"):
            done[user_id].add(module_id)
    return done


@dataclass(frozen=True)
class _Plan:
    """What every participant's progress is measured against, worked out once per call
    rather than once per participant (exports measure 40,000 of them)."""

    stages: tuple[tuple[StagePage, tuple[int, ...]], ...]  # (stage, its required module ids)
    modules: tuple[ModulePage, ...]

    @classmethod
    def of(cls, outline: CourseOutline) -> "_Plan":
        return cls(tuple((stage.page, tuple(stage.required_ids)) for stage in outline.stages),
                   tuple(outline.modules))


def _progress_of(user_id: int, completed: set[int], plan: _Plan) -> ParticipantProgress:
    stages = [
        StageProgress(
            stage=page, done=sum(1 for pk in required if pk in completed), total=len(required),
        )
        for page, required in plan.stages
    ]
    next_module = next((m for m in plan.modules if m.pk not in completed), None)
    return ParticipantProgress(
        user_id=user_id,
        done=sum(stage.done for stage in stages),
        total=sum(stage.total for stage in stages),
        stages=stages,
        completed_ids=frozenset(completed),
        next_module=next_module,
    )


def participant_progress(
    *, bootcamp: BootcampPage, user_ids: Iterable[int], outline: CourseOutline | None = None
) -> dict[int, ParticipantProgress]:
    """Module progress for each user id: four queries (one with `outline` given) whatever
    the number of modules or users."""
    ids = list(user_ids)
    outline = outline or course_outline(bootcamp=bootcamp)
    completions = _completions(outline=outline, user_ids=ids)
    plan = _Plan.of(outline)
    return {user_id: _progress_of(user_id, completions[user_id], plan) for user_id in ids}


@dataclass
class OrganisationProgress:
    organisation_id: int
    participants: list[tuple[Any, ParticipantProgress]]  # (user, progress) on the roster

    @property
    def done(self) -> int:
        return sum(progress.done for _, progress in self.participants)

    @property
    def total(self) -> int:
        return sum(progress.total for _, progress in self.participants)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def organisation_progress(
    *, bootcamp: BootcampPage, organisation_ids: Iterable[int],
    outline: CourseOutline | None = None,
) -> dict[int, OrganisationProgress]:
    """Each organisation's roster with every participant's module progress (constant queries)."""
    ids = list(organisation_ids)
    outline = outline or course_outline(bootcamp=bootcamp)
    roster = list(
        RosterMember.objects.active()
        .filter(bootcamp=bootcamp, enrollment__organisation_id__in=ids)
        .select_related("user", "enrollment")
        .order_by("user__first_name", "user__email")
    )
    result = {organisation_id: OrganisationProgress(organisation_id, []) for organisation_id in ids}
    for entry, user_progress in zip(roster, _team_progress(outline=outline, roster=roster),
                                    strict=True):
        result[entry.enrollment.organisation_id].participants.append(user_progress)
    return result


def _team_progress(*, outline: CourseOutline, roster: list[RosterMember]
                   ) -> list[tuple[Any, ParticipantProgress]]:
    """(user, module progress) of each roster entry (user selected), in the roster's order:
    one query."""
    completions = _completions(outline=outline, user_ids=[entry.user_id for entry in roster])
    plan = _Plan.of(outline)
    return [(entry.user, _progress_of(entry.user_id, completions[entry.user_id], plan))
            for entry in roster]


def next_modules(*, user) -> list[tuple[BootcampPage, ModulePage | None]]:
    """For each live bootcamp the user takes part in: its next module not yet completed
    (None when all are done), for the home page's "next step"."""
    places = RosterMember.objects.active().filter(user=user, bootcamp__live=True).select_related(
        "bootcamp").order_by("bootcamp__start_date")
    result = []
    for place in places:
        mine = participant_progress(bootcamp=place.bootcamp, user_ids=[user.pk])[user.pk]
        result.append((titled(place.bootcamp, translated_titles(bootcamp=place.bootcamp)),
                       mine.next_module))
    return result


# --- Participant dashboard ----------------------------------------------------------------


@dataclass
class BootcampDashboard:
    bootcamp: BootcampPage
    progress: ParticipantProgress
    next_session: LiveSessionPage | None
    join_link_open: bool
    team: list[tuple[Any, ParticipantProgress]]
    extras: list[tuple[str, Any]]  # (dashboard template, this user's progress of that source)
    # {page id: URL} below the bootcamp: every module, session and assignment the dashboard
    # names is a link (sources give ids, not pages).
    urls: dict[int, str] = field(default_factory=dict)

    @property
    def shared_key(self) -> tuple:
        """Everything the heading, "Next for you" and "Your progress" show besides the
        bootcamp's tree (courses' shared_fragment tag): page ids, counts, the join link."""
        progress = self.progress
        return (getattr(progress.next_module, "pk", None),
                getattr(self.next_session, "pk", None), self.join_link_open,
                progress.done, progress.total,
                tuple((stage.stage.pk, stage.done, stage.total) for stage in progress.stages))

    @property
    def team_key(self) -> tuple:
        """Everything the team table shows (shared_fragment): which row is the reader's,
        and each member's name, address and counts."""
        return (self.progress.user_id, tuple(
            (person.pk, person.get_full_name(), person.email, their.done, their.total)
            for person, their in self.team))


def participant_dashboard(*, user, now=None) -> list[BootcampDashboard]:
    """Everything /dashboard/ shows, per bootcamp the user is on an active roster of.

    Queries grow with the number of bootcamps a person takes part in (one or two), never
    with modules, sessions or team size.
    """
    now = now or timezone.now()
    # Every active roster entry of the enrollments the user has an active place on (their
    # own among them; one filter() call, so one join: the same place): the bootcamps and
    # the teams in one query. The bootcamp pages come from the tree cache, by the version
    # read here: selecting the wide page rows costs more than the rest of the query.
    entries = (
        RosterMember.objects.active()
        .filter(enrollment__roster__user=user, enrollment__roster__removed_at__isnull=True,
                bootcamp__live=True)
        .select_related("user").annotate(version=F("bootcamp__tree_version"))
        .order_by("bootcamp__start_date", "bootcamp_id", "user__first_name", "user__email")
    )
    rosters: dict[int, list[RosterMember]] = {}
    for entry in entries:
        rosters.setdefault(entry.bootcamp_id, []).append(entry)
    templates = {key: entry.dashboard_template
                 for key, entry in progress_sources().items() if entry.dashboard_template}
    dashboards = []
    for bootcamp_id, roster in rosters.items():
        bootcamp = tree_cache.bootcamp_by_id(bootcamp_id, roster[0].version)
        if bootcamp is None or not bootcamp.live:
            continue
        outline = course_outline(bootcamp=bootcamp)
        team = _team_progress(outline=outline, roster=roster)
        mine = next((p for u, p in team if u.pk == user.pk), None) or participant_progress(
            bootcamp=bootcamp, user_ids=[user.pk], outline=outline
        )[user.pk]
        next_session = next((s for s in outline.sessions if s.ends_at > now), None)
        extra = extra_progress(bootcamp=bootcamp, user_ids=[user.pk], modules={user.pk: mine})
        dashboards.append(BootcampDashboard(
            bootcamp=titled(bootcamp, translated_titles(bootcamp=bootcamp)),
            progress=mine,
            next_session=next_session,
            join_link_open=bool(next_session and next_session.join_link_open(now)),
            team=team,
            extras=[(templates[key], values[user.pk]) for key, values in extra.items()
                    if key in templates and user.pk in values],
            urls=bootcamp.descendant_urls(),
        ))
    return dashboards
