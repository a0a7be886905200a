#!/usr/bin/env python3
"""tests/conformance/adversarial.py DIR — writes path-building stress sets for `cert verify`, one directory each
with leaf.pem, chain.pem, roots.pem and expect (VALID, or INVALID and the reason code that must appear):

  same-subject-50   50 CAs share one subject and one key identifier, with different keys; the leaf's issuer
                    is the 37th (VALID: found by signature, not by trying 50 paths)
  deep-10           a 10-deep chain with 4 same-name decoys beside each CA (VALID)
  cross-loop        two CAs cross-signed both ways, only one of them under the root (VALID through the loop)
  cross-loop-dead   the same loop with no way to the root (INVALID, path_loop)
  nc-1000           an intermediate with 1,000 permitted DNS subtrees, the leaf under the last one (VALID)
  nc-1000-miss      the same, the leaf under none of them (INVALID, name_constraints)
  over-bound        40 intermediates of one name and key, each expired: more candidate paths than the bound
                    (INVALID, path_limit)
"""
import datetime
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

NOW = datetime.datetime(2026, 1, 1)
SKI_SHARED = b"\x11" * 20


def key():
    return ec.generate_private_key(ec.SECP256R1())


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def cert(subject, subject_key, issuer, issuer_key, ca, ski=None, aki=None, san=None, nc=None, expired=False,
         serial=None):
    nb = NOW - datetime.timedelta(days=30)
    na = NOW - datetime.timedelta(days=1) if expired else NOW + datetime.timedelta(days=3650)
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(subject_key.public_key())
         .serial_number(serial or x509.random_serial_number()).not_valid_before(nb).not_valid_after(na))
    b = b.add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    b = b.add_extension(x509.KeyUsage(digital_signature=not ca, content_commitment=False, key_encipherment=False,
                                      data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                                      encipher_only=False, decipher_only=False), critical=True)
    b = b.add_extension(x509.SubjectKeyIdentifier(ski or x509.SubjectKeyIdentifier.from_public_key(
        subject_key.public_key()).digest), critical=False)
    if aki is not None:
        b = b.add_extension(x509.AuthorityKeyIdentifier(aki, None, None), critical=False)
    if san:
        b = b.add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in san]), critical=False)
        b = b.add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    if nc is not None:
        b = b.add_extension(x509.NameConstraints(permitted_subtrees=[x509.DNSName(n) for n in nc],
                                                 excluded_subtrees=None), critical=True)
    return b.sign(issuer_key, hashes.SHA256())


def ski_of(k):
    return x509.SubjectKeyIdentifier.from_public_key(k.public_key()).digest


def pem(certs):
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


def write(d, leaf, chain, roots, expect):
    os.makedirs(d, exist_ok=True)
    open(os.path.join(d, "leaf.pem"), "wb").write(pem([leaf]))
    open(os.path.join(d, "chain.pem"), "wb").write(pem(chain))
    open(os.path.join(d, "roots.pem"), "wb").write(pem(roots))
    open(os.path.join(d, "expect"), "w").write(expect + "\n")


def root():
    k = key()
    return cert(name("Adversarial Root"), k, name("Adversarial Root"), k, True), k


def main(out):
    r, rk = root()

    # 50 CAs of one name and one key identifier.
    cas = []
    for i in range(50):
        k = key()
        cas.append((cert(name("Shared CA"), k, r.subject, rk, True, ski=SKI_SHARED, aki=ski_of(rk)), k))
    lk = key()
    leaf = cert(name("www.example.com"), lk, name("Shared CA"), cas[36][1], False, aki=SKI_SHARED,
                san=["www.example.com"])
    write(os.path.join(out, "same-subject-50"), leaf, [c for c, _ in cas], [r], "VALID")

    # 10 deep, 4 decoys of the same name and key identifier beside each CA.
    chain, issuer, ik, iski = [], r, rk, ski_of(rk)
    for depth in range(10):
        k = key()
        ski = bytes([depth + 1]) * 20
        c = cert(name("Level %d CA" % depth), k, issuer.subject, ik, True, ski=ski, aki=iski)
        for _ in range(4):
            dk = key()
            chain.append(cert(name("Level %d CA" % depth), dk, issuer.subject, ik, True, ski=ski, aki=iski))
        chain.append(c)
        issuer, ik, iski = c, k, ski
    lk = key()
    leaf = cert(name("www.example.com"), lk, issuer.subject, ik, False, aki=iski, san=["www.example.com"])
    write(os.path.join(out, "deep-10"), leaf, chain, [r], "VALID")

    # A and B cross-signed both ways; B also under the root (or not).
    ak, bk = key(), key()
    a_by_b = cert(name("CA A"), ak, name("CA B"), bk, True, aki=ski_of(bk))
    b_by_a = cert(name("CA B"), bk, name("CA A"), ak, True, aki=ski_of(ak))
    b_by_root = cert(name("CA B"), bk, r.subject, rk, True, aki=ski_of(rk))
    lk = key()
    leaf = cert(name("www.example.com"), lk, name("CA A"), ak, False, aki=ski_of(ak), san=["www.example.com"])
    write(os.path.join(out, "cross-loop"), leaf, [b_by_a, a_by_b, b_by_root], [r], "VALID")
    write(os.path.join(out, "cross-loop-dead"), leaf, [b_by_a, a_by_b], [r], "INVALID path_loop")

    # 1,000 permitted DNS subtrees.
    nk = key()
    names = ["host%d.example.org" % i for i in range(1000)]
    ica = cert(name("NC CA"), nk, r.subject, rk, True, aki=ski_of(rk), nc=names)
    lk = key()
    leaf = cert(name("host999.example.org"), lk, ica.subject, nk, False, aki=ski_of(nk), san=["host999.example.org"])
    write(os.path.join(out, "nc-1000"), leaf, [ica], [r], "VALID")
    leaf = cert(name("www.example.com"), lk, ica.subject, nk, False, aki=ski_of(nk), san=["www.example.com"])
    write(os.path.join(out, "nc-1000-miss"), leaf, [ica], [r], "INVALID name_constraints")

    # More candidate paths than the bound: 40 expired copies of one CA (one name, one key).
    ck = key()
    copies = [cert(name("Copied CA"), ck, r.subject, rk, True, aki=ski_of(rk), expired=True) for _ in range(40)]
    lk = key()
    leaf = cert(name("www.example.com"), lk, name("Copied CA"), ck, False, aki=ski_of(ck), san=["www.example.com"])
    write(os.path.join(out, "over-bound"), leaf, copies, [r], "INVALID path_limit")


if __name__ == "__main__":
    main(sys.argv[1])
