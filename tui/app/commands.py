"""The command palette (ctrl+p): every action of the screen in front, found by its name."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import replace

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode


def actions_of(screen: DOMNode) -> Iterator[tuple[str, Binding, DOMNode]]:
    """(description, binding, node) for the bindings of the screen and of its reader panes."""
    seen: set[str] = set()
    focused = getattr(screen, "focused", None)
    focused_path = set(focused.ancestors_with_self) if focused is not None else set()
    # With two documents side by side, the pane with focus comes first: its actions are run.
    panes = sorted(screen.query("ReaderPane"), key=lambda pane: pane not in focused_path)
    nodes: list[DOMNode] = [screen]
    for pane in panes:
        nodes.extend([pane, *pane.query("DocumentView, Margin")])
    for node in nodes:
        for binding in node.BINDINGS:
            if isinstance(binding, Binding) and binding.description and binding.action not in seen:
                seen.add(binding.action)
                yield binding.description, binding, node


class ScreenActions(Provider):
    """Offers each action of the current screen, with its keys as help (its description is
    what it is found by; the action's name means nothing to the user)."""

    async def discover(self) -> Hits:
        for description, binding, node in actions_of(self.screen):
            runner = self._runner(node, binding.action)
            yield DiscoveryHit(description, runner, help=self._keys(binding))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for description, binding, node in actions_of(self.screen):
            score = matcher.match(description)
            if score > 0:
                runner = self._runner(node, binding.action)
                yield Hit(score, matcher.highlight(description), runner, help=self._keys(binding))

    def _keys(self, binding: Binding) -> str:
        keys = [replace(binding, key=key) for key in binding.key.split(",")]
        return "key: " + ", ".join(self.app.get_key_display(key) for key in keys)

    @staticmethod
    def _runner(node: DOMNode, action: str) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            await node.run_action(action)

        return run
