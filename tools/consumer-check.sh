#!/usr/bin/env bash
# Builds the project docs/getting-started.md shows, as a new user would: a fresh directory outside
# the reactor gets the pom.xml and the Java files the guide itself marks with
# `<!-- consumer-file: PATH -->` (the next fenced block is the file's content), then plain
# `mvn -B verify` runs there. Fails when a marked file is missing or empty, when the build fails
# (a wrong pom, a sample that does not compile or whose test fails), and when no test ran.
# Needs the Steps Engine artifacts in the local repository first (`mvn install`).
#
#   tools/consumer-check.sh [--guide FILE] [--keep] [extra mvn arguments...]
#   e.g. tools/consumer-check.sh -o -Dmaven.repo.local=/tmp/m2
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
guide="$root/docs/getting-started.md"
keep=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --guide) guide="$2"; shift 2 ;;
    --keep) keep=true; shift ;;
    *) break ;;
  esac
done
[[ -f "$guide" ]] || { echo "consumer-check: no guide at $guide" >&2; exit 2; }

project="$(mktemp -d "${TMPDIR:-/tmp}/steps-consumer.XXXXXX")"
$keep || trap 'rm -rf "$project"' EXIT
echo "consumer-check: building the project of $guide in $project"

# Extract every marked file; the marker may be followed by a snippet marker line, then the fence.
python3 - "$guide" "$project" <<'PY'
import os, re, sys
guide, project = sys.argv[1], sys.argv[2]
lines = open(guide, encoding='utf-8').read().split('\n')
mark = re.compile(r'<!-- consumer-file: (\S+) -->')
written = []
i = 0
while i < len(lines):
    m = mark.search(lines[i])
    i += 1
    if not m:
        continue
    path = m.group(1)
    if path.startswith('/') or '..' in path.split('/'):
        sys.exit('consumer-check: %s: unsafe path %s' % (guide, path))
    while i < len(lines) and lines[i].strip().startswith('<!--'):
        i += 1
    if i >= len(lines) or not lines[i].startswith('```'):
        sys.exit('consumer-check: %s: no fenced block after the marker of %s' % (guide, path))
    j = i + 1
    while j < len(lines) and not lines[j].startswith('```'):
        j += 1
    body = '\n'.join(lines[i + 1:j]).strip('\n')
    if not body:
        sys.exit('consumer-check: %s: the block of %s is empty' % (guide, path))
    target = os.path.join(project, path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    open(target, 'w', encoding='utf-8').write(body + '\n')
    written.append(path)
    i = j + 1
if 'pom.xml' not in written:
    sys.exit('consumer-check: %s marks no pom.xml' % guide)
if not any(p.endswith('.java') for p in written):
    sys.exit('consumer-check: %s marks no Java file' % guide)
print('consumer-check: extracted ' + ', '.join(written))
PY

# Plain Maven in the fresh project; -f so nothing of the reactor (.mvn, parent pom) is picked up.
(cd "$project" && mvn -B -ntp "$@" -f "$project/pom.xml" verify)

reports=("$project"/target/surefire-reports/TEST-*.xml)
tests=0
if [[ -e "${reports[0]}" ]]; then
  tests=$(sed -n 's/.*<testsuite[^>]* tests="\([0-9]*\)".*/\1/p' "${reports[@]}" | awk '{s+=$1} END {print s+0}')
fi
if [[ "$tests" -eq 0 ]]; then
  echo "consumer-check: FAILED: the consumer project ran no test" >&2
  exit 1
fi
echo "consumer-check: OK: the guide's project built and ran $tests test(s)"
