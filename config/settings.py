"""One settings module, driven by environment variables (and `.env.local` written by bin/setup)."""

import os
from pathlib import Path

import environ

# GDAL (pyogrio's and GeoDjango's) never opens a file that points at another file or at the
# network: an upload named .geojson may hold an OGR VRT that names a server file or a URL.
# Set before any GDAL is loaded (drivers are skipped when they are registered).
os.environ["GDAL_SKIP"] = (
    "OGR_VRT VRT GDALG WFS OAPIF OGCAPI HTTP CSW WMS WMTS WCS Carto Elasticsearch NGW EEDA "
    "PLSCENES AmigoCloud GPSBabel DAAS STACIT STACTA"
)
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env.local", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# bin/setup writes a random key into .env.local; a deployment sets its own. No default: a
# process started without one stops here rather than signing sessions with a public key.
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "config.admin.SuperuserAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "leaflet",
    "rest_framework",
    "rest_framework_gis",
    "simple_history",
    "landcases",
    "consultations",
    "maps",
    "demo",  # demo and benchmark data (manage.py demo_project, demo_history, demo_login)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# No default either: a guessable owner password in the code is how a process ends up logged in
# as the tables' owner. bin/setup writes the app role's URL into .env.local.
DATABASES = {"default": env.db_url("DATABASE_URL")}
DATABASES["default"]["ENGINE"] = "django.contrib.gis.db.backends.postgis"
if env.bool("DB_POOL", default=True):
    # Pooled connections: 5.6x the requests/s of a connection per request (notes.md).
    DATABASES["default"]["OPTIONS"] = {"pool": {"min_size": 1, "max_size": 8, "timeout": 10}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")


def _redis_db(url: str, db: int) -> str:
    """The same Redis server, another database: a cache flush must never empty the broker."""
    base, _, last = url.rstrip("/").rpartition("/")
    return f"{base}/{db}" if last.isdigit() else f"{url.rstrip('/')}/{db}"


# Keys are prefixed by the database's name too: two databases on one Redis (a test run beside
# the demo, two worktrees) never read each other's sessions, tiles or counts.
_CACHE_PREFIX = env("CACHE_PREFIX", default="lt") + ":" + DATABASES["default"].get("NAME", "")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("CACHE_URL", default=_redis_db(REDIS_URL, 1)),
        "KEY_PREFIX": _CACHE_PREFIX,
    }
}
# Map tiles and counts in their own cache: they can be flushed (or given their own Redis with
# an LRU policy) without logging anyone out.
CACHES["tiles"] = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": env("TILE_CACHE_URL", default=_redis_db(REDIS_URL, 2)),
    "KEY_PREFIX": _CACHE_PREFIX + "-tiles",
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="landtracker")
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BEAT_SCHEDULE = {
    # Register changes are applied on commit; this catches what a lost message left.
    "sweep-register-changes": {"task": "consultations.sweep_register_changes", "schedule": 60.0},
    # A stored audit run of every active project (today, recorded axis) and the map's
    # `overdue` overlay from it: deadlines pass at midnight with no write at all.
    # Parcel imports left undecided for a day: cancelled, their uploads (owners' names) gone.
    "expire-parcel-imports": {"task": "landcases.expire_parcel_imports", "schedule": 3600.0},
    "nightly-audit": {
        "task": "consultations.nightly_audit",
        "schedule": crontab(hour=0, minute=30),
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
CSRF_FAILURE_VIEW = "config.views.csrf_failure"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
# Off: ids in links and form values must never be grouped; numbers shown to people use
# intcomma or floatformat:"g", which group by the locale anyway.
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "media/"

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (10.94, 108.10),
    "DEFAULT_ZOOM": 10,
    "MIN_ZOOM": 3,
    "MAX_ZOOM": 20,
    "RESET_VIEW": False,
    "TILES": [
        # No base-map tiles: the machines that run this reach no tile server.
        # A deployment sets LEAFLET_TILES to its own (e.g. an OSM mirror).
    ],
    "ATTRIBUTION_PREFIX": "Land tracker",
    "NO_GLOBALS": True,
}
_tiles = env("LEAFLET_TILES", default="")
if _tiles:
    LEAFLET_CONFIG["TILES"] = [("Base", _tiles, {"maxZoom": 20})]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# Fail fast when Redis is down, so that /healthz answers 503 instead of hanging.
for _alias in CACHES:
    CACHES[_alias]["OPTIONS"] = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "max_retries": 1}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_RESULT_EXPIRES = 3600

# Debian 12 ships GDAL 3.6; we never hand GDAL a user-supplied path or URL (uploads are copied
# into our own temporary files and read with drivers we name), so its missing I/O blocking is moot.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=20 * 2**20)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 2**20
DB_APP_ROLE = env("DB_APP_ROLE", default="landtracker_app")
# A register edit's reason is kept whole (the default column holds 100 characters, and a longer
# reason was a database error).
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# The back office changes no project data (the app's services do): no revert from a history.
SIMPLE_HISTORY_REVERT_DISABLED = True
