"""Public is public within one workspace: a Slack workspace, a Teams tenant, the console's workspace.

One database may serve several workspaces. A public tip of one is not shown in another (in /ask, the App
Home, digests or knowledge-base exports) unless app.yaml's `public_tips.shared_between` lists both: the
workspaces listed there read one another's public tips. Private tips never cross, whatever it says.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from bot.model import Tip, Visibility
from bot.ports import Scope


def workspace_key(platform: str, workspace_id: str) -> str:
    """How app.yaml and the store's search name a workspace: "slack:T0123", "teams:<tenant id>"."""
    return f"{platform}:{workspace_id}"


def tip_workspace(tip: Tip) -> str:
    return workspace_key(tip.source.ref.platform, tip.source.ref.workspace_id)


@dataclass(frozen=True)
class PublicSharing:
    shared_between: frozenset[str] = field(default_factory=frozenset)
    """Workspace keys whose public tips are public in all of them."""

    def others(self, platform: str, workspace_id: str) -> frozenset[str]:
        """The other workspaces whose public tips this one reads: none unless it is one of `shared_between`."""
        own = workspace_key(platform, workspace_id)
        return self.shared_between - {own} if own in self.shared_between else frozenset()

    def scope(self, platform: str, workspace_id: str, private_channel_ids: frozenset[str] = frozenset(),
              public: bool = True) -> Scope:
        return Scope(platform, workspace_id, private_channel_ids, self.others(platform, workspace_id), public)

    def public_in(self, tip: Tip, platform: str, workspace_id: str) -> bool:
        """Whether this is a public tip of the workspace, or one it is shared."""
        if tip.visibility is not Visibility.PUBLIC:
            return False
        home = tip_workspace(tip)
        return home == workspace_key(platform, workspace_id) or home in self.others(platform, workspace_id)


    def shown_in(self, tip: Tip, platform: str, workspace_id: str) -> bool:
        """Whether the workspace's digest may hold the tip: any of its own (its private tips then follow the
        digest's own rules), and the public tips shared with it."""
        return tip_workspace(tip) == workspace_key(platform, workspace_id) or self.public_in(tip, platform, workspace_id)


def readable(tip: Tip, scope: Scope) -> bool:
    """The access rule of a search (store/search.py applies the same one in SQL)."""
    ref = tip.source.ref
    if (ref.platform, ref.workspace_id) == (scope.platform, scope.workspace_id):
        return (scope.public and tip.visibility is Visibility.PUBLIC) or ref.channel_id in scope.private_channel_ids
    return scope.public and tip.visibility is Visibility.PUBLIC and tip_workspace(tip) in scope.shared_workspaces
