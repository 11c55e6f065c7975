"""Build a pydantic model from values already known valid, without validating them again.

`trusted(Model, values)` is `Model.model_construct(**values)` on its lean path: every field is
given (`values` holds exactly the model's fields, defaults included), no field has an alias,
and the model has no `model_post_init`. It sets what `model_construct` sets (`__dict__`,
`__pydantic_fields_set__`, no extra, no private attributes), so the instance dumps, compares and
hashes as a validated one. `model_construct` itself walks every field's aliases and defaults on
each call: for the two dozen models a judged claim makes, that walk was a tenth of judging.

Only code that built every value from validated models or rule-pack data may call it;
tests/test_check_models.py validates such results from their own dumps.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

_setattr = object.__setattr__
_LEAN: dict[type[BaseModel], frozenset[str]] = {}
"""Model -> its field names, once checked to be lean (no alias, no post-init)."""


def _lean_fields(model: type[BaseModel]) -> frozenset[str]:
    fields = model.__pydantic_fields__
    if model.__pydantic_post_init__ is not None or model.__pydantic_root_model__:
        raise TypeError(f"{model.__name__}: trusted() needs a model without post-init or root")
    for name, info in fields.items():
        if info.alias not in (None, name) or info.validation_alias not in (None, name):
            raise TypeError(f"{model.__name__}.{name}: trusted() needs fields without aliases")
    names = frozenset(fields)
    _LEAN[model] = names
    return names


def trusted(model: type[M], values: dict[str, Any]) -> M:
    """An instance of `model` holding `values` (every field, already valid) as they are."""
    names = _LEAN.get(model) or _lean_fields(model)
    if values.keys() != names:  # a field missing or one too many: a bug in the caller
        given = set(values)
        raise TypeError(
            f"{model.__name__}: trusted() got {sorted(given - names)} extra and "
            f"{sorted(names - given)} missing"
        )
    instance = model.__new__(model)
    _setattr(instance, "__dict__", values)
    _setattr(instance, "__pydantic_fields_set__", set(values))
    _setattr(instance, "__pydantic_extra__", None)
    _setattr(instance, "__pydantic_private__", None)
    return instance
