"""Sign in and out. Members of the public never need to."""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from townhall.accounts.selectors import is_staff_member


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        # A Department member has no staff area; send them back to the public site.
        if is_staff_member(self.request.user):
            return super().get_default_redirect_url()
        return "/"


class LogoutView(auth_views.LogoutView):
    pass
