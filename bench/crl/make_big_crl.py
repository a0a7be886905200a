#!/usr/bin/env python3
"""bench/crl/make_big_crl.py DIR [ENTRIES] — a new test CA (DIR/ca.pem, ca.key) and a CRL with ENTRIES
revoked certificates (default 1,000,000) in DIR/big.crl (DER), made in seconds by bench/lib/crlgen.py.
The first and the last serial are written to DIR/serials.txt for lookup benchmarks.
"""
import os
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import crlgen  # noqa: E402


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    # a new CA on every call, as before crlgen could reuse one: callers rely on a fresh key
    for name in ("ca.key", "ca.pem"):
        if os.path.exists(os.path.join(out, name)):
            os.remove(os.path.join(out, name))
    path = crlgen.make_crl(out, count)
    shutil.copyfile(path + ".serials", os.path.join(out, "serials.txt"))


if __name__ == "__main__":
    main()
