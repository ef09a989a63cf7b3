#!/usr/bin/env bash
# Every writer and a checkpointed restore against Ceph RGW, by environment alone (AWS_ENDPOINT_URL_S3
# for RGW, AWS_ENDPOINT_URL_DYNAMODB for moto_server as DynamoDB and its stream): the local pipeline
# (the function's PUTs and change logs), checkpoint (twice: the second built on the first),
# restores from a checkpoint compared with restores from the whole history and with the table,
# snapshot, backfill and verify. Prints one line per check and "N passed, N failed".
#
#   scripts/rgw-conformance.sh          # starts RGW (scripts/rgw.sh) and moto_server, leaves RGW running
#   RGW_STOP=1 scripts/rgw-conformance.sh   # and stops RGW at the end
#
# Needs root (RGW's packages), moto_server with boto3 (pip install 'moto[server]==5.2.1') and the
# jars (mvn -B -DskipTests package). Not part of .ci/run: see docs/TESTING.md for how long it takes.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

JAR=target/ddb-backup.jar
LOCAL_JAR=target/ddb-backup-local.jar
WORK=$(mktemp -d /tmp/rgw-conformance.XXXXXX)
BUCKET=rgw-conformance-$(date +%s)
TABLE=Orders
passed=0
failed=0

for f in "$JAR" "$LOCAL_JAR"; do
  [ -f "$f" ] || { echo "$f missing: run mvn -B -DskipTests package first" >&2; exit 2; }
done
command -v moto_server >/dev/null || { echo "moto_server missing: pip install 'moto[server]==5.2.1'" >&2; exit 2; }

eval "$(scripts/rgw.sh start)" || exit 1

# moto_server as DynamoDB on a free port, stopped by its own pid when this script ends.
MOTO_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
moto_server -H 127.0.0.1 -p "$MOTO_PORT" >"$WORK/moto.log" 2>&1 &
MOTO_PID=$!
cleanup() {
  kill "$MOTO_PID" 2>/dev/null
  if [ -n "${RGW_STOP:-}" ]; then scripts/rgw.sh stop; fi
}
trap cleanup EXIT
for _ in $(seq 30); do curl -s -o /dev/null "http://127.0.0.1:$MOTO_PORT/" && break; sleep 1; done

# The environment alone says where everything is; moto takes any credentials.
export AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:$MOTO_PORT
export AWS_DEFAULT_REGION=$AWS_REGION

check() { # name, command...: runs it, keeps its output in $WORK, counts the result
  local name=$1; shift
  "$@" >"$WORK/$name.out" 2>&1
  local rc=$?
  if [ "$rc" -eq 0 ]; then
    passed=$((passed + 1)); echo "PASS $name"
  else
    failed=$((failed + 1)); echo "FAIL $name (exit $rc): $(grep -v SLF4J "$WORK/$name.out" | tail -4 | tr '\r\n' '  ')"
  fi
}

tool() { java -jar "$JAR" "$@"; }

# Equal items in two tables (scans through moto), compared as DynamoDB compares them: sets in any
# order, numbers by value. A third argument requires the tables not to be empty.
same_items() {
  python3 - "$@" <<'EOF'
import boto3, sys
from decimal import Decimal
ddb = boto3.client('dynamodb')
def value(v):
    (t, x), = v.items()
    if t == 'N': return (t, Decimal(x))
    if t == 'NS': return (t, tuple(sorted(Decimal(n) for n in x)))
    if t in ('SS', 'BS'): return (t, tuple(sorted(x)))
    if t == 'L': return (t, tuple(value(e) for e in x))
    if t == 'M': return (t, item(x))
    return (t, x)
def item(i):
    return tuple(sorted((k, value(v)) for k, v in i.items()))
def items(table):
    found, kw = [], {}
    while True:
        page = ddb.scan(TableName=table, **kw)
        found += [item(i) for i in page['Items']]
        if 'LastEvaluatedKey' not in page:
            return sorted(found, key=repr)
        kw['ExclusiveStartKey'] = page['LastEvaluatedKey']
a, b = items(sys.argv[1]), items(sys.argv[2])
print(f"{sys.argv[1]}: {len(a)} items, {sys.argv[2]}: {len(b)} items, {'equal' if a == b else 'DIFFERENT'}")
for only, table in ((set(a) - set(b), sys.argv[1]), (set(b) - set(a), sys.argv[2])):
    for i in sorted(only, key=repr)[:2]:
        print(f"  only in {table}: {i}")
sys.exit(0 if a == b and (len(sys.argv) < 4 or len(a) > 0) else 1)
EOF
}

# A time between the backup's first and last change log (their names start with the time), so that
# a restore to it reads a checkpoint and the change logs after it.
middle_of_history() {
  python3 - "$BUCKET" "backups/$TABLE/_changes/" <<'EOF'
import boto3, sys, datetime
keys, kw = [], {}
s3 = boto3.client('s3')
while True:
    page = s3.list_objects_v2(Bucket=sys.argv[1], Prefix=sys.argv[2], **kw)
    keys += [o['Key'].rsplit('/', 1)[1][:16] for o in page.get('Contents', [])]
    if not page.get('IsTruncated'):
        break
    kw['ContinuationToken'] = page['NextContinuationToken']
keys.sort()
t = datetime.datetime.strptime(keys[len(keys) // 2], '%Y%m%dT%H%M%SZ')
print(t.strftime('%Y-%m-%dT%H:%M:%SZ'))
EOF
}

restore() { # target, time, more options
  local target=$1 to=$2; shift 2
  tool restore --bucket "$BUCKET" --prefix backups --table "$TABLE" --to "$to" --target-table "$target" \
    --create-table --no-progress "$@"
}

check function-pipeline java -jar "$LOCAL_JAR" local --operations 400 --keys 80 --table "$TABLE" \
  --bucket "$BUCKET" --function-log "$WORK/function.log"
MIDDLE=$(middle_of_history)
echo "     checkpoint time in the middle of the history: $MIDDLE"
check checkpoint-middle tool checkpoint --bucket "$BUCKET" --prefix backups --table "$TABLE" --to "$MIDDLE"
check checkpoint-now-built-on-it tool checkpoint --bucket "$BUCKET" --prefix backups --table "$TABLE"
check second-checkpoint-read-the-first grep -q "read from checkpoint $MIDDLE" "$WORK/checkpoint-now-built-on-it.out"

# After the middle checkpoint, before the last changes: from the checkpoint vs the whole history.
AFTER=$(python3 -c "import datetime,sys; t=datetime.datetime.strptime('$MIDDLE','%Y-%m-%dT%H:%M:%SZ'); print((t+datetime.timedelta(seconds=3)).strftime('%Y-%m-%dT%H:%M:%SZ'))")
check restore-from-checkpoint restore FromCheckpoint "$AFTER"
check restore-read-the-checkpoint grep -q "read from: checkpoint $MIDDLE" "$WORK/restore-from-checkpoint.out"
check restore-whole-history restore WholeHistory "$AFTER" --no-checkpoint
check checkpointed-equals-whole-history same_items WholeHistory FromCheckpoint nonempty
check restore-now-from-checkpoint restore Now now
check restore-now-equals-table same_items "$TABLE" Now nonempty

check snapshot tool snapshot --bucket "$BUCKET" --prefix backups --table "$TABLE" --out "s3://$BUCKET/snapshots/$TABLE/"
check backfill tool backfill --bucket "$BUCKET" --prefix backfilled --table WholeHistory --tenant-column tenant
check verify-backfilled tool verify --bucket "$BUCKET" --prefix backfilled --table WholeHistory
check verify-from-checkpoint tool verify --bucket "$BUCKET" --prefix backups --table "$TABLE"

echo "outputs in $WORK; RGW's log in ${RGW_DIR:-/tmp/ddb-rgw}/log"
echo "rgw: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
