"""A test CA and a CRL of any size, made in seconds (shared by bench/crl and bench/run).

python3-cryptography's CRL builder copies its list on every add (1M entries would take most of an hour),
so the TBSCertList is encoded here directly and signed once with the CA key (ECDSA P-256, SHA-256).
Serials are random 16-byte positive integers drawn from `seed`; half the entries carry a reasonCode.
An existing DIR/ca.key is reused, so a later CRL (higher `number`, other seed) is a new version of the
same source: that is how bench/run changes one source of a master list.
"""
import datetime
import os
import random

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, body):
    return bytes([tag]) + der_len(len(body)) + body


def utc(t):
    return tlv(0x17, t.strftime("%y%m%d%H%M%SZ").encode())


def _ca(out, cn):
    """DIR/ca.pem and ca.key: made once, reused by every later CRL of the same directory."""
    key_path, cert_path = os.path.join(out, "ca.key"), os.path.join(out, "ca.pem")
    if os.path.exists(key_path) and os.path.exists(cert_path):
        key = serialization.load_pem_private_key(open(key_path, "rb").read(), None)
        return key, x509.load_pem_x509_certificate(open(cert_path, "rb").read())
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "certctl")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
            .sign(key, hashes.SHA256()))
    with open(key_path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    with open(cert_path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert


def make_crl(out, count, crl_name="big.crl", seed=20261201, number=1000, cn="certctl bench CA"):
    """Writes DIR/ca.pem, ca.key (unless present), DIR/<crl_name> (DER, atomically) and
    DIR/<crl_name>.serials (first and last serial, hex) for lookups. Returns the CRL's path."""
    os.makedirs(out, exist_ok=True)
    key, cert = _ca(out, cn)
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    rnd = random.Random(seed)
    revoked_at = utc(now - datetime.timedelta(days=30))
    reason_ext = [None] + [tlv(0x30, tlv(0x30, tlv(0x06, bytes([0x55, 0x1d, 0x15])) + tlv(0x04, tlv(0x0a, bytes([r])))))
                           for r in (1, 3, 4, 5)]
    parts = []
    first = last = None
    for i in range(count):
        serial = bytearray(rnd.getrandbits(128).to_bytes(16, "big"))
        serial[0] = (serial[0] & 0x7f) | 0x01  # positive, no leading zero byte
        if first is None:
            first = serial.hex()
        last = serial.hex()
        body = tlv(0x02, bytes(serial)) + revoked_at
        ext = reason_ext[i % 2 and (i // 2) % 4 + 1]
        if ext:
            body += ext
        parts.append(tlv(0x30, body))
    revoked = tlv(0x30, b"".join(parts))
    parts = None
    alg = bytes.fromhex("300a06082a8648ce3d040302")  # ecdsa-with-SHA256
    aki = tlv(0x30, tlv(0x06, bytes([0x55, 0x1d, 0x23])) + tlv(0x04, tlv(0x30, tlv(0x80, ski.digest))))
    num = number.to_bytes((number.bit_length() + 8) // 8, "big")
    crl_number = tlv(0x30, tlv(0x06, bytes([0x55, 0x1d, 0x14])) + tlv(0x04, tlv(0x02, num)))
    exts = tlv(0xa0, tlv(0x30, aki + crl_number))
    tbs = tlv(0x30, tlv(0x02, b"\x01") + alg + cert.subject.public_bytes() + utc(now - datetime.timedelta(minutes=5)) +
              utc(now + datetime.timedelta(days=7)) + revoked + exts)
    sig = key.sign(tbs, ec.ECDSA(hashes.SHA256()))
    crl = tlv(0x30, tbs + alg + tlv(0x03, b"\x00" + sig))
    path = os.path.join(out, crl_name)
    with open(path + ".tmp", "wb") as f:
        f.write(crl)
    os.rename(path + ".tmp", path)
    with open(path + ".serials", "w") as f:
        f.write(first + "\n" + last + "\n")
    return path
