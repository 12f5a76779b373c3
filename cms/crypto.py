"""Encryption at rest for secrets kept in the database (e.g. social channel tokens)."""

import base64
import hashlib
import json
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@lru_cache(maxsize=4)
def _fernet(key):
    try:
        return Fernet(key)
    except (ValueError, TypeError):
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY is malformed: expected 32 url-safe base64-encoded bytes"
        ) from None


def fernet():
    key = settings.FIELD_ENCRYPTION_KEY
    if not key:
        # Development only: production settings refuse to start without a key.
        key = base64.urlsafe_b64encode(hashlib.sha256(settings.SECRET_KEY.encode()).digest())
    return _fernet(key if isinstance(key, bytes) else key.encode())


def encrypt_json(value):
    return fernet().encrypt(json.dumps(value).encode()).decode()


def decrypt_json(token):
    if not token:
        return {}
    try:
        return json.loads(fernet().decrypt(token.encode()))
    except InvalidToken:
        raise ImproperlyConfigured(
            "Stored secrets cannot be decrypted: FIELD_ENCRYPTION_KEY has changed"
        ) from None
