# SPDX-License-Identifier: EUPL-1.2
"""TLS from the start and STARTTLS against a real Dovecot with its own certificate.

Dovecot counts loopback as secure and would accept a plain login, so its log is read:
each login line says whether it came over TLS. The certificate is checked
against the name, trusted through SSL_CERT_FILE as an operator's CA would be.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from inspraak.intake.mail.services import MailFetchError, mail_fetch

DOVECOT = "/usr/sbin/dovecot"
USER, PASSWORD = "inbox@test", "tls-Wachtwoord-77"

CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {dir}/run
state_dir = {dir}/run
log_path = {dir}/dovecot.log
ssl = yes
ssl_cert = <{dir}/cert.pem
ssl_key = <{dir}/key.pem
disable_plaintext_auth = yes
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = maildir:{dir}/mail/%u
default_internal_user = nobody
default_login_user = nobody
default_internal_group = nogroup
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {dir}/users
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={dir}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps}
    ssl = yes
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
"""


def _certificate(folder: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and process.poll() is None:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail("Dovecot did not start:\n" + (log.read_text() if log.exists() else "(no log)"))


@pytest.fixture(scope="module")
def tls_dovecot() -> Iterator[dict[str, Any]]:
    if not Path(DOVECOT).exists():
        pytest.fail(f"{DOVECOT} is missing: apt-get install dovecot-imapd (./dev installs it)")
    folder = Path(tempfile.mkdtemp(prefix="inspraak-dovecot-tls-"))
    folder.chmod(0o755)
    (folder / "mail").mkdir()
    if os.geteuid() == 0:
        shutil.chown(folder / "mail", user="nobody", group="nogroup")
    (folder / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    _certificate(folder)
    ports = {"imap": _free_port(), "imaps": _free_port()}
    (folder / "dovecot.conf").write_text(CONFIG.format(dir=folder, **ports))
    process = subprocess.Popen(  # noqa: S603 - fixed program, our own config
        [DOVECOT, "-F", "-c", str(folder / "dovecot.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for port in ports.values():
            _wait(port, process, folder / "dovecot.log")
        yield {**ports, "ca": str(folder / "cert.pem"), "log": folder / "dovecot.log"}
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def trusted(tls_dovecot: dict[str, Any], settings: Any, monkeypatch: Any) -> dict[str, Any]:
    settings.INSPRAAK_MAIL_ALLOW_PRIVATE_HOSTS = True  # the server is on loopback
    settings.INSPRAAK_MAIL_ALLOW_PLAIN = False
    monkeypatch.setenv("SSL_CERT_FILE", tls_dovecot["ca"])
    return tls_dovecot


def _logins(server: dict[str, Any]) -> list[str]:
    time.sleep(0.2)  # the login process writes its line just after answering
    lines = server["log"].read_text(errors="replace").splitlines()
    return [line for line in lines if f"Login: user=<{USER}>" in line]


def _fetch(consultation: Any, port: int, **extra: Any) -> Any:
    return mail_fetch(
        consultation=consultation, host="localhost", port=port, username=USER,
        password=PASSWORD, timeout=10, **extra,
    )  # fmt: skip


def test_starttls_and_implicit_tls_both_log_in(
    trusted: dict[str, Any], make_consultation: Any
) -> None:
    consultation = make_consultation()
    assert _fetch(consultation, trusted["imap"], tls=True, starttls=True).messages == []
    # Dovecot counts loopback as secure, so it would log in without TLS too: its log tells.
    assert ", TLS" in _logins(trusted)[-1]
    assert _fetch(consultation, trusted["imaps"], tls=True).messages == []
    assert ", TLS" in _logins(trusted)[-1]


def test_the_server_log_shows_a_plain_login_apart_so_the_test_above_means_something(
    trusted: dict[str, Any], settings: Any, make_consultation: Any
) -> None:
    settings.INSPRAAK_MAIL_ALLOW_PLAIN = True
    _fetch(make_consultation(), trusted["imap"], tls=False)
    assert ", TLS" not in _logins(trusted)[-1]


def test_an_untrusted_certificate_is_refused(
    tls_dovecot: dict[str, Any], settings: Any, make_consultation: Any
) -> None:
    settings.INSPRAAK_MAIL_ALLOW_PRIVATE_HOSTS = True
    with pytest.raises(MailFetchError, match="certificate"):
        _fetch(make_consultation(), tls_dovecot["imaps"], tls=True)
