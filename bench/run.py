#!/usr/bin/env python3
"""The mdlc benchmark harness (shared/WORKLOADS.md).

    python3 bench/run.py [--workloads w1,c0] [--repeats 3] [--out results.json]

Runs each workload with mdlc and, in the same run, the same workload written
for PyTorch and JAX (bench/reference/), round-robin (repeat 1 of every
implementation, then repeat 2, ...), and prints one table per workload:
samples/s, the ratio of mdlc's to each reference's, the final losses and
whether they agree within the run-to-run spread. Records the machine, library
versions and the BLAS PyTorch uses, and writes everything as JSON.

Python 3 standard library only. PyTorch and JAX run as child processes under
the interpreter that has them (bench/setup.sh installs Debian's python3-torch
for /usr/bin/python3 and jax[cpu] into bench/.venv); a missing one gives a row
saying "not installed", never a crash. See bench/README.md.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
REFERENCE = os.path.join(BENCH, "reference")
VENV_PYTHON = os.path.join(BENCH, ".venv", "bin", "python")
SYSTEM_PYTHON = "/usr/bin/python3"

# Processes whose presence means the machine is busy compiling.
BUSY_NAMES = ("ninja", "make", "cmake", "cc1plus", "cc1", "clang", "clang++", "c++", "g++",
              "ld", "ld.lld", "lld", "lit", "ctest")


# ----------------------------------------------------------------------------
# Small helpers
# ----------------------------------------------------------------------------

def log(msg):
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


def read_text(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


def run_cmd(cmd, cwd=None, env=None, timeout=600):
    """Runs cmd; returns (rc, stdout, stderr, seconds). rc None on timeout or
    when the program cannot be started (then stderr says why)."""
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout,
                              universal_newlines=True)
    except subprocess.TimeoutExpired as e:
        out = e.stdout if isinstance(e.stdout, str) else ""
        return None, out, "timed out after %d s" % timeout, time.perf_counter() - start
    except OSError as e:
        return None, "", "cannot run %s: %s" % (cmd[0], e), time.perf_counter() - start
    return proc.returncode, proc.stdout, proc.stderr, time.perf_counter() - start


def last_json_line(text):
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                return None
    return None


def exit_reason(rc):
    """'exited 1', 'was killed by SIGSEGV', 'timed out or did not start'."""
    if rc is None:
        return "timed out or did not start"
    if rc < 0:
        try:
            return "was killed by %s" % signal.Signals(-rc).name
        except ValueError:
            return "was killed by signal %d" % -rc
    return "exited %d" % rc


def tail(text, lines=3):
    rows = [l for l in text.strip().splitlines() if l.strip()]
    return " | ".join(rows[-lines:])


def median(values):
    return statistics.median(values) if values else None


def spread(values):
    return (max(values) - min(values)) if len(values) >= 2 else None


def fmt_rate(x):
    return "-" if x is None else "{:,.0f}".format(x)


def fmt_loss(x):
    return "-" if x is None else "%.4e" % x


def fmt_metric(metric, x):
    if metric.endswith("accuracy"):
        return "-" if x is None else "%.4f" % x
    if metric == "mean_return":
        return "-" if x is None else "%.2f" % x
    return fmt_loss(x)


def fmt_s(x):
    return "-" if x is None else "%.3f" % x


# ----------------------------------------------------------------------------
# The machine, the versions, the BLAS
# ----------------------------------------------------------------------------

def busy_processes():
    """(pid, name) of compiler builds running now, other than ours."""
    found = []
    for pid in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        name = read_text("/proc/%s/comm" % pid).strip()
        if name in BUSY_NAMES:
            found.append((int(pid), name))
        elif name.startswith("python"):  # lit and other test runners run as python
            argv = read_text("/proc/%s/cmdline" % pid).split("\0")[:3]
            if any(os.path.basename(a) in BUSY_NAMES for a in argv[1:]):
                found.append((int(pid), "python:" + os.path.basename(argv[1])))
    return found


def builds_now():
    return sorted("%s[%d]" % (n, pid) for pid, n in busy_processes())


def wait_idle(ctx):
    """With --wait-idle S, waits up to S seconds for running builds to end
    (checked every 5 s, and idle again 5 s later); returns the seconds waited."""
    limit = ctx.args.wait_idle
    start = time.time()
    if limit <= 0:
        return 0.0
    announced = False
    while time.time() - start < limit:
        if not busy_processes():
            time.sleep(5)
            if not busy_processes():
                break
        elif not announced:
            log("    waiting (up to %d s) for builds to end: %s" % (limit, ", ".join(builds_now())))
            announced = True
        time.sleep(5)
    return time.time() - start


def snapshot_compiler(ctx):
    """Copies mdlc and its runtime libraries into the work folder, so that every
    repeat uses the same compiler while others rebuild build/ on this shared
    machine. Waits up to --wait-idle seconds for a usable mdlc. Returns a dict
    for the report."""
    info = {"path": ctx.mdlc, "snapshot": False}
    deadline = time.time() + max(ctx.args.wait_idle, 0)
    snap = os.path.join(ctx.work, "mdlc-snapshot")
    while True:
        if os.path.isfile(ctx.mdlc):
            os.makedirs(snap, exist_ok=True)
            copy = os.path.join(snap, "mdlc")
            try:
                shutil.copy2(ctx.mdlc, copy)
                rc, out, _, _ = run_cmd([copy, "--version"], timeout=60)
            except OSError:
                rc = None
            if rc == 0:
                info["binary_mtime"] = datetime.datetime.fromtimestamp(
                    os.path.getmtime(ctx.mdlc), datetime.timezone.utc).isoformat(timespec="seconds")
                info["version"] = out.strip().splitlines()[0].strip() if out.strip() else None
                break
        if time.time() >= deadline:
            return info  # the rows will say what is wrong
        log("waiting for a usable %s ..." % ctx.mdlc)
        time.sleep(10)
    runtime = (ctx.args.runtime_dir or os.environ.get("MDLC_RUNTIME_DIR")
               or os.path.join(os.path.dirname(os.path.dirname(ctx.mdlc)), "runtime"))
    libs = ("libmdlrt.a", "libmdlrt_main.a")
    if all(os.path.isfile(os.path.join(runtime, l)) for l in libs):
        os.makedirs(os.path.join(snap, "runtime"), exist_ok=True)
        for l in libs:
            shutil.copy2(os.path.join(runtime, l), os.path.join(snap, "runtime", l))
        ctx.env["MDLC_RUNTIME_DIR"] = os.path.join(snap, "runtime")
        info["runtime_dir"] = runtime
    ctx.mdlc = os.path.join(snap, "mdlc")
    info["snapshot"] = True
    return info


def loadavg():
    parts = read_text("/proc/loadavg").split()
    return [float(p) for p in parts[:3]] if len(parts) >= 3 else None


def machine_info():
    cpuinfo = read_text("/proc/cpuinfo")
    model = re.search(r"^model name\s*:\s*(.*)$", cpuinfo, re.M)
    flags = re.search(r"^flags\s*:\s*(.*)$", cpuinfo, re.M)
    flag_set = set(flags.group(1).split()) if flags else set()
    mem = re.search(r"^MemTotal:\s*(\d+) kB", read_text("/proc/meminfo"), re.M)
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = os.cpu_count()
    return {
        "cpu_model": model.group(1).strip() if model else platform.processor(),
        "logical_cpus": os.cpu_count(),
        "cpus_available": affinity,
        "virtual_machine": "hypervisor" in flag_set,
        "simd": [f for f in ("avx2", "fma", "avx512f") if f in flag_set],
        "memory_gib": round(int(mem.group(1)) / 2**20, 1) if mem else None,
        "kernel": platform.release(),
        "os": read_os_name(),
    }


def read_os_name():
    m = re.search(r'^PRETTY_NAME="?([^"\n]*)"?', read_text("/etc/os-release"), re.M)
    return m.group(1) if m else platform.platform()


def git_info():
    rc, out, _, _ = run_cmd(["git", "-C", REPO, "rev-parse", "HEAD"], timeout=30)
    commit = out.strip() if rc == 0 else None
    rc, out, _, _ = run_cmd(["git", "-C", REPO, "status", "--porcelain", "--",
                             "compiler", "dialects", "runtime", "stdlib_models"],
                            timeout=30)
    return {"commit": commit,
            "compiler_sources_modified": bool(out.strip()) if rc == 0 else None}


def dpkg_version(package):
    if not shutil.which("dpkg-query"):
        return None
    rc, out, _, _ = run_cmd(["dpkg-query", "-W", "-f=${Version}", package], timeout=30)
    return out.strip() if rc == 0 and out.strip() else None


def describe_blas(loaded, blas_info):
    """Names the BLAS from the libraries PyTorch's process had mapped."""
    for path in loaded:
        base = os.path.basename(path).lower()
        if "openblas" in base:
            m = re.search(r"r(\d+\.\d+\.\d+)", base)
            variant = "pthread" if "openblas-pthread" in path or "openblasp" in base else (
                "openmp" if "openmp" in path or "openblaso" in base else "serial")
            return "OpenBLAS %s (%s) via %s" % (m.group(1) if m else "?", variant, path)
        if "mkl" in base:
            return "Intel MKL via " + path
        if "blis" in base:
            return "BLIS via " + path
        if "atlas" in path:
            return "ATLAS via " + path
    for path in loaded:
        if os.path.basename(path).startswith("libblas.so"):
            real = os.path.realpath(path)
            if "/blas/" in real:
                return "reference BLAS (netlib, unoptimised) via " + real
            return "libblas.so.3 -> " + real
    return "unknown (BLAS_INFO=%s)" % (blas_info or "?")


# ----------------------------------------------------------------------------
# Finding the interpreters that have PyTorch and JAX
# ----------------------------------------------------------------------------

def find_python(modules, preferred, explicit):
    """The first interpreter that can import every module, or None."""
    if explicit:
        candidates = [explicit]
    else:
        candidates = []
        for c in preferred + [sys.executable]:
            if c and os.path.exists(c) and c not in candidates:
                candidates.append(c)
    code = "; ".join("import " + m for m in modules)
    for c in candidates:
        rc, _, _, _ = run_cmd([c, "-c", code], timeout=300)
        if rc == 0:
            return c
    return None


# ----------------------------------------------------------------------------
# Implementations: one row of a workload's table
# ----------------------------------------------------------------------------

class Impl:
    """One implementation of a workload. run(repeat, seed) returns a result
    dict (samples_per_s, final_loss, ...) or raises RunFailed."""
    key = ""
    label = ""
    threads = None

    def available(self, ctx):
        """None when it can run, else the reason it cannot."""
        return None

    def run(self, ctx, repeat, seed):
        raise NotImplementedError


class RunFailed(Exception):
    pass


class MdlcSupervised(Impl):
    """Compiles a stdlib .mdl program with mdlc and runs `NAME train`."""

    def __init__(self, spec):
        self.spec = spec
        self.key = "mdlc"
        self.label = "mdlc"
        # The generated code is single-threaded; the runtime's matmul kernel
        # runs on MDLRT_NUM_THREADS threads (child_env sets it to --threads).
        self.threads = None
        self.source = read_text(os.path.join(REPO, spec["model"]))

    def available(self, ctx):
        if not os.path.isfile(ctx.mdlc) or not os.access(ctx.mdlc, os.X_OK):
            return "mdlc not built (%s missing; build the compiler first)" % ctx.mdlc
        if not self.source:
            return "model %s missing" % self.spec["model"]
        return None

    def program_text(self, seed):
        """The model's source with the data set's seed set to `seed` (the
        shipped file itself when seed is its own)."""
        pattern = self.spec.get("data_seed_pattern")
        if not pattern:
            return self.source, False
        text, n = re.subn(pattern, lambda m: m.group(1) + str(seed), self.source, count=1)
        return text, n == 1

    def run(self, ctx, repeat, seed):
        self.threads = ctx.args.threads
        work = os.path.join(ctx.work, "%s-mdlc-r%d" % (self.spec["id"], repeat))
        os.makedirs(work, exist_ok=True)
        text, data_seeded = self.program_text(seed)
        src = os.path.join(work, os.path.basename(self.spec["model"]))
        with open(src, "w") as f:
            f.write(text)
        exe = os.path.join(work, self.spec["program"])
        rc, out, err, compile_s = run_cmd([ctx.mdlc, src, "-o", exe], cwd=work,
                                          env=ctx.env, timeout=ctx.args.timeout)
        if rc != 0:
            raise RunFailed("mdlc failed to compile: " + tail(err or out))
        jsonl = os.path.join(work, "train.jsonl")
        cmd = [exe, "train", "--quiet", "--log", jsonl, "--seed", str(seed)]
        rc, out, err, process_s = run_cmd(cmd, cwd=work, env=ctx.env,
                                          timeout=ctx.args.timeout)
        if rc != 0:
            raise RunFailed("%s train exited %s: %s" % (self.spec["program"], rc, tail(err or out)))
        end, epochs, evals = None, [], []
        for line in read_text(jsonl).splitlines():
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            if rec.get("event") == "end":
                end = rec
            elif rec.get("event") == "epoch":
                epochs.append(rec)
            elif rec.get("event") == "eval":
                evals.append(rec)
        if not end:
            raise RunFailed("no {\"event\":\"end\"} record in " + jsonl)
        samples = end["steps"] * self.spec["batch"]
        if self.spec["metric"] == "test_accuracy" and not evals:
            raise RunFailed("no {\"event\":\"eval\"} record in " + jsonl)
        return {
            "test_accuracy": evals[-1]["accuracy"] if evals else None,
            "seed": seed,
            "data_seed_varied": data_seeded,
            "steps": end["steps"],
            "samples": samples,
            "train_s": end["wall_s"],
            "samples_per_s": samples / end["wall_s"],
            "epoch_samples_per_s": [e.get("samples_per_s") for e in epochs],
            "final_loss": end["final_loss"],
            "epoch_losses": [e.get("loss") for e in epochs],
            "compile_s": compile_s,
            "process_s": process_s,
            "threads": self.threads,
        }


class MdlcAgent(MdlcSupervised):
    """Compiles a q_learning .mdl program (W4) and runs `NAME train`, then a
    greedy `NAME eval` of the weights it saved. The rate is environment
    steps/s from the program's own clock (its end record: from
    mdlrt_rl_begin to the last step); the metric is the mean return of the
    last 20 training episodes (the end record's mean_return)."""

    def run(self, ctx, repeat, seed):
        self.threads = ctx.args.threads
        work = os.path.join(ctx.work, "%s-mdlc-r%d" % (self.spec["id"], repeat))
        os.makedirs(work, exist_ok=True)
        src = os.path.join(work, os.path.basename(self.spec["model"]))
        with open(src, "w") as f:
            f.write(self.source)
        exe = os.path.join(work, self.spec["program"])
        rc, out, err, compile_s = run_cmd([ctx.mdlc, src, "-o", exe], cwd=work,
                                          env=ctx.env, timeout=ctx.args.timeout)
        if rc != 0:
            raise RunFailed("mdlc cannot compile %s (yet?): %s"
                            % (self.spec["model"], tail(err or out)))
        jsonl = os.path.join(work, "train.jsonl")
        weights = os.path.join(work, "agent.safetensors")
        cmd = [exe, "train", "--quiet", "--log", jsonl, "--seed", str(seed),
               "--save", weights]
        if ctx.args.agent_steps:
            cmd += ["--steps", str(ctx.args.agent_steps)]
        rc, out, err, process_s = run_cmd(cmd, cwd=work, env=ctx.env,
                                          timeout=ctx.args.timeout)
        if rc != 0:
            raise RunFailed("%s train %s: %s" % (self.spec["program"], exit_reason(rc),
                                                 tail(err or out) or "no output"))
        end, returns = None, []
        for line in read_text(jsonl).splitlines():
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            if rec.get("event") == "end":
                end = rec
            elif rec.get("event") == "episode":
                returns.append(rec.get("return"))
        if not end or end.get("mean_return") is None:
            raise RunFailed("no {\"event\":\"end\"} record with a mean return in " + jsonl)
        rc, out, err, _ = run_cmd([exe, "eval", "--weights", weights, "--quiet"], cwd=work,
                                  env=ctx.env, timeout=ctx.args.timeout)
        result = last_json_line(out) if rc == 0 else None
        if not result or "mean_return" not in result:
            raise RunFailed("%s eval %s: %s" % (self.spec["program"], exit_reason(rc),
                                                tail(err or out) or "no output"))
        return {
            "seed": seed,
            "steps": end["steps"],
            "episodes": end["episodes"],
            "train_s": end["wall_s"],
            "env_steps_per_s": end["steps"] / end["wall_s"],
            "mean_return": end["mean_return"],
            "final_loss": end.get("final_loss"),
            "eval_mean_return": result["mean_return"],
            "eval_episodes": result.get("episodes"),
            "episode_returns": returns,
            "compile_s": compile_s,
            "process_s": process_s,
            "threads": self.threads,
        }


class Reference(Impl):
    """A bench/reference/ script run under the interpreter that has its framework."""

    def __init__(self, key, label, script, framework, args=(), threads=2,
                 takes_steps=False):
        self.key = key
        self.label = label
        self.script = os.path.join(REFERENCE, script)
        self.framework = framework
        self.args = list(args)
        self.threads = threads
        # An agent's script takes --steps (the harness's --agent-steps).
        self.takes_steps = takes_steps

    def available(self, ctx):
        if not ctx.python.get(self.framework):
            return "not installed (%s; run bench/setup.sh)" % self.framework
        return None

    def run(self, ctx, repeat, seed):
        cmd = [ctx.python[self.framework], self.script, "--seed", str(seed),
               "--threads", str(ctx.args.threads)] + self.args
        if self.takes_steps and ctx.args.agent_steps:
            cmd += ["--steps", str(ctx.args.agent_steps)]
        rc, out, err, process_s = run_cmd(cmd, cwd=REPO, env=ctx.env,
                                          timeout=ctx.args.timeout)
        rec = last_json_line(out) if rc == 0 else None
        if rec is None:
            raise RunFailed("%s exited %s: %s" % (os.path.basename(self.script), rc,
                                                  tail(err or out)))
        rec["process_s"] = process_s
        return rec


# ----------------------------------------------------------------------------
# Workloads
# ----------------------------------------------------------------------------

class SupervisedWorkload:
    """A WORKLOADS.md training workload: mdlc against the references, each
    repeat with seed base+r for every implementation (data and init), so the
    spread over repeats is the seed-to-seed spread the losses are judged by.
    An agent's workload (W4, spec "agent") has the same table, with
    environment steps/s as the rate."""

    def __init__(self, spec, references):
        self.spec = spec
        self.id = spec["id"]
        self.title = spec["title"]
        mdlc = MdlcAgent(spec) if spec.get("agent") else MdlcSupervised(spec)
        self.impls = [mdlc] + references

    def run(self, ctx):
        base = ctx.args.seed if ctx.args.seed is not None else self.spec.get("default_seed", 7)
        seeds = [base + r for r in range(ctx.args.repeats)]
        rows = []
        for impl in self.impls:
            why = impl.available(ctx)
            rows.append({"impl": impl.key, "label": impl.label, "threads": impl.threads,
                         "status": "ok" if why is None else why, "runs": []})
        for r, seed in enumerate(seeds):
            for impl, row in zip(self.impls, rows):
                if row["status"] != "ok":
                    continue
                log("  %s repeat %d/%d (seed %d): %s ..." % (self.id, r + 1, len(seeds),
                                                          seed, impl.label))
                waited = wait_idle(ctx)
                before = builds_now()
                try:
                    rec = impl.run(ctx, r, seed)
                    rec["waited_for_idle_s"] = waited
                    rec["builds_running"] = sorted(set(before + builds_now()))
                    row["runs"].append(rec)
                except RunFailed as e:
                    row["status"] = "failed: %s" % e
                    log("    " + row["status"])
        rate = self.spec.get("rate", "samples_per_s")
        for row in rows:
            summarise(row, self.spec["metric"], rate)
        result = {"id": self.id, "title": self.title, "description": self.spec["description"],
                  "seeds": seeds, "repeats": len(seeds), "metric": self.spec["metric"],
                  "rate": rate, "rows": rows,
                  "seeded": self.spec.get("seeded", "data and initialisation")}
        compare(result)
        return result


def summarise(row, metric, rate="samples_per_s"):
    runs = row["runs"]
    if row["status"] != "ok" or not runs:
        return
    rates = [r[rate] for r in runs]
    values = [r[metric] for r in runs]
    row[rate] = median(rates)
    row[rate + "_min"] = min(rates)
    row[rate + "_max"] = max(rates)
    row["train_s"] = median([r["train_s"] for r in runs])
    row[metric] = median(values)
    row[metric + "_min"] = min(values)
    row[metric + "_max"] = max(values)
    row[metric + "_spread"] = spread(values)
    if "compile_s" in runs[0]:
        row["compile_s"] = median([r["compile_s"] for r in runs])
    if "eval_mean_return" in runs[0]:
        row["eval_mean_return"] = median([r["eval_mean_return"] for r in runs])
    first = runs[0]
    for r in runs[1:]:  # the full build configuration once is enough
        r.pop("torch_config", None)
        r.pop("parallel_info", None)
    for key in ("versions", "blas", "backend", "xla_flags"):
        if key in first:
            row[key] = first[key]
    if "threads" in first:
        row["threads"] = first["threads"]
    if row["impl"] == "pytorch" and "blas" in first:
        row["blas"]["described"] = describe_blas(first["blas"].get("loaded", []),
                                                 first["blas"].get("torch_blas_info"))
    row["runs_with_builds_running"] = sum(1 for r in runs if r.get("builds_running"))
    checks = {r.get("data_checksum") for r in runs}
    if None not in checks:
        row["data_checksums"] = [r["data_checksum"] for r in runs]


def compare(result):
    """Ratios mdlc / reference and the agreement of the metric.

    The metric agrees when |median_mdlc - median_ref| <= spread_mdlc +
    spread_ref, the spreads being max - min over the repeats (different seeds,
    so they are the seed-to-seed spread). The difference of two noisy values
    varies with both, hence the sum; with equal distributions and 3 repeats
    this flags a false disagreement about 1 time in 75."""
    metric = result["metric"]
    rate = result.get("rate", "samples_per_s")
    rows = {r["impl"]: r for r in result["rows"]}
    mdlc = rows.get("mdlc")
    result["comparisons"] = {}
    if not mdlc or rate not in mdlc:
        return
    for key, row in rows.items():
        if key == "mdlc" or rate not in row:
            continue
        comp = {"ratio_mdlc_over_ref": mdlc[rate] / row[rate]}
        n = min(len(mdlc["runs"]), len(row["runs"]))
        comp["ratios_per_repeat"] = [mdlc["runs"][i][rate] / row["runs"][i][rate]
                                     for i in range(n)]
        diff = abs(mdlc[metric] - row[metric])
        comp["metric_difference"] = diff
        if mdlc[metric + "_spread"] is None or row[metric + "_spread"] is None:
            comp["metric_tolerance"] = None
            comp["metric_agrees"] = None
        else:
            tol = mdlc[metric + "_spread"] + row[metric + "_spread"]
            comp["metric_tolerance"] = tol
            comp["metric_agrees"] = diff <= tol
        result["comparisons"][key] = comp


def print_supervised(result):
    metric = result["metric"]
    rate = result.get("rate", "samples_per_s")
    rate_label = "env steps/s" if rate == "env_steps_per_s" else "samples/s"
    rows = result["rows"]
    comps = result.get("comparisons", {})
    print()
    print("%s: %s" % (result["id"].upper(), result["title"]))
    print("  %s" % result["description"])
    print("  %d repeat(s), seeds %s (%s), run round-robin; medians"
          % (result["repeats"], ", ".join(str(s) for s in result["seeds"]),
             result.get("seeded", "data and initialisation")))
    head = "  %-24s %7s %14s %12s %10s  %-40s %s" % (
        "implementation", "threads", rate_label, "mdlc/this", "train s",
        "%s median [min .. max]" % metric, "agrees with mdlc's?")
    print(head)
    print("  " + "-" * (len(head) - 2))
    for row in rows:
        if row["status"] != "ok" or rate not in row:
            print("  %-24s %s" % (row["label"], row["status"]))
            continue
        comp = comps.get(row["impl"])
        if row["impl"] == "mdlc":
            ratio = "1.00"
        else:
            ratio = "%.2f" % comp["ratio_mdlc_over_ref"] if comp else "-"
        value = "%s [%s .. %s]" % (fmt_metric(metric, row[metric]),
                                   fmt_metric(metric, row[metric + "_min"]),
                                   fmt_metric(metric, row[metric + "_max"]))
        if row["impl"] == "mdlc" or not comp:
            verdict = "-"
        elif comp["metric_agrees"] is None:
            verdict = "n/a (needs >= 2 repeats)"
        else:
            verdict = "%s (|diff| %.2g, spread %.2g)" % (
                "yes" if comp["metric_agrees"] else "NO", comp["metric_difference"],
                comp["metric_tolerance"])
        print("  %-24s %7s %14s %12s %10s  %-40s %s" % (
            row["label"], row["threads"], fmt_rate(row[rate]), ratio,
            fmt_s(row["train_s"]), value, verdict))
    print("  (mdlc/this: mdlc's %s over this row's; above 1 means mdlc is faster)" % rate_label)
    disturbed = sum(r.get("runs_with_builds_running", 0) for r in rows)
    total = sum(len(r["runs"]) for r in rows)
    if disturbed:
        print("  %d of %d runs ended while a build was running (see the JSON)" % (disturbed, total))
    mdlc = rows[0]
    if mdlc["status"] != "ok":
        print("  no ratios: mdlc did not run (%s)" % mdlc["status"])
    if "compile_s" in mdlc:
        print("  mdlc compile time of this model (C0): %.3f s median" % mdlc["compile_s"])
    if "eval_mean_return" in mdlc:
        print("  mdlc greedy eval of the trained agent (20 episodes): mean return %s per repeat"
              % ", ".join("%.1f" % r["eval_mean_return"] for r in mdlc["runs"]))
    for key, comp in comps.items():
        label = next(r["label"] for r in rows if r["impl"] == key)
        q = comp["ratio_mdlc_over_ref"]
        print("  mdlc / %s = %.2f  (%s)" % (label, q, "mdlc faster" if q > 1 else "mdlc slower"))
    failed = [k for k, c in comps.items() if c["metric_agrees"] is False]
    if "pytorch" in failed:
        print("  FAILED RUN: mdlc's %s is off PyTorch's by more than the run-to-run spread"
              % metric)


# ---- C0: compile time of every stdlib model --------------------------------

class CompileWorkload:
    id = "c0"
    title = "compile: mdlc wall time from .mdl to executable, each stdlib model"

    def run(self, ctx):
        models = sorted(f for f in os.listdir(os.path.join(REPO, "stdlib_models"))
                        if f.endswith(".mdl"))
        rows = []
        for name in models:
            row = {"model": "stdlib_models/" + name, "runs": [], "status": "ok"}
            if not os.access(ctx.mdlc, os.X_OK):
                row["status"] = "mdlc not built (%s missing)" % ctx.mdlc
                rows.append(row)
                continue
            for r in range(ctx.args.repeats):
                work = os.path.join(ctx.work, "c0-%s-r%d" % (name[:-4], r))
                os.makedirs(work, exist_ok=True)
                exe = os.path.join(work, name[:-4])
                log("  c0 repeat %d/%d: %s ..." % (r + 1, ctx.args.repeats, name))
                wait_idle(ctx)
                before = builds_now()
                rc, out, err, secs = run_cmd([ctx.mdlc, os.path.join(REPO, "stdlib_models", name),
                                              "-o", exe], cwd=work, env=ctx.env,
                                             timeout=ctx.args.timeout)
                if rc != 0:
                    row["status"] = "does not compile: " + tail(err or out, 1)
                    break
                row["runs"].append({"compile_s": secs, "exe_bytes": os.path.getsize(exe),
                                    "builds_running": sorted(set(before + builds_now()))})
            if row["status"] == "ok":
                times = [r["compile_s"] for r in row["runs"]]
                row.update(compile_s=median(times), compile_s_min=min(times),
                           compile_s_max=max(times), exe_bytes=row["runs"][0]["exe_bytes"])
            rows.append(row)
        return {"id": self.id, "title": self.title, "repeats": ctx.args.repeats, "rows": rows}


def print_compile(result):
    print()
    print("C0: %s" % result["title"])
    print("  %d repeat(s); medians" % result["repeats"])
    print("  %-40s %10s %20s %12s" % ("model", "seconds", "[min .. max]", "exe bytes"))
    for row in result["rows"]:
        if row["status"] != "ok":
            print("  %-40s %s" % (row["model"], row["status"]))
        else:
            print("  %-40s %10.3f %20s %12s" % (
                row["model"], row["compile_s"],
                "[%.3f .. %.3f]" % (row["compile_s_min"], row["compile_s_max"]),
                "{:,}".format(row["exe_bytes"])))


# ---- Not yet in the harness ------------------------------------------------

class PlannedWorkload:
    def __init__(self, wid, title, why):
        self.id, self.title, self.why = wid, title, why

    def run(self, ctx):
        return {"id": self.id, "title": self.title, "status": "not in the harness yet: " + self.why}


def print_planned(result):
    print()
    print("%s: %s\n  %s" % (result["id"].upper(), result["title"], result["status"]))


W1_SPEC = {
    "id": "w1",
    "title": "linreg",
    "description": ("Linear(64 -> 1), 65,536 samples x ~ N(0,1), y = x.w + 0.5 + 0.01 N(0,1); "
                    "batch 256, SGD lr 0.01, MSE, 10 epochs (2,560 steps), in order, no shuffling"),
    "model": "stdlib_models/linear_regression.mdl",
    "program": "linreg",
    "batch": 256,
    "metric": "final_loss",
    # The data set's seed in the .mdl source; repeat r compiles it with seed base+r.
    "data_seed_pattern": r"(synthetic_linear\([^)]*\bseed:\s*)(\d+)",
}


W2_SPEC = {
    "id": "w2",
    "title": "mlp",
    "description": ("MLP 784-256-128-10, ReLU, Fashion-MNIST, batch 128, Adam 1e-3, "
                    "cross-entropy, 1 epoch (468 steps), shuffled; timed: the epoch and "
                    "the test-set evaluation at its end"),
    "model": "stdlib_models/mlp_fashion.mdl",
    "program": "mlp",
    "batch": 128,
    "metric": "test_accuracy",
}


W3_SPEC = {
    "id": "w3",
    "title": "cnn",
    "description": ("Conv2d(1->32, 3x3) -> ReLU -> flatten (21,632) -> Linear 128 -> ReLU -> "
                    "Linear 10, Fashion-MNIST, batch 64, Adam 1e-3, 1 epoch (937 steps), "
                    "shuffled; timed: the epoch and the test-set evaluation at its end "
                    "(mdlc's also writes the .mdl's end-of-epoch checkpoint)"),
    "model": "stdlib_models/convnet_fashion.mdl",
    "program": "cnn",
    "batch": 64,
    "metric": "test_accuracy",
}


W4_SPEC = {
    "id": "w4",
    "title": "dqn (CartPole)",
    "description": ("DQN on CartPole (LANGUAGE.md 3): Q-net 4-64-64-2, Adam 1e-3, gamma 0.99, "
                    "replay 10k, batch 64, eps 1.0 -> 0.05 over 10k steps, warm-up 1,000, "
                    "target sync 500, Huber TD loss, bootstrap on truncation only, 50,000 "
                    "env steps; metric: mean return of the last 20 training episodes"),
    "model": "stdlib_models/dqn_cartpole.mdl",
    "program": "dqn",
    "agent": True,
    "rate": "env_steps_per_s",
    "metric": "mean_return",
    "default_seed": 0,  # the .mdl's own
    "seeded": "initialisation, exploration, replay sampling, episodes",
}


def make_workloads():
    return {
        "w1": SupervisedWorkload(W1_SPEC, [
            Reference("pytorch", "PyTorch", "w1_linreg_torch.py", "torch"),
            Reference("jax", "JAX (jit step)", "w1_linreg_jax.py", "jax", ["--variant", "loop"]),
            Reference("jax-scan", "JAX (lax.scan epoch)", "w1_linreg_jax.py", "jax",
                      ["--variant", "scan"]),
        ]),
        "w2": SupervisedWorkload(W2_SPEC, [
            Reference("pytorch", "PyTorch", "w2_mlp_torch.py", "torch"),
            Reference("jax", "JAX (jit step)", "w2_mlp_jax.py", "jax", ["--variant", "loop"]),
            Reference("jax-scan", "JAX (lax.scan epoch)", "w2_mlp_jax.py", "jax",
                      ["--variant", "scan"]),
        ]),
        "w3": SupervisedWorkload(W3_SPEC, [
            Reference("pytorch", "PyTorch", "w3_cnn_torch.py", "torch"),
        ]),
        "w4": SupervisedWorkload(W4_SPEC, [
            Reference("pytorch", "PyTorch", "w4_dqn_torch.py", "torch", takes_steps=True),
            # The Q-net is tiny: a second intra-op thread buys PyTorch nothing
            # and, on a shared machine, costs it up to 10x in spin-waits.
            Reference("pytorch-1t", "PyTorch, 1 thread", "w4_dqn_torch.py", "torch",
                      ["--threads", "1"], threads=1, takes_steps=True),
        ]),
        "w5": PlannedWorkload("w5", "ddp (W3 over 2 processes)", "mdlc cannot compile it yet"),
        "p0": PlannedWorkload("p0", "gemm (float32 2048^2, 4096^2)", "no mdlc matmul program yet"),
        "c0": CompileWorkload(),
    }


# ----------------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------------

class Context:
    pass


def child_env(threads):
    env = dict(os.environ)
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                 "MDLRT_NUM_THREADS"):
        env[name] = str(threads)
    flags = env.get("XLA_FLAGS", "")
    if "xla_cpu_multi_thread_eigen" not in flags:
        env["XLA_FLAGS"] = (flags + " --xla_cpu_multi_thread_eigen=true").strip()
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def main():
    workloads = make_workloads()
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--workloads", default="w1,c0",
                   help="comma-separated ids: %s (default w1,c0)" % ",".join(workloads))
    p.add_argument("--repeats", type=int, default=3, help="runs per implementation (default 3)")
    p.add_argument("--out", default=os.path.join(BENCH, "results", "latest.json"),
                   help="JSON output file (default bench/results/latest.json)")
    p.add_argument("--seed", type=int, default=None,
                   help="seed of repeat 1; repeat r uses seed+r-1 (default: the .mdl's own, "
                   "7 for W1-W3, 0 for W4)")
    p.add_argument("--agent-steps", type=int, default=None, metavar="N",
                   help="W4: environment steps of every run (default: the workload's 50,000)")
    p.add_argument("--threads", type=int, default=2, help="threads for the references (default 2)")
    p.add_argument("--mdlc", default=os.path.join(REPO, "build", "bin", "mdlc"),
                   help="the compiler (default build/bin/mdlc); copied, with its runtime "
                   "libraries, into the work folder at the start")
    p.add_argument("--runtime-dir", help="folder of libmdlrt.a and libmdlrt_main.a (default: "
                   "$MDLC_RUNTIME_DIR, then the runtime/ folder beside the compiler's bin/)")
    p.add_argument("--torch-python", help="interpreter with torch (default: first of "
                   "/usr/bin/python3, bench/.venv/bin/python, this one that imports it)")
    p.add_argument("--jax-python", help="interpreter with jax (default: first of "
                   "bench/.venv/bin/python, /usr/bin/python3, this one that imports it)")
    p.add_argument("--keep", metavar="DIR", help="build and run in DIR and keep it")
    p.add_argument("--timeout", type=int, default=900, help="seconds per child process")
    p.add_argument("--wait-idle", type=int, default=0, metavar="S",
                   help="before each run, wait up to S seconds until no build runs (default 0)")
    args = p.parse_args()

    ids = [w.strip().lower() for w in args.workloads.split(",") if w.strip()]
    unknown = [w for w in ids if w not in workloads]
    if unknown:
        p.error("unknown workload(s) %s; known: %s" % (", ".join(unknown), ", ".join(workloads)))
    if args.repeats < 1:
        p.error("--repeats must be at least 1")
    if args.agent_steps is not None and args.agent_steps < 1:
        p.error("--agent-steps must be positive")

    ctx = Context()
    ctx.args = args
    ctx.mdlc = os.path.abspath(args.mdlc)
    ctx.env = child_env(args.threads)
    if args.keep:
        ctx.work = os.path.abspath(args.keep)
        os.makedirs(ctx.work, exist_ok=True)
    else:
        ctx.work = tempfile.mkdtemp(prefix="mdlc-bench-")

    busy = busy_processes()
    load = loadavg()
    if load and load[0] > 0.5:
        log("warning: load average %.2f at start: the machine is not idle" % load[0])
    if busy:
        log("warning: a build is running (%s); the numbers will be disturbed"
            % ", ".join("%s[%d]" % (n, pid) for pid, n in busy[:6]))
    needs_refs = any(isinstance(workloads[w], SupervisedWorkload) for w in ids)
    ctx.python = {}
    if needs_refs:
        log("looking for the interpreters with torch and jax ...")
        ctx.python["torch"] = find_python(["torch", "numpy"], [SYSTEM_PYTHON, VENV_PYTHON],
                                          args.torch_python)
        ctx.python["jax"] = find_python(["jax", "numpy"], [VENV_PYTHON, SYSTEM_PYTHON],
                                        args.jax_python)
        for fw, py in ctx.python.items():
            log("  %s: %s" % (fw, py or "not installed"))

    compiler = snapshot_compiler(ctx)
    report = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "load_average_before": loadavg(),
        "builds_running_at_start": ["%s[%d]" % (n, pid) for pid, n in busy],
        "threads_requested": args.threads,
        "repo": git_info(),
        "versions": {
            "python_harness": platform.python_version(),
            "mdlc": compiler.get("version"),
            "python3-torch (Debian)": dpkg_version("python3-torch"),
        },
        "compiler": compiler,
        "interpreters": ctx.python,
        "workloads": {},
    }
    started = time.perf_counter()
    for wid in ids:
        log("%s ..." % wid)
        try:
            report["workloads"][wid] = workloads[wid].run(ctx)
        except Exception as e:  # one broken workload must not lose the others
            report["workloads"][wid] = {"id": wid, "title": getattr(workloads[wid], "title", wid),
                                        "status": "harness error: %s: %s" % (type(e).__name__, e)}
    report["harness_seconds"] = time.perf_counter() - started
    report["load_average_after"] = loadavg()
    report["builds_running_at_end"] = ["%s[%d]" % (n, pid) for pid, n in busy_processes()]

    # Versions and BLAS, lifted out of the rows for the header.
    for res in report["workloads"].values():
        for row in res.get("rows", []):
            for k, v in (row.get("versions") or {}).items():
                if k != "numpy":
                    report["versions"].setdefault(k, v)
                else:
                    report["versions"]["numpy (%s)" % row["impl"]] = v
            if row.get("impl") == "pytorch" and row.get("blas"):
                report["blas_pytorch"] = row["blas"].get("described")
                report["blas_pytorch_build_info"] = row["blas"].get("torch_blas_info")

    print_header(report)
    for wid in ids:
        res = report["workloads"][wid]
        if "status" in res:  # planned, or the harness failed on it
            print_planned(res)
        elif wid == "c0":
            print_compile(res)
        else:
            print_supervised(res)

    if args.out:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, "w") as f:
            json.dump(report, f, indent=1, sort_keys=False)
            f.write("\n")
        print("\nJSON: %s" % args.out)
    if not args.keep:
        shutil.rmtree(ctx.work, ignore_errors=True)


def print_header(report):
    m = report["machine"]
    v = report["versions"]
    print("mdlc benchmark, %s" % report["date"])
    print("machine: %s, %s logical CPUs (%s available)%s, %s GiB, %s, Linux %s" % (
        m["cpu_model"], m["logical_cpus"], m["cpus_available"],
        ", virtual machine" if m["virtual_machine"] else "", m["memory_gib"], m["os"], m["kernel"]))
    print("mdlc: %s, binary built %s, repository at commit %s%s" % (
        v.get("mdlc"), report["compiler"].get("binary_mtime", "?"),
        (report["repo"]["commit"] or "?")[:12],
        " (compiler sources modified)" if report["repo"]["compiler_sources_modified"] else ""))
    libs = []
    if v.get("torch"):
        libs.append("PyTorch %s (Debian python3-torch %s)" % (v["torch"], v.get("python3-torch (Debian)")))
    if v.get("jax"):
        libs.append("JAX %s, jaxlib %s" % (v["jax"], v.get("jaxlib")))
    print("references: %s; %s threads" % ("; ".join(libs) or "none installed",
                                          report["threads_requested"]))
    if report.get("blas_pytorch"):
        print("PyTorch BLAS: %s (build BLAS_INFO=%s)" % (report["blas_pytorch"],
                                                         report.get("blas_pytorch_build_info")))
    print("load average before/after: %s / %s" % (report["load_average_before"],
                                                  report["load_average_after"]))
    busy = sorted(set(report["builds_running_at_start"] + report["builds_running_at_end"]))
    if busy:
        print("WARNING: builds were running during the run, the numbers are disturbed: %s"
              % ", ".join(busy))


if __name__ == "__main__":
    main()
