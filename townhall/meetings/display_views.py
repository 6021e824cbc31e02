"""(being written)"""

from django.http import Http404


def display(request, **kwargs):  # placeholder until written this session
    raise Http404


def display_state(request, **kwargs):  # placeholder until written this session
    raise Http404
