#!/usr/bin/env python3
"""tests/crash/crl_entries.py FILE — prints the number of revokedCertificates entries of a DER CRL (RFC 5280
5.1), read with a DER walk of its own, quick enough for a million entries; exits 1 if FILE is not one whole
CRL (truncated, trailing bytes, lengths past the end)."""
import sys


def tlv(b, i, end):
    """(tag, start of content, end of content) of the element at i."""
    if i + 2 > end:
        raise ValueError(f"element at {i} runs past {end}")
    tag, n = b[i], b[i + 1]
    i += 2
    if n & 0x80:
        k = n & 0x7F
        if k == 0 or k > 4 or i + k > end:
            raise ValueError(f"bad length at {i}")
        n = int.from_bytes(b[i:i + k], "big")
        i += k
    if i + n > end:
        raise ValueError(f"element at {i} runs past {end}")
    return tag, i, i + n


def count(b):
    tag, s, e = tlv(b, 0, len(b))
    if tag != 0x30 or e != len(b):
        raise ValueError("not one DER SEQUENCE filling the file")
    tag, i, tbs_end = tlv(b, s, e)  # tbsCertList
    fields = []
    while i < tbs_end:
        tag, cs, ce = tlv(b, i, tbs_end)
        fields.append((tag, cs, ce))
        i = ce
    k = 1 if fields and fields[0][0] == 0x02 else 0  # version
    k += 3  # signature, issuer, thisUpdate
    if k < len(fields) and fields[k][0] in (0x17, 0x18):
        k += 1  # nextUpdate
    if k >= len(fields) or fields[k][0] != 0x30:
        return 0
    _, i, end = fields[k]
    n = 0
    while i < end:
        _, _, i = tlv(b, i, end)
        n += 1
    return n


try:
    print(count(open(sys.argv[1], "rb").read()))
except (ValueError, IndexError) as e:
    sys.exit(f"crl_entries.py: {sys.argv[1]}: {e}")
