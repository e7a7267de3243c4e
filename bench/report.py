#!/usr/bin/python3
"""Table of `minnow bench` JSON reports against TensorFlow Lite's reference timings.

usage: report.py REFERENCE_TSV RESULTS_DIR   (standard library only)
RESULTS_DIR holds MODEL.{1,2}t.json and MODEL.ref.json (Minnow's reference
kernels, 1 thread; model path with '/' as '__') and MODEL.skip files written
by bench/run_bench.sh. After the table come the issue's acceptance counts.
"""
import json
import math
import os
import sys


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def fmt_us(v):
    if v is None:
        return "-"
    return f"{v / 1000:.2f} ms" if v >= 10000 else f"{v:.0f} us"


def fmt_bytes(v):
    if v is None:
        return "-"
    return f"{v / (1 << 20):.2f} MiB" if v >= (1 << 20) else f"{v / 1024:.1f} KiB"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    reference, results = sys.argv[1], sys.argv[2]
    with open(reference) as f:
        lines = [l.rstrip("\n").split("\t") for l in f if l.strip()]
    header, rows = lines[0], lines[1:]
    col = {name: i for i, name in enumerate(header)}

    table, ratios, skipped = [], [], []
    beats_xnn = never_slower_than_builtin = arena_ok = 0
    threads_needed = threads_ok = 0
    for row in rows:
        model = row[col["model"]]
        key = model.replace("/", "__")
        r1 = load(os.path.join(results, key + ".1t.json"))
        r2 = load(os.path.join(results, key + ".2t.json"))
        skip = os.path.join(results, key + ".skip")
        if r1 is None:
            if os.path.exists(skip):
                with open(skip) as f:
                    skipped.append(f.read().strip())
            continue
        ref = load(os.path.join(results, key + ".ref.json"))
        builtin = float(row[col["tflite_builtin_1t_us"]])
        xnn = float(row[col["tflite_xnnpack_1t_us"]])
        tflite_arena = int(row[col["tflite_arena_bytes"]])
        m1 = r1["median_us"]
        m2 = r2["median_us"] if r2 else None
        mref = ref["median_us"] if ref else None
        ratio = m1 / xnn if xnn > 0 else None
        if ratio:
            ratios.append(ratio)
            beats_xnn += ratio <= 1.0
        never_slower_than_builtin += m1 <= builtin
        arena_ok += r1["arena_bytes"] <= tflite_arena
        if m1 > 1000 and m2 is not None:
            threads_needed += 1
            threads_ok += m2 < m1
        table.append([
            model,
            fmt_us(builtin),
            fmt_us(xnn),
            fmt_us(m1),
            fmt_us(m2),
            f"{ratio:.2f}x" if ratio else "-",
            fmt_us(mref),
            f"{mref / m1:.1f}x" if mref else "-",
            fmt_bytes(tflite_arena),
            fmt_bytes(r1["arena_bytes"]),
        ])

    titles = ["model", "TFLite 1t", "XNNPACK 1t", "Minnow 1t", "Minnow 2t", "Minnow/XNN", "Minnow ref 1t",
              "ref/opt", "arena TFLite", "arena Minnow"]
    widths = [max(len(str(x)) for x in [t] + [r[i] for r in table]) for i, t in enumerate(titles)]
    print(" | ".join(t.ljust(w) for t, w in zip(titles, widths)))
    print("-|-".join("-" * w for w in widths))
    for r in table:
        print(" | ".join((c.ljust(w) if i == 0 else c.rjust(w)) for i, (c, w) in enumerate(zip(r, widths))))
    if ratios:
        geo = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        print(f"\ngeometric mean of Minnow 1t / XNNPACK 1t over {len(ratios)} models: {geo:.2f}x "
              "(below 1: Minnow faster)")
        print(f"Minnow 1t <= XNNPACK 1t: {beats_xnn} of {len(ratios)} models")
    print(f"Minnow 1t <= TFLite builtin 1t: {never_slower_than_builtin} of {len(table)} models")
    print(f"Minnow 2t < 1t on models over 1 ms: {threads_ok} of {threads_needed}")
    print(f"arena <= TFLite's (exact bytes): {arena_ok} of {len(table)} models")
    for s in skipped:
        print(s)


if __name__ == "__main__":
    main()
