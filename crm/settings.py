"""The only settings module: everything that differs between machines comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development).")
    SECRET_KEY = "django-insecure-local-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    # third party
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    # ours
    "crm",
    "partnerships",
    "dialogues",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "crm.urls"
WSGI_APPLICATION = "crm.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "crm.context_processors.membership",
            ],
        },
    },
]

# SQLite keeps `make run` dependency-free; tests and production use PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}

AUTH_USER_MODEL = "crm.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions live in the database so that logging in never depends on Redis.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 3600)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
FORMAT_MODULE_PATH = ["crm.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names in production (after collectstatic); plain names in development and benchmarks.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("DJANGO_STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Uploads (enterprise import files, later scans and attachments).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 10 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000)
# Signed scans and other documents attached to records (checked by content, not by name).
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 15 * 1024 * 1024)

# Questions: working days allowed (and the stricter internal target) by priority when no DeadlinePolicy row matches.
QUESTION_DEFAULT_WORKING_DAYS = {"normal": (10, 7), "high": (7, 5), "urgent": (3, 2)}
QUESTION_VC_FORWARD_HOURS = 24  # voluntary-compliance members' questions are forwarded within a day
QUESTION_MAX_EXTENSION_DAYS = env_int("QUESTION_MAX_EXTENSION_DAYS", 10)
QUESTION_REOPEN_DAYS = env_int("QUESTION_REOPEN_DAYS", 30)
QUESTION_RATING_LINK_DAYS = env_int("QUESTION_RATING_LINK_DAYS", 30)
QUESTION_MAX_ATTACHMENTS = env_int("QUESTION_MAX_ATTACHMENTS", 10)
QUESTION_ATTACHMENT_MAX_BYTES = env_int("QUESTION_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
# The public question bank: entries are reviewed this often; public searches and "was this helpful?" votes are capped
# per network address (searches per minute, kept in the cache; votes per hour, counted in the database).
QUESTION_BANK_REVIEW_MONTHS = env_int("QUESTION_BANK_REVIEW_MONTHS", 12)
QUESTION_BANK_SEARCHES_PER_MINUTE = env_int("QUESTION_BANK_SEARCHES_PER_MINUTE", 60)
QUESTION_BANK_VOTES_PER_HOUR = env_int("QUESTION_BANK_VOTES_PER_HOUR", 30)
# Sign-in throttling: this many failures for one username or one address within the window locks it for the window.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW_MINUTES = env_int("LOGIN_FAILURE_WINDOW_MINUTES", 15)
# Proxies in front of the app that append to X-Forwarded-For (1 behind the TLS proxy); 0 trusts REMOTE_ADDR only.
TRUSTED_PROXY_HOPS = env_int("TRUSTED_PROXY_HOPS", 0)
PORTAL_SIGNUP_LIMIT_PER_HOUR = env_int("PORTAL_SIGNUP_LIMIT_PER_HOUR", 5)
CSRF_FAILURE_VIEW = "crm.views.portal_accounts.csrf_failure"

# Security: strict by default; plain-HTTP local development opts out through DJANGO_DEBUG.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
if not DEBUG:
    SILENCED_SYSTEM_CHECKS: list[str] = []

# Email (Django 6.1 MAILERS): SMTP in production (EMAIL_HOST, default localhost); the console in development;
# EMAIL_FILE_PATH writes each message to a file in that folder instead (staging without a relay, the worker tests).
if env_str("EMAIL_FILE_PATH"):
    MAILERS = {
        "default": {
            "BACKEND": env_str("EMAIL_FILE_BACKEND", "django.core.mail.backends.filebased.EmailBackend"),
            "OPTIONS": {"file_path": env_str("EMAIL_FILE_PATH")},
        }
    }
elif env_str("EMAIL_HOST") or not DEBUG:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CRM Hải quan <no-reply@localhost>")
# Links in emails point here; the notification outbox gives up on a message after this many failed attempts.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The weekly digest goes to managers on Monday from this hour (local time).
DIGEST_HOUR = env_int("DIGEST_HOUR", 7)
NOTIFICATION_MAX_ATTEMPTS = env_int("NOTIFICATION_MAX_ATTEMPTS", 5)
NOTIFICATION_LEASE_SECONDS = env_int("NOTIFICATION_LEASE_SECONDS", 300)  # a killed worker's messages wait this long
SERVER_EMAIL = DEFAULT_FROM_EMAIL

REST_FRAMEWORK = {
    # Token first: unauthenticated requests then get a 401 with `WWW-Authenticate: Token`.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "crm.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "crm.errors.api_exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "token": "20/min",
        # The public question bank's searches and suggestions, per network address (or per signed-in user).
        "question_bank": f"{QUESTION_BANK_SEARCHES_PER_MINUTE}/min",
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    # Tags by resource (questions, conferences …): the part of the path after the version.
    "SCHEMA_PATH_PREFIX": r"/api/v1/",
    "TITLE": "Customs-business partnership CRM API",
    "DESCRIPTION": "Branch-scoped access to the partnership register. Authenticate with a session or a token "
    "from POST /api/v1/auth/token/.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a `status` or `kind`; name each enum after its model so they do not clash.
    "ENUM_NAME_OVERRIDES": {
        "EnterpriseStatusEnum": "crm.models.EnterpriseStatus",
        "AgreementStatusEnum": "partnerships.models.AgreementStatus",
        "AgreementKindEnum": "partnerships.models.AgreementKind",
        "CommitmentStatusEnum": "partnerships.models.CommitmentStatus",
        "DocumentKindEnum": "partnerships.models.DocumentKind",
        "PledgeStatusEnum": "partnerships.models.PledgeStatus",
        "PledgeKindEnum": "partnerships.models.PledgeKind",
        "EnrolmentStatusEnum": "partnerships.models.EnrolmentStatus",
        "ProgrammeKindEnum": "partnerships.models.ProgrammeKind",
    },
}

# Celery: Redis when REDIS_URL is set; otherwise tasks run inline (the `make run` demo).
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True  # tasks are written to be safe to run twice
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 120
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_timeout": 2,
    "socket_connect_timeout": 2,
    "max_retries": 2,
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    # Idempotent scans of dates stored in PostgreSQL; running one twice changes nothing.
    "expire-agreements": {"task": "partnerships.expire_agreements", "schedule": 60 * 60},
    "flag-overdue-bank-reviews": {"task": "dialogues.flag_overdue_bank_reviews", "schedule": 6 * 60 * 60},
    # The outbox: whatever is due goes out within a minute (a request never talks to the broker itself).
    "deliver-notifications": {"task": "crm.deliver_notifications", "schedule": 60},
    # Reminders: scans of due dates, each reminder written once per window (see crm.services.reminders).
    "dialogues-reminders": {"task": "dialogues.send_reminders", "schedule": 5 * 60},
    "partnerships-reminders": {"task": "partnerships.send_reminders", "schedule": 15 * 60},
    "weekly-digest": {"task": "dialogues.send_weekly_digest", "schedule": 15 * 60},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
