#!/usr/bin/env bash
# The GPU speed sweep in one go, on a fresh machine with no internet access:
#   benchmarks/gpu.sh OUT_DIR
# installs the wheels carried in .whl/ (sentencex and sacremoses are not on a bare GPU image), checks the
# imports, names the GPU, then times the NLLB-600M and opus-mt presets (random weights) in bfloat16, float16
# and float32 at batch 1, 16, 64 and 256 within 8 minutes, writing speed.json, results.md, throughput.png,
# env.txt and log.txt into OUT_DIR. Without a GPU it says so and runs a short CPU sweep instead.
# Settings: PYTHON (default python3), SUMMIX_GPU_BUDGET (seconds, default 470), SUMMIX_BENCH_MODEL (time this
# model folder instead of the presets; used by the tests).
set -uo pipefail

out=${1:?usage: benchmarks/gpu.sh OUT_DIR}
cd "$(dirname "$0")/.."
mkdir -p "$out"
out=$(cd "$out" && pwd)
python=${PYTHON:-python3}
budget=${SUMMIX_GPU_BUDGET:-470}
start=$SECONDS

say() { echo "gpu.sh: $*" | tee -a "$out/log.txt" >&2; }

# 1. Wheels: one name at a time from --find-links, so pip picks the build that matches this Python when .whl/
#    holds several (sentencex has one per Python version); nothing is fetched.
if compgen -G ".whl/*.whl" >/dev/null; then
  names=$(ls .whl/*.whl | sed 's|.*/||; s|-.*||' | sort -u | tr '\n' ' ')
  say "installing wheels from .whl/ into /tmp/site: $names"
  for name in $names; do
    "$python" -m pip install -q --no-index --no-deps --no-compile --target /tmp/site --upgrade \
      --find-links .whl "$name" >>"$out/log.txt" 2>&1 || say "could not install $name from .whl/"
  done
fi
export PYTHONPATH="$PWD/src:/tmp/site${PYTHONPATH:+:$PYTHONPATH}"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false

# 2. Imports: the required ones stop the script, the optional ones only lose a column or the plot.
if ! "$python" - >"$out/env.txt" 2>&1 <<'EOF'; then
import importlib, platform, sys
print("python", platform.python_version(), platform.platform())
missing = []
for name, required in [("torch", 1), ("transformers", 1), ("sentencepiece", 1), ("sentencex", 1),
                       ("sacrebleu", 1), ("typer", 1), ("safetensors", 1), ("huggingface_hub", 1),
                       ("psutil", 0), ("matplotlib", 0), ("rich", 0)]:
    try:
        module = importlib.import_module(name)
        print(f"{name} {getattr(module, '__version__', '?')}")
    except ImportError as exc:
        print(f"{name} MISSING ({exc})")
        if required:
            missing.append(name)
import torch
print("cuda", torch.cuda.is_available(), torch.version.cuda, torch.cuda.get_device_name() if torch.cuda.is_available() else "")
sys.exit(f"missing: {', '.join(missing)}" if missing else 0)
EOF
  cat "$out/env.txt" >&2
  say "required packages are missing (see env.txt): put their wheels in .whl/"
  exit 1
fi
cat "$out/env.txt" >&2

# 3. The GPU, or a clear word that there is none.
if "$python" -c "import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)"; then
  command -v nvidia-smi >/dev/null && nvidia-smi >>"$out/env.txt" 2>&1
  say "GPU: $("$python" -c 'import torch; print(torch.cuda.get_device_name())')"
  sweep=(--device cuda --dtype bfloat16 float16 float32 --batch 1 16 64 256 --beams 1 --new-tokens 64)
  models=(--preset opus-mt nllb-600m)
else
  say "NO GPU FOUND: torch sees no CUDA device; running a short CPU sweep instead (not GPU figures)"
  sweep=(--device cpu --dtype float32 --batch 1 16 --beams 1 --new-tokens 16 --documents 1 --iterations 2)
  models=(--preset opus-mt)
fi
if [ -n "${SUMMIX_BENCH_MODEL:-}" ]; then
  models=(--model "$SUMMIX_BENCH_MODEL")
fi

# 4. The sweep, under a hard limit: configurations not started by the soft budget are recorded as skipped,
#    and results are rewritten after every configuration, so a cut-short run still leaves what it measured.
left=$((budget - (SECONDS - start)))
say "sweep: ${models[*]} ${sweep[*]} (budget ${left}s)"
timeout --kill-after=10 "$((left > 30 ? left : 30))" \
  "$python" benchmarks/speed.py "${models[@]}" "${sweep[@]}" --backend transformers ctranslate2 \
  --time-budget "$((left > 60 ? left - 60 : 1))" --work-dir "${SUMMIX_BENCH_CACHE:-/tmp/summix-presets}" \
  --output "$out" 2>&1 | grep -v "max_length" | tee -a "$out/log.txt"
status=${PIPESTATUS[0]}
say "done in $((SECONDS - start))s (exit $status); results in $out"
exit "$status"
