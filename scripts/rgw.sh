#!/usr/bin/env bash
# A throw-away Ceph RGW (Debian's Ceph 16 "pacific") on loopback, for running the tools against a
# third S3 implementation by environment alone (docs/TESTING.md, "Ceph RGW").
#
#   scripts/rgw.sh start    # installs the packages if missing, starts an empty cluster, prints the environment
#   scripts/rgw.sh env      # prints the environment for the running cluster (eval "$(scripts/rgw.sh env)")
#   scripts/rgw.sh stop     # stops the daemons and discards the cluster
#
# Both start and stop may be repeated: start does nothing when RGW already answers, stop nothing when
# no daemon runs. Every start builds a fresh, empty cluster (its data lives in memory). Not run by
# .ci/run: it needs root for apt-get and takes tens of seconds; see docs/TESTING.md for how long.
#
# Settings (environment): RGW_DIR (state, logs; default /tmp/ddb-rgw), RGW_PORT (S3; 7480),
# RGW_MON_PORT (the monitor's msgr2 port; 3300), RGW_DEBUG (debug_rgw level; 1, 20 logs every
# request's canonical request and string to sign into $RGW_DIR/log/client.rgw.log).
set -euo pipefail

DIR=${RGW_DIR:-/tmp/ddb-rgw}
PORT=${RGW_PORT:-7480}
MON_PORT=${RGW_MON_PORT:-3300}
DEBUG=${RGW_DEBUG:-1}
CONF=$DIR/ceph.conf
ACCESS_KEY=ddbbackup
SECRET_KEY=ddbbackup-secret

ceph_() { ceph -c "$CONF" "$@"; }

answering() { curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/"; }

print_env() {
  cat <<EOF
export AWS_ENDPOINT_URL_S3=http://127.0.0.1:$PORT
export AWS_ACCESS_KEY_ID=$ACCESS_KEY
export AWS_SECRET_ACCESS_KEY=$SECRET_KEY
export AWS_REGION=us-east-1
EOF
}

install_packages() {
  if ! command -v radosgw >/dev/null || ! command -v ceph-mon >/dev/null || ! command -v ceph-osd >/dev/null; then
    apt-get update -q
    # No mgr: nothing here needs its modules (dashboard, pg autoscaler), and it costs CPU.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ceph-mon ceph-osd radosgw ceph-common
  fi
}

write_conf() {
  local fsid=$1
  cat >"$CONF" <<EOF
[global]
fsid = $fsid
mon host = v2:127.0.0.1:$MON_PORT
public addr = 127.0.0.1
# msgr2 only: one port for the monitor, nothing on 6789.
ms bind msgr1 = false
# A single-host test cluster: cephx keys buy nothing here (RGW's S3 signatures are separate).
auth cluster required = none
auth service required = none
auth client required = none
# Every file of the cluster under \$RGW_DIR, so that stop can discard it and nothing touches /etc or /var.
run dir = $DIR/run
pid file = $DIR/run/\$name.pid
admin socket = $DIR/run/\$name.asok
log file = $DIR/log/\$name.log
keyring = $DIR/keyring
# One OSD: one copy of everything, placed on an OSD rather than a host.
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
# Few threads: the machine's two cores are shared.
ms async op threads = 1

[mon]
mon data = $DIR/mon
mon allow pool delete = true

[osd]
osd data = $DIR/osd
# memstore: no block device and no RocksDB (less CPU than bluestore on a file); 4 GiB is the
# capacity it reports, not memory it takes.
osd objectstore = memstore
memstore device bytes = 4294967296
osd op num shards = 1
osd op num threads per shard = 2
osd memory target = 939524096

[client.rgw]
# radosgw asks the monitor for an encrypted session by default, which "auth ... = none" cannot give:
# it would retry for 5 minutes (EACCES in get_initial_auth_request) and exit.
ms mon client mode = crc secure
rgw data = $DIR/rgw
rgw frontends = beast endpoint=127.0.0.1:$PORT
debug rgw = $DEBUG
rgw thread pool size = 16
# Background work a test server does not need (garbage collection, lifecycle, resharding, usage).
rgw enable gc threads = false
rgw enable lc threads = false
rgw dynamic resharding = false
rgw enable usage log = false
EOF
}

start() {
  if answering; then
    echo "RGW already answers on 127.0.0.1:$PORT" >&2
    print_env
    return
  fi
  install_packages
  stop_daemons
  rm -rf "$DIR"
  mkdir -p "$DIR"/{mon,osd,rgw,run,log}
  local fsid osd_uuid
  fsid=$(uuidgen)
  write_conf "$fsid"
  : >"$DIR/keyring"

  # Monitor: a monmap naming just this one, then its store.
  monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$MON_PORT]" "$DIR/monmap" >/dev/null
  ceph-mon -c "$CONF" -i a --mkfs --monmap "$DIR/monmap"
  ceph-mon -c "$CONF" -i a

  # OSD 0: registered with the monitor, its (memory) store created, then started; it adds
  # itself to the CRUSH map on start.
  osd_uuid=$(uuidgen)
  ceph_ osd new "$osd_uuid" >/dev/null
  ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$osd_uuid" 2>>"$DIR/log/mkfs.log"
  ceph-osd -c "$CONF" -i 0

  # RGW creates its pools on first start; that needs the OSD up first, or it waits on placement.
  for _ in $(seq 60); do
    ceph_ osd stat 2>/dev/null | grep -q '1 up' && break
    sleep 1
  done
  radosgw -c "$CONF" -n client.rgw
  for _ in $(seq 120); do
    answering && break
    sleep 1
  done
  answering || { echo "RGW did not answer on 127.0.0.1:$PORT; see $DIR/log" >&2; exit 1; }

  # A user with known keys (the region is any: RGW's default zone group accepts every name).
  radosgw-admin -c "$CONF" user info --uid="$ACCESS_KEY" >/dev/null 2>&1 \
    || radosgw-admin -c "$CONF" user create --uid="$ACCESS_KEY" --display-name="ddb-backup tests" \
      --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" >/dev/null
  echo "RGW on http://127.0.0.1:$PORT (logs in $DIR/log)" >&2
  print_env
}

stop_daemons() {
  local pidfile pid
  for pidfile in "$DIR"/run/client.rgw.pid "$DIR"/run/osd.0.pid "$DIR"/run/mon.a.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
    rm -f "$pidfile"
  done
}

case "${1:-}" in
  start) start ;;
  stop) [ -d "$DIR" ] && stop_daemons; rm -rf "$DIR"; echo "RGW stopped" >&2 ;;
  env) answering || { echo "RGW does not answer on 127.0.0.1:$PORT" >&2; exit 1; }; print_env ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
