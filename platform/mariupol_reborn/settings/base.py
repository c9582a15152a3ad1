"""Settings shared by every environment. Environment-specific files import from here."""

import os
from pathlib import Path

# One BLAS thread per process, set before numpy loads its OpenBLAS: a web worker's few small
# matrix products (the semantic vectors' cosines, search/vector_index.py) gain nothing from
# more, while OpenBLAS's threads spin on after each product and take the CPU from the request
# and the other workers (search page p50 56 → 39 ms with vectors on, docs/performance.md).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_EVAL, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[3]

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]

INSTALLED_APPS = [
    "members",
    "home",
    "cities",
    "learning",
    "search",
    "alerts",
    "exchange",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_filters",
    "drf_spectacular_sidecar",  # Swagger UI's files for the API page (/api/docs/)
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "mariupol_reborn.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "mariupol_reborn.middleware.PublicSiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "members.middleware.AdminAccessMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "mariupol_reborn.urls"
WSGI_APPLICATION = "mariupol_reborn.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mariupol_reborn.context_processors.navigation",
            ],
        },
    },
]

# The embedded default is SQLite in the project folder; DATABASE_URL selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead logging: readers do not wait for a writer (two server workers), and a commit
    # writes the log once without waiting for the disk (synchronous=NORMAL; the database stays
    # consistent after a crash, a power cut may lose the last commits). A search's query-log
    # insert took 1.0 ms (p50) and 4.9 ms (p95) with SQLite's default journal, 0.1 / 0.2 ms so.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Accounts (django-allauth): email and password, verified email before the first login,
# rate limits on (allauth's defaults, kept in the default cache), TOTP and recovery codes.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
# Signing up with a registered address answers as for a new one (the owner gets an email).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Failed sign-ins: at most 10 a minute from one client, 5 per account in LOGIN_LOCKOUT_MINUTES.
LOGIN_LOCKOUT_MINUTES = 5
ACCOUNT_RATE_LIMITS = {"login_failed": f"10/m/ip,5/{LOGIN_LOCKOUT_MINUTES}m/key"}
# Rate limits count per client address. Behind proxies of our own (the HTTPS proxy: 1), the
# client's address is that many places from the right in X-Forwarded-For; 0 ignores the header
# (right when clients reach the server directly, as they could then write it themselves).
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("ALLAUTH_TRUSTED_PROXY_COUNT", "0"))
ACCOUNT_ADAPTER = "members.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "members.forms.SignupForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Mariupol Reborn] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Mariupol Reborn"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The admin shows initials instead of asking gravatar.com for a picture by each email's hash.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Languages: content and interface in English, Ukrainian, Dutch and Polish. PLATFORM_LANGUAGES
# narrows the set for a site that wants fewer (English, the default language, stays).
AVAILABLE_LANGUAGES = {
    "en": "English",
    "uk": "Українська",
    "nl": "Nederlands",
    "pl": "Polski",
}
_listed = os.environ.get("PLATFORM_LANGUAGES", ",".join(AVAILABLE_LANGUAGES))
_enabled = [code.strip() for code in _listed.split(",") if code.strip()]
if unknown := [code for code in _enabled if code not in AVAILABLE_LANGUAGES]:
    raise ImproperlyConfigured(
        f"PLATFORM_LANGUAGES: unknown language {', '.join(map(repr, unknown))}; "
        f"choose from {', '.join(AVAILABLE_LANGUAGES)}"
    )
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    (code, name) for code, name in AVAILABLE_LANGUAGES.items() if code in _enabled or code == "en"
]
LANGUAGE_CODE = "en"
WAGTAIL_I18N_ENABLED = True
USE_I18N = True
# Our interface (locale/), then our corrections to other packages' translations.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale-overrides"]
TIME_ZONE = "Europe/Kyiv"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "Mariupol Reborn learning platform"
# The platform's public address: links in emails and the API, and the Wagtail site's host
# (setup_platform). Locally, the port scripts/run serves on.
PLATFORM_BASE_URL = os.environ.get(
    "PLATFORM_BASE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
).rstrip("/")
WAGTAILADMIN_BASE_URL = PLATFORM_BASE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Documents are always served by the view at /documents/<id>/<name>, which applies the privacy
# of the pages they are used on; the files themselves must not be served from MEDIA_ROOT.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
# The API knows callers by the site's session only: HTTP Basic authentication (on by default in
# Django REST framework) would take a password past the sign-in's rate limits, verified email
# and two-factor step.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"]
}
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILEMBEDS_RESPONSIVE_HTML = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# The default cache also holds allauth's rate-limit counters. Per process by default; several
# server processes need a shared one: CACHE_BACKEND=django.core.cache.backends.db.DatabaseCache
# with CACHE_LOCATION=cache (the production default; manage.py createcachetable makes it).
CACHES = {
    "default": {
        "BACKEND": os.environ.get("CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": os.environ.get("CACHE_LOCATION", "default"),
    },
    "renditions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "TIMEOUT": 24 * 3600,
    },
    # Per process by default; several server processes need a shared one, e.g.
    # PAGE_CACHE_BACKEND=django.core.cache.backends.db.DatabaseCache with
    # PAGE_CACHE_LOCATION=page_cache (then run manage.py createcachetable).
    "pages": {
        "BACKEND": os.environ.get(
            "PAGE_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"
        ),
        "LOCATION": os.environ.get("PAGE_CACHE_LOCATION", "pages"),
    },
}

# Whole-page cache for public pages (0 = off). Responses that depend on a session are cached
# per session (Vary: Cookie); any change to published content empties the cache.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
if PAGE_CACHE_SECONDS:
    MIDDLEWARE = [
        "django.middleware.cache.UpdateCacheMiddleware",
        *MIDDLEWARE,
        "django.middleware.cache.FetchFromCacheMiddleware",
    ]
    CACHE_MIDDLEWARE_ALIAS = "pages"
    CACHE_MIDDLEWARE_SECONDS = PAGE_CACHE_SECONDS
    CACHE_MIDDLEWARE_KEY_PREFIX = "pages"

# Content-Security-Policy (django-csp). The public site runs no inline script or style, so a
# script injected into content cannot run. Uploads served from another host (a storage
# backend) are added with CSP_MEDIA_SOURCES, e.g. "https://media.example.org".
_media_sources = os.environ.get("CSP_MEDIA_SOURCES", "").split()
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_media_sources],  # data: for the two-factor QR code
        "media-src": [SELF, *_media_sources],
        "frame-src": [SELF, "https:"],  # videos embedded in case studies
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin (and the page previews under its address) still has inline scripts and
# styles, and its accessibility checker compiles code at run time; previews are framed by
# the admin itself; avatars come from Gravatar.
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE, UNSAFE_EVAL],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", "https://www.gravatar.com", *_media_sources],
        "frame-ancestors": [SELF],
    }
}

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "account_home"
# One sign-in for everything: the admin and private pages use allauth's.
WAGTAILADMIN_LOGIN_URL = WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL

# Search. With ELASTICSEARCH_URL set, Elasticsearch answers searches and the database is the
# fallback; without it, the database engine answers (see docs/search.md).
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX = os.environ.get("ELASTICSEARCH_INDEX", "mariupol_reborn_case_studies")
ELASTICSEARCH_TIMEOUT = float(os.environ.get("ELASTICSEARCH_TIMEOUT", "2"))
# Seconds that searches use the database, without asking the node, after the node failed.
ELASTICSEARCH_COOL_OFF = float(os.environ.get("ELASTICSEARCH_COOL_OFF", "30"))
ELASTICSEARCH_REPLICAS = int(os.environ.get("ELASTICSEARCH_REPLICAS", "1"))
# Semantic vectors (search/vectors.py, docs/search.md): "on" or "off"; the threads a batch of
# passages may use in the background task.
SEARCH_VECTORS = os.environ.get("SEARCH_VECTORS", "on")
SEARCH_VECTORS_THREADS = int(os.environ.get("SEARCH_VECTORS_THREADS", "1"))

# Freshness: a live case study not verified for this many months (one never verified: since its
# first publication) is listed for its city's experts and coordinators to check, who also get a
# monthly reminder by email (manage.py send_freshness_reminders; docs/accounts.md).
FRESHNESS_MONTHS = int(os.environ.get("FRESHNESS_MONTHS", "18"))

# Background work: index updates run after commit. The database backend needs a worker
# (manage.py db_worker); the immediate backend runs the work straight after the request's commit.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
