#!/usr/bin/env bash
# Proves tools/consumer-check.sh can fail: on temporary copies of docs/getting-started.md with a
# deliberate error it must exit non-zero — a sample that no longer compiles, a broken pom, a
# sample with a javac warning (the guide's pom builds with -Xlint:all and failOnWarning), a test
# compile without the guide's -Xlint:-processing exception, and a guide whose test file is not
# marked (so the consumer runs zero tests). Arguments go to mvn.
#
#   tools/consumer-check-test.sh [extra mvn arguments...]
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
guide="$root/docs/getting-started.md"
work="$(mktemp -d "${TMPDIR:-/tmp}/steps-consumer-test.XXXXXX")"
trap 'rm -rf "$work"' EXIT
failures=0

expect_failure() { # name, what the log must say (extended regex), sed expression for the copy; then mvn args
  local name="$1" reason="$2" expr="$3" copy="$work/$1.md"
  shift 3
  sed -e "$expr" "$guide" > "$copy"
  if cmp -s "$guide" "$copy"; then
    echo "consumer-check-test: $name: the edit changed nothing, the guide moved on" >&2
    failures=$((failures + 1)); return
  fi
  if "$root/tools/consumer-check.sh" --guide "$copy" "$@" > "$work/$name.log" 2>&1; then
    echo "consumer-check-test: $name: WRONG, the consumer check passed on a broken guide" >&2
    failures=$((failures + 1))
  elif ! grep -qE "$reason" "$work/$name.log"; then
    echo "consumer-check-test: $name: WRONG, the check failed but not with /$reason/:" >&2
    tail -20 "$work/$name.log" >&2
    failures=$((failures + 1))
  else
    echo "consumer-check-test: $name: the consumer check failed, as it must ($(grep -m1 -oE "$reason" "$work/$name.log"))"
  fi
}

expect_failure sample-does-not-compile 'cannot find symbol' \
  's/OrderStepsPipeline\.engine(order)/OrderStepsPipelin.engine(order)/' "$@"
expect_failure pom-without-processor-path 'cannot find symbol' \
  '/<annotationProcessorPaths>/,/<\/annotationProcessorPaths>/d' "$@"
expect_failure test-file-not-marked 'No tests (were executed|to run)' \
  '/<!-- consumer-file: src\/test\//d' "$@"
expect_failure sample-with-a-warning 'warnings found and -Werror specified' \
  's/^  int gatewayTimeouts;/  java.util.List rawList; \/\/ a raw type: -Xlint:all warns\n&/' "$@"
expect_failure test-compile-without-lint-exception 'No processor claimed any of these annotations|testCompile \(default-testCompile\) on project orders: Compilation failure' \
  '/<arg>-Xlint:-processing<\/arg>/d' "$@"
expect_failure zero-tests-without-surefire-guard 'the consumer project ran no test' \
  '/<failIfNoTests>/d; /<!-- consumer-file: src\/test\//d' "$@"

if [[ $failures -gt 0 ]]; then
  echo "consumer-check-test: $failures case(s) wrong" >&2
  exit 1
fi
echo "consumer-check-test: OK: every broken guide made the consumer check fail"
