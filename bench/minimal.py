"""The yardstick: the least a script can do and still look for AP's three rights markers.

    python bench/minimal.py FOLDER

Reads every `*.md` file under FOLDER (os.walk, read bytes, decode UTF-8), counts matches of
three AP patterns (the dateline credit, the copyright line, the notice) and prints the
counts and the time spent. It imports only the standard library (`re`, `os`, `sys`, `time`):
it is the honest floor for start-up and throughput, not a linter (see bench/README.md).
"""

from __future__ import annotations

import os
import re
import sys
import time

DATELINE = re.compile(r"\(AP\)\s*(?:—|–|--?)")
COPYRIGHT = re.compile(r"(?:Copyright|©)\s*(\d{4})?\s*The Associated Press")
NOTICE = re.compile(r"This material may not be published")


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not os.path.isdir(argv[0]):
        print("usage: python bench/minimal.py FOLDER", file=sys.stderr)
        return 2
    start = time.perf_counter()
    files = size = datelines = copyrights = with_year = notices = 0
    for folder, _dirs, names in os.walk(argv[0]):
        for name in names:
            if not name.endswith(".md"):
                continue
            with open(os.path.join(folder, name), "rb") as fh:
                data = fh.read()
            text = data.decode("utf-8")
            files += 1
            size += len(data)
            datelines += len(DATELINE.findall(text))
            for m in COPYRIGHT.finditer(text):
                copyrights += 1
                with_year += m.group(1) is not None
            notices += len(NOTICE.findall(text))
    elapsed = time.perf_counter() - start
    rate = 1 / elapsed if elapsed else 0.0
    print(f"files {files}  bytes {size}  datelines {datelines}  copyright {copyrights} (with year {with_year})")
    print(f"notices {notices}")
    print(f"elapsed {elapsed:.3f} s  ({files * rate:.0f} files/s, {size / 1e6 * rate:.1f} MB/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
