#!/bin/sh
# Load test of `hoso serve`: 200 concurrent clients POST the sample case to /api/render
# (one document, PDF) over loopback for 30 s. Prints requests, errors, throughput, p50/p99
# latency and the server's peak resident memory (VmHWM).
#
#   benches/web-load.sh                 # uses target/release/hoso (cargo build --release)
#   HOSO_BIN=/path/to/hoso CLIENTS=200 SECONDS_=30 DOC=KT-01 benches/web-load.sh
#   DOC= benches/web-load.sh        # the whole dossier (zip of every PDF) instead
set -eu
cd "$(dirname "$0")/.."
. benches/stamp.sh
stamp "CLIENTS=${CLIENTS:-200} SECONDS_=${SECONDS_:-30} DOC=${DOC-KT-01} $0 $*"
BIN=${HOSO_BIN:-${CARGO_TARGET_DIR:-target}/release/hoso}
CLIENTS=${CLIENTS:-200}
DURATION=${SECONDS_:-30}
DOC=${DOC-KT-01}
DIR=$(mktemp -d)
trap 'kill "$PID" 2>/dev/null || true; rm -rf "$DIR"' EXIT
"$BIN" serve --no-open --db "$DIR/load.db" --listen 127.0.0.1:0 > "$DIR/out" &
PID=$!
for _ in $(seq 1 100); do grep -q 'http://' "$DIR/out" 2>/dev/null && break; sleep 0.1; done
ADDR=$(sed -n 's|.*http://\([^/]*\)/.*|\1|p' "$DIR/out")
echo "server $BIN (pid $PID) on $ADDR; $CLIENTS clients, ${DURATION}s, doc=$DOC"
python3 - "$ADDR" "$CLIENTS" "$DURATION" "$DOC" "$PID" <<'PY'
import http.client, sys, threading, time
addr, clients, duration, doc, pid = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
host, port = addr.rsplit(":", 1)
body = open("samples/kiem-tra.json", "rb").read()
path = "/api/render?format=pdf" + (f"&doc={doc}" if doc else "")
lat, errors, lock = [], [0], threading.Lock()
peak = [0]
stop = time.monotonic() + duration

def rss():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0

def client():
    conn = http.client.HTTPConnection(host, int(port), timeout=120)
    while time.monotonic() < stop:
        t = time.monotonic()
        try:
            conn.request("POST", path, body, {"Content-Type": "application/json"})
            r = conn.getresponse(); data = r.read()
            ok = r.status == 200 and data[:4] in (b"%PDF", b"PK\x03\x04")
        except Exception:
            ok = False
            conn.close(); conn = http.client.HTTPConnection(host, int(port), timeout=120)
        with lock:
            if ok: lat.append(time.monotonic() - t)
            else: errors[0] += 1

threads = [threading.Thread(target=client) for _ in range(clients)]
start = time.monotonic()
for t in threads: t.start()
while any(t.is_alive() for t in threads):
    peak[0] = max(peak[0], rss()); time.sleep(0.5)
elapsed = time.monotonic() - start
lat.sort()
q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000 if lat else float("nan")
print(f"requests ok: {len(lat)}  errors: {errors[0]}  elapsed: {elapsed:.1f}s")
print(f"throughput: {len(lat)/elapsed:.1f} req/s  p50: {q(0.50):.0f} ms  p99: {q(0.99):.0f} ms")
print(f"server peak RSS: {max(peak[0], rss())/1024:.1f} MiB")
sys.exit(1 if errors[0] else 0)
PY
