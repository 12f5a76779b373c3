"""Test settings for a worker process whose e-mails the test can read: one file per
message in SKLAIDA_TEST_MAIL_DIR (locmem mail would stay inside the worker)."""

import os

from cms.settings.test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["SKLAIDA_TEST_MAIL_DIR"]
