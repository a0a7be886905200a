"""report.md and the PNG plots of a bench/run results directory."""
import math
import os
import platform
import subprocess

# Series measured at several sizes: plotted log-log and fitted for their slope.
SCALING = ("crl-import", "check", "cert-list", "status", "watch", "cert-import", "issue (P-256 CA)", "issue (RSA-2048 CA)")
NONLINEAR = 1.15  # a log-log slope above this is reported as worse than linear


def output_of(argv):
    """First line of what a command prints, or "" when it is missing or fails (report header only)."""
    try:
        return subprocess.run(argv, capture_output=True, text=True).stdout.strip().split("\n")[0]
    except OSError:
        return ""


def machine(ctx):
    return {"certctl": output_of([ctx.certctl, "--version"]),
            "commit": output_of(["git", "-C", ctx.repo, "log", "-1", "--format=%h"]), "cores": os.cpu_count(),
            "kernel": platform.release(), "load_before": open("/proc/loadavg").read().split()[:3],
            "quick": ctx.quick, "rounds": ctx.rounds, "openssl": output_of(["openssl", "version"]) or "no openssl"}


def fmt_s(s):
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"


def find(records, name, x, cand=None, peer=None):
    for r in records:
        if r["series"] == name and r["x"] == x and r.get("status") == "ok" and "wall" in r and \
                (cand is None or r["candidate"] == cand) and (peer is None or r["peer"] == peer):
            return r
    return None


def slope(points):
    """Least-squares slope of log(y) over log(x): 1 is linear, 2 quadratic; None below 2 points."""
    pts = [(math.log(x), math.log(y)) for x, y in points if x and y and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    den = sum((p[0] - mx) ** 2 for p in pts)
    return sum((p[0] - mx) * (p[1] - my) for p in pts) / den if den else None


def series_names(records):
    seen = []
    for r in records:
        if r["series"] not in seen and r["series"] != "legacy":
            seen.append(r["series"])
    return seen


def table(records, name):
    rows = [r for r in records if r["series"] == name]
    lines = ["| size | candidate | wall median (min..max) | CPU median | peak RSS | vs peers (wall / CPU) | answer |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        x = "" if r["x"] is None else f"{r['x']:,}" if isinstance(r["x"], int) else str(r["x"])
        if r["status"] != "ok" or "wall" not in r:
            lines.append(f"| {x} | {r['candidate']} | {r['status']}: {one_line(r.get('why'), 160)} | | | | |")
            continue
        w = r["wall"]
        ratios = []
        if not r["peer"]:
            for p in rows:
                if p["peer"] and p["x"] == r["x"] and p["status"] == "ok" and "wall" in p:
                    ratios.append(f"{w['median'] / p['wall']['median']:.2f}× / {cpu_ratio(r, p)} {p['candidate'].split()[0]}")
        lines.append(f"| {x} | {r['candidate']} | {fmt_s(w['median'])} ({fmt_s(w['min'])}..{fmt_s(w['max'])}) | "
                     f"{fmt_s(r['cpu']['median'])} | {r['rss_kb']['median'] / 1024:.1f} MiB | {', '.join(ratios)} | "
                     f"{one_line(r.get('answer')) or '–'} |")
    return lines


def cpu_ratio(a, b):
    c = b["cpu"]["median"]
    return f"{a['cpu']['median'] / c:.2f}×" if c > 0 else "–"


def one_line(text, width=80):
    return " ".join((text or "").split())[:width].replace("|", "/")


def ratio(a, b):
    return a["wall"]["median"] / b["wall"]["median"] if a and b else None


def targets(records):
    """The targets table: each row -> (job, measured, target, met?) from what this run measured."""
    out = []

    def row(job, value, target, text, limit):
        if value is None:
            out.append(f"| {job} | not measured in this run | {target} | |")
        else:
            out.append(f"| {job} | {text} | {target} | {'met' if value <= limit else '**not met**'} |")
    v = find(records, "startup", None, "certctl --version")
    o = find(records, "startup", None, "openssl version")
    row("start-up: `certctl --version`", v and v["wall"]["median"] * 1000, "≤ 3 ms",
        v and f"{v['wall']['median'] * 1000:.1f} ms (openssl {o['wall']['median'] * 1000:.1f} ms)" if v and o else
        v and f"{v['wall']['median'] * 1000:.1f} ms", 3)
    lk = [r for r in records if r["series"] == "crl-lookup" and r.get("status") == "ok" and "wall" in r]
    lk = lk[0] if lk else None
    row(f"`crl lookup` in a {lk['x']:,}-entry list" if lk else "`crl lookup` in a 1M list",
        lk and lk["wall"]["median"] * 1000, "≤ 4 ms", lk and f"{lk['wall']['median'] * 1000:.1f} ms", 4)
    od = ", master_list on-demand"
    for mode in ("", od):
        ci = find(records, "crl-import", 1_000_000, "certctl crl import" + mode)
        for peer, target, lim in (("openssl crl -CAfile -noout", "≤ 0.12×", 0.12),
                                  ("python3-cryptography parse", "≤ 0.5×", 0.5)):
            rt = ratio(ci, find(records, "crl-import", 1_000_000, peer))
            row(f"`crl import` 1M{mode} vs {peer}", rt, target, rt and f"{rt:.3f}×", lim)
    c10 = find(records, "crl-import", 10_000_000, "certctl crl import")
    rt = ratio(c10, find(records, "crl-import", 10_000_000, "openssl crl -CAfile -noout"))
    row("`crl import` 10M vs openssl", rt, "≤ 0.1×", rt and f"{rt:.3f}×", 0.1)
    if c10:
        der = c10["extra"].get("der_bytes")
        rss = c10["rss_kb"]["median"] * 1024 / der
        row("10M: peak RSS / DER", rss, "≤ 1.0×", f"{rss:.2f}×", 1.0)
        for mode, key in (("", "store_bytes"), (od, "store_bytes_on_demand")):
            st = c10["extra"].get(key)
            row(f"10M: store footprint / DER{mode}", st and st / der, "≤ 2.5×", st and f"{st / der:.2f}×", 2.5)
    for mode in ("", od):
        m = [r for r in records if r["series"].startswith("master-list") and r.get("status") == "ok" and "wall" in r]
        refresh = next((r for r in m if r["candidate"] == "certctl crl refresh --force, one of 20 changed" + mode),
                       None)
        alone = next((r for r in m if r["candidate"] == "certctl crl import of that source alone" + mode), None)
        rt = ratio(refresh, alone)
        row(f"refresh of one changed source among 20{mode}" + (f" ({refresh['x']:,} entries)" if refresh else ""),
            rt, "≤ 2× importing it alone", rt and f"{rt:.2f}×", 2)
    for ca, target, lim in (("P-256", "≤ 0.27×", 0.27), ("RSA-2048", "≤ 0.65×", 0.65)):
        s = f"issue ({ca} CA)"
        rt = ratio(find(records, s, 1000, "certctl ca issue"), find(records, s, 1000, "openssl ca -infiles"))
        row(f"bulk issuance of 1,000 CSRs, {ca} CA, vs `openssl ca -infiles`", rt, target, rt and f"{rt:.2f}×", lim)
    rt = ratio(find(records, "check", 10_000, "certctl check (store)"), find(records, "check", 10_000, peer=True))
    row("`check --format json` of 10,000 certificates (store) vs one python3-cryptography scan", rt, "≤ 0.4×",
        rt and f"{rt:.2f}×", 0.4)
    ck = find(records, "check", 100_000, "certctl check (store)")
    row("`check` of a 100,000-certificate inventory", ck and ck["wall"]["median"], "≤ 1 s",
        ck and fmt_s(ck["wall"]["median"]), 1)
    cl = find(records, "cert-list", 100_000, "certctl cert list")
    row("`cert list` of 100,000 certificates", cl and cl["wall"]["median"], "≤ 0.5 s", cl and fmt_s(cl["wall"]["median"]), 0.5)
    for alg in ("RSA-2048", "P-256"):
        rt = ratio(find(records, "keygen", alg, "certctl key generate"), find(records, "keygen", alg, "certtool --generate-privkey"))
        row(f"keygen {alg} into a store vs `certtool --generate-privkey`", rt, "≤ 1.0×", rt and f"{rt:.2f}×", 1.0)
    it = find(records, "init", None, "certctl init")
    row("`certctl init` of a new store", it and it["wall"]["median"] * 1000, "≤ 5 ms",
        it and f"{it['wall']['median'] * 1000:.1f} ms", 5)
    return ["| job | this run | target | |", "|---|---|---|---|"] + out


def plot(records, name, path, key="wall", ylabel="wall time, median (s)"):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(5.5, 3.6), dpi=80)
    any_line = False
    for cand in dict.fromkeys(r["candidate"] for r in records if r["series"] == name):
        pts = sorted((r["x"], r[key]["median"] / (1024 if key == "rss_kb" else 1),
                      r[key]["min"] / (1024 if key == "rss_kb" else 1), r[key]["max"] / (1024 if key == "rss_kb" else 1))
                     for r in records if r["series"] == name and r["candidate"] == cand and key in r)
        if len(pts) < 2:
            continue
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        ax.errorbar(xs, ys, yerr=[[p[1] - p[2] for p in pts], [p[3] - p[1] for p in pts]], marker="o",
                    capsize=2, label=cand, linestyle="--" if any(r["peer"] for r in records if r["candidate"] == cand) else "-")
        any_line = True
    if not any_line:
        plt.close(fig)
        return False
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("size (entries / certificates / CSRs)")
    ax.set_ylabel(ylabel)
    ax.set_title(name, fontsize=10)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return True


def slug(name):
    return "".join(ch if ch.isalnum() else "-" for ch in name).strip("-").replace("--", "-")


def write(ctx, machine, out):
    recs = ctx.records
    m = machine
    lines = [f"# certctl bench/run {'--quick' if m['quick'] else '(full)'}", "",
             f"{m['certctl']} ({m['commit']}), {m['openssl']}, {m['cores']} cores, Linux {m['kernel']}; "
             f"load average {' '.join(m['load_before'])} before, {' '.join(m.get('load_after', []))} after; "
             f"{m['rounds']} interleaved rounds per point (start-up and lookups: more); took {m.get('duration_s')} s "
             f"of wall time and {m.get('cpu_s')} s of CPU (every process the run started, inputs included).",
             "", "Wall times are medians (min..max) of the rounds; CPU is user + sys of the process; ratios are "
             "certctl's median wall time over each peer's. On a loaded machine, CPU is the fairer comparison.", "",
             "## Targets", ""] + targets(recs) + [""]
    lines += ["## Scaling", "", "Slope of log(time) over log(size), least squares over the sizes of one run: 1 is linear, "
              "below 1 means a fixed cost (process start, store opening) still dominates the small sizes. A CPU "
              f"slope above {NONLINEAR} is reported as worse than linear (CPU, because on a shared machine wall "
              "time also measures the neighbours).", "",
              "| series | candidate | sizes | slope (wall) | slope (CPU) | |", "|---|---|---|---|---|---|"]
    nonlinear = []
    for name in series_names(recs):
        for cand in dict.fromkeys(r["candidate"] for r in recs if r["series"] == name):
            pts = [r for r in recs if r["series"] == name and r["candidate"] == cand and "wall" in r
                   and isinstance(r["x"], int)]
            sw = slope([(r["x"], r["wall"]["median"]) for r in pts])
            sc = slope([(r["x"], r["cpu"]["median"]) for r in pts])
            if sw is None:
                continue
            bad = sc is not None and sc > NONLINEAR
            if bad:
                peer = any(r.get("peer") for r in pts)
                nonlinear.append(f"{name}, {cand}: " + ("a peer, measured for comparison; its growth is its own"
                                                        if peer else "**certctl's: profile it and say why here**"))
            lines.append(f"| {name} | {cand} | {pts[0]['x']:,}..{pts[-1]['x']:,} | {sw:.2f} | "
                         f"{'–' if sc is None else f'{sc:.2f}'} | {'**worse than linear**' if bad else 'linear or better'} |")
    lines.append("")
    if nonlinear:
        lines += ["Why not linear:", ""] + [f"- {n}" for n in nonlinear] + [""]
    for name in series_names(recs):
        lines += [f"## {name}", ""] + table(recs, name) + [""]
        if name in SCALING:
            for key, label, suffix in (("wall", "wall time, median (s)", ""), ("cpu", "CPU user+sys, median (s)", "-cpu"),
                                       ("rss_kb", "peak RSS (MiB)", "-rss")):
                if key == "rss_kb" and name != "crl-import":
                    continue
                png = f"{slug(name)}{suffix}.png"
                try:
                    if plot(recs, name, os.path.join(out, png), key, label):
                        lines += [f"![{name} {label}]({png})", ""]
                except ImportError:
                    lines += ["(no plot: python3-matplotlib is not installed; scripts/install-deps --bench)", ""]
                    break
    for leg in ctx.legacy:
        lines += [f"## bench/{leg['name']} (its own output{'' if leg['rc'] == 0 else ', exit ' + str(leg['rc'])})",
                  "", "```text", leg["text"].rstrip(), "```", ""]
    with open(os.path.join(out, "report.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
