"""Public outreach pages. Each area keeps its own URL module; all names are outreach:<name>.

- subscription_urls: subscribe, confirm, manage, unsubscribe, feeds (/subscribe/, /feeds/)
- dialogue_urls: request a dialogue and follow it (/dialogue/) (V-C-10-b)
- input_urls: feedback or a proposed revision on any directive (/directives/<number>/input/)
"""

from django.urls import include, path

app_name = "outreach"
urlpatterns = [
    path("", include("townhall.outreach.subscription_urls")),
    path("dialogue/", include("townhall.outreach.dialogue_urls")),
    path("directives/", include("townhall.outreach.input_urls")),
]
