#!/usr/bin/env python3
"""Checks the dependence pairs the Interlock plugin emits (__interlock_dependences,
__interlock_value_dependences and __interlock_control_dependences, the pairs of both kinds, of
the value only and of control only; with --value=PREFIXES and --control=PREFIXES also each of the
last two alone; with --address=PREFIXES also __interlock_address_dependences, with
--overwrites=PREFIXES also __interlock_overwrites).

usage: check_dependences.py [--value=PREFIXES] [--control=PREFIXES] [--address=PREFIXES]
                            [--overwrites=PREFIXES] COMPILER PLUGIN OPT INPUT OUTPUT.ll PREFIXES
                            [compiler flags...]

Compiles INPUT with the plugin to IR, verifies it, decodes the pair tables into sites (function,
line and the inlined-at chain of lines) and checks the input's directives, for each prefix P of
the comma-separated PREFIXES against the three tables together (of the --value and --control prefixes against the table of
that kind alone; of the --address prefixes
against the address table: (access, source its address was computed from); of the --overwrites
prefixes against the overwrites table: (write, the read whose bytes it overwrites next)):
    // P: a <- b        some pair has a dependent at line @a and a source at line @b
    // P-NOT: a <- b    no pair does
where `// @a` at the end of a line names that line. A pair is at line L when L is on its site's
inlined-at chain (after inlining, the inlined body's sites keep the caller's line there). A pair
whose source is a call made from a system header (std::mutex's lock, whose error check decides
whether the rest of the function runs) is not what the directives are about and is left out.

It also checks that every site in the table is a descriptor the instrumented code passes to an
access, atomic or memory-intrinsic entry point or stores to __interlock_callsite, and that the
registered count is half the table's length. An address or overwrite pair's first site must be a
site passed to an access, atomic or memory-intrinsic entry point (a call's writes are not followed).
"""
import re
import subprocess
import sys


def fail(message, pairs_text=""):
    sys.stderr.write("check_dependences: %s\n" % message)
    if pairs_text:
        sys.stderr.write("pairs (dependent <- source):\n%s\n" % pairs_text)
    sys.exit(1)


def main():
    arguments = sys.argv[1:]
    address_prefixes = ""
    overwrite_prefixes = ""
    value_prefixes = ""
    control_prefixes = ""
    while arguments and arguments[0].startswith("--"):
        option = arguments.pop(0)
        if option.startswith("--value="):
            value_prefixes = option[len("--value="):]
        elif option.startswith("--control="):
            control_prefixes = option[len("--control="):]
        elif option.startswith("--address="):
            address_prefixes = option[len("--address="):]
        elif option.startswith("--overwrites="):
            overwrite_prefixes = option[len("--overwrites="):]
        else:
            fail("unknown option %s" % option)
    compiler, plugin, opt, source, output, prefixes = arguments[:6]
    flags = arguments[6:]
    subprocess.run([compiler, "-S", "-emit-llvm", "-g", "-fpass-plugin=" + plugin] + flags +
                   [source, "-o", output], check=True)
    subprocess.run([opt, "-passes=verify", "-disable-output", output], check=True)
    ir = open(output).read()

    strings = {m.group(1): m.group(2) for m in re.finditer(
        r'^@(__interlock_str[.0-9]*) = private unnamed_addr constant \[\d+ x i8\] c"(.*)\\00"',
        ir, re.M)}
    sites = {}
    for m in re.finditer(
            r'^@(__interlock_site[.0-9]*) = private constant %interlock\.site \{ i8\* [^@]*@'
            r'(__interlock_str[.0-9]*)[^,]*, i32 0, i32 0\), i8\* (?:[^@]*@(__interlock_str[.0-9]*)'
            r'[^,]*, i32 0, i32 0\)|null), i32 (\d+), i32 (\d+), %interlock\.site\* '
            r'(?:@(__interlock_site[.0-9]*)|null) \}', ir, re.M):
        name, function, file, line, column, inlined_at = m.groups()
        sites[name] = (strings.get(function, "?"), strings.get(file, "") if file else "",
                       int(line), int(column), inlined_at)

    def chain(name):
        result = []
        while name:
            function, file, line, column, name = sites[name]
            result.append((function, file, line, column))
        return result

    def show(name):
        return " @ ".join("%s:%d:%d" % (f, l, c) for f, _, l, c in chain(name))

    # Sites the instrumented code passes for accesses, atomics and intrinsics, or as call sites.
    access_sites = set(re.findall(
        r'call [^@\n]*@__interlock_(?:read|write|unaligned_|vptr_|atomic|memcpy|memmove|memset)'
        r'[^\n]*%interlock\.site\* @(__interlock_site[.0-9]*)', ir))
    call_sites = set(re.findall(
        r'store %interlock\.site\* @(__interlock_site[.0-9]*), %interlock\.site\*\* '
        r'@__interlock_callsite', ir))
    passed = access_sites | call_sites

    # The pairs of one table, checked against what its constructor registers.
    def decode(table_name, register_name, dependents_passed):
        # Each site as its offset from the table's start: trunc(site - table) to i32.
        table = re.search(r'^@%s = private constant \[(\d+) x i32\] \[(.*)\], align 4'
                          % table_name, ir, re.M)
        if not table:
            return []
        entries = re.findall(r'i32 trunc \(i64 sub \(i64 ptrtoint \(%%interlock\.site\* '
                             r'@(__interlock_site[.0-9]*) to i64\), i64 ptrtoint \(\[\d+ x '
                             r'i32\]\* @%s to i64\)\) to i32\)' % table_name, table.group(2))
        if len(entries) != int(table.group(1)) or len(entries) % 2:
            fail("malformed table: %s" % table.group(0)[:200])
        count = len(entries) // 2
        if not re.search(r'call void @%s\(i8\* bitcast \(\[%d x '
                         r'i32\]\* @%s to i8\*\), i64 %d\)'
                         % (register_name, len(entries), table_name, count), ir):
            fail("the constructor does not register the %d pairs of %s" % (count, table_name))
        pairs = [(entries[2 * i], entries[2 * i + 1]) for i in range(count)]
        if len(set(pairs)) != len(pairs):
            fail("a pair of %s is registered twice" % table_name)
        for name in entries:
            if name not in sites:
                fail("pair names unknown site %s" % name)
            if name not in passed:
                fail("pair names site %s (%s), which no instrumented call passes" %
                     (name, show(name)))
        for dependent, _ in pairs:
            if dependent not in dependents_passed:
                fail("%s pairs site %s (%s), which no access passes" %
                     (table_name, dependent, show(dependent)))
        return pairs

    source_name = source.rsplit("/", 1)[-1]

    def in_input(name):
        return sites[name][1].endswith("/" + source_name)

    def header_call(name):
        return not in_input(name) and name in call_sites and name not in access_sites

    lines = open(source).read().split("\n")
    labels = {}
    for number, text in enumerate(lines, 1):
        m = re.search(r"// @(\w+)\s*$", text)
        if m:
            labels[m.group(1)] = number

    def on_line(name, line):
        return any(l == line and f.endswith("/" + source_name) for _, f, l, _ in chain(name))

    checked = 0
    summary = []
    both = ("__interlock_dependences", "__interlock_register_dependences")
    value = ("__interlock_value_dependences", "__interlock_register_value_dependences")
    control = ("__interlock_control_dependences", "__interlock_register_control_dependences")
    # (name, [(table, register entry)], dependents passed, prefixes)
    tables = [("dependences (all kinds)", [both, value, control], passed, prefixes)]
    if value_prefixes:
        tables.append(("value-only dependences", [value], passed, value_prefixes))
    if control_prefixes:
        tables.append(("control-only dependences", [control], passed, control_prefixes))
    if address_prefixes:
        tables.append(("__interlock_address_dependences",
                       [("__interlock_address_dependences",
                         "__interlock_register_address_dependences")],
                       access_sites, address_prefixes))
    if overwrite_prefixes:
        tables.append(("__interlock_overwrites",
                       [("__interlock_overwrites", "__interlock_register_overwrites")],
                       access_sites, overwrite_prefixes))
    kinds = [decode(name, register, passed) for name, register in (both, value, control)]
    for kind, pairs in zip(("both", "value", "control"), kinds):
        for other, other_pairs in zip(("both", "value", "control"), kinds):
            if kind < other and set(pairs) & set(other_pairs):
                fail("a pair is registered as both %s and %s" % (kind, other))
    for table_name, parts, dependents_passed, table_prefixes in tables:
        pairs = [pair for name, register in parts
                 for pair in decode(name, register, dependents_passed)]
        ours = [(d, s) for d, s in pairs if not header_call(s)]
        pairs_text = "\n".join("  %s <- %s" % (show(d), show(s)) for d, s in ours)
        for prefix in table_prefixes.split(","):
            for m in re.finditer(r"// %s(-NOT)?: (\w+) <- (\w+)\s*$" % re.escape(prefix),
                                 "\n".join(lines), re.M):
                negative, dependent, source_label = m.groups()
                for label in (dependent, source_label):
                    if label not in labels:
                        fail("no line is named @%s" % label)
                found = [(d, s) for d, s in ours
                         if on_line(d, labels[dependent]) and on_line(s, labels[source_label])]
                checked += 1
                if negative and found:
                    fail("%s-NOT: %s <- %s: found %s <- %s in %s" %
                         (prefix, dependent, source_label, show(found[0][0]),
                          show(found[0][1]), table_name), pairs_text)
                if not negative and not found:
                    fail("%s: %s <- %s (line %d <- line %d) not found in %s" %
                         (prefix, dependent, source_label, labels[dependent],
                          labels[source_label], table_name), pairs_text)
        summary.append("%s: %d pairs in the module, %d checked:\n%s" %
                       (table_name, len(pairs), len(ours), pairs_text))
    if checked == 0:
        fail("no directive for prefixes %s" %
             ",".join(filter(None, (prefixes, address_prefixes, overwrite_prefixes))))
    print("%d directives hold; %s" % (checked, "\n".join(summary)))


if __name__ == "__main__":
    main()
