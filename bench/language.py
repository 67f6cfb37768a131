#!/usr/bin/env python3
"""Language-level benchmarks: start-up and a scalar loop, nls vs CPython in one run.

usage: python3 bench/language.py [path/to/nls]   (default .build/release/nls)
Prints one JSON line per measurement and a table with ratios.
"""
import json, os, subprocess, sys, time, statistics, pty, select

NLS = sys.argv[1] if len(sys.argv) > 1 else ".build/release/nls"
PY = sys.executable


def best_of(cmd, runs=15, stdin=None):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def repl_startup(runs=10):
    """Time from launch to the first prompt of the REPL in a real pseudo-terminal."""
    times = []
    for _ in range(runs):
        pid, fd = pty.fork()
        if pid == 0:
            os.environ["NLS_HISTORY"] = "/tmp/nls_bench_history"
            os.execv(NLS, [NLS])
        t0 = time.perf_counter()
        buf = b""
        while b"nls> " not in buf:
            r, _, _ = select.select([fd], [], [], 5)
            if not r:
                break
            try:
                buf += os.read(fd, 4096)
            except OSError:
                break
        times.append(time.perf_counter() - t0)
        time.sleep(0.1)
        os.write(fd, b"\x04")
        for _ in range(20):
            if os.waitpid(pid, os.WNOHANG)[0]:
                break
            time.sleep(0.1)
        else:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        os.close(fd)
    return min(times), statistics.median(times)


LOOP_NLS = "var s = 0\nfor i in 0..<1000000 { s += i }\nprint(s)"
LOOP_PY = "s = 0\nfor i in range(1000000):\n    s += i\nprint(s)"

rows = []
nls_start = best_of([NLS, "-c", "print(1)"])
py_start = best_of([PY, "-c", "print(1)"])
rows.append(("start-up: -c 'print(1)'", nls_start, py_start))
rows.append(("REPL start-up (to first prompt)", repl_startup(), None))
nls_loop = best_of([NLS, "-c", LOOP_NLS], runs=5)
py_loop = best_of([PY, "-c", LOOP_PY], runs=5)
rows.append(("scalar loop, 1e6 iterations", nls_loop, py_loop))

print(f"{'benchmark':34} {'nls (best/median)':>22} {'CPython (best/median)':>24} {'CPython/nls':>12}")
for name, n, p in rows:
    ratio = f"{p[0] / n[0]:.2f}x" if p else "-"
    ptxt = f"{p[0]*1e3:8.1f} / {p[1]*1e3:8.1f} ms" if p else "-"
    print(f"{name:34} {n[0]*1e3:8.1f} / {n[1]*1e3:8.1f} ms {ptxt:>24} {ratio:>12}")
    print(json.dumps({"bench": name, "nls_best_s": n[0], "nls_median_s": n[1],
                      "python_best_s": p[0] if p else None, "ratio_python_over_nls": (p[0] / n[0]) if p else None}))
