#!/usr/bin/env bash
# Every speed measurement of the fast path, of threads under load and of realistic work, in one go, for an
# idle CPU machine (nothing else running: the figures are meant to be committed).
#
#   benchmarks/idle_run.sh                 # about 21 minutes on 2 idle cores (2026-11-29; see the README, "Benchmarks")
#   SMOKE=1 benchmarks/idle_run.sh         # tiny sizes into /tmp/summix-idle-smoke: checks every step works
#   ONLY="load e2e" benchmarks/idle_run.sh # only those steps (names as in the folders below)
#
# Each step runs under `timeout` and writes into benchmarks/results/<date>-cpu-<step>/: the script's own
# results (results.json / speed.json and results.md), its log, and run.txt with the exact command, the CPU
# flags, and the load average before and after. A step that fails or runs out of time is recorded as such
# in its run.txt and the next step starts. Presets are built (and converted) on first use into
# $SUMMIX_BENCH_CACHE (default ~/.cache/summix/idle-run-presets, so that no other run's presets change).
set -u -o pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
DATE=$(date -u +%F)
export HF_HUB_OFFLINE=1 PYTHONPATH="$PWD/src"
export SUMMIX_BENCH_CACHE=${SUMMIX_BENCH_CACHE:-$HOME/.cache/summix/idle-run-presets}
unset SUMMIX_THREADS OMP_WAIT_POLICY OMP_NUM_THREADS  # the defaults are what is measured
FLAGS=$(grep -o -w 'avx\|avx2\|avx512f\|fma' /proc/cpuinfo | sort -u | tr '\n' ' ')
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')

if [ "${SMOKE:-0}" = 1 ]; then
    RESULTS=${RESULTS:-/tmp/summix-idle-smoke}
    SWEEP=(--iterations 1 --documents 0)
    LOAD=(--lines 8 --runs 1 --timeout 300)
    AVOIDED=(--lines 16 --doc-lines 2 --runs 1)
    RAY=(--lines 48 --small 8)
else
    RESULTS=${RESULTS:-benchmarks/results}
    SWEEP=()
    LOAD=(--lines 32 --runs 2 --timeout 120)
    AVOIDED=(--lines 64 --doc-lines 8 --runs 2)
    RAY=()
fi

step() {  # step NAME SECONDS COMMAND...: run COMMAND --output DIR under a time limit, recording it
    local name=$1 limit=$2 dir
    shift 2
    if [ -n "${ONLY:-}" ] && [[ " $ONLY " != *" $name "* ]]; then
        return 0
    fi
    dir="$RESULTS/$DATE-cpu-$name"
    mkdir -p "$dir"
    {
        echo "command: $* --output $dir"
        echo "cpu: $CPU; flags: $FLAGS; $(nproc) usable cores"
        echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    } >"$dir/run.txt"
    local start=$SECONDS status=0
    timeout "$limit" "$@" --output "$dir" >"$dir/log.txt" 2>&1 || status=$?
    {
        echo "exit status: $status$([ "$status" = 124 ] && echo " (timed out after $limit s)")"
        echo "wall: $((SECONDS - start)) s"
        echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
    } >>"$dir/run.txt"
    echo "$name: exit $status in $((SECONDS - start)) s -> $dir"
}

echo "cpu: $CPU; flags: $FLAGS; load: $(cut -d' ' -f1-3 /proc/loadavg)"
# 1. The fast path by default against transformers fp32, 64-token outputs (engine ratio), twice.
for run in 1 2; do
    step "ct2-run$run" 900 "$PY" benchmarks/speed.py --preset opus-mt --device cpu --batch 16 --beams 1 \
        --backend transformers ctranslate2 ${SWEEP[@]+"${SWEEP[@]}"}
done
# 2. The same at realistic output lengths, batch 1 and 16.
step ct2-realistic 900 "$PY" benchmarks/speed.py --preset opus-mt --device cpu --batch 1 16 --beams 1 \
    --backend transformers ctranslate2 --lengths realistic ${SWEEP[@]+"${SWEEP[@]}"}
# 3. Idle and beside busy processes, per thread setting, both engines.
step load 1500 "$PY" benchmarks/load_speed.py ${LOAD[@]+"${LOAD[@]}"}
# 4. Each way of avoiding work against the same run without it.
step work-avoided 900 "$PY" benchmarks/work_avoided.py ${AVOIDED[@]+"${AVOIDED[@]}"}
# 5. NTREX en->ru (1,997 lines), realistic lengths, the fast path: local engine against Ray 2 x 1.
step ray 1500 "$PY" benchmarks/ray_speed.py --lengths realistic ${RAY[@]+"${RAY[@]}"}
# 6. The seed end to end: extractive summary, opus-mt (ru) and nllb-600m (uz) as installed defaults.
step e2e 1200 "$PY" benchmarks/speed.py --end-to-end --preset opus-mt nllb-600m --lengths realistic \
    --backend auto transformers
echo "done: $RESULTS/$DATE-cpu-*"
