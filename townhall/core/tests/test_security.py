"""Security headers on every response; no third-party resources; production deploy check."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/directives/", "/accounts/login/", "/ar/", "/api/v1/directives"]
)
def test_strict_csp_and_security_headers_on_every_response(client, path: str) -> None:
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "http" not in csp  # no other host anywhere in the policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


_THIRD_PARTY = re.compile(
    r"""(?:src|href|action)\s*=\s*["']?(?:https?:)?//(?!127\.0\.0\.1|localhost)""", re.I
)
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
_INLINE_STYLE = re.compile(r"\sstyle\s*=|<style", re.I)


def test_templates_have_no_third_party_resources_inline_script_or_style() -> None:
    for path in (ROOT / "townhall").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not _THIRD_PARTY.search(text), path
        assert not _INLINE_SCRIPT.search(text), path
        assert not _INLINE_STYLE.search(text), path


def test_production_settings_pass_check_deploy_with_no_warnings() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "townhall.settings.production",
        "SECRET_KEY": "x" * 20 + "a-long-random-production-like-secret-value-0123456789",
        "ALLOWED_HOSTS": "townhall.example.org",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_sets_hsts() -> None:
    env = {
        **os.environ,
        "SECRET_KEY": "y" * 60,
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "DJANGO_SETTINGS_MODULE": "townhall.settings.production",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert out.stdout.split() == ["63072000", "True", "True"], out.stderr


@pytest.mark.django_db
def test_csrf_is_enforced_on_staff_forms(persona) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(persona("rd"))
    response = client.post("/staff/directives/new/", {"number": "G99-01"})
    assert response.status_code == 403
