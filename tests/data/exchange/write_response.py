#!/usr/bin/env python3
"""tests/data/exchange/write_response.py — writes a signed authorization or sync response with the Python
standard library and `openssl dgst -sha256 -sign`, following docs/exchange.md only (never certctl's code).

Each certificate comes from CERTS/<field>.pem; the signed bytes are the :data: block exactly as written."""
import argparse
import base64
import hashlib
import os
import ssl
import subprocess
import sys
import time

FIELDS = ["id_cert", "sub_ca_cert", "signing_cert", "local_sub_ca_cert", "local_sub_ca_cert_1_1",
          "tg_ssl_cert", "tg_issuer_cert", "satellite_cert", "ssms_ssl_cert"]


def der_of(pem_path):
    with open(pem_path) as f:
        return ssl.PEM_cert_to_DER_cert(f.read())


def block(indent, key, pem):
    lines = [" " * indent + ":%s: |-" % key]
    lines += [" " * (indent + 2) + line for line in pem.strip().splitlines()]
    return "\n".join(lines) + "\n"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--certs", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--signing-cert", required=True)
    p.add_argument("--root", required=True)
    p.add_argument("--uuid", required=True)
    p.add_argument("--kind", choices=["authorization", "sync_response"], default="authorization")
    p.add_argument("--sync-type", default=None)
    p.add_argument("--root-hash", default=None, help="write this instead of the real hash")
    args = p.parse_args()

    now = time.strftime("%Y-%b-%d %H:%M:%S UTC", time.gmtime())
    data = ""
    if args.kind == "authorization":
        data += "  :status: success\n  :uuid: %s\n" % args.uuid
        data += "  :smart_account: BU Production Test\n  :account_domain: buproductiontest.example.com\n"
    data += "  :authentication:\n"
    for field in FIELDS:
        path = os.path.join(args.certs, field + ".pem")
        if os.path.exists(path):
            with open(path) as f:
                data += block(4, field, f.read())
    data += "  :collector_instance_id: %s\n" % args.uuid
    data += "  :satellite_name: Ross-SSMS-SCH4.1.2-Prod-OVF10\n"
    data += "  :last_generated: %s\n  :last_sync: %s\n" % (now, now)
    data += "  :sync_type: %s\n" % (args.sync_type or ("FULL" if args.kind == "authorization" else "PARTIAL"))
    data += "  :synchronization:\n    :products:\n    - :id: 3642\n      :display_name: Cisco IOS XRV 9000 Router\n"
    data += "    :virtual_accounts:\n    - :id: 101342\n      :name: Ross-1\n"
    data += "  :device_conversion_response: []\n"

    sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", args.key], input=data.encode(),
                         capture_output=True, check=True).stdout
    root_hash = args.root_hash or base64.b64encode(hashlib.sha256(der_of(args.root)).digest()).decode()
    b64sig = base64.b64encode(sig).decode()
    out = "---\n:data:\n" + data
    out += ":root_cert_hash: %s\n" % root_hash
    out += ":signing_cert: %s\n" % base64.b64encode(der_of(args.signing_cert)).decode()
    out += ":signature: |-\n" + "".join("  %s\n" % b64sig[i:i + 60] for i in range(0, len(b64sig), 60))
    sys.stdout.write(out)


if __name__ == "__main__":
    main()
