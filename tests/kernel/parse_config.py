"""Parses a device configuration with an independent parser and prints it as JSON, for
tests/export_firewalls.rs (which reads the policy out of it and compares it with the report
and with Aerleon's output for the same policy).

usage: parse_config.py SYNTAX FILE

  fortios       FortiOS CLI configuration, parsed by anyconfig's `fortios` backend (PyPI
                anyconfig-fortios-backend): {"configs": [{"config": ..., "edits": [...]}]}
  ios           Cisco IOS configuration, parsed by hier-config (platform CISCO_IOS): a list of
                paths in the file's order, each the lines from a top-level line down to a leaf
                (`exit` lines, which only leave a mode, are left out first)
  junos         Junos `set` commands, parsed by hier-config (platform JUNIPER_JUNOS): a list
                of paths of one line each. hier-config takes every line as a command, so the
                `#` comment lines (which Junos itself ignores) are left out before parsing.
  junos-braces  Junos configuration in braces (as Aerleon's SRX generator writes it), turned
                into `set` commands by the small tokenizer below (hier-config's conversion
                nests Aerleon's sibling address sets wrongly): a list of paths of one line each.
"""

import json
import re
import sys


def fortios(text):
    import anyconfig

    return anyconfig.loads(text, ac_parser="fortios")


def leaves(platform, text):
    from hier_config import Platform, get_hconfig

    tree = get_hconfig(getattr(Platform, platform), text)
    return [
        [p.text for p in child.lineage()]
        for child in tree.all_children()
        if not child.children
    ]


def junos_braces(text):
    """`a { b c; d { e; } }` -> [["set a b c"], ["set a d e"]]; `/* */` comments dropped,
    `replace:` markers dropped, `[ x y ]` kept as words."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    tokens = re.findall(r'"[^"]*"|[{};]|[^\s{};]+', text)
    out, stack, words = [], [], []
    for t in tokens:
        if t == "{":
            stack.append(words)
            words = []
        elif t == ";":
            out.append(["set " + " ".join(w for ws in stack for w in ws) + " " + " ".join(words)])
            words = []
        elif t == "}":
            if words:
                raise ValueError("statement without ; before }")
            stack.pop()
        elif t != "replace:":
            words.append(t)
    if stack or words:
        raise ValueError("unbalanced braces")
    return [[" ".join(p[0].split())] for p in out]


def main():
    syntax, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if syntax == "fortios":
        result = fortios(text)
    elif syntax == "ios":
        # `exit` leaves a configuration mode; it configures nothing, and hier-config refuses a
        # second one (Aerleon's mixed ACLs end each list with it)
        body = "\n".join(l for l in text.splitlines() if l.strip() != "exit")
        result = leaves("CISCO_IOS", body)
    elif syntax == "junos":
        body = "\n".join(l for l in text.splitlines() if not l.startswith("#"))
        result = leaves("JUNIPER_JUNOS", body)
    elif syntax == "junos-braces":
        result = junos_braces(text)
    else:
        raise SystemExit(f"unknown syntax {syntax}")
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
