#!/usr/bin/env python3
"""tests/conformance/limbo.py — runs the x509-limbo path-validation cases through `certctl cert verify` the way
an operator calls it (trusted roots in a file, intermediates as --chain, --crl, --at, --hostname, --purpose)
and, side by side, through `openssl verify -x509_strict -partial_chain -auth_level 2`, then prints how many
cases each gets right per id group and one summary line.

A case that certctl's command line cannot express (a maximum chain depth, a bare key-usage requirement) is
listed with the reason and counted apart. With --floor FILE the run fails (exit 1) when certctl's agreement
falls below the minimums recorded there: the whole suite and a few groups, never individual cases.

Usage: limbo.py --certctl BUILD/cli/certctl [--limbo limbo-core.json] [--no-openssl] [--floor FILE]
                [--report out.json] [--show-disagreements] [--work DIR]
"""
import argparse
import collections
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

# A case without an answer by then counts as wrong (and is listed as slow): a hang is never right.
CASE_TIMEOUT = 20

# EKU the case asks for -> (certctl --purpose, openssl -purpose).
PURPOSES = {
    (): ("any", None),
    ("serverAuth",): ("tls-server", "sslserver"),
    ("clientAuth",): ("tls-client", "sslclient"),
}


def find_limbo(explicit):
    """The suite file: --limbo, $LIMBO_CORE, or shared/data/x509-limbo next to the repository (also from a
    git worktree, whose shared data sits next to the main checkout)."""
    candidates = [explicit, os.environ.get("LIMBO_CORE")]
    shared = os.environ.get("SHARED_DATA")
    if shared:
        candidates.append(os.path.join(shared, "x509-limbo", "limbo-core.json"))
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    candidates.append(os.path.join(repo, "..", "shared", "data", "x509-limbo", "limbo-core.json"))
    try:
        common = subprocess.run(["git", "-C", repo, "rev-parse", "--path-format=absolute", "--git-common-dir"],
                                capture_output=True, text=True, check=True).stdout.strip()
        candidates.append(os.path.join(os.path.dirname(common), "..", "shared", "data", "x509-limbo",
                                       "limbo-core.json"))
    except (OSError, subprocess.CalledProcessError):
        pass
    for c in candidates:
        if c and os.path.isfile(c):
            return os.path.abspath(c)
    return None


def group_of(case_id):
    return case_id.rsplit("::", 1)[0] if "::" in case_id else case_id


def inexpressible(case):
    """Why certctl's command line cannot put this case, or None."""
    if case.get("max_chain_depth") is not None:
        return "a maximum chain depth (certctl has no option for it)"
    if case.get("key_usage"):
        return "a bare key-usage requirement (%s); no --purpose asks for exactly that" % ",".join(case["key_usage"])
    if case.get("signature_algorithms"):
        return "a signature-algorithm allow-list"
    if tuple(case.get("extended_key_usage") or ()) not in PURPOSES:
        return "the EKU set %s" % case.get("extended_key_usage")
    if len(case.get("expected_peer_names") or []) > 0:
        return "several expected peer names"
    peer = case.get("expected_peer_name")
    if peer and peer["kind"] not in ("DNS", "IP"):
        return "a %s peer name (certctl checks host names and IP addresses)" % peer["kind"]
    return None


def write(path, pems):
    with open(path, "w") as f:
        f.write("".join(p if p.endswith("\n") else p + "\n" for p in pems))


def profile_for(case_id):
    """The certctl profile a case is written for, from its id prefix (None: certctl's default)."""
    if case_id.startswith("webpki::"):
        return "webpki"
    if case_id.startswith("rfc5280::"):
        return "rfc5280"
    return None


def run_case(case, work, certctl, use_openssl, with_profile):
    os.makedirs(work, exist_ok=True)
    leaf = os.path.join(work, "leaf.pem")
    trusted = os.path.join(work, "trusted.pem")
    write(leaf, [case["peer_certificate"]])
    write(trusted, case["trusted_certs"])
    chain = None
    if case["untrusted_intermediates"]:
        chain = os.path.join(work, "chain.pem")
        write(chain, case["untrusted_intermediates"])
    crls = []
    for i, crl in enumerate(case.get("crls") or []):
        crls.append(os.path.join(work, "crl%d.pem" % i))
        write(crls[-1], [crl])
    purpose, ossl_purpose = PURPOSES[tuple(case.get("extended_key_usage") or ())]
    peer = case.get("expected_peer_name")
    at = case.get("validation_time")

    cmd = [certctl, "--store", os.path.join(work, "store"), "--json", "cert", "verify", leaf, "--trust-file", trusted]
    if chain:
        cmd += ["--chain", chain]
    for c in crls:
        cmd += ["--crl", c]
    if at:
        cmd += ["--at", at]
    if peer:
        cmd += ["--hostname", peer["value"]]
    if purpose != "any":
        cmd += ["--purpose", purpose]
    profile = profile_for(case["id"]) if with_profile else None
    if profile:
        cmd += ["--profile", profile]
    start = time.monotonic()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=CASE_TIMEOUT)
    except subprocess.TimeoutExpired:
        return {"certctl": "TIMEOUT", "certctl_exit": -1, "certctl_reasons": ["no answer within %d s" % CASE_TIMEOUT],
                "certctl_seconds": CASE_TIMEOUT, "openssl": "SKIPPED", "openssl_says": [""]}
    elapsed = time.monotonic() - start
    reasons = []
    try:
        doc = json.loads(p.stdout)
        reasons = [r.get("code", "") + ": " + r.get("text", "") if isinstance(r, dict) else r
                   for r in doc.get("reasons", [])]
    except ValueError:
        reasons = [(p.stderr or p.stdout).strip().splitlines()[-1:] and (p.stderr or p.stdout).strip().splitlines()[-1]]
    result = {"certctl": "SUCCESS" if p.returncode == 0 else "FAILURE", "certctl_exit": p.returncode,
              "certctl_reasons": reasons, "certctl_seconds": round(elapsed, 3)}

    if use_openssl:
        ocmd = ["openssl", "verify", "-x509_strict", "-partial_chain", "-auth_level", "2", "-CAfile", trusted]
        if chain:
            ocmd += ["-untrusted", chain]
        if crls:
            ocmd += ["-crl_check"]
            for c in crls:
                ocmd += ["-CRLfile", c]
        if at:
            epoch = int(datetime.datetime.fromisoformat(at).timestamp())
            ocmd += ["-attime", str(epoch)]
        if peer:
            ocmd += ["-verify_ip" if peer["kind"] == "IP" else "-verify_hostname", peer["value"]]
        if ossl_purpose:
            ocmd += ["-purpose", ossl_purpose]
        ocmd.append(leaf)
        o = subprocess.run(ocmd, capture_output=True, text=True, timeout=CASE_TIMEOUT)
        result["openssl"] = "SUCCESS" if o.returncode == 0 else "FAILURE"
        result["openssl_says"] = (o.stderr or o.stdout).strip().splitlines()[-1:] or [""]
    return result


def read_floor(path):
    """`total N` and `group NAME N` lines; # starts a comment."""
    floor = {"total": 0, "groups": {}}
    with open(path) as f:
        for line in f:
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            if words[0] == "total" and len(words) == 2:
                floor["total"] = int(words[1])
            elif words[0] == "group" and len(words) == 3:
                floor["groups"][words[1]] = int(words[2])
            else:
                raise SystemExit("%s: cannot read the line %r (expected 'total N' or 'group NAME N')" % (path, line))
    return floor


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--certctl", required=True)
    ap.add_argument("--limbo")
    ap.add_argument("--no-openssl", action="store_true", help="run certctl only")
    ap.add_argument("--no-profile", action="store_true", help="do not pass --profile (certctl's default)")
    ap.add_argument("--floor", help="fail when certctl's agreement is below the minimums in this file")
    ap.add_argument("--report", help="write every case's outcome as JSON here")
    ap.add_argument("--show-disagreements", action="store_true")
    ap.add_argument("--only", help="run only the cases whose id starts with this")
    ap.add_argument("--work", help="keep the case files here (default: a temporary directory, removed)")
    args = ap.parse_args()

    limbo = find_limbo(args.limbo)
    if not limbo:
        raise SystemExit("limbo-core.json not found: give --limbo FILE or set LIMBO_CORE "
                         "(it lives in shared/data/x509-limbo next to the repository)")
    cases = json.load(open(limbo))["testcases"]
    if args.only:
        cases = [c for c in cases if c["id"].startswith(args.only)]
    work = args.work or tempfile.mkdtemp(prefix="certctl-limbo-")
    use_openssl = not args.no_openssl and shutil.which("openssl") is not None
    help_text = subprocess.run([args.certctl, "cert", "verify", "--help"], capture_output=True, text=True).stdout
    with_profile = not args.no_profile and "--profile" in help_text

    stats = collections.OrderedDict()
    skipped = []
    outcomes = {}
    slow = []
    for i, case in enumerate(cases):
        why = inexpressible(case)
        if why:
            skipped.append((case["id"], why))
            continue
        r = run_case(case, os.path.join(work, "%03d" % i), os.path.abspath(args.certctl), use_openssl,
                     with_profile)
        r["expected"] = case["expected_result"]
        outcomes[case["id"]] = r
        g = stats.setdefault(group_of(case["id"]), collections.Counter())
        g["cases"] += 1
        g["certctl"] += r["certctl"] == r["expected"]
        if use_openssl:
            g["openssl"] += r["openssl"] == r["expected"]
        if r["certctl_seconds"] > 1.0:
            slow.append((case["id"], r["certctl_seconds"]))
        if r["certctl_exit"] not in (0, 1):
            r["note"] = "certctl exit %d" % r["certctl_exit"]

    total = collections.Counter()
    print("%-28s %5s %8s %8s" % ("group", "cases", "certctl", "openssl" if use_openssl else ""))
    for name, g in stats.items():
        total.update(g)
        print("%-28s %5d %8d %8s" % (name, g["cases"], g["certctl"], g["openssl"] if use_openssl else ""))
    if args.show_disagreements:
        print()
        for cid, r in outcomes.items():
            if r["certctl"] != r["expected"] or (use_openssl and r["openssl"] != r["expected"]):
                mark = "certctl %s" % ("right" if r["certctl"] == r["expected"] else "WRONG")
                if use_openssl:
                    mark += ", openssl %s" % ("right" if r["openssl"] == r["expected"] else "WRONG")
                print("%s (expected %s): %s" % (cid, r["expected"], mark))
                if r["certctl"] != r["expected"]:
                    for reason in r["certctl_reasons"][:3]:
                        print("    certctl: %s" % reason)
                    if r.get("note"):
                        print("    certctl: %s" % r["note"])
                if use_openssl and r["openssl"] != r["expected"]:
                    print("    openssl: %s" % r["openssl_says"][0])
    if skipped:
        print()
        print("inexpressible with certctl's command line (%d):" % len(skipped))
        for cid, why in skipped:
            print("  %s: %s" % (cid, why))
    for cid, secs in slow:
        print("slow: %s took %.2f s" % (cid, secs))
    print()
    summary = "limbo-core: %d cases, %d expressible; certctl right on %d" % (
        len(cases), total["cases"], total["certctl"])
    if use_openssl:
        summary += ", openssl right on %d" % total["openssl"]
    print(summary)
    if args.report:
        with open(args.report, "w") as f:
            json.dump({"summary": {"cases": len(cases), "expressible": total["cases"], "certctl": total["certctl"],
                                   "openssl": total["openssl"] if use_openssl else None},
                       "groups": stats, "inexpressible": dict(skipped), "outcomes": outcomes}, f, indent=1)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)

    if args.floor:
        floor = read_floor(args.floor)
        short = []
        if total["certctl"] < floor["total"]:
            short.append("total %d < floor %d" % (total["certctl"], floor["total"]))
        for name, minimum in floor["groups"].items():
            got = stats.get(name, collections.Counter())["certctl"]
            if got < minimum:
                short.append("group %s: %d < floor %d" % (name, got, minimum))
        if short:
            print("below the floor in %s: %s" % (args.floor, "; ".join(short)))
            return 1
        print("at or above the floor in %s" % args.floor)
    return 0


if __name__ == "__main__":
    sys.exit(main())
