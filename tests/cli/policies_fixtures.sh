# tests/cli/policies_fixtures.sh — certificates with exact dates for the check/alarm/policy/watch suites,
# made by python3-cryptography (never by certctl, so our bugs cannot agree with themselves).
# make_certs OUTDIR "NAME|NOT_BEFORE|NOT_AFTER[|FORM]" ... (FORM pem (default) or der; times RFC 3339 UTC
# or "now+SECONDS"/"now-SECONDS"). One EC key signs them all (self-signed; check looks at dates only).
make_certs() {
  python3 - "$@" <<'PY'
import sys, datetime, os
from cryptography import x509
from cryptography.x509.oid import NameOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
key = ec.generate_private_key(ec.SECP256R1())
now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
def t(s):
    if s.startswith("now"):
        return now + datetime.timedelta(seconds=int(s[3:]))
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
for spec in sys.argv[2:]:
    parts = spec.split("|")
    name, nb, na = parts[0], parts[1], parts[2]
    form = parts[3] if len(parts) > 3 else "pem"
    subj = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    cert = (x509.CertificateBuilder().subject_name(subj).issuer_name(subj).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(t(nb)).not_valid_after(t(na))
            .sign(key, hashes.SHA256()))
    enc = serialization.Encoding.DER if form == "der" else serialization.Encoding.PEM
    open(os.path.join(out, name + (".der" if form == "der" else ".pem")), "wb").write(cert.public_bytes(enc))
PY
}

# store_add NAME SOURCE FILE [PURPOSE] [POLICY] [ACTION] — a `certificates` row written with SQL (until
# `certctl cert import`/`cert track` are on main): tracked rows point at FILE, others carry its DER.
# On an existing NAME it replaces the certificate only (a renewal), keeping policy and state.
store_add() {
  "$CERTCTL" --store "$STORE" init >/dev/null
  python3 - "$STORE/certctl.db" "$@" <<'PY'
import sys, sqlite3, hashlib
from cryptography import x509
from cryptography.hazmat.primitives import serialization
db, name, source, path = sys.argv[1:5]
purpose = sys.argv[5] if len(sys.argv) > 5 and sys.argv[5] else None
policy = sys.argv[6] if len(sys.argv) > 6 and sys.argv[6] else "fail-soft"
action = sys.argv[7] if len(sys.argv) > 7 and sys.argv[7] else None
data = open(path, "rb").read()
cert = x509.load_pem_x509_certificate(data) if b"-----BEGIN" in data else x509.load_der_x509_certificate(data)
der = cert.public_bytes(serialization.Encoding.DER)
c = sqlite3.connect(db)
c.execute("""INSERT INTO certificates (name, source, path, der, purpose, subject, serial, not_before, not_after,
             fingerprint, policy, action, imported) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,datetime('now'))
             ON CONFLICT(name) DO UPDATE SET source = excluded.source, path = excluded.path, der = excluded.der,
             subject = excluded.subject, serial = excluded.serial, not_before = excluded.not_before,
             not_after = excluded.not_after, fingerprint = excluded.fingerprint""",
          (name, source, path if source == "tracked" else None, None if source == "tracked" else der, purpose,
           cert.subject.rfc4514_string(), format(cert.serial_number, "x"),
           cert.not_valid_before_utc.strftime("%Y-%m-%dT%H:%M:%SZ"), cert.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
           hashlib.sha256(der).hexdigest(), policy, action))
c.commit()
PY
}
sql() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); r=c.execute(sys.argv[2]).fetchall(); c.commit(); print("\n".join("|".join(str(x) for x in row) for row in r))' "$STORE/certctl.db" "$1"; }
