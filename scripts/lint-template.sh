#!/usr/bin/env bash
# Lints template.yaml with cfn-lint when it is installed. Without cfn-lint this is not an error:
# the structural test SamTemplateTest in the Maven build (backup-function) still checks the template.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if command -v cfn-lint >/dev/null 2>&1; then
  cfn-lint template.yaml
  echo "cfn-lint: template.yaml passed"
else
  echo "cfn-lint is not installed: skipped. The structural test (SamTemplateTest) in the Maven build still checks template.yaml."
fi
