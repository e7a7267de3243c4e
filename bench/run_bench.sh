#!/usr/bin/env bash
# Runs `minnow bench --format json` over the bench set of
# ../shared/reference/tflite_timings.tsv at 1 and 2 threads and prints a table
# against TensorFlow Lite's figures (bench/report.py).
#
# usage: bench/run_bench.sh [MINNOW_BINARY]
# environment: MODELS_DIR (default ../shared/models), REFERENCE (the .tsv),
#   RESULTS_DIR (where the JSON reports go; default a temporary directory),
#   NUM_RUNS (default 20), MIN_SECS (default 1), MAX_SECS (default 20: cap per
#   model and thread count), TIMEOUT (default 300 s per minnow process),
#   THREADS (default "1 2"), FILTER (only models whose path contains it),
#   REFERENCE_RUN (default 1: also time Minnow's reference kernels at 1 thread,
#   MINNOW_KERNELS=reference, for the optimized/reference ratio of the same run;
#   0 skips it), REF_NUM_RUNS (default 3) and REF_MAX_SECS (default 10) for it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
minnow=${1:-${MINNOW:-$root/build/minnow}}
models_dir=${MODELS_DIR:-$root/../shared/models}
reference=${REFERENCE:-$root/../shared/reference/tflite_timings.tsv}
num_runs=${NUM_RUNS:-20}
min_secs=${MIN_SECS:-1}
max_secs=${MAX_SECS:-20}
timeout_s=${TIMEOUT:-300}
threads=${THREADS:-1 2}
filter=${FILTER:-}
reference_run=${REFERENCE_RUN:-1}
ref_num_runs=${REF_NUM_RUNS:-3}
ref_max_secs=${REF_MAX_SECS:-10}

[ -x "$minnow" ] || { echo "run_bench.sh: no minnow binary at $minnow (build it or pass its path)" >&2; exit 2; }
[ -f "$reference" ] || { echo "run_bench.sh: no reference timings at $reference" >&2; exit 2; }
results=${RESULTS_DIR:-$(mktemp -d /tmp/minnow-bench.XXXXXX)}
mkdir -p "$results"
echo "minnow: $minnow; results: $results" >&2

tail -n +2 "$reference" | cut -f1 | while read -r model; do
  [ -n "$model" ] || continue
  case "$model" in *"$filter"*) ;; *) continue ;; esac
  key=${model//\//__}
  path=$models_dir/$model
  if [ ! -f "$path" ]; then
    echo "skip $model: file not found at $path" | tee "$results/$key.skip" >&2
    continue
  fi
  for t in $threads; do
    echo "bench $model, $t thread(s)" >&2
    if timeout "$timeout_s" "$minnow" bench "$path" --format json --num_threads "$t" --num_runs "$num_runs" \
         --min_secs "$min_secs" --max_secs "$max_secs" >"$results/$key.${t}t.json" 2>"$results/$key.${t}t.err"; then
      rm -f "$results/$key.${t}t.err"
    else
      rc=$?
      rm -f "$results/$key.${t}t.json"
      reason=$(head -c 300 "$results/$key.${t}t.err" | head -n 1)
      [ "$rc" = 124 ] && reason="timed out after ${timeout_s}s"
      echo "skip $model: minnow cannot run it: ${reason:-exit status $rc}" | tee "$results/$key.skip" >&2
      break  # same model at more threads would fail the same way
    fi
  done
  if [ "$reference_run" = 1 ] && [ -f "$results/$key.1t.json" ]; then
    echo "bench $model, reference kernels" >&2
    MINNOW_KERNELS=reference timeout "$timeout_s" "$minnow" bench "$path" --format json --num_threads 1 \
      --warmup_runs 1 --num_runs "$ref_num_runs" --min_secs 0 --max_secs "$ref_max_secs" \
      >"$results/$key.ref.json" 2>/dev/null || rm -f "$results/$key.ref.json"
  fi
done

/usr/bin/python3 "$root/bench/report.py" "$reference" "$results"
