"""(being written)"""

from django.http import Http404


def meeting_list(request, **kwargs):  # placeholder until written this session
    raise Http404


def meeting_detail(request, **kwargs):  # placeholder until written this session
    raise Http404


def meeting_ical(request, **kwargs):  # placeholder until written this session
    raise Http404


def register(request, **kwargs):  # placeholder until written this session
    raise Http404


def registration_detail(request, **kwargs):  # placeholder until written this session
    raise Http404


def registration_cancel(request, **kwargs):  # placeholder until written this session
    raise Http404


def speak(request, **kwargs):  # placeholder until written this session
    raise Http404


def speak_receipt(request, **kwargs):  # placeholder until written this session
    raise Http404


def write(request, **kwargs):  # placeholder until written this session
    raise Http404


def written_receipt(request, **kwargs):  # placeholder until written this session
    raise Http404


def profile(request, **kwargs):  # placeholder until written this session
    raise Http404


def notes(request, **kwargs):  # placeholder until written this session
    raise Http404
