"""Demo state for the organisations app (called by load_demo after courses' demo).

Adds, to the "Chat for Impact" bootcamp: twelve enrolled NGOs with their teams at varied
module progress (including the contract accounts of DESIGN.md), selection criteria and
settings, a selected application for every enrolled organisation, applicant@example.org's
submitted application, extra applicants so that every status exists, reviewer scores, and
perks in varied states. Idempotent: everything is looked up by stable keys (registration
numbers, emails) before it is created.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from courses import services
from courses.models import BootcampPage, Enrollment, ModuleCompletion, ModulePage
from lms.demo import ensure_user
from organisations.models import (
    Application,
    ApplicationEvent,
    ApplicationScore,
    BootcampSelectionSettings,
    Membership,
    Organisation,
    Perk,
    SelectionCriterion,
)

BOOTCAMP_SLUG = "chat-for-impact"
# registration number → (name, city, state, focus areas)
ORGANISATIONS = [
    ("MH/2012/0012345", "Sahayata Helpline Trust", "Pune", "Maharashtra", ["health"]),
    ("KA/2014/0023456", "Ujjwal Shiksha Foundation", "Bengaluru", "Karnataka", ["education"]),
    ("TN/2010/0034567", "Aarogya Seva Sangam", "Chennai", "Tamil Nadu", ["health"]),
    ("DL/2016/0045678", "Nari Shakti Kendra", "New Delhi", "Delhi", ["women_children"]),
    ("WB/2009/0056789", "Sundarban Relief Society", "Kolkata", "West Bengal",
     ["disaster_relief"]),
    ("GJ/2013/0067890", "Kisan Mitra Sanstha", "Ahmedabad", "Gujarat", ["livelihoods"]),
    ("TG/2017/0078901", "Hamari Awaaz Trust", "Hyderabad", "Telangana", ["rights"]),
    ("MP/2011/0089012", "Jal Jeevan Samiti", "Bhopal", "Madhya Pradesh", ["environment"]),
    ("PB/2015/0090123", "Sehat Sathi Foundation", "Ludhiana", "Punjab", ["health"]),
    ("KL/2018/0101234", "Thanal Community Trust", "Thiruvananthapuram", "Kerala",
     ["women_children"]),
    ("JH/2012/0112345", "Adivasi Vikas Parishad", "Ranchi", "Jharkhand", ["livelihoods"]),
    ("UK/2019/0123456", "Pahadi Yuva Manch", "Dehradun", "Uttarakhand", ["education"]),
]
CONTRACT_PLACES = {  # organisation index → contract accounts on its team (lead first)
    0: ["lead@example.org", "participant@example.org"],
    1: ["other@example.org"],
    2: ["certified@example.org"],
}
APPLICANT_ORGANISATION = ("RJ/2020/0134567", "Marudhar Seva Samiti", "Jodhpur", "Rajasthan",
                          ["health"])
FIRST_NAMES = ["Priya", "Rahul", "Sunita", "Vijay", "Ananya", "Deepak", "Kavita", "Manoj",
               "Nisha", "Rohan", "Shalini", "Tarun", "Usha", "Yusuf", "Zoya", "Harish"]
# How many modules (in course order) the contract accounts have completed.
CONTRACT_PROGRESS = {"lead@example.org": 3, "participant@example.org": 2,
                     "other@example.org": 1, "certified@example.org": None}  # None = all
# A team that did all its work (and, in the attendance demo, attended both live days): the
# organisers' "eligible but not yet issued" certificates.
FINISHED_TEAM = "JH/2012/0112345"
CRITERIA = [
    ("Reach", "How many people the organisation serves, and how well it knows them."),
    ("Readiness to build", "A concrete first use of WhatsApp or a helpline, and who will run it."),
    ("Team commitment", "The people who will attend all sessions and do the pre-event work."),
]
# (email, first name, organisation, registration number, city, state, focus, status)
EXTRA_APPLICANTS = [
    ("applicant-shortlisted@example.org", "Neha", "Prerna Mahila Mandal", "RJ/2015/0045678",
     "Jaipur", "Rajasthan", ["women_children"], Application.Status.SHORTLISTED),
    ("applicant-waitlisted@example.org", "Sanjay", "Gram Vikas Samiti", "OD/2011/0098765",
     "Bhubaneswar", "Odisha", ["livelihoods"], Application.Status.WAITLISTED),
    ("applicant-rejected@example.org", "Divya", "Green Hills Trust", "KL/2019/0011223",
     "Kochi", "Kerala", ["environment"], Application.Status.REJECTED),
    ("applicant-withdrawn@example.org", "Imran", "Roshni Education Society", "UP/2016/0033445",
     "Lucknow", "Uttar Pradesh", ["education"], Application.Status.WITHDRAWN),
    ("applicant-draft@example.org", "Pooja", "Sahyog Disaster Response", "AS/2020/0055667",
     "Guwahati", "Assam", ["disaster_relief"], Application.Status.DRAFT),
    ("applicant-submitted@example.org", "Vikram", "Nyay Adhikar Manch", "BR/2013/0077889",
     "Patna", "Bihar", ["rights"], Application.Status.SUBMITTED),
]


def _answers(organisation: Organisation) -> dict:
    return {
        "organisation_name": organisation.name,
        "registration_number": organisation.registration_number,
        "city": organisation.city or "Pune", "state": organisation.state or "Maharashtra",
        "website": organisation.website, "focus_areas": organisation.focus_areas or ["health"],
        "staff_count": 15, "volunteer_count": 400,
        "current_channels": "A WhatsApp group per district; volunteers answer calls by phone.",
        "plans": "A WhatsApp helpline that answers common questions in Hindi and English.",
        "consent": True,
    }


def _application(*, bootcamp, organisation, applicant, status, submitted_at) -> Application:
    application = Application.objects.filter(bootcamp=bootcamp, organisation=organisation).first()
    if application is None:
        application = Application.objects.filter(bootcamp=bootcamp, applicant=applicant).first()
    if application is None:
        application = Application(bootcamp=bootcamp, applicant=applicant)
    for field, value in _answers(organisation).items():
        setattr(application, field, value)
    application.organisation = organisation if status != Application.Status.DRAFT else None
    if application.status != status:
        previous = application.status if application.pk else ""
        application.status = status
        application.submitted_at = None if status == Application.Status.DRAFT else submitted_at
        if status == Application.Status.WAITLISTED:
            application.waitlisted_at = submitted_at + timedelta(days=5)
        application.save()
        ApplicationEvent.objects.create(application=application, action=f"demo: {status}",
                                        from_status=previous, detail="Demo data")
    else:
        application.save()
    return application


def _lead_of(organisation: Organisation):
    membership = (Membership.objects.active().filter(organisation=organisation)
                  .order_by("-role", "pk").select_related("user").first())
    return membership.user if membership else None


def _organisation(registration, name, city, state, focus) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        registration_number=registration,
        defaults={"name": name, "city": city, "state": state, "focus_areas": focus,
                  "contact_email": f"contact@{name.split()[0].lower()}.example.org"},
    )
    return organisation


def _team(index: int, organisation: Organisation) -> list:
    User = get_user_model()
    contract = [User.objects.get(email=email) for email in CONTRACT_PLACES.get(index, [])]
    size = 3 + index % 2  # 3 or 4 people per organisation
    short = organisation.name.split()[0].lower()
    extra = []
    for number in range(size - len(contract)):
        first = FIRST_NAMES[(index * 3 + number) % len(FIRST_NAMES)]
        extra.append(ensure_user(f"{first.lower()}.{short}@example.org", first,
                                 organisation.name.split()[0], ["Participants"]))
    return contract + extra


def _enrol_teams(bootcamp: BootcampPage) -> None:
    """The twelve NGOs, enrolled with their teams, at varied module progress."""
    modules = list(ModulePage.objects.live().descendant_of(bootcamp).order_by("path"))
    for index, row in enumerate(ORGANISATIONS):
        organisation = _organisation(*row)
        enrollment = services.enrol_organisation(bootcamp=bootcamp, organisation=organisation)
        for position, user in enumerate(_team(index, organisation)):
            if not Membership.objects.active().filter(organisation=organisation,
                                                      user=user).exists():
                Membership.objects.create(
                    organisation=organisation, user=user,
                    role=Membership.Role.LEAD if position == 0 else Membership.Role.MEMBER)
            services.add_to_roster(enrollment=enrollment, user=user)
            done = CONTRACT_PROGRESS.get(user.email, (index * 2 + position * 3) % 10)
            if organisation.registration_number == FINISHED_TEAM:
                done = None
            # Progress only ever grows here, so re-running never undoes a demo click.
            for module in modules[:len(modules) if done is None else done]:
                ModuleCompletion.objects.get_or_create(user=user, module=module)

    applicant = get_user_model().objects.get(email="applicant@example.org")
    applicant_org = _organisation(*APPLICANT_ORGANISATION)
    Membership.objects.get_or_create(organisation=applicant_org, user=applicant, removed_at=None,
                                     defaults={"role": Membership.Role.LEAD})


def load(stdout) -> None:
    bootcamp = BootcampPage.objects.originals().filter(slug=BOOTCAMP_SLUG).first()
    if bootcamp is None:
        stdout.write("organisations: no chat-for-impact bootcamp yet; no applications created.")
        return
    _enrol_teams(bootcamp)
    BootcampSelectionSettings.objects.get_or_create(bootcamp=bootcamp)
    criteria = []
    for order, (title, description) in enumerate(CRITERIA):
        criterion, _ = SelectionCriterion.objects.update_or_create(
            bootcamp=bootcamp, title=title,
            defaults={"description": description, "sort_order": order, "max_score": 5})
        criteria.append(criterion)
    reviewer = get_user_model().objects.filter(email="organiser@example.org").first()
    closes = bootcamp.registration_closes_at or timezone.now()
    submitted_at = closes - timedelta(days=10)
    today = timezone.localdate()

    enrollments = Enrollment.objects.filter(bootcamp=bootcamp).select_related("organisation")
    for index, enrollment in enumerate(enrollments.order_by("organisation__name")):
        lead = _lead_of(enrollment.organisation)
        if lead is None:
            continue
        application = _application(bootcamp=bootcamp, organisation=enrollment.organisation,
                                   applicant=lead, status=Application.Status.SELECTED,
                                   submitted_at=submitted_at - timedelta(hours=index))
        if reviewer and index % 2 == 0:
            for offset, criterion in enumerate(criteria):
                ApplicationScore.objects.get_or_create(
                    application=application, criterion=criterion, reviewer=reviewer,
                    defaults={"score": 3 + (index + offset) % 3})
        # Perks in three states: missing (nothing provisioned), provisioned, and a licence
        # that ends within 30 days.
        state = index % 3
        defaults = {}
        if state >= 1:
            defaults = {"helpline_number": f"+91 80 4000 {1000 + index}",
                        "helpline_provisioned_on": today - timedelta(days=20),
                        "licence_starts_on": today - timedelta(days=30),
                        "credits_used": 1500 * (index + 1)}
        if state == 2:
            # 6 months from 170 days ago ends within the next 30 days.
            defaults["licence_starts_on"] = today - timedelta(days=170)
        Perk.objects.update_or_create(organisation=enrollment.organisation, bootcamp=bootcamp,
                                      defaults=defaults)

    applicant = get_user_model().objects.filter(email="applicant@example.org").first()
    applicant_org = None
    if applicant is not None:
        membership = Membership.objects.active().filter(user=applicant).select_related(
            "organisation").first()
        applicant_org = membership.organisation if membership else None
    if applicant_org is not None:
        _application(bootcamp=bootcamp, organisation=applicant_org, applicant=applicant,
                     status=Application.Status.SUBMITTED, submitted_at=submitted_at)

    for number, (email, first, name, registration, city, state, focus, status) in enumerate(
            EXTRA_APPLICANTS):
        user = ensure_user(email, first, "Applicant", ["Participants"])
        organisation, _ = Organisation.objects.get_or_create(
            registration_number=registration,
            defaults={"name": name, "city": city, "state": state, "focus_areas": focus,
                      "contact_email": email})
        Membership.objects.get_or_create(organisation=organisation, user=user, removed_at=None,
                                         defaults={"role": Membership.Role.LEAD})
        application = _application(bootcamp=bootcamp, organisation=organisation, applicant=user,
                                   status=status, submitted_at=submitted_at + timedelta(
                                       hours=number))
        if reviewer and status in (Application.Status.SHORTLISTED, Application.Status.WAITLISTED):
            for criterion in criteria:
                ApplicationScore.objects.get_or_create(
                    application=application, criterion=criterion, reviewer=reviewer,
                    defaults={"score": 4 if status == Application.Status.SHORTLISTED else 3})
    stdout.write(f"organisations: applications for {bootcamp.title} in every status, and perks.")
    _selection_for_next_edition()


def _selection_for_next_edition() -> None:
    """The open next edition publishes the same criteria (its applications come from
    visitors trying the demo)."""
    from courses.demo import NEXT_SLUG
    from courses.models import BootcampPage

    following = BootcampPage.objects.filter(slug=NEXT_SLUG).first()
    if following is None:
        return
    BootcampSelectionSettings.objects.get_or_create(bootcamp=following)
    for order, (title, description) in enumerate(CRITERIA):
        SelectionCriterion.objects.update_or_create(
            bootcamp=following, title=title,
            defaults={"description": description, "sort_order": order, "max_score": 5})
