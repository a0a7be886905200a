"""CSRs and certificates in bulk for the benches (shared by bench/ca, bench/check and bench/run).

Usage as a script: python3 x509gen.py csrs DIR N | certs DIR N — writes DIR/.complete last, and does
nothing when it is already there (inputs are cached between runs).
"""
import datetime
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def _done(out):
    return os.path.exists(os.path.join(out, ".complete"))


def _finish(out):
    open(os.path.join(out, ".complete"), "w").close()


def make_csrs(out, n, prefix="dev"):
    """N P-256 CSRs DIR/<prefix>NNNNN.csr, each with its own key, CN and one DNS SAN."""
    if _done(out):
        return
    os.makedirs(out, exist_ok=True)
    for i in range(n):
        key = ec.generate_private_key(ec.SECP256R1())
        host = f"{prefix}{i:06d}.example.net"
        csr = (x509.CertificateSigningRequestBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)]))
               .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), False)
               .sign(key, hashes.SHA256()))
        with open(os.path.join(out, f"{prefix}{i:06d}.csr"), "wb") as f:
            f.write(csr.public_bytes(serialization.Encoding.PEM))
    _finish(out)


def make_certs(out, n):
    """N PEM certificates DIR/hostNNNNN.pem from one throw-away CA key, expiring 0..399 days from now."""
    if _done(out):
        return
    os.makedirs(out, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    issuer = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "bench CA")])
    now = datetime.datetime.now(datetime.timezone.utc)
    for i in range(n):
        subj = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"host{i}.example.net"),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, "certctl bench")])
        cert = (x509.CertificateBuilder().subject_name(subj).issuer_name(issuer).public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - datetime.timedelta(days=1))
                .not_valid_after(now + datetime.timedelta(days=i % 400))
                .add_extension(x509.SubjectAlternativeName([x509.DNSName(f"host{i}.example.net")]), False)
                .sign(key, hashes.SHA256()))
        with open(os.path.join(out, f"host{i:05d}.pem"), "wb") as f:
            f.write(cert.public_bytes(serialization.Encoding.PEM))
    _finish(out)


if __name__ == "__main__":
    kind, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    {"csrs": make_csrs, "certs": make_certs}[kind](out, n)
