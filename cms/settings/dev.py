from .base import *  # noqa: F401

# The SQLite file, the embedded broker and beat's schedule live here.
VAR_DIR.mkdir(exist_ok=True)

DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "*")
