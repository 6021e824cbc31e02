"""(being written)"""

from django.http import Http404


def py(request, **kwargs):  # placeholder until written this session
    raise Http404


def clerk(request, **kwargs):  # placeholder until written this session
    raise Http404


def clerk_state(request, **kwargs):  # placeholder until written this session
    raise Http404


def clerk_action(request, **kwargs):  # placeholder until written this session
    raise Http404
