#!/usr/bin/env bash
# Start an installed Tipjar (deploy/install.sh) and check it serves: /healthz, /readyz, /metrics.
#   deploy/check.sh VENV
set -euo pipefail

venv="$1"
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
port="$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
printf 'teams:\n  enabled: true\nlogging:\n  format: json\n' > "$work/app.yaml"

cd "$work"
env -i PATH=/usr/bin:/bin HOME="$work" TIPJAR_CONFIG="$work/app.yaml" TIPJAR_DATABASE_URL="sqlite:///$work/tipjar.db" \
    "$venv/bin/tipjar" serve --port "$port" >"$work/serve.log" 2>&1 &
server=$!

"$venv/bin/python" - "$port" "$work/serve.log" <<'PY'
import json, sys, time, urllib.request

port, log = sys.argv[1], sys.argv[2]
def get(path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as answer:
        return answer.status, answer.read().decode()

deadline = time.monotonic() + 60
while True:
    try:
        if get("/readyz")[0] == 200:
            break
    except OSError:
        pass
    if time.monotonic() > deadline:
        sys.exit("tipjar serve did not become ready:\n" + open(log).read())
    time.sleep(0.5)
assert get("/healthz") == (200, '{"status":"ok"}')
assert "tipjar_inbox_backlog" in get("/metrics")[1]
for line in open(log):
    json.loads(line)  # logging.format: json holds for every line, uvicorn's too
print("installed tipjar serves /healthz, /readyz and /metrics")
PY
