"""Choose a provider implementation by name without importing vendors that are not chosen."""

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any, Generic, TypeVar

from helpline.errors import ProviderUnavailable

T = TypeVar("T")


class Registry(Generic[T]):
    """Maps a provider name to "module:factory"; the module is imported only when chosen.

    Keeping vendor SDK imports inside their own modules lets the core install light.
    """

    def __init__(self, kind: str, entries: Mapping[str, str]) -> None:
        self.kind = kind
        self._entries = dict(entries)

    def names(self) -> list[str]:
        return sorted(self._entries)

    def factory(self, name: str) -> Callable[..., T]:
        """The constructor registered under name, imported on first use."""
        try:
            target = self._entries[name.strip().lower()]
        except KeyError:
            known = ", ".join(self.names())
            raise ProviderUnavailable(
                f"unknown {self.kind} provider '{name}' (choose one of: {known})"
            ) from None
        module_name, _, attr = target.partition(":")
        factory: Callable[..., T] = getattr(import_module(module_name), attr)
        return factory

    def create(self, name: str, **kwargs: Any) -> T:
        """Build the provider registered under name with keyword arguments."""
        return self.factory(name)(**kwargs)
