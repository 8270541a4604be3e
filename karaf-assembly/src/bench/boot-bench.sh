#!/usr/bin/env bash
#
# Boot benchmark of the built distribution: cold start (fresh unpack: new store, first Karaf boot), warm
# start, stop time, RSS of the platform JVM, the store JVM and the local model host JVM once ready, archive size.
#
#   karaf-assembly/src/bench/boot-bench.sh [repetitions]      (after mvn -DskipTests package)
#
# Uses ports 18401 (SSH), 17899 (store) and 18436 (model host) so that a running Steward is not disturbed.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
archive="$(ls "$here"/target/steward-*.tar.gz | head -1)"
reps="${1:-3}"
work="$(mktemp -d)"
trap 'for h in "$work"/*/; do [ -x "$h/bin/steward" ] && "$h/bin/steward" stop >/dev/null 2>&1 || true; done; rm -rf "$work"' EXIT

rss_mb() { awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$1/status"; }
ms() { date +%s%3N; }

echo "archive: $(basename "$archive") $(du -m "$archive" | cut -f1) MB; unpacked $(tar tzvf "$archive" | awk '{s+=$3} END {printf "%d", s/1048576}') MB"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
printf "%-4s %-6s %10s %14s %12s %12s %9s\n" rep kind ready_ms platform_rss_mb store_rss_mb model_rss_mb stop_ms
for i in $(seq 1 "$reps"); do
    dir="$work/run$i"; mkdir -p "$dir"; tar xzf "$archive" -C "$dir"
    home="$(ls -d "$dir"/*/)"
    sed -i 's/^sshPort = 8101/sshPort = 18401/' "$home/etc/org.apache.karaf.shell.cfg"
    sed -i 's/^embedded.port = 17687/embedded.port = 17899/; s/^health.interval.ms = 5000/health.interval.ms = 1000/' "$home/etc/dev.steward.store.cfg"
    sed -i 's/^embedded.port = 11435/embedded.port = 18436/' "$home/etc/dev.steward.model.cfg"
    for kind in cold warm; do
        t0=$(ms); "$home/bin/steward" start >/dev/null; t1=$(ms)
        sleep 10
        prss=$(rss_mb "$(cat "$home/karaf.pid")"); srss=$(rss_mb "$(cat "$home/data/steward/store.pid")")
        mrss=$(rss_mb "$(cat "$home/data/steward/model-host.pid")")
        t2=$(ms); "$home/bin/steward" stop >/dev/null; t3=$(ms)
        printf "%-4s %-6s %10d %14d %12d %12d %9d\n" "$i" "$kind" $((t1 - t0)) "$prss" "$srss" "$mrss" $((t3 - t2))
    done
    rm -rf "$dir"
done
