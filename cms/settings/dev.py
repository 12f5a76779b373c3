from .base import *  # noqa: F401

# The SQLite file, the embedded broker and beat's schedule live here.
VAR_DIR.mkdir(exist_ok=True)

DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "*")


def _base_url_for(address):
    """`make run` serves RUN_ADDRESS (host:port or a port); links in e-mails must reach it."""
    host, _, port = address.rpartition(":")
    if not host:
        host = "127.0.0.1"  # runserver's own default for a bare port
    elif host in ("0.0.0.0", "[::]", "::"):  # noqa: S104 - every interface: name this machine
        host = "localhost"
    return f"http://{host}:{port}"


# Links in e-mails follow the port actually served unless a base URL is configured.
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL") or _base_url_for(
    env("RUN_ADDRESS", "127.0.0.1:8000")
)
