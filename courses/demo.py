"""Demo state for the courses app (called by load_demo in dependency order).

Builds the "Chat for Impact" bootcamp at /bootcamps/chat-for-impact/ — four stages, lessons
on running a WhatsApp helpline, five live sessions. The enrolled NGOs and their teams are
organisations.demo's (organisations depend on courses, not the other way round). Dates are
relative to today and show a bootcamp in progress: the two live days were the day before
yesterday and yesterday, the follow-up session is twelve days ahead — so attendance,
certificates and the organisers' at-risk flags have something to show, and participants
still have a session to join. Idempotent: pages are looked up by their slugs before anything
is created.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from content.models import HomePage
from courses import demo_hindi, services
from courses.demo_blocks import checklist, h, p, takeaway, tip
from courses.models import (
    BootcampIndexPage,
    BootcampPage,
    LiveSessionPage,
    ModulePage,
    StagePage,
)

IST = ZoneInfo("Asia/Kolkata")
SLUG = "chat-for-impact"
# The next edition, open for applications, so a newcomer can sign up, verify their email
# and apply (which registers their organisation) from the home page.
NEXT_SLUG = "chat-next-edition"


# (slug, title, minutes, required, body)
PRE_EVENT_MODULES = [
    ("why-a-whatsapp-helpline", "Why a WhatsApp helpline?", 10, True, [
        p("Most of the people your NGO serves already use WhatsApp every day, often on a "
          "shared family phone and a prepaid data pack. A helpline on WhatsApp meets them "
          "where they are: they can write in their own language, send a voice note when "
          "typing is hard, and come back to the answer later."),
        h("What a helpline is for"),
        p("A helpline answers the same few questions many times — where is the nearest "
          "camp, which documents are needed for a ration card, what to do after a dog bite. "
          "Write down the twenty questions your field staff hear most often: they are the "
          "first version of your helpline."),
        takeaway("Start from the questions people already ask your staff, not from the "
                 "technology."),
    ]),
    ("know-your-callers", "Know the people who will message you", 15, True, [
        p("Before designing menus, spend an hour with five people who would use the "
          "helpline. Ask which phone they use, who else uses it, when they have data, and "
          "which language they prefer to read and to speak."),
        checklist("Questions for your first five conversations",
                  "Whose phone is it, and who else reads its messages?",
                  "When in the day do you have data and time?",
                  "Would you rather type, send a voice note or call back?",
                  "Which language do you read comfortably?"),
        tip("Privacy", "A shared phone means a message may be read by someone else. Never "
                       "put sensitive details in the first message you send."),
        takeaway("Design for a shared phone, a small data pack and a voice note."),
    ]),
    ("business-account-basics", "WhatsApp Business: numbers, profiles and rules", 20, True, [
        p("A helpline needs its own number that is not anyone's personal phone. Decide who "
          "owns the SIM, where it is kept, and who can read the messages when that person is "
          "on leave."),
        h("Templates and the 24-hour window"),
        p("You can reply freely for 24 hours after someone writes to you. Outside that "
          "window, only pre-approved message templates can be sent — for example a reminder "
          "about tomorrow's health camp. Draft your templates early: approval can take days."),
        checklist("Before the live days",
                  "A dedicated number, with its SIM registered to the organisation",
                  "A business profile with your address, hours and website",
                  "Three draft message templates: welcome, reminder, follow-up"),
        takeaway("The number belongs to the organisation, never to one staff member."),
    ]),
    ("writing-for-small-screens", "Writing messages for small screens", 15, True, [
        p("Write one idea per message and keep it under 60 words. Put the action first: "
          "<b>Bring your Aadhaar card and one photo</b>, then the explanation."),
        p("Use the words people use. If callers say “ration card” and your scheme says "
          "“PDS entitlement”, write “ration card”."),
        tip("Numbers and options", "Offer at most four options, numbered 1–4, so people can "
                                   "reply with a single digit."),
        takeaway("Action first, one idea per message, the caller's own words."),
    ]),
    ("safeguarding-and-consent", "Safeguarding, consent and data", 20, True, [
        p("People will tell your helpline about violence, illness and debt. Agree now who "
          "handles such messages, how fast, and when a volunteer must hand over to a "
          "counsellor or the police helpline (112)."),
        checklist("Your safeguarding basics",
                  "A written escalation path with names and phone numbers",
                  "A consent message sent before you store anyone's details",
                  "Chats deleted from personal phones after handover",
                  "A named person responsible for data protection"),
        takeaway("Every volunteer knows when and to whom to hand over a conversation."),
    ]),
    ("team-roles-and-rota", "Team roles and the weekly rota", 10, False, [
        p("A helpline that answers within an hour during working hours is better than one "
          "that promises 24×7 and answers after three days. Write a rota with two people per "
          "shift and a named supervisor."),
        takeaway("Promise only the hours your team can keep."),
    ]),
]
DAY_MODULES = {
    "day-1": [("designing-your-menu", "Designing your helpline menu", 25, True, [
        p("During the morning session we turn your twenty questions into a menu: a welcome "
          "message, four numbered topics and a way to reach a person."),
        checklist("Bring to the session", "Your list of twenty questions",
                  "Your draft welcome message", "The names on your rota"),
        takeaway("A short menu and a clear way to reach a person beat a long decision tree."),
    ])],
    "day-2": [("measuring-what-matters", "Measuring what matters", 20, True, [
        p("Count conversations, first-response time and how many conversations ended with "
          "the person's question answered. Review these numbers every Friday with the team."),
        takeaway("Three numbers, reviewed weekly, are enough to improve."),
    ])],
    "follow-up": [("first-month-review", "Your first month: review and next steps", 15, True, [
        p("After four weeks, read twenty real conversations with your team. Which questions "
          "came up that your menu does not cover? Where did people drop off?"),
        checklist("Bring to the follow-up session", "Your weekly numbers",
                  "Three conversations that went well and one that did not",
                  "One change you want to make next month"),
        takeaway("Real conversations are the best guide to your next improvement."),
    ])],
}
# stage slug → [(slug, title, local hour, hours long)]
SESSIONS = {
    "day-1": [("opening-and-menus", "Opening and designing helpline menus", 10, 2),
              ("templates-clinic", "Message templates clinic", 14, 2)],
    "day-2": [("safeguarding-practice", "Safeguarding in practice", 10, 2),
              ("launch-plans", "Launch plans and peer review", 14, 2)],
    "follow-up": [("follow-up-review", "Follow-up: first month review", 11, 1)],
}
def _page(parent, model, slug: str, **fields):
    """The child page with this slug, created or brought up to date, and published."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = parent.add_child(instance=model(slug=slug, **fields))
        page.save_revision().publish()
        return page
    changed = False
    for name, value in fields.items():
        if name == "body":  # lessons are only written once: trainers may have edited them
            continue
        if getattr(page, name) != value:
            setattr(page, name, value)
            changed = True
    if changed or not page.live:
        page.save_revision().publish()
    return page


def _dates():
    """Day 1 was the day before yesterday (IST); registration closed three weeks before it,
    at 23:59:59 IST."""
    today = timezone.localdate(timezone.now(), IST)
    day_one = today - timedelta(days=2)
    closes_on = day_one - timedelta(days=21)
    return {
        "day_one": day_one,
        "follow_up": day_one + timedelta(days=14),
        "opens": datetime.combine(closes_on - timedelta(days=30), time(0, 0), IST),
        "closes": datetime.combine(closes_on, time(23, 59, 59), IST),
    }


def build_bootcamp(trainer) -> BootcampPage:
    home = HomePage.objects.first()
    index = BootcampIndexPage.objects.first() or _page(
        home, BootcampIndexPage, "bootcamps", title="Bootcamps",
        intro="<p>Bootcamps for NGOs: apply with your team, learn, and launch.</p>")
    dates = _dates()
    day_one, day_two = dates["day_one"], dates["day_one"] + timedelta(days=1)
    bootcamp = _page(
        index, BootcampPage, SLUG,
        title="Chat for Impact",
        summary="Two days of live online sessions for NGOs launching a WhatsApp helpline, "
                "with pre-event work and a follow-up session a fortnight later.",
        start_date=day_one, end_date=day_two, time_zone="Asia/Kolkata",
        registration_opens_at=dates["opens"], registration_closes_at=dates["closes"],
        capacity=100, seats_per_organisation=5,
        selection_criteria="<ul><li>Reach: the people you serve and how well you know them."
                           "</li><li>Readiness: a concrete first use of a helpline.</li>"
                           "<li>Commitment: a team that attends every session.</li></ul>",
    )
    if not bootcamp.trainers.filter(pk=trainer.pk).exists():
        bootcamp.trainers.add(trainer)
        bootcamp.save_revision().publish()  # publishing also grants the trainer edit rights
    else:
        services.sync_trainer_edit_rights(bootcamp=bootcamp)

    stages = {
        "pre-event": _page(bootcamp, StagePage, "pre-event", title="Pre-event work",
                           kind=StagePage.Kind.PRE_EVENT, start_date=day_one - timedelta(21),
                           end_date=day_one - timedelta(1),
                           intro="<p>About 90 minutes of reading and preparation before the "
                                 "live days. Do it with your team.</p>"),
        "day-1": _page(bootcamp, StagePage, "day-1", title="Day 1", kind=StagePage.Kind.LIVE_DAY,
                       start_date=day_one, end_date=day_one),
        "day-2": _page(bootcamp, StagePage, "day-2", title="Day 2", kind=StagePage.Kind.LIVE_DAY,
                       start_date=day_two, end_date=day_two),
        "follow-up": _page(bootcamp, StagePage, "follow-up", title="Follow-up",
                           kind=StagePage.Kind.FOLLOW_UP, start_date=dates["follow_up"],
                           end_date=dates["follow_up"]),
    }
    for stage_slug, modules in [("pre-event", PRE_EVENT_MODULES), *DAY_MODULES.items()]:
        for slug, title, minutes, required, body in modules:
            _page(stages[stage_slug], ModulePage, slug, title=title, estimated_minutes=minutes,
                  required=required, body=body)
    for stage_slug, sessions in SESSIONS.items():
        day = {"day-1": day_one, "day-2": day_two, "follow-up": dates["follow_up"]}[stage_slug]
        for slug, title, hour, hours in sessions:
            starts = datetime.combine(day, time(hour, 0), IST)
            session = _page(
                stages[stage_slug], LiveSessionPage, slug, title=title, starts_at=starts,
                ends_at=starts + timedelta(hours=hours),
                join_url=f"https://meet.example.org/chat-for-impact-{slug}",
                agenda="<ul><li>Welcome and check-in</li><li>Worked example</li>"
                       "<li>Team exercise in breakout rooms</li><li>Questions</li></ul>",
            )
            if not session.trainers.filter(pk=trainer.pk).exists():
                session.trainers.add(trainer)
                session.save_revision().publish()
    return bootcamp


def build_next_edition() -> BootcampPage:
    """A later edition whose registration opened five days ago and closes in 25 days
    (23:59:59 IST); its live days are six and a half weeks ahead. Stages only: the lessons
    are written once organisations are selected."""
    index = BootcampIndexPage.objects.first()
    today = timezone.localdate(timezone.now(), IST)
    day_one = today + timedelta(days=45)
    bootcamp = _page(
        index, BootcampPage, NEXT_SLUG,
        title="Chat for Impact: next edition",
        summary="The next two-day bootcamp for NGOs launching a WhatsApp helpline: pre-event "
                "work, two live days and a follow-up session. Applications are open.",
        start_date=day_one, end_date=day_one + timedelta(days=1), time_zone="Asia/Kolkata",
        registration_opens_at=datetime.combine(today - timedelta(days=5), time(0, 0), IST),
        registration_closes_at=datetime.combine(today + timedelta(days=25), time(23, 59, 59),
                                                IST),
        capacity=60, seats_per_organisation=5,
        selection_criteria="<ul><li>Reach: the people you serve and how well you know them."
                           "</li><li>Readiness: a concrete first use of a helpline.</li>"
                           "<li>Commitment: a team that attends every session.</li></ul>",
    )
    # No trainer yet: the demo trainer teaches (and files documents for) the current one.
    for slug, title, kind, starts, ends in [
        ("pre-event", "Pre-event work", StagePage.Kind.PRE_EVENT, day_one - timedelta(21),
         day_one - timedelta(1)),
        ("day-1", "Day 1", StagePage.Kind.LIVE_DAY, day_one, day_one),
        ("day-2", "Day 2", StagePage.Kind.LIVE_DAY, day_one + timedelta(1),
         day_one + timedelta(1)),
        ("follow-up", "Follow-up", StagePage.Kind.FOLLOW_UP, day_one + timedelta(14),
         day_one + timedelta(14)),
    ]:
        _page(bootcamp, StagePage, slug, title=title, kind=kind, start_date=starts,
              end_date=ends)
    return bootcamp



def load(stdout) -> None:
    trainer = get_user_model().objects.get(email="trainer@example.org")
    bootcamp = build_bootcamp(trainer)
    modules = list(ModulePage.objects.live().descendant_of(bootcamp).order_by("path"))

    stdout.write(f"courses: {bootcamp.title} at {bootcamp.url} with {len(modules)} modules.")
    translated = demo_hindi.translate(bootcamp, user=trainer)
    stdout.write(f"courses: {len(translated)} pages translated into Hindi now "
                 f"(one module's translation left out of date).")
    following = build_next_edition()
    stdout.write(f"courses: {following.title} at {following.url}, open for applications.")
