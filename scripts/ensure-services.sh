#!/usr/bin/env bash
# The integration suites talk to a real PostgreSQL (127.0.0.1:5432) and Redis
# (127.0.0.1:6379). Machines of this kind start both at boot; start them again
# if they stopped, and fail loudly if they cannot be reached.
set -uo pipefail
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if ! port_open 5432 && command -v pg_ctlcluster >/dev/null 2>&1; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
fi
if ! port_open 6379 && command -v redis-server >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /tmp --logfile /tmp/snapshelf-redis.log || true
fi
for _ in $(seq 1 30); do
  if port_open 5432 && port_open 6379; then echo "PostgreSQL and Redis are up"; exit 0; fi
  sleep 1
done
port_open 5432 || echo "PostgreSQL is not reachable on 127.0.0.1:5432" >&2
port_open 6379 || echo "Redis is not reachable on 127.0.0.1:6379" >&2
exit 1
