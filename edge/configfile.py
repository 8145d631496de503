"""Strict YAML -> typed dataclass loading, shared by every option group.

An option group is a frozen dataclass whose fields are declared with `opt(default, "why")`: the default and the
sentence that documents it sit side by side, and `describe()` prints them for the README. Loading is strict: an
unknown key, a value of the wrong type or an unreadable file is a `ConfigError` that names the file, the dotted
key and what to do, never a silent default.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args, get_origin

import yaml

T = TypeVar("T")


class ConfigError(ValueError):
    """A configuration problem, worded for the operator who has to fix it."""

    def __init__(self, source: str, key: str, problem: str, fix: str) -> None:
        self.source, self.key, self.problem, self.fix = source, key, problem, fix
        where = f"{source}: {key}" if key else source
        super().__init__(f"{where}: {problem}. {fix}")


def opt(default: Any, doc: str) -> Any:
    """Declare an option with its default and the sentence that says why (shown by `edge config --describe`)."""
    if isinstance(default, (list, dict, set)):
        return dataclasses.field(default_factory=lambda d=default: type(d)(d), metadata={"doc": doc})
    if dataclasses.is_dataclass(default):
        return dataclasses.field(default_factory=lambda d=default: d, metadata={"doc": doc})
    return dataclasses.field(default=default, metadata={"doc": doc})


def group(cls: type[T], doc: str) -> Any:
    """Declare a nested option group (its fields document themselves)."""
    return dataclasses.field(default_factory=cls, metadata={"doc": doc})


def _type_name(tp: Any) -> str:
    if get_origin(tp) is Literal:
        return " | ".join(repr(a) for a in get_args(tp))
    return getattr(tp, "__name__", str(tp))


def _coerce(value: Any, tp: Any, source: str, key: str) -> Any:
    """Check `value` against the annotation `tp`; return it (converted where lossless) or raise ConfigError."""
    origin = get_origin(tp)
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise ConfigError(source, key, f"expected a mapping of options, got {value!r}", "Indent the options under it")
        return build(tp, value, source, key)
    if origin in (typing.Union, types.UnionType):
        args = get_args(tp)
        if value is None and type(None) in args:
            return None
        errors = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                return _coerce(value, arg, source, key)
            except ConfigError as exc:
                errors.append(exc.problem)
        raise ConfigError(source, key, f"{value!r} is not a {' or '.join(_type_name(a) for a in args)}", "Fix the value")
    if origin is Literal:
        allowed = get_args(tp)
        if value not in allowed:
            raise ConfigError(source, key, f"{value!r} is not one of {', '.join(repr(a) for a in allowed)}",
                              "Use one of the allowed values")
        return value
    if origin in (list, tuple):
        (item_tp, *_rest) = get_args(tp) or (Any,)
        if not isinstance(value, list):
            raise ConfigError(source, key, f"expected a list, got {value!r}", "Write it as a YAML list")
        items = [_coerce(v, item_tp, source, f"{key}[{i}]") for i, v in enumerate(value)]
        return tuple(items) if origin is tuple else items
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(source, key, f"expected a mapping, got {value!r}", "Write it as a YAML mapping")
        _k_tp, v_tp = get_args(tp) or (str, Any)
        return {str(k): _coerce(v, v_tp, source, f"{key}.{k}") for k, v in value.items()}
    if tp is Any:
        return value
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if tp is Path and isinstance(value, str):
        return Path(value).expanduser()
    if tp in (int, float, str, bool):
        if isinstance(value, bool) and tp is not bool:
            raise ConfigError(source, key, f"expected {tp.__name__}, got the boolean {value!r}", "Fix the value")
        if not isinstance(value, tp):
            raise ConfigError(source, key, f"expected {tp.__name__}, got {type(value).__name__} {value!r}",
                              f"Write a {tp.__name__}")
        return value
    raise ConfigError(source, key, f"cannot read a value for type {tp!r}", "This is a bug in edge-voice")


def build(cls: type[T], data: dict[str, Any], source: str = "<config>", prefix: str = "") -> T:
    """Build the dataclass `cls` from a mapping, strictly (unknown keys and wrong types are errors)."""
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    kwargs: dict[str, Any] = {}
    for raw_key, value in data.items():
        key = str(raw_key)
        dotted = f"{prefix}.{key}" if prefix else key
        if key not in fields:
            known = ", ".join(sorted(fields))
            raise ConfigError(source, dotted, "unknown key", f"Remove it or use one of: {known}")
        kwargs[key] = _coerce(value, hints[key], source, dotted)
    try:
        obj = cls(**kwargs)
    except (TypeError, ValueError) as exc:
        raise ConfigError(source, prefix or "(top level)", str(exc), "Fix the values of this group") from exc
    return obj


def load_yaml(path: Path) -> dict[str, Any]:
    """Read a YAML mapping, turning every way it can fail into a ConfigError."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), "", "file not found", "Check the path, or copy configs/default.yaml") from None
    except OSError as exc:
        raise ConfigError(str(path), "", f"cannot read it ({exc.strerror})", "Check its permissions") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        raise ConfigError(str(path), "", f"not valid YAML at {where} ({getattr(exc, 'problem', exc)})",
                          "Fix the YAML syntax there") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(str(path), "", "the top level must be a mapping of option groups", "See configs/default.yaml")
    return data


def describe(cls: type, prefix: str = "") -> list[str]:
    """One line per option, `key: default  # why`, for documentation and `edge config --describe`."""
    lines: list[str] = []
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        key = f"{prefix}.{f.name}" if prefix else f.name
        doc = f.metadata.get("doc", "")
        tp = hints[f.name]
        if dataclasses.is_dataclass(tp):
            lines.append(f"{key}:  # {doc}")
            lines.extend(describe(tp, key))
            continue
        default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc]
        lines.append(f"{key}: {default!r}  # {doc}")
    return lines
