"""(being written)"""

from django.http import Http404


def py(request, **kwargs):  # placeholder until written this session
    raise Http404


def registrations(request, **kwargs):  # placeholder until written this session
    raise Http404


def speakers(request, **kwargs):  # placeholder until written this session
    raise Http404


def speakers_draw(request, **kwargs):  # placeholder until written this session
    raise Http404


def written(request, **kwargs):  # placeholder until written this session
    raise Http404


def written_send(request, **kwargs):  # placeholder until written this session
    raise Http404


def written_pdf(request, **kwargs):  # placeholder until written this session
    raise Http404


def breakouts(request, **kwargs):  # placeholder until written this session
    raise Http404


def profiles(request, **kwargs):  # placeholder until written this session
    raise Http404


def engagement_pool(request, **kwargs):  # placeholder until written this session
    raise Http404
