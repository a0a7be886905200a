#!/usr/bin/env python3
"""tests/lib/secret_needles.py KEY_PEM PASSPHRASE_FILE CONTROL OUT — the needles for tests/lib/secret_scan.cpp.

Writes OUT with one line "LABEL HEX" per secret byte string, every byte XORed with 0x5a (the scanner unmasks as it
compares, so no needle is in clear in the scanned process):
- the passphrase (first line of PASSPHRASE_FILE);
- each secret number of the key (EC: the scalar; RSA: d, p, q), big-endian as in DER, and in the byte order of a
  Botan BigInt in memory (64-bit words, least significant first: the reversed bytes). The middle of the number
  only, so a leading zero byte or the padding of the top word cannot hide a copy;
- the base64 text of KEY_PEM that encodes those numbers' bytes alone, line by line: characters that cover public
  bytes too (the public point, the modulus) are left out, since the public key is in memory legitimately;
- CONTROL (a string the test passes on certctl's command line: it must be found, on the stack).
"""
import base64
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

MASK = 0x5A


def masked(data: bytes) -> str:
    return bytes(b ^ MASK for b in data).hex()


def number_bytes(n: int) -> bytes:
    return n.to_bytes((n.bit_length() + 7) // 8, "big")


def main() -> None:
    key_pem, passphrase_file, control, out = sys.argv[1:5]
    text = open(key_pem, "rb").read().decode("ascii")
    key = serialization.load_pem_private_key(text.encode(), None)
    if isinstance(key, ec.EllipticCurvePrivateKey):
        size = (key.curve.key_size + 7) // 8
        secrets = {"scalar": key.private_numbers().private_value.to_bytes(size, "big")}
    elif isinstance(key, rsa.RSAPrivateKey):
        n = key.private_numbers()
        secrets = {"d": number_bytes(n.d), "p": number_bytes(n.p), "q": number_bytes(n.q)}
    else:
        raise SystemExit(f"{key_pem}: not an EC or RSA key")

    lines = []
    passphrase = open(passphrase_file, "rb").read().split(b"\n")[0]
    lines.append(("passphrase", passphrase))
    lines.append(("control-argv", control.encode()))
    body_lines = [l for l in text.splitlines() if l and not l.startswith("-----")]
    der = base64.b64decode("".join(body_lines))
    for label, value in secrets.items():
        middle = value[4:-4]
        lines.append((f"{label}-der", middle))
        lines.append((f"{label}-bigint", middle[::-1]))
        start = der.find(value)
        if start < 0:
            raise SystemExit(f"{key_pem}: {label} not found in the DER")
        end = start + len(value)
        # Base64 character j encodes bits 6j..6j+5 of the DER: bytes 6j//8 .. (6j+5)//8.
        secret_chars = {j for j in range(len(der) * 4 // 3) if start <= 6 * j // 8 and (6 * j + 5) // 8 < end}
        position = 0
        for line_no, line in enumerate(body_lines, 1):
            run = ""
            for c in line + "\n":  # the newline ends a run
                if c != "\n" and position in secret_chars:
                    run += c
                else:
                    if len(run) >= 16:
                        lines.append((f"{label}-pem{line_no}", run.encode()))
                    run = ""
                position += c != "\n"
    with open(out, "w") as f:
        for label, value in lines:
            f.write(f"{label} {masked(value)}\n")


if __name__ == "__main__":
    main()
