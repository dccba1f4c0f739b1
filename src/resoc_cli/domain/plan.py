"""The individual plan's one-word state, from bare facts. No imports: the caseload computes
it once per open client and must not pay for the rest of the rules (see ``rules.plan_gaps``
for the same test with its messages)."""


def plan_state_of(agreed: bool, goal_areas: frozenset[str], need_areas: frozenset[str]) -> str:
    """none (nothing recorded), draft (not agreed, no goal, or a need without a goal), agreed."""
    if not agreed and not goal_areas and not need_areas:
        return "none"
    made = agreed and goal_areas and need_areas <= goal_areas
    return "agreed" if made else "draft"
