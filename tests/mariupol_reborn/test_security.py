"""Production hardening: settings checked in a fresh process per environment, and the
Content-Security-Policy of the public site and the admin."""

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from tests.factories import CaseStudyFactory
from tests.helpers import city, theme

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "mariupol_reborn.settings.production",
    "SECRET_KEY": "test-only-production-key-abcdefghijklmnopqrstuvwxyz-0123456789",
    "ALLOWED_HOSTS": "learn.example.org",
    "PLATFORM_BASE_URL": "https://learn.example.org",
}
VIDEO = "https://www.youtube.com/watch?v=example"


def run(*args, **env):
    """Runs Python in a new process with only the given environment besides PATH."""
    environment = {"PATH": os.environ["PATH"], "PYTHONPATH": f"{BASE_DIR}:{BASE_DIR}/platform"}
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env={**environment, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def setting(name, **env):
    result = run("-c", f"from django.conf import settings; print(repr(settings.{name}))", **env)
    assert result.returncode == 0, result.stderr
    return eval(result.stdout)  # the repr of plain values


def test_deploy_check_passes_without_warnings():
    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_settings_refuse_a_short_secret_key():
    result = run("manage.py", "check", **{**PRODUCTION, "SECRET_KEY": "x" * 49})
    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50 random characters long" in result.stderr


def test_production_settings_need_the_public_address():
    without = {k: v for k, v in PRODUCTION.items() if k != "PLATFORM_BASE_URL"}
    result = run("manage.py", "check", **without)
    assert result.returncode != 0 and "PLATFORM_BASE_URL must be" in result.stderr
    assert setting("WAGTAILADMIN_BASE_URL", **PRODUCTION) == "https://learn.example.org"


def test_https_settings_come_from_the_environment():
    assert setting("SECURE_SSL_REDIRECT", **PRODUCTION) is True
    assert setting("SECURE_HSTS_SECONDS", **PRODUCTION) == 365 * 24 * 3600
    assert setting("SECURE_PROXY_SSL_HEADER", **PRODUCTION) is None
    behind_proxy = {**PRODUCTION, "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto: https"}
    assert setting("SECURE_PROXY_SSL_HEADER", **behind_proxy) == (
        "HTTP_X_FORWARDED_PROTO",
        "https",
    )
    admins = {**PRODUCTION, "ADMINS": "Ops team <ops@example.org>, dev@example.org"}
    assert setting("ADMINS", **admins) == [
        ("Ops team", "ops@example.org"),
        ("", "dev@example.org"),
    ]


def test_server_errors_are_logged_to_stderr_with_their_traceback():
    code = (
        "import django, logging; django.setup()\n"
        "try:\n    1 / 0\n"
        "except ZeroDivisionError:\n"
        "    logging.getLogger('django.request').error('Internal Server Error: /', exc_info=True)"
    )
    result = run("-c", code, **PRODUCTION)
    assert "ERROR django.request Internal Server Error: /" in result.stderr
    assert "Traceback" in result.stderr and "ZeroDivisionError" in result.stderr


@pytest.mark.parametrize(
    "production_variable",
    [
        {"DATABASE_URL": "postgres://app:secret@db.example.org:5432/mariupol_reborn"},
        {"ALLOWED_HOSTS": "learn.example.org"},
    ],
)
def test_development_settings_refuse_production_configuration(production_variable):
    result = run("manage.py", "check", **production_variable)
    assert result.returncode != 0
    assert "The development settings refuse to run with production configuration" in (result.stderr)


def test_development_settings_accept_a_local_database():
    result = run("manage.py", "check", DATABASE_URL="postgres://postgres@127.0.0.1:5432/dev")
    assert result.returncode == 0, result.stderr


def directives(response):
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


class InlineCode(HTMLParser):
    """Collects what a policy without 'unsafe-inline' would block."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes:
            if attributes.get("type") != "application/json":
                self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> element")
        for name in attributes:
            if name == "style" or name.startswith("on"):
                self.found.append(f"{name}= on <{tag}>")


@pytest.mark.django_db
def test_public_pages_run_under_the_strict_policy(client):
    Embed.objects.create(
        url=VIDEO,
        max_width=960,
        hash=get_embed_hash(VIDEO, 960),
        type="video",
        html='<iframe width="200" height="113" src="https://www.youtube.com/embed/example">'
        "</iframe>",
        width=200,
        height=113,
    )
    page = CaseStudyFactory(
        parent=city("utrecht"),
        title="Green roofs",
        themes=[theme("energy-efficiency")],
        tags=["roofs"],
        body=[("paragraph", "<p>Text</p>"), ("video", VIDEO)],
    )
    addresses = [
        "/en/",
        "/en/cities/",
        city("utrecht").url,
        page.url,
        "/en/themes/",
        "/en/themes/energy-efficiency/",
        "/en/tags/roofs/",
        "/en/search/?q=roofs",
        reverse("account_login"),
        reverse("account_signup"),
    ]
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        policy = directives(response)
        assert policy["script-src"] == policy["style-src"] == "'self'", address
        parser = InlineCode()
        parser.feed(response.content.decode())
        assert parser.found == [], address
    assert "youtube.com/embed/example" in client.get(page.url).content.decode()


@pytest.mark.django_db
def test_the_admin_gets_the_policy_it_works_with(admin_client):
    policy = directives(admin_client.get(reverse("wagtailadmin_home")))
    assert policy["script-src"] == "'self' 'unsafe-inline' 'unsafe-eval'"
    assert policy["frame-ancestors"] == "'self'"
