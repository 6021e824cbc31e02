"""Load the demo: staff personas and real directives. Safe to run again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from townhall.accounts.demo import load_demo_people
from townhall.accounts.personas import DEMO_PASSWORD
from townhall.bodies.demo import load_demo_bodies
from townhall.directives.demo import load_demo_directives
from townhall.engagements.demo import load_demo_engagements
from townhall.feedback.demo import load_demo_analysis
from townhall.meetings.demo import load_demo_meetings
from townhall.outreach.demo import load_demo_outreach
from townhall.postings.demo import load_demo_postings
from townhall.reports.demo import load_demo_reports
from townhall.surveys.demo import load_demo_surveys


class Command(BaseCommand):
    help = "Load demo data (idempotent) and print the demo staff logins."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            people = load_demo_people()
            created = load_demo_directives()
            postings = load_demo_postings()
            analysed = load_demo_analysis()
            engagements = load_demo_engagements()
            meetings = load_demo_meetings()
            bodies = load_demo_bodies()
            surveys = load_demo_surveys()
            outreach = load_demo_outreach()
            reports = load_demo_reports()
        self.stdout.write(f"Demo directives: {created} versions added.")
        self.stdout.write(f"Demo postings: {postings} added.")
        self.stdout.write(f"Demo analyses of feedback: {analysed} run.")
        self.stdout.write(f"Demo engagements: {engagements} added.")
        self.stdout.write(f"Demo meetings: {meetings} added.")
        self.stdout.write(f"Demo advisory bodies: {bodies} added.")
        self.stdout.write(f"Demo surveys: {surveys} added.")
        self.stdout.write(
            f"Demo outreach: {outreach} organizations, requests and announcements added."
        )
        self.stdout.write(f"Demo reports: {reports} published.")
        self.stdout.write("")
        self.stdout.write(f"Demo staff logins (password for all: {DEMO_PASSWORD}):")
        width = max(len(u) for u, _ in people)
        for username, roles in people:
            self.stdout.write(f"  {username.ljust(width)}  {roles}")
