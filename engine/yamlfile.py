"""Reading one project YAML file (rule packs, reference data): bounded, and every failure one line.

The file is read with `files.read_limited` (a regular file, at most `limit` bytes: a FIFO or a
device is refused unopened), decoded as UTF-8 and parsed with the caller's loader (a
`yaml.SafeLoader` subclass with that file kind's conventions), its nesting bounded to `depth`
levels (a thousand nested brackets would otherwise exhaust Python's recursion). A read, size,
decoding, depth or syntax problem raises the caller's error type with the file and, where YAML
knows it, the line and column.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from peerclaims.engine import shown
from peerclaims.engine.errors import PeerclaimsError
from peerclaims.engine.files import FileRefused, read_limited


def one_line(text: str) -> str:
    """`text` on one line: line breaks and other control characters shown escaped (\\n)."""
    return shown.escape(text)


class _TooDeep(yaml.composer.ComposerError):
    """A document nested deeper than the limit."""

    def __init__(self, depth: int, mark: yaml.Mark | None) -> None:
        super().__init__(
            None, None, f"nested deeper than {depth} levels (PEERCLAIMS_MAX_YAML_DEPTH)", mark
        )


def _bound_composer(loader: Any, depth: int) -> None:
    """Make the pure-Python composer of `loader` refuse a node more than `depth` levels deep."""
    compose = loader.compose_node
    level = 0

    def compose_node(parent: yaml.Node | None, index: object) -> yaml.Node:
        nonlocal level
        level += 1
        try:
            if level > depth:
                raise _TooDeep(depth, loader.peek_event().start_mark)
            node: yaml.Node = compose(parent, index)
            return node
        finally:
            level -= 1

    loader.compose_node = compose_node  # the composer recurses through the instance attribute


def _check_depth(root: yaml.Node, depth: int) -> None:
    """Refuse a composed document (libyaml's) with a node more than `depth` levels deep.

    Only collections are walked (a scalar is a leaf one level below its collection), each once
    per deeper path it is reached by (an alias may reach it again).
    """
    deepest: dict[int, int] = {}
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    collections = (yaml.SequenceNode, yaml.MappingNode)
    while stack:
        node, level = stack.pop()
        if deepest.get(id(node), 0) >= level:
            continue
        deepest[id(node)] = level
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        else:
            children = [part for pair in node.value for part in pair]
        if children and level >= depth:
            raise _TooDeep(depth, children[0].start_mark)
        stack.extend((child, level + 1) for child in children if isinstance(child, collections))


_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _impossible_date(instance: Any, root: yaml.Node, exc: ValueError) -> yaml.YAMLError:
    """The error naming the first date scalar under `root` that is not on the calendar."""
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _TIMESTAMP:
                try:
                    instance.construct_yaml_timestamp(node)
                except ValueError as bad:
                    return yaml.constructor.ConstructorError(
                        None,
                        None,
                        f"{node.value} is not a date on the calendar ({bad})",
                        node.start_mark,
                    )
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in reversed(node.value) for part in reversed(pair))
    return yaml.YAMLError(f"a value cannot be read: {exc}")


def _load(text: str, loader: type[Any], depth: int) -> object:
    """`yaml.load(text, Loader=loader)` with the nesting bounded to `depth`."""
    instance = loader(text)
    try:
        if isinstance(instance, yaml.composer.Composer):
            _bound_composer(instance, depth)
            node = instance.get_single_node()
        else:  # libyaml composes in C (refusing past 1000 levels); its tree is checked after
            node = instance.get_single_node()
            if isinstance(node, yaml.SequenceNode | yaml.MappingNode):
                _check_depth(node, depth)
        if node is None:
            return None
        try:
            return instance.construct_document(node)
        except ValueError as exc:  # a timestamp YAML reads but the calendar has not: 2024-02-30
            raise _impossible_date(instance, node, exc) from exc
    finally:
        instance.dispose()


def read_yaml(
    path: Path,
    loader: type[yaml.SafeLoader],
    error: Callable[[str, str], PeerclaimsError],
    *,
    fast: type[Any] | None = None,
    limit: int,
    setting: str,
    depth: int,
) -> object:
    """The YAML document at `path`; `error(file, detail)` is raised for any problem.

    `limit` is the largest size read, set by the environment variable `setting`; `depth` the
    deepest nesting. With `fast` (the same loader on libyaml's parser), the document is parsed
    with it first; a document it refuses is parsed again with `loader`, so a problem reads the
    same either way.
    """
    shown_path = str(path)
    try:
        raw = read_limited(path, limit, setting)
    except FileRefused as exc:
        raise error(shown_path, exc.detail) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(shown_path, f"byte {exc.start}: not UTF-8 text") from exc
    if fast is not None:
        try:
            return _load(text, fast, depth)
        except yaml.YAMLError:
            pass  # the pure-Python loader says what the problem is, as without `fast`
    try:
        return _load(text, loader, depth)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = exc.problem or exc.context or "invalid YAML"
        raise error(shown_path, one_line(f"{where}YAML syntax error: {problem}")) from exc
    except yaml.YAMLError as exc:
        raise error(shown_path, one_line(f"YAML error: {exc}")) from exc
