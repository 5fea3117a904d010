"""typer's parameter coercion without pydantic for plain values (the CLI's start-up cost).

typer 0.2x checks every parameter, even its own --help flag, with a pydantic TypeAdapter, so each
run imports pydantic and builds adapters: ~100 ms of a 0.2 s one-article `copydesk convert`.
Here a parameter's plain values (text, a number within its bounds, a path, a list of texts)
are coerced directly, through typer's own path checks; any other value or type goes to typer's
usual coercion, built when first needed, so errors and their messages are typer's own.
Installed by `install()` when typer's internals are the ones this was written against; else
typer runs unchanged (only slower to start).
"""

import math
from dataclasses import dataclass
from pathlib import Path
from typing import get_args, get_origin


def install() -> bool:
    try:
        from typer import _coercion, core
        from typer._param_types import coerce_cli_path
        parameter = core._TyperParameter
        original = _coercion.build_runtime_param
        base = _coercion.RuntimeParam
        if not hasattr(parameter, "get_runtime_param") or getattr(parameter, "_light", False):
            return False
    except (ImportError, AttributeError):
        return False

    @dataclass(frozen=True)
    class LightRuntimeParam(base):
        descriptor: object

        def _coerce_value(self, value, param, ctx):
            plain = _plain(self.annotation, self.parameter_info, value)
            if plain is not _NOT_PLAIN:
                if _is_path(self.annotation, self.parameter_info):
                    return coerce_cli_path(plain, self.parameter_info, path_type=self.annotation, param=param, ctx=ctx)
                return plain
            return original(self.descriptor)._coerce_value(value, param=param, ctx=ctx)

    def get_runtime_param(self):
        if self._runtime_param is None:
            descriptor = self.type_descriptor
            if descriptor.file_annotation is None and descriptor.parameter_info.parser is None \
                    and _handled(descriptor.annotation, descriptor.parameter_info):
                self._runtime_param = LightRuntimeParam(parameter_info=descriptor.parameter_info,
                                                        annotation=descriptor.annotation, descriptor=descriptor)
            else:
                self._runtime_param = original(descriptor)
        return self._runtime_param

    parameter.get_runtime_param = get_runtime_param
    parameter._light = True
    return True


_NOT_PLAIN = object()


def _is_path(annotation, info) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, Path) and info.path_type is None


def _handled(annotation, info) -> bool:
    if get_origin(annotation) is list:
        return get_args(annotation) == (str,)
    return annotation in (str, bool) or (annotation in (int, float) and not info.clamp) or _is_path(annotation, info)


def _plain(annotation, info, value):
    """The coerced value when it is plain for the annotation, else _NOT_PLAIN."""
    if get_origin(annotation) is list:
        if isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
            return list(value)
        return _NOT_PLAIN
    if annotation is bool:
        return value if isinstance(value, bool) else _NOT_PLAIN
    if annotation is str or _is_path(annotation, info):
        if isinstance(value, str):
            return annotation(value)
        return value if annotation is not str and isinstance(value, annotation) else _NOT_PLAIN
    if annotation is int:
        number = value if isinstance(value, int) and not isinstance(value, bool) else \
            (int(value) if isinstance(value, str) and value.isascii() and value.isdigit() else None)
        return _bounded(number, info)
    if annotation is float:
        return _bounded(_plain_float(value), info)
    return _NOT_PLAIN


def _plain_float(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str) and value.isascii():
        try:
            number = float(value)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _bounded(number, info):
    if number is None or (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
        return _NOT_PLAIN
    return number
