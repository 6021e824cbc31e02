"""Demo stakeholder directory: public institutions of Chicago by their real names, the external
entities of IV-B-4, the collective bargaining unit, and community groups named by neighbourhood
(not real groups), with their contact people (emails at example.org) and a few logged contacts,
one follow-up due in a few days and one overdue. Made through the services, as OEE."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from townhall.accounts.demo import ensure_persona_by_key
from townhall.engagements.models import Engagement, Topic
from townhall.outreach import directory
from townhall.outreach.models import Contact, Organization

K = Organization.Kind


@dataclass(frozen=True)
class _Person:
    name: str
    role_title: str
    email: str
    phone: str = ""
    language: str = "en"
    method: str = Contact.Method.EMAIL
    consent_note: str = ""  # empty: no consent recorded yet
    withdrawn: bool = False


@dataclass(frozen=True)
class _Log:
    days_ago: int
    channel: str
    summary: str
    person: int | None = 0  # index in the organisation's people
    follow_up: str = ""
    due_in: int | None = None  # days from today
    done: bool = False
    about_d22_08: bool = False


@dataclass(frozen=True)
class _Org:
    name: str
    kind: str
    entity: str = ""
    districts: tuple[int, ...] = ()
    areas: tuple[int, ...] = ()
    topics: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("en",)
    website: str = ""
    description: str = ""
    hard_to_reach: bool = False
    people: tuple[_Person, ...] = ()
    log: tuple[_Log, ...] = field(default_factory=tuple)


ORGANIZATIONS: tuple[_Org, ...] = (
    _Org(
        "Community Commission for Public Safety and Accountability",
        K.OVERSIGHT_BODY,
        entity="ccpsa",
        topics=("accountability", "use-of-force", "investigatory-stops"),
        languages=("en", "es"),
        website="https://www.chicago.gov/city/en/depts/ccpsa.html",
        description=(
            "The Commission collaborates with the Department on new or amended policy (MCC "
            "2-80-020) and runs the 22 District Councils (V-C-3)."
        ),
        people=(
            _Person(
                "Monique Harris",
                "Policy liaison",
                "policy.liaison@example.org",
                "312-555-0141",
                consent_note="Asked to receive every draft policy posting, by email on 6 January.",
            ),
        ),
        log=(
            _Log(
                9,
                "meeting",
                "Walked through the draft of D22-08 with the Commission's policy staff. They "
                "asked how District Councils will hear about postings and want the revised "
                "draft with the changes marked.",
                follow_up="Send the revised draft of D22-08 with the changes marked",
                due_in=3,
                about_d22_08=True,
            ),
        ),
    ),
    _Org(
        "City of Chicago Office of Inspector General",
        K.OVERSIGHT_BODY,
        entity="inspector_general",
        topics=("accountability", "investigatory-stops", "bias-free-policing"),
        website="https://igchicago.org/",
        description="Public Safety section: reviews Department policies and practices.",
        people=(
            _Person(
                "Daniel Kowalczyk",
                "Public Safety section (office line)",
                "public.safety@example.org",
                consent_note="The office's published address for policy correspondence.",
            ),
        ),
    ),
    _Org(
        "Independent Monitoring Team",
        K.OVERSIGHT_BODY,
        entity="monitor",
        topics=("use-of-force", "accountability"),
        description="Monitors the Department's compliance with the consent decree.",
        people=(
            _Person(
                "Rachel Stein",
                "Community engagement lead",
                "imt.engagement@example.org",
                consent_note="Agreed by email on 14 February to receive posting notices.",
            ),
        ),
    ),
    _Org(
        "Mayor's Office for People with Disabilities",
        K.CITY_DEPARTMENT,
        entity="city_agency",
        topics=("people-in-crisis",),
        languages=("en", "es"),
        website="https://www.chicago.gov/city/en/depts/mopd.html",
        description="Named in VI-B-2 among the City entities OEE consults.",
        people=(
            _Person(
                "Carlos Medina",
                "Disability policy specialist",
                "mopd.policy@example.org",
                "312-555-0167",
                language="es",
                consent_note="Said yes at the crisis intervention listening session, 2 April.",
            ),
        ),
    ),
    _Org(
        "Chicago Park District",
        K.SISTER_AGENCY,
        entity="city_agency",
        website="https://www.chicagoparkdistrict.com/",
        description="Field houses host many district-level meetings; a partner for V-B-4.",
        people=(
            _Person(
                "Latoya Brooks",
                "Community relations",
                "parks.community@example.org",
                consent_note="Agreed by phone on 11 March.",
            ),
        ),
    ),
    _Org(
        "Chicago Public Schools, Office of Safety and Security",
        K.SCHOOL,
        entity="city_agency",
        topics=("schools",),
        languages=("en", "es", "zh-hans", "pl", "ar", "hi"),
        website="https://www.cps.edu/",
        people=(
            _Person(
                "Angela Pierce",
                "Manager, school safety programs",
                "school.safety@example.org",
                consent_note="Agreed by email on 20 January.",
            ),
        ),
    ),
    _Org(
        "Chicago Public Library, Harold Washington Library Center",
        K.LIBRARY,
        districts=(1,),
        areas=(32,),
        languages=("en", "es", "zh-hans", "pl", "ar", "hi"),
        website="https://www.chipublib.org/",
        description="Hosts printed copies of posted directives and comment forms downtown.",
        people=(
            _Person(
                "Thomas Nguyen",
                "Branch manager",
                "hwlc.manager@example.org",
                "312-555-0120",
                consent_note="Signed the partner sheet at the library on 8 March.",
            ),
        ),
    ),
    _Org(
        "Chicago Public Library, Legler Branch",
        K.LIBRARY,
        districts=(11,),
        areas=(26,),
        languages=("en", "es"),
        website="https://www.chipublib.org/",
        hard_to_reach=True,
        people=(
            _Person(
                "Bernice Walker",
                "Branch manager",
                "legler.manager@example.org",
                consent_note="Agreed at the 11th District council meeting, 27 February.",
            ),
        ),
    ),
    _Org(
        "Fraternal Order of Police, Chicago Lodge 7",
        K.BARGAINING_UNIT,
        topics=("use-of-force", "accountability"),
        website="https://chicagofop.org/",
        description=(
            "The collective bargaining unit of police officers. Deliberative dialogues and "
            "focus groups may be held with groups representing Department members (V-C-6, V-C-8)."
        ),
        people=(
            _Person(
                "Michael Doyle",
                "Lodge office (office line)",
                "lodge7.office@example.org",
                "312-555-0190",
                method=Contact.Method.MAIL,
                consent_note="Asked by letter of 3 February that notices go to the office.",
            ),
        ),
        log=(
            _Log(
                40,
                "letter",
                "Sent the notice of the D22-08 posting and offered a focus group of members.",
                follow_up="Call the office to set a date for the focus group",
                due_in=-30,
                done=True,
                about_d22_08=True,
            ),
        ),
    ),
    _Org(
        "Little Village Neighbors for Safety",
        K.COMMUNITY_GROUP,
        entity="community_group",
        districts=(10,),
        areas=(30,),
        topics=("investigatory-stops", "bias-free-policing"),
        languages=("es", "en"),
        hard_to_reach=True,
        description="Block clubs and parents along 26th Street; meetings in Spanish.",
        people=(
            _Person(
                "María Gutiérrez",
                "Coordinator",
                "lv.neighbors@example.org",
                "773-555-0112",
                language="es",
                method=Contact.Method.TEXT,
                consent_note="Dijo que sí por teléfono el 5 de marzo (agreed by phone, 5 March).",
            ),
        ),
        log=(
            _Log(
                6,
                "phone",
                "Talked about a community conversation in Spanish on investigatory stops. They "
                "can host it at their church hall on a weekday evening and bring about 40 "
                "neighbours.",
                follow_up="Confirm the date and the interpreters for the conversation",
                due_in=10,
            ),
        ),
    ),
    _Org(
        "Englewood Block Club Alliance",
        K.COMMUNITY_GROUP,
        districts=(7,),
        areas=(67, 68),
        topics=("use-of-force",),
        hard_to_reach=True,
        people=(
            _Person(
                "Darnell Jackson",
                "President",
                "englewood.blocks@example.org",
                "773-555-0177",
                consent_note="Signed in at the 7th District council meeting, 20 March.",
            ),
            _Person(
                "Gloria Simmons",
                "Former secretary",
                "g.simmons@example.org",
                consent_note="Agreed by email on 2 December.",
                withdrawn=True,
            ),
        ),
        log=(
            _Log(
                21,
                "event",
                "Met at the 7th District council meeting. Members asked for the use of force "
                "posting to be read aloud at their next block club meeting.",
                follow_up="Bring printed copies of the posting and the comment form",
                due_in=-2,
            ),
        ),
    ),
    _Org(
        "Austin Returning Citizens Network",
        K.SOCIAL_SERVICE,
        districts=(15,),
        areas=(25,),
        topics=("investigatory-stops",),
        hard_to_reach=True,
        description="Peer support for people coming home from prison and jail in Austin.",
        people=(
            _Person(
                "Andre Thompson",
                "Peer mentor",
                "austin.returning@example.org",
                "773-555-0155",
                method=Contact.Method.PHONE,
                consent_note="Agreed in person at the 15th District office, 12 March.",
            ),
        ),
        log=(
            _Log(
                15,
                "meeting",
                "Explained how to comment on posted directives. They would rather meet in "
                "person than write: a focus group is a better fit for their members.",
            ),
        ),
    ),
    _Org(
        "Chinatown Seniors Association",
        K.COMMUNITY_GROUP,
        districts=(1, 9),
        areas=(34,),
        languages=("zh-hans", "en"),
        people=(
            _Person(
                "Li Wei",
                "Program director",
                "chinatown.seniors@example.org",
                language="zh-hans",
                consent_note="Agreed by email on 9 January.",
            ),
        ),
    ),
    _Org(
        "Albany Park Immigrant Families Coalition",
        K.ADVOCACY,
        districts=(17,),
        areas=(14,),
        topics=("bias-free-policing",),
        languages=("es", "ar", "en"),
        hard_to_reach=True,
        people=(
            _Person(
                "Yasmin Haddad",
                "Organizer",
                "albanypark.families@example.org",
                language="ar",
                consent_note="Agreed on the sign-up form at the library, 18 February.",
            ),
        ),
    ),
    _Org(
        "Jefferson Park Polish Community Center",
        K.SOCIAL_SERVICE,
        districts=(16,),
        areas=(11, 15),
        languages=("pl", "en"),
        people=(
            _Person(
                "Katarzyna Zielińska",
                "Director",
                "jp.polish.center@example.org",
                "773-555-0133",
                language="pl",
                consent_note="Zgoda telefoniczna 4 marca (agreed by phone, 4 March).",
            ),
        ),
    ),
    _Org(
        "Devon Avenue Merchants Association",
        K.BUSINESS,
        districts=(24,),
        areas=(2,),
        languages=("en", "hi"),
        people=(
            _Person(
                "Ravi Patel",
                "Board member",
                "devon.merchants@example.org",
                consent_note="Agreed at the 24th District business breakfast, 7 February.",
            ),
        ),
    ),
    _Org(
        "Back of the Yards Interfaith Council",
        K.FAITH,
        districts=(9,),
        areas=(61,),
        topics=("people-in-crisis",),
        languages=("es", "en"),
        people=(
            _Person(
                "Rev. Samuel Ortiz",
                "Convener",
                "byinterfaith@example.org",
                language="es",
                consent_note="Agreed by email on 25 January.",
            ),
        ),
    ),
    _Org(
        "Rogers Park Youth Safety Council",
        K.COMMUNITY_GROUP,
        districts=(24,),
        areas=(1,),
        topics=("schools",),
        languages=("en", "es"),
        hard_to_reach=True,
        description="High-school students who meet monthly at the field house (youth, V-B).",
        people=(
            _Person(
                "Jordan Ellis",
                "Adult adviser",
                "rp.youth.council@example.org",
                consent_note="Agreed by email on 30 January; students are reached through the adviser.",
            ),
        ),
    ),
)


def _topic_ids(slugs: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(Topic.objects.filter(slug__in=slugs).values_list("pk", flat=True))


def load_directory_demo() -> int:
    """Returns how many organisations it added (none when they are all there already)."""
    oee = ensure_persona_by_key("oee")
    today = timezone.localdate()
    d22_08 = Engagement.objects.filter(directive__number="D22-08").order_by("id").first()
    created = 0
    for spec in ORGANIZATIONS:
        if Organization.objects.filter(name__iexact=spec.name).exists():
            continue
        with transaction.atomic():
            org = directory.organization_create(
                actor=oee,
                details=directory.OrganizationDetails(
                    name=spec.name,
                    kind=spec.kind,
                    entity=spec.entity,
                    districts=spec.districts,
                    community_areas=spec.areas,
                    topics=_topic_ids(spec.topics),
                    languages=spec.languages,
                    website=spec.website,
                    description=spec.description,
                    reaches_hard_to_reach=spec.hard_to_reach,
                ),
            )
            people = []
            for person in spec.people:
                contact = directory.contact_add(
                    actor=oee,
                    organization=org,
                    details=directory.ContactDetails(
                        name=person.name,
                        role_title=person.role_title,
                        email=person.email,
                        phone=person.phone,
                        preferred_method=person.method,
                        language=person.language,
                        consent=bool(person.consent_note),
                        consent_note=person.consent_note,
                    ),
                )
                if person.withdrawn:
                    contact = directory.contact_withdraw(
                        actor=oee, contact=contact, note="Asked by email to be taken off the list."
                    )
                people.append(contact)
            for log in spec.log:
                occurred = today - datetime.timedelta(days=log.days_ago)
                entry = directory.contact_log_add(
                    actor=oee,
                    organization=org,
                    details=directory.LogDetails(
                        occurred_on=occurred,
                        channel=log.channel,
                        summary=log.summary,
                        contact=people[log.person] if log.person is not None and people else None,
                        engagement=d22_08 if log.about_d22_08 else None,
                        follow_up=log.follow_up,
                        follow_up_due=(
                            max(occurred, today + datetime.timedelta(days=log.due_in))
                            if log.due_in is not None
                            else None
                        ),
                    ),
                )
                if log.done:
                    directory.contact_log_follow_up_done(actor=oee, entry=entry)
            created += 1
    return created
