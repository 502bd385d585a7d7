"""The password policy and argon2id hashing, without a database."""

from __future__ import annotations

from argon2 import PasswordHasher

from voices.staff import passwords


def test_hash_is_argon2id_at_owasp_minimum_and_verifies():
    stored = passwords.hash_password("correct horse battery")
    assert stored.startswith("$argon2id$") and "m=19456,t=2,p=1" in stored
    assert passwords.verify_password(stored, "correct horse battery")
    assert not passwords.verify_password(stored, "correct horse batterY")
    assert not passwords.verify_password("", "anything at all")
    assert not passwords.verify_password("not-a-hash", "anything at all")


def test_weaker_hashes_need_rehash():
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("a long password")
    assert passwords.needs_rehash(weak)
    assert not passwords.needs_rehash(passwords.hash_password("a long password"))
    assert passwords.verify_password(weak, "a long password")


def test_policy_length_and_common_list():
    assert passwords.password_problem("short1!") is not None
    assert passwords.password_problem("Password123") is not None  # common, any case
    assert passwords.password_problem("aaaaaaaaaaaa") is not None
    assert passwords.password_problem("x" * 2000) is not None
    assert passwords.password_problem("violet tram ticket") is None
    assert "password123" in passwords.common_passwords()
    assert not any(p.startswith("#") for p in passwords.common_passwords())
