#!/usr/bin/env python3
"""Checks that src/ keeps to its layers (src/layers.toml).

Every source file must belong to a layer; every `#include "..."` that names a file under the
source root must name one of the including layer's own files or a file of a layer it uses,
directly or through the layers it uses. With --links (written by CMake at configure time: one
line per target, `target: linked luukku_* targets`), every target must belong to a layer and
link only targets of its own layer and the layers it may use.

Prints one line per violation and exits 1, or prints a summary and exits 0.
"""

import argparse
import pathlib
import re
import sys
import tomllib

SOURCE_SUFFIXES = {".h", ".cc", ".cpp"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
# Targets every layer may link: compile options, not code.
COMMON_TARGETS = {"luukku_options"}


class TableError(Exception):
    pass


def load_table(path):
    with open(path, "rb") as f:
        table = tomllib.load(f)
    for name, layer in table.items():
        for key in ("paths", "targets", "uses"):
            if not isinstance(layer.get(key), list):
                raise TableError(f"{path}: [{name}] needs a list `{key}`")
        unknown = set(layer) - {"paths", "targets", "uses"}
        if unknown:
            raise TableError(f"{path}: [{name}] has unknown key(s) {sorted(unknown)}")
        for used in layer["uses"]:
            if used not in table:
                raise TableError(f"{path}: [{name}] uses unknown layer '{used}'")
    return table


def allowed_layers(table):
    """Each layer's closure over `uses`, itself included; a cycle is an error."""
    closure = {}

    def visit(name, stack):
        if name in closure:
            return closure[name]
        if name in stack:
            cycle = " -> ".join(stack[stack.index(name):] + [name])
            raise TableError(f"layers form a cycle: {cycle}")
        result = {name}
        for used in table[name]["uses"]:
            result |= visit(used, stack + [name])
        closure[name] = result
        return result

    for name in table:
        visit(name, [])
    return closure


def owner(table, relative):
    """The layer owning a path relative to the source root (longest matching path), or None."""
    best, best_len = None, -1
    for name, layer in table.items():
        for p in layer["paths"]:
            if (relative == p or relative.startswith(p + "/")) and len(p) > best_len:
                best, best_len = name, len(p)
    return best


def check_includes(table, allowed, src):
    violations, files, includes = [], 0, 0
    for path in sorted(src.rglob("*")):
        if path.suffix not in SOURCE_SUFFIXES or not path.is_file():
            continue
        relative = path.relative_to(src).as_posix()
        layer = owner(table, relative)
        if layer is None:
            violations.append(f"{relative}: belongs to no layer")
            continue
        files += 1
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = INCLUDE.match(line)
            if not match or not (src / match.group(1)).is_file():
                continue  # not one of ours (a system or third-party header)
            includes += 1
            target = owner(table, match.group(1))
            if target is None or target not in allowed[layer]:
                violations.append(f'{relative}:{number}: layer {layer} may not include '
                                  f'"{match.group(1)}" (layer {target})')
    return violations, f"{files} files, {includes} includes"


def check_links(table, allowed, links_path):
    layer_of_target = {t: name for name, layer in table.items() for t in layer["targets"]}
    violations, targets = [], 0
    for line in pathlib.Path(links_path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        target, _, linked = line.partition(":")
        target = target.strip()
        layer = layer_of_target.get(target)
        if layer is None:
            violations.append(f"target {target}: belongs to no layer")
            continue
        targets += 1
        for dep in linked.split():
            if dep in COMMON_TARGETS:
                continue
            dep_layer = layer_of_target.get(dep)
            if dep_layer is None or dep_layer not in allowed[layer]:
                violations.append(f"target {target} (layer {layer}) may not link {dep} "
                                  f"(layer {dep_layer})")
    return violations, f"{targets} targets"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", required=True, help="the layer table (TOML)")
    parser.add_argument("--src", required=True, help="the source root the table's paths name")
    parser.add_argument("--links", help="the targets' links, as CMake writes them")
    args = parser.parse_args()
    try:
        table = load_table(args.table)
        allowed = allowed_layers(table)
    except (TableError, tomllib.TOMLDecodeError, OSError) as e:
        print(f"layering: {e}")
        return 1
    violations, summary = check_includes(table, allowed, pathlib.Path(args.src))
    if args.links:
        link_violations, link_summary = check_links(table, allowed, args.links)
        violations += link_violations
        summary += ", " + link_summary
    for v in violations:
        print(v)
    if violations:
        print(f"layering: {len(violations)} violation(s); the layers are declared in {args.table}")
        return 1
    print(f"layering: {summary} keep to {len(table)} layers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
