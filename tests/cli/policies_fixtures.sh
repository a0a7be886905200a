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
