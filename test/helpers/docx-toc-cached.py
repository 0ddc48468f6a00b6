#!/usr/bin/python3
# Prints the cached 目录 entries a DOCX ships (paragraphs in TOC1..9 styles) as
# "text<TAB>page", the form lo-update-toc.py prints after a field update.
import re, sys, zipfile
xml = zipfile.ZipFile(sys.argv[1]).read('word/document.xml').decode('utf8')
for p in re.findall(r'<w:p\b.*?</w:p>', xml, re.S):
    if not re.search(r'<w:pStyle w:val="TOC\d"/>', p):
        continue
    runs = re.findall(r'<w:t(?:\s[^>]*)?>([^<]*)</w:t>|<w:(tab)/>', p)
    text = ''.join(t if t else ('\t' if tab else '') for t, tab in runs)
    parts = text.rsplit('\t', 1)
    print(parts[0].strip() + ('\t' + parts[1].strip() if len(parts) > 1 else ''))
