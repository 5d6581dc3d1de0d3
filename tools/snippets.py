#!/usr/bin/env python3
"""Copies code regions into the docs: a line `<!-- snippet: PATH#NAME -->` followed by a fenced
block gets the block replaced by the lines between `// snippet:NAME:start` and
`// snippet:NAME:end` of PATH (indentation removed). The example module's DocSnippetsTest fails
when a doc and its source drift; run `python3 tools/snippets.py README.md docs/*.md` to refresh."""
import re, sys, textwrap

MARK = re.compile(r'<!-- snippet: (\S+)#(\S+) -->')

def region(path, name):
    lines = open(path).read().split('\n')
    start = next(i for i, l in enumerate(lines) if l.strip().endswith('snippet:%s:start' % name))
    end = next(i for i, l in enumerate(lines) if l.strip().endswith('snippet:%s:end' % name))
    return textwrap.dedent('\n'.join(lines[start + 1:end])) + '\n'

for doc in sys.argv[1:]:
    text = open(doc).read().split('\n')
    out, i = [], 0
    while i < len(text):
        out.append(text[i])
        m = MARK.search(text[i])
        if m and i + 1 < len(text) and text[i + 1].startswith('```'):
            out.append(text[i + 1])
            j = i + 2
            while not text[j].startswith('```'):
                j += 1
            out.extend(region(m.group(1), m.group(2)).rstrip('\n').split('\n'))
            out.append(text[j])
            i = j
        i += 1
    open(doc, 'w').write('\n'.join(out))
