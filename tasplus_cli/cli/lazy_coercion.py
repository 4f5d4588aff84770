"""Keep ``--help`` and shell completion free of pydantic.

Typer 0.29 coerces every parameter value through a pydantic TypeAdapter,
and importing its adapter module imports pydantic (~40 ms) even when a value
is absent, as for ``--db`` during ``tasplus opp --help`` or every parameter
during completion. This module wraps Typer's ``build_runtime_param`` so that
an absent value, a plain ``str`` value, or an empty repeatable option is
passed through without the adapter; any other value builds Typer's own
adapter on first use, so coercion and its error messages are unchanged.

The private Typer names it depends on (Typer is pinned ``>=0.29,<0.30`` in
pyproject.toml for this reason):

- ``typer.core.build_runtime_param(descriptor)``: looked up as a module global
  by ``_TyperParameter.get_runtime_param``; replaced here by ``light``.
- ``typer._coercion.RuntimeParam``: a frozen dataclass with the fields
  ``parameter_info`` and ``annotation``, the method ``coerce(value, param, ctx)``
  and the abstract ``_coerce_value``; ``LazyParam`` subclasses it.
- the descriptor's ``annotation``, ``parameter_info`` and ``file_annotation``
  (``typer._coercion.TypeDescriptor``), and the parameter's cache
  ``_runtime_param``, which ``LazyParam`` fills with the real one.

If they move: a missing module, function or class makes ``install`` return
False and patch nothing (tasplus works as before; only start-up is slower,
and tests/test_startup.py fails naming pydantic). Renamed fields or a changed
``coerce`` signature fail every command with a TypeError, so the suite fails
at once rather than coercing wrongly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

STRINGS = (str, Optional[str])


def install() -> bool:
    try:
        from typer import _coercion, core
    except ImportError:
        return False
    original = getattr(core, "build_runtime_param", None)
    base = getattr(_coercion, "RuntimeParam", None)
    if original is None or base is None or getattr(original, "_tasplus_light", False):
        return original is not None

    @dataclass(frozen=True)
    class LazyParam(base):  # type: ignore[misc, valid-type]
        descriptor: Any = None

        def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
            multi = param.multiple or param.nargs == -1
            if value is None or (multi and value == ()):
                return () if multi else None
            if not multi and isinstance(value, str) and self.annotation in STRINGS \
                    and self.descriptor.file_annotation is None:
                return value
            real = original(self.descriptor)
            param._runtime_param = real
            return real.coerce(value, param, ctx)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:  # never reached: coerce decides
            return value

    def light(descriptor: Any) -> Any:
        return LazyParam(annotation=descriptor.annotation, parameter_info=descriptor.parameter_info,
                         descriptor=descriptor)

    light._tasplus_light = True  # type: ignore[attr-defined]
    core.build_runtime_param = light
    return True
