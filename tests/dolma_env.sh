#!/usr/bin/env bash
# Run the Dolma tagger's test and a real `dolma tag` in an environment of their own.
#
#   bash tests/dolma_env.sh [VENV]        (default VENV: .venv-dolma; about 8 minutes the first time)
#
# dolma 1.2 pins numpy<2 and builds fastText from source, so it cannot share the test
# environment (pandas, pyspark) and is too slow to build in CI; the suite's Dolma test skips
# without it. This script makes that environment, runs the test, then tags a document with
# `dolma tag --tagger_modules junkfilter.integrations.dolma` and prints the attributes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${1:-$root/.venv-dolma}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q dolma pytest   # first alone: resolving both at once backtracks for a long time
"$venv/bin/pip" install -q -e "$root"
"$venv/bin/python" -m pytest -q -p no:cacheprovider "$root/tests/test_integrations.py" -k dolma
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/documents"
"$venv/bin/python" - "$work/documents/a.jsonl.gz" <<'PY'
import gzip, json, sys
text = ("Home\nWorld\nFerry terminal opening delayed\nThe harbour authority said on Monday that the new ferry "
        "terminal would open in May, two months later than planned.\nShare this article\n")
with gzip.open(sys.argv[1], "wt") as fh:
    fh.write(json.dumps({"id": "a", "text": text, "source": "check", "version": "v0"}) + "\n")
PY
(cd "$work" && HF_HUB_OFFLINE=1 "$venv/bin/dolma" tag --documents "$work/documents/*.jsonl.gz" --experiment exp \
    --taggers junkfilter --tagger_modules junkfilter.integrations.dolma --processes 1 > /dev/null 2>&1)
zcat "$work/attributes/exp/a.jsonl.gz"
