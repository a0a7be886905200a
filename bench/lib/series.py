"""The series bench/run measures. Each function takes the run's Context, builds its inputs (cached under
ctx.cache, scratch under ctx.work in directories that never existed before: see bench/ca/run on ext4's
recently freed inodes) and calls ctx.measure() once per point, with certctl and its peers side by side."""
import json
import os
import shutil
import subprocess
import sys

import crlgen
import x509gen
from measure import Candidate

PY_CRL_PARSE = 'import sys; from cryptography import x509; print(len(x509.load_der_x509_crl(open(sys.argv[1], "rb").read())))'
PY_SCAN = r'''
import sys, os, re, datetime
from cryptography import x509
now = datetime.datetime.now(datetime.timezone.utc)
soon = now + datetime.timedelta(days=30)
pem = re.compile(rb"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", re.S)
worst = count = 0
for root, _, files in os.walk(sys.argv[1]):
    for f in sorted(files):
        if f.endswith(".pem"):
            for block in pem.findall(open(os.path.join(root, f), "rb").read()):
                c = x509.load_pem_x509_certificate(block)
                na = c.not_valid_after.replace(tzinfo=datetime.timezone.utc)  # Debian 12's cryptography 38
                worst = max(worst, 3 if na < now else 1 if na <= soon else 0)
                count += 1
print(count)
'''


def const(argv):
    return lambda r: argv


def expect(cond, why):
    return None if cond else why


def certctl_json(res):
    try:
        return json.loads(res["out"])
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------------
def startup(ctx):
    """Process start: certctl --version, crl lookup in a 1M-entry master list, init of a new store."""
    n = 1_000_000
    crl = ctx.crl(n)
    store = ctx.scratch("lookup-store")
    ctx.certctl_ok(["--store", store, "crl", "add", "big", "file://" + crl, "--issuer", os.path.dirname(crl) + "/ca.pem"])
    ctx.certctl_ok(["--store", store, "crl", "import", "big", crl])
    first = open(crl + ".serials").read().split()[0]
    c = ctx.certctl
    ctx.measure("startup", None, [
        Candidate("certctl --version", const([c, "--version"]),
                  check=lambda r: expect(r["out"].startswith("certctl "), "printed " + r["out"][:80])),
        Candidate("openssl version", const(["openssl", "version"]), peer=True,
                  check=lambda r: expect(r["out"].startswith("OpenSSL "), "printed " + r["out"][:80])),
    ], rounds=ctx.rounds * 5)
    ctx.measure("crl-lookup", n, [
        Candidate("certctl crl lookup", const([c, "--store", store, "crl", "lookup", first]), ok_codes=(1,),
                  check=lambda r: expect(r["out"].startswith("revoked"), "serial not found: " + r["out"][:200])),
    ], rounds=ctx.rounds * 5)
    base = ctx.scratch("init")
    ctx.measure("init", None, [
        Candidate("certctl init", lambda r: [c, "--store", f"{base}/s{r}", "init"],
                  check=lambda r: expect(os.path.exists(f"{base}/s0/certctl.db"), "no certctl.db")),
    ], rounds=ctx.rounds * 3)


def keygen(ctx):
    """One key into an existing store vs certtool and openssl writing a key file."""
    c = ctx.certctl
    for alg, label, tool_args, ossl_args in (
            ("rsa:2048", "RSA-2048", ["--key-type", "rsa", "--bits", "2048"],
             ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]),
            ("ec:secp256r1", "P-256", ["--key-type", "ecdsa", "--curve", "secp256r1"],
             ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"])):
        store = ctx.scratch("keygen-store")
        ctx.certctl_ok(["--store", store, "init"])
        d = ctx.scratch("keygen-files")
        # An RSA key's time is a random prime search (certtool from 13 to 123 ms in one 10-round run): its
        # median needs more rounds than the ratio's target leaves room for noise.
        ctx.measure("keygen", label, [
            Candidate("certctl key generate", lambda r, a=alg: [c, "--store", store, "key", "generate", f"k{r}",
                                                                "--algorithm", a],
                      check=lambda r: expect(os.path.exists(f"{store}/keys/k0.key"), "no keys/k0.key")),
            Candidate("certtool --generate-privkey", lambda r, t=tool_args: ["certtool", "--generate-privkey", *t,
                                                                            "--outfile", f"{d}/ct{r}.key"], peer=True,
                      check=lambda r: expect("PRIVATE KEY" in open(f"{d}/ct0.key").read(), "no key")),
            Candidate("openssl genpkey", lambda r, o=ossl_args: ["openssl", "genpkey", *o, "-out", f"{d}/os{r}.key"],
                      peer=True, check=lambda r: expect("PRIVATE KEY" in open(f"{d}/os0.key").read(), "no key")),
        ], rounds=ctx.rounds * (8 if label == "RSA-2048" else 2))


def crl_import(ctx):
    """CRL import at growing sizes vs openssl crl -CAfile, python3-cryptography's parse, certtool --verify-crl."""
    sizes = [1000, 10_000, 100_000, 1_000_000] + ([] if ctx.quick else [10_000_000])
    # certtool's verify grows worse than linearly (slope ~1.7 over 1k..10k; one round at 100,000 entries took
    # over 80 s of CPU on the 2-core machine, five rounds a quarter of the full run's budget): 1k and 10k show
    # its curve, and bigger sizes would only spend the budget.
    certtool_max = 10_000
    c = ctx.certctl
    for n in sizes:
        crl = ctx.crl(n)
        ca = os.path.dirname(crl) + "/ca.pem"
        # a 10M-entry CRL is 420 MB, past the 256 MiB default; the second store keeps an index per source
        conf = crl_conf(ctx, "publish")
        conf_od = crl_conf(ctx, "on-demand")
        pem = crl + ".pem"
        if not os.path.exists(pem) and shutil.which("certtool"):
            subprocess.run(["openssl", "crl", "-inform", "DER", "-in", crl, "-out", pem], check=True)
        stores = {}

        def prep(r, key=None, conf=conf):
            # round 0's stores stay for their size (below); later ones go once timed, so that each run
            # reuses the page cache the last one freed rather than growing it by 2 GB a round at 10M
            for done in [k for k in stores if k[1] > 0]:
                shutil.rmtree(stores.pop(done), ignore_errors=True)
            stores[key, r] = ctx.scratch("crl-store")
            ctx.certctl_ok(["--config", conf, "--store", stores[key, r], "crl", "add", "big", "file://" + crl,
                            "--issuer", ca])
            settle()

        def importing(name, key, conf):
            return Candidate(name, lambda r: [c, "--config", conf, "--store", stores[key, r], "--json", "crl",
                                              "import", "big", crl],
                             prep=lambda r: prep(r, key, conf),
                             check=lambda r: expect((certctl_json(r) or {}).get("entries") == n,
                                                    "entries: " + r["out"][:200]))
        ctx.measure("crl-import", n, [
            importing("certctl crl import", None, conf),
            importing("certctl crl import, master_list on-demand", "od", conf_od),
            Candidate("openssl crl -CAfile -noout", const(["openssl", "crl", "-inform", "DER", "-in", crl,
                                                          "-CAfile", ca, "-noout"]), peer=True,
                      check=lambda r: expect("verify OK" in r["err"] + r["out"], "no 'verify OK'")),
            Candidate("python3-cryptography parse", const([sys.executable, "-c", PY_CRL_PARSE, crl]), peer=True,
                      check=lambda r: expect(r["out"].strip() == str(n), "count " + r["out"][:50])),
        ] + ([] if n > certtool_max else [
            Candidate("certtool --verify-crl", const(["certtool", "--verify-crl", "--load-ca-certificate", ca,
                                                     "--infile", pem]), peer=True,
                      check=lambda r: expect("Verified" in r["out"] + r["err"], "not verified"))
        ]), rounds=ctx.rounds, extra={"der_bytes": os.path.getsize(crl)})
        if (None, 0) in stores:
            ctx.note("crl-import", n, "store_bytes", ctx.du(stores[None, 0]))
        if ("od", 0) in stores:
            ctx.note("crl-import", n, "store_bytes_on_demand", ctx.du(stores["od", 0]))


def settle():
    """Untimed, before a run that writes much: the write-back of the run before it (1.4 GB after a 10M import)
    would otherwise be charged to whichever candidate comes next in the round."""
    os.sync()


def crl_conf(ctx, layout):
    conf = ctx.scratch("conf") + "/certctl.toml"
    with open(conf, "w") as f:
        f.write(f'[crl]\nmax_size = "4GiB"\nmaster_list = "{layout}"\n')
    return conf


def inventory(ctx):
    """check, cert list, status, watch --once and cert import on a store holding N issued certificates."""
    sizes = [100, 10_000] + ([] if ctx.quick else [100_000])
    c = ctx.certctl
    extra_csrs = ctx.csrs(ctx.rounds * 3 + 3, prefix="extra")
    for n in sizes:
        store, out = ctx.inventory_store(n)
        ctx.measure("check", n, [
            Candidate("certctl check (store)", const([c, "--store", store, "check", "--format", "json"]),
                      ok_codes=(0, 1, 2, 3),
                      check=lambda r: expect((certctl_json(r) or {}).get("summary", {}).get("checked") == n,
                                             "checked: " + r["out"][:120])),
            Candidate("python3-cryptography scan of the PEM files", const([sys.executable, "-c", PY_SCAN, out]),
                      peer=True, check=lambda r: expect(r["out"].strip() == str(n), "count " + r["out"][:50])),
        ], rounds=ctx.rounds)
        ctx.measure("cert-list", n, [
            Candidate("certctl cert list --json", const([c, "--store", store, "--json", "cert", "list"]),
                      check=lambda r: expect(r["out"].count('"fingerprint"') == n, "wrong count")),
            Candidate("certctl cert list", const([c, "--store", store, "cert", "list"])),
        ], rounds=ctx.rounds)
        ctx.measure("status", n, [
            Candidate("certctl status", const([c, "--store", store, "--json", "status"]),
                      check=lambda r: expect(str(n) in r["out"], "count not in " + r["out"][:200])),
        ], rounds=ctx.rounds)
        # the service's pass over the inventory: `watch --once` re-evaluates every certificate (and raises or
        # clears alarms); from the second round on nothing changes, which is what a steady-state pass costs
        ctx.measure("watch", n, [
            # it logs a pass only when an alarm or action changed (none do on this fresh inventory): the
            # answer checked is a clean exit with nothing on stderr but such a line
            Candidate("certctl watch --once", const([c, "--store", store, "watch", "--once"]),
                      check=lambda r, n=n: expect(all(line.startswith(f"certctl watch: evaluated {n} certificate")
                                                      for line in r["err"].splitlines()),
                                                  "stderr: " + r["err"][-200:])),
        ], rounds=ctx.rounds)
        # one more certificate into the N-certificate inventory, a new one each round
        d = ctx.scratch("import-certs")
        names = {}

        def prep(r):
            k = ctx.next_id()
            names[r] = (f"i{k}", f"{d}/extra{k}.pem")
            ctx.certctl_ok(["--store", store, "ca", "issue", "bench-ca", "--profile", "tls-server",
                            "--csr", f"{extra_csrs}/extra{k:06d}.csr", "--name", f"x{k}", "--out", names[r][1]])
            ctx.certctl_ok(["--store", store, "cert", "remove", f"x{k}"])
        ctx.measure("cert-import", n, [
            Candidate("certctl cert import", lambda r: [c, "--store", store, "cert", "import", *names[r],
                                                        "--validation-mode", "warn"], prep=prep,
                      check=lambda r: expect(f'"{names[0][0]}"' in ctx.certctl_ok(["--store", store, "--json", "cert",
                                                                                   "list"]), "not in cert list")),
        ], rounds=ctx.rounds)


def issuance(ctx):
    """ca issue of N CSRs in one call vs one openssl ca -batch -infiles, on the same CSRs."""
    sizes = [100, 1000] + ([] if ctx.quick else [10_000])
    cas = ["bench-ec"] + ([] if ctx.quick else ["bench-rsa"])
    base = ctx.scratch("ca-base")
    ctx.certctl_ok(["--store", base, "ca", "init", "bench-ec", "--profile", "root", "--cn", "bench EC CA"])
    ctx.certctl_ok(["--store", base, "ca", "init", "bench-rsa", "--profile", "root", "--cn", "bench RSA CA",
                    "--algorithm", "rsa:2048"])
    for ca in ("bench-ec", "bench-rsa"):
        with open(f"{base}/{ca}.pem.x", "w") as f:
            f.write(ctx.certctl_ok(["--store", base, "ca", "show", ca, "--pem"]))
    c = ctx.certctl
    for ca in cas:
        for n in sizes:
            csrs = ctx.csrs(n)
            files = sorted(os.path.join(csrs, f) for f in os.listdir(csrs) if f.endswith(".csr"))
            runs = {}

            def prep_c(r):
                runs[r] = ctx.scratch("issue")
                shutil.copytree(base, runs[r] + "/store", symlinks=True)

            def prep_o(r, ca=ca):
                runs[("o", r)] = ctx.scratch("ossl")
                write_ossl_conf(runs[("o", r)], f"{base}/{ca}.pem.x", f"{base}/keys/{ca}.key")
            label = f"{'P-256' if ca == 'bench-ec' else 'RSA-2048'} CA"
            ctx.measure(f"issue ({label})", n, [
                Candidate("certctl ca issue", lambda r, ca=ca: [c, "--store", runs[r] + "/store", "ca", "issue", ca,
                                                                "--profile", "tls-server", "--out-dir", runs[r] + "/out",
                                                                *sum((["--csr", f] for f in files), [])],
                          prep=prep_c, check=lambda r: expect(len(os.listdir(runs[0] + "/out")) == n, "count")),
                Candidate("openssl ca -infiles", lambda r: ["openssl", "ca", "-batch", "-config",
                                                            runs[("o", r)] + "/ca.cnf", "-out",
                                                            runs[("o", r)] + "/all.pem", "-infiles", *files],
                          prep=prep_o, peer=True,
                          # OpenSSL 3.0's -out keeps only the last certificate of a batch; every one
                          # is in new_certs_dir
                          check=lambda r: expect(len(os.listdir(runs[("o", 0)] + "/new")) == n, "count")),
            ], rounds=ctx.rounds)


def renewal(ctx):
    """watch --once renewing N due certificates (its wall clock stepped 21 days into the renewal window of
    30-day certificates by the tests' clock shim) vs ca issue of the same N CSRs, side by side in one run."""
    sizes = [1000] if ctx.quick else [1000, 10_000]
    shim = os.path.join(ctx.build, "tests", "libclock_shift.so")
    if not os.path.exists(shim):
        ctx.log(f"renewal: skipped, no {shim} (build the tests)")
        return
    later = {"LD_PRELOAD": shim, "CERTCTL_TEST_CLOCK_SHIFT": str(21 * 86400)}
    base = ctx.scratch("renewal-base")
    ctx.certctl_ok(["--store", base, "ca", "init", "bench-ec", "--profile", "root", "--cn", "bench EC CA"])
    c = ctx.certctl
    for n in sizes:
        csrs = ctx.csrs(n)
        files = sorted(os.path.join(csrs, f) for f in os.listdir(csrs) if f.endswith(".csr"))
        csr_args = sum((["--csr", f] for f in files), [])
        due = ctx.scratch("renewal-due")
        shutil.copytree(base, due + "/store", symlinks=True)
        ctx.certctl_ok(["--store", due + "/store", "ca", "issue", "bench-ec", "--profile", "tls-server", "--days", "30",
                        "--out-dir", due + "/out", *csr_args])
        runs = {}

        def prep_w(r):
            runs[("w", r)] = ctx.scratch("renew")
            shutil.copytree(due + "/store", runs[("w", r)] + "/store", symlinks=True)

        def prep_i(r):
            runs[r] = ctx.scratch("issue")
            shutil.copytree(base, runs[r] + "/store", symlinks=True)

        def renewed(r):
            import sqlite3
            db = sqlite3.connect(runs[("w", 0)] + "/store/certctl.db")
            got = db.execute("select count(*) from certificate_history where event = 'renew'").fetchone()[0]
            return expect(got == n, f"{got} of {n} renewed")
        ctx.measure("renewal", n, [
            Candidate("certctl watch --once (renews all)", lambda r: [c, "--store", runs[("w", r)] + "/store", "watch",
                                                                      "--once"],
                      prep=prep_w, env=later, check=renewed),
            Candidate("certctl ca issue", lambda r: [c, "--store", runs[r] + "/store", "ca", "issue", "bench-ec",
                                                     "--profile", "tls-server", "--out-dir", runs[r] + "/out",
                                                     *csr_args],
                      prep=prep_i, check=lambda r: expect(len(os.listdir(runs[0] + "/out")) == n, "count")),
        ], rounds=ctx.rounds)


def write_ossl_conf(d, cert, key):
    """An openssl ca directory with the content of certctl's tls-server profile (as bench/ca/run)."""
    os.makedirs(d + "/new", exist_ok=True)
    open(d + "/index.txt", "w").close()
    with open(d + "/ca.cnf", "w") as f:
        f.write(f"""[ca]
default_ca = ca
[ca]
dir = {d}
database = {d}/index.txt
new_certs_dir = {d}/new
certificate = {cert}
private_key = {key}
rand_serial = yes
default_md = sha256
default_days = 397
policy = any
unique_subject = no
copy_extensions = copy
x509_extensions = server
[any]
commonName = supplied
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
""")


def master_list(ctx):
    """20 sources in one master list; one source changes: `crl refresh --force` (20 asked, one new)
    vs importing that source's new CRL alone into a store holding only it."""
    total = 200_000 if ctx.quick else 5_000_000
    each = total // 20
    c = ctx.certctl
    srcdir = ctx.scratch("sources")
    # the same 20 sources in a store that publishes the merged master.idx and master.csv (the default) and in
    # one that keeps an index per source (crl.master_list = on-demand)
    confs = {"": crl_conf(ctx, "publish"), "od": crl_conf(ctx, "on-demand")}
    stores = {key: ctx.scratch("master") for key in confs}
    for i in range(20):
        crlgen.make_crl(f"{srcdir}/s{i:02d}", each, crl_name="serve.crl", seed=i, number=1000, cn=f"bench CA {i:02d}")
        for key, store in stores.items():
            ctx.certctl_ok(["--config", confs[key], "--store", store, "crl", "add", f"s{i:02d}",
                            f"file://{srcdir}/s{i:02d}/serve.crl", "--issuer", f"{srcdir}/s{i:02d}/ca.pem"])
    for key, store in stores.items():
        ctx.certctl_ok(["--config", confs[key], "--store", store, "crl", "refresh"])
    versions = {}

    def new_version(r):
        # round r publishes version r+1 of source s00: other serials, a higher CRL number
        versions[r] = crlgen.make_crl(f"{srcdir}/s00", each, crl_name=f"v{r}.crl", seed=1000 + r, number=1001 + r,
                                      cn="bench CA 00")
        os.replace(versions[r], f"{srcdir}/s00/serve.crl")
        shutil.copyfile(f"{srcdir}/s00/serve.crl", versions[r])
        settle()
    alone = {}

    def prep_alone(r, key):
        alone[key, r] = ctx.scratch("alone")
        ctx.certctl_ok(["--config", confs[key], "--store", alone[key, r], "crl", "add", "s00", f"file://{versions[r]}",
                        "--issuer", f"{srcdir}/s00/ca.pem"])
        settle()

    def refreshed(r):
        doc = certctl_json(r) or {}
        st = [s.get("status") for s in doc.get("sources", [])]
        return expect(st.count("updated") == 1 and st.count("unchanged") == 19, "statuses: " + str(st))
    candidates = []
    for key, suffix in (("", ""), ("od", ", master_list on-demand")):
        # the first candidate of each round publishes the new version of s00: the on-demand store, refreshed
        # after it in the same round, finds it changed too
        candidates += [
            Candidate("certctl crl refresh --force, one of 20 changed" + suffix,
                      const([c, "--config", confs[key], "--store", stores[key], "--json", "crl", "refresh", "--force"]),
                      prep=new_version if not key else lambda r: settle(), check=refreshed),
            Candidate("certctl crl import of that source alone" + suffix,
                      lambda r, key=key: [c, "--config", confs[key], "--store", alone[key, r], "--json", "crl",
                                          "import", "s00", versions[r]],
                      prep=lambda r, key=key: prep_alone(r, key),
                      check=lambda r: expect((certctl_json(r) or {}).get("entries") == each, "entries")),
        ]
    ctx.measure("master-list refresh (20 sources)", total, candidates, rounds=ctx.rounds,
                extra={"sources": 20, "entries_per_source": each})


def legacy(ctx):
    """The per-topic scripts, run as they are; their text output goes into the report."""
    here = ctx.repo + "/bench"
    quick = ctx.quick
    jobs = [("verify", [here + "/verify/run.sh", ctx.build], {"RUNS": "10" if quick else "100"})]
    if not quick:
        jobs += [("ca", [here + "/ca/run", ctx.build], {"BENCH_DIR": ctx.scratch("legacy-ca")}),
                 ("crl", [here + "/crl/run.sh", ctx.build], {}),
                 ("check", [here + "/check/run", ctx.build], {}),
                 ("serve", [here + "/serve/run", ctx.build],
                  {"DURATION": "5s", "N": "2000", "BENCH_DIR": ctx.scratch("legacy-serve")})]
    for name, argv, env in jobs:
        ctx.log(f"legacy bench {name} ...")
        p = subprocess.run(argv, capture_output=True, text=True, env=dict(os.environ, **env))
        ctx.legacy_output(name, p.returncode, p.stdout + (p.stderr[-2000:] if p.returncode else ""))


SERIES = {"startup": startup, "keygen": keygen, "crl": crl_import, "inventory": inventory, "issue": issuance,
          "renewal": renewal,
          "master": master_list, "legacy": legacy}
