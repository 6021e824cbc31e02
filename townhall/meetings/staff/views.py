"""(being written)"""

from django.http import Http404


def meeting_list(request, **kwargs):  # placeholder until written this session
    raise Http404


def meeting_new(request, **kwargs):  # placeholder until written this session
    raise Http404


def meeting_detail(request, **kwargs):  # placeholder until written this session
    raise Http404


def meeting_edit(request, **kwargs):  # placeholder until written this session
    raise Http404


def agenda_add(request, **kwargs):  # placeholder until written this session
    raise Http404


def agenda_withdraw(request, **kwargs):  # placeholder until written this session
    raise Http404


def meeting_publish(request, **kwargs):  # placeholder until written this session
    raise Http404


def meeting_cancel(request, **kwargs):  # placeholder until written this session
    raise Http404


def member_add(request, **kwargs):  # placeholder until written this session
    raise Http404


def member_attendance(request, **kwargs):  # placeholder until written this session
    raise Http404


def meeting_after(request, **kwargs):  # placeholder until written this session
    raise Http404


def minutes_edit(request, **kwargs):  # placeholder until written this session
    raise Http404


def minutes_approve(request, **kwargs):  # placeholder until written this session
    raise Http404


def minutes_post(request, **kwargs):  # placeholder until written this session
    raise Http404
