#!/usr/bin/env bash
# Runs the whole backup pipeline on this machine (DynamoDB Local + a versioned S3 server, in-process).
# Builds the tools first when needed. Any option of `ddb-backup local` can be passed, e.g. --help,
# --operations 5000, --plain-text-keys, --no-multi-tenancy, --keep-running.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -f target/ddb-backup-local.jar ] || [ -n "$(find backup-*/src pom.xml backup-*/pom.xml -newer target/ddb-backup-local.jar -print -quit)" ]; then
  echo "Building target/ddb-backup-local.jar (mvn -q -B -DskipTests package) ..." >&2
  mvn -q -B -DskipTests package
fi
exec java -jar target/ddb-backup-local.jar local "$@"
