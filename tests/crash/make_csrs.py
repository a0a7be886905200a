#!/usr/bin/env python3
"""tests/crash/make_csrs.py DIR COUNT — COUNT P-256 certificate requests DIR/dev<i>.csr (CN dev<i>.example.net),
in one process: openssl would take a process and a key file per request."""
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

out, count = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
key = ec.generate_private_key(ec.SECP256R1())  # one key for all: the CA signs requests, not keys
for i in range(count):
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"dev{i}.example.net")])
    csr = x509.CertificateSigningRequestBuilder().subject_name(name).sign(key, hashes.SHA256())
    with open(os.path.join(out, f"dev{i}.csr"), "wb") as f:
        f.write(csr.public_bytes(serialization.Encoding.PEM))
