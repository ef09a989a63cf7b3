# Build of the Lambda function for `sam build` (template.yaml: BuildMethod makefile).
# SAM runs target build-<LogicalId> and sets ARTIFACTS_DIR to the directory to fill.

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))

.PHONY: build-BackupFunction
build-BackupFunction:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set (this target is run by sam build)" >&2; exit 1; }
	cd "$(ROOT)" && mvn -B -q -pl backup-function -am package -DskipTests
	mkdir -p "$(ARTIFACTS_DIR)"
	unzip -q -o "$(ROOT)/backup-function/target/backup-function-lambda.zip" -d "$(ARTIFACTS_DIR)"

# The fanned-out jobs' functions (template: FanOut=true) and the scheduled checkpoint function share
# one package, backup-jobs-lambda.zip.
.PHONY: build-RestoreWorkerFunction build-SnapshotWorkerFunction build-VerifyWorkerFunction build-JobMergeFunction build-CheckpointFunction
build-RestoreWorkerFunction build-SnapshotWorkerFunction build-VerifyWorkerFunction build-JobMergeFunction build-CheckpointFunction:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set (this target is run by sam build)" >&2; exit 1; }
	cd "$(ROOT)" && mvn -B -q -pl backup-jobs -am package -DskipTests
	mkdir -p "$(ARTIFACTS_DIR)"
	unzip -q -o "$(ROOT)/backup-jobs/target/backup-jobs-lambda.zip" -d "$(ARTIFACTS_DIR)"
