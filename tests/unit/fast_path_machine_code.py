#!/usr/bin/env python3
"""Keeps the access fast path's promise (runtime/access.h), read from the built machine code.

Every instrumented load and store calls one of __interlock_{,unaligned_}{read,write}N. Their
promise: the fast check ("this thread already recorded these bytes in its current epoch") runs
without saving a register, without a frame and without a call that returns; everything else is
reached by a tail call (a jump) to the slow path. A push, a stack adjustment or a call in these
functions costs every access of every program, so this test disassembles the runtime archive as
built and fails on any of them, naming the function and the instruction.

usage: fast_path_machine_code.py OBJDUMP libinterlock_rt.a
"""
import re
import subprocess
import sys

# A compiler may give an entry point a local alias (GCC's ".localalias") that identical entry
# points jump to; the alias's code is the entry point's.
ENTRY = re.compile(
    r"^[0-9a-f]+ <(__interlock_(?:unaligned_)?(?:read|write)(?:1|2|4|8|16))(?:\.localalias)?>:$")
# Where a fast path may jump out to: the slow paths, or another entry point (an unaligned entry
# point whose code is identical to the aligned one may be a jump to it).
TAIL_TARGETS = re.compile(r"(access_slow|access_range|__interlock_(?:unaligned_)?(?:read|write)\d+)")
FORBIDDEN = re.compile(
    r"\b(push|call|enter|leave)\w*\b|\b(sub|add)\w*\s+\$[^,]+,\s*%rsp")


def functions(listing):
    """{name: [instruction lines with their relocations]} for the fast-path entry points."""
    result, current = {}, None
    for line in listing.splitlines():
        match = ENTRY.match(line.strip())
        if match:
            current = result.setdefault(match.group(1), [])
            continue
        if current is None:
            continue
        if not line.strip():
            current = None
            continue
        current.append(line.strip())
    return result


def check(name, lines):
    problems = []
    for i, line in enumerate(lines):
        if FORBIDDEN.search(line.split("#")[0]):
            problems.append(f"{name}: '{line}' (a fast path saves no register and makes no call)")
        if re.search(r"\bjmp\w*\b", line):
            relocation = lines[i + 1] if i + 1 < len(lines) else ""
            if "R_X86_64" in relocation and not TAIL_TARGETS.search(relocation):
                problems.append(f"{name}: tail call to an unexpected target: '{relocation}'")
    return problems


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    objdump, archive = sys.argv[1:]
    listing = subprocess.run([objdump, "-d", "-r", "--no-show-raw-insn", archive],
                             check=True, capture_output=True, text=True).stdout
    found = functions(listing)
    expected = [f"__interlock_{kind}{n}" for kind in ("read", "write") for n in (1, 2, 4, 8, 16)]
    expected += [f"__interlock_unaligned_{kind}{n}" for kind in ("read", "write") for n in (2, 4, 8, 16)]
    problems = [f"{name}: not found in {archive}" for name in expected if name not in found]
    for name in expected:
        if name in found:
            if not found[name]:
                problems.append(f"{name}: no instructions")
            problems += check(name, found[name])
    # The slow path must be reached at all, or the check above proved nothing.
    if not any("access_slow" in line for name in expected for line in found.get(name, [])):
        problems.append("no fast path jumps to access_slow: is this the runtime archive?")
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"{len(expected)} fast-path entry points: no saved register, no call, only tail calls")
    return 0


if __name__ == "__main__":
    sys.exit(main())
