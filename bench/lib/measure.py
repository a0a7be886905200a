"""Running candidates side by side: each round runs every candidate once, in turn, so load changes on a
shared machine hit all of them alike. Wall time, CPU (user + sys) and peak RSS come from wait4() on the
child itself, so nothing of the harness is counted."""
import os
import shutil
import statistics
import subprocess
import tempfile
import time


class Candidate:
    """One tool doing one job. argv(round) -> list, prep(round) untimed before each run, check(result) ->
    None when the answer is right or a sentence saying what is wrong (run on the first round only)."""

    def __init__(self, name, argv, prep=None, check=None, env=None, ok_codes=(0,), peer=False):
        self.name, self.argv, self.prep, self.check = name, argv, prep, check
        self.env, self.ok_codes, self.peer = env, ok_codes, peer

    def missing(self):
        """The reason this candidate cannot run here (its program is not installed), or None."""
        try:
            prog = self.argv(0)[0]
        except LookupError:  # argv needs its prep first: only certctl's candidates do, and it was found
            return None
        if os.sep in prog:
            return None if os.access(prog, os.X_OK) else f"{prog} not found"
        return None if shutil.which(prog) else f"{prog} not installed"


_launcher = None


def launcher():
    """The compiled spawn_rusage (built once into the cache next to the inputs), or None without a C
    compiler: then the harness measures its children itself and peak RSS is only an upper bound."""
    global _launcher
    if _launcher is None:
        src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "spawn_rusage.c")
        cache = os.environ.get("CERTCTL_BENCH_CACHE") or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "certctl-bench")
        exe = os.path.join(cache, "spawn_rusage")
        os.makedirs(cache, exist_ok=True)
        if not os.path.exists(exe) or os.path.getmtime(exe) < os.path.getmtime(src):
            cc = shutil.which("cc") or shutil.which("gcc")
            if not cc or subprocess.run([cc, "-O2", "-o", exe + ".tmp", src]).returncode != 0:
                _launcher = ""
                return None
            os.replace(exe + ".tmp", exe)
        _launcher = exe
    return _launcher or None


def head_tail(f, half=512 << 10):
    size = f.seek(0, os.SEEK_END)
    f.seek(0)
    if size <= 2 * half:
        return f.read().decode(errors="replace")
    head = f.read(half)
    f.seek(size - half)
    return (head + b"\n...\n" + f.read(half)).decode(errors="replace")


def run_once(argv, env=None, cwd=None, whole=False):
    """-> dict(wall, cpu, rss_kb, rc, out, err); stdout and stderr go to files (a pipe would stall a big
    listing) and are read back: all of them when `whole` (the round whose answer is checked), else all of
    a small output and the first and last 512 KiB of a big one."""
    full_env = dict(os.environ, **(env or {}))
    spawn = launcher()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as usage:
        t0 = time.perf_counter()
        p = subprocess.Popen([spawn, usage.name, *argv] if spawn else argv, stdout=out, stderr=err,
                             stdin=subprocess.DEVNULL, env=full_env, cwd=cwd)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        got = {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rss_kb": ru.ru_maxrss, "rc": p.returncode}
        if spawn:
            fields = usage.read().split()
            if p.returncode != 0 or len(fields) != 4:
                got["rc"] = p.returncode or 70
            else:
                got.update(wall=float(fields[0]), cpu=float(fields[1]), rss_kb=int(fields[2]), rc=int(fields[3]))
        half = (1 << 40) if whole else (512 << 10)
        got.update(out=head_tail(out, half), err=head_tail(err, half))
        return got


def summary(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def compare(candidates, rounds, cwd=None, log=None):
    """Runs `rounds` interleaved rounds -> {name: result} where result holds the samples and their
    summaries, or "skipped"/"failed" with the reason. A failed run stops that candidate only."""
    results = {}
    live = []
    for c in candidates:
        why = c.missing()
        if why:
            results[c.name] = {"status": "skipped", "why": why}
        else:
            results[c.name] = {"status": "ok", "wall": [], "cpu": [], "rss_kb": [], "answer": None}
            live.append(c)
    for r in range(rounds):
        for c in live:
            res = results[c.name]
            if res["status"] != "ok":
                continue
            if c.prep:
                c.prep(r)
            argv = c.argv(r)
            got = run_once(argv, env=c.env, cwd=cwd, whole=(r == 0 and c.check is not None))
            if got["rc"] not in c.ok_codes:
                res.update(status="failed", why=f"exit {got['rc']}: {' '.join(argv)[:200]}: {got['err'][-400:]}")
                continue
            if r == 0 and c.check:
                wrong = c.check(got)
                res["answer"] = "ok" if wrong is None else wrong
            for k in ("wall", "cpu", "rss_kb"):
                res[k].append(got[k])
            if log:
                log(f"  round {r + 1}/{rounds} {c.name}: {got['wall']:.3f} s")
    for res in results.values():
        if res["status"] == "ok" and res["wall"]:
            for k in ("wall", "cpu", "rss_kb"):
                res[k + "_summary"] = summary(res[k])
    return results
