#!/usr/bin/env python3
"""tests/crl/make_crl.py — CRLs with exact dates and numbers, signed by a test CA (python3-cryptography).

make_crl.py CA_CERT CA_KEY OUT --number N [--this OFFSET] [--next OFFSET] [--revoke HEX[:REASON]]... [--pem]
OFFSET is seconds relative to now (negative: past). REASON is a cryptography ReasonFlags name
(key_compromise, superseded, ...).
"""
import argparse
import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

p = argparse.ArgumentParser()
p.add_argument("ca_cert")
p.add_argument("ca_key")
p.add_argument("out")
p.add_argument("--number", type=int, required=True)
p.add_argument("--this", type=int, default=-60)
p.add_argument("--next", type=int, default=7 * 86400)
p.add_argument("--revoke", action="append", default=[])
p.add_argument("--pem", action="store_true")
a = p.parse_args()

ca = x509.load_pem_x509_certificate(open(a.ca_cert, "rb").read())
key = serialization.load_pem_private_key(open(a.ca_key, "rb").read(), None)
now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
b = (x509.CertificateRevocationListBuilder()
     .issuer_name(ca.subject)
     .last_update(now + datetime.timedelta(seconds=a.this))
     .next_update(now + datetime.timedelta(seconds=a.next))
     .add_extension(x509.CRLNumber(a.number), False)
     .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.public_key()), False))
for r in a.revoke:
    serial, _, reason = r.partition(":")
    rb = (x509.RevokedCertificateBuilder().serial_number(int(serial, 16))
          .revocation_date(now - datetime.timedelta(days=1)))
    if reason:
        rb = rb.add_extension(x509.CRLReason(getattr(x509.ReasonFlags, reason)), False)
    b = b.add_revoked_certificate(rb.build())
crl = b.sign(key, hashes.SHA256())
with open(a.out, "wb") as f:
    f.write(crl.public_bytes(serialization.Encoding.PEM if a.pem else serialization.Encoding.DER))
