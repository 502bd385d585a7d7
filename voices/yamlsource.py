"""Load YAML into plain Python while remembering the line each value came from.

Survey and framework errors must name file, line and field, so the loader keeps a
map from each value's path (a tuple of keys and list indexes) to its 1-based line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PathKey = tuple[str | int, ...]


class SourceError(Exception):
    """A problem in a data file, located by file, line and field."""

    def __init__(self, file: str, line: int | None, field: str, message: str) -> None:
        self.file, self.line, self.field, self.message = file, line, field, message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


@dataclass
class Source:
    """A parsed YAML document plus the line of every value in it."""

    file: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line(self, path: PathKey) -> int | None:
        # Fall back to the nearest enclosing value that has a line.
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())

    def error(self, path: PathKey, message: str) -> SourceError:
        return SourceError(self.file, self.line(path), dotted(path), message)


def dotted(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load(path: Path, display_name: str | None = None) -> Source:
    name = display_name or _display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(name, None, "", f"cannot read file ({exc})") from exc
    return parse(text, name)


def _display(path: Path) -> str:
    """A path relative to the working folder when it is inside it: shorter error messages."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# Aliases let a few lines stand for millions of values ("billion laughs"); a survey or a
# framework has a few thousand at most, so anything past this is refused, not expanded.
MAX_VALUES = 100_000
PLAIN_COLLECTIONS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


def parse(text: str, name: str) -> Source:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise SourceError(
            name, line, "", f"not valid YAML ({getattr(exc, 'problem', exc)})"
        ) from exc
    except RecursionError:
        raise SourceError(name, None, "", "not valid YAML (nested too deeply)") from None
    source = Source(name, None)
    if node is not None:
        try:
            source.data = _Converter(source).convert(node, ())
        except RecursionError:
            raise SourceError(name, None, "", "nested too deeply") from None
    return source


@dataclass
class _Converter:
    """Turns composed nodes into plain values, bounded against alias bombs and cycles."""

    source: Source
    count: int = 0
    open_nodes: set[int] = field(default_factory=set)

    def fail(self, node: yaml.Node, path: PathKey, message: str) -> SourceError:
        return SourceError(self.source.file, node.start_mark.line + 1, dotted(path), message)

    def convert(self, node: yaml.Node, path: PathKey) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise self.fail(node, path, f"more than {MAX_VALUES:,} values (aliases expanded)")
        self.source.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            if node.tag not in PLAIN_COLLECTIONS:  # !!python/object:..., !!set, !!omap
                raise self.fail(node, path, f"the tag {node.tag} is not allowed here")
            if id(node) in self.open_nodes:
                raise self.fail(node, path, "an alias refers to a value that contains it")
            self.open_nodes.add(id(node))
            try:
                if isinstance(node, yaml.MappingNode):
                    return self.mapping(node, path)
                return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
            finally:
                self.open_nodes.discard(id(node))
        return self.scalar(node, path)

    def mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, path, "a key must be a plain value, not a list or map")
            key = self.scalar(key_node, path)
            if key in result:
                raise self.fail(key_node, (*path, key), "duplicate key")
            result[key] = self.convert(value_node, (*path, key))
        return result

    def scalar(self, node: yaml.Node, path: PathKey) -> Any:
        # Tags the safe loader does not know (!!python/object...) and values that do not
        # fit their tag (!!int abc, a date 2024-13-45) are errors in the file.
        try:
            return yaml.SafeLoader(" ").construct_object(node)
        except yaml.YAMLError as exc:
            raise self.fail(node, path, f"not valid YAML ({getattr(exc, 'problem', exc)})") from exc
        except (ValueError, TypeError, OverflowError) as exc:
            raise self.fail(
                node, path, f"not a valid {node.tag.rsplit(':', 1)[-1]} ({exc})"
            ) from exc
