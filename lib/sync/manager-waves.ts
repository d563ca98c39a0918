// Orders a run's user writes so that a manager created in this run exists before the people who
// report to them: wave 0 holds everyone whose manager is not new, wave 1 their new reports, and
// so on. Each create can then carry "Reporting To" itself instead of a second PATCH per user.
// A reporting cycle (A reports to B, B to A) is cut where it is found; those few users get their
// manager in the second pass (lib/sync/apply.ts).
export function managerWaves<T extends { jumpcloudId: string }>(actions: readonly T[], managerOf: ReadonlyMap<string, string>): T[][] {
  const inRun = new Set(actions.map((a) => a.jumpcloudId));
  const depth = new Map<string, number>();
  for (const { jumpcloudId } of actions) {
    // Walk up the chain iteratively (a chain may be thousands long), then assign depths on the way back.
    const path: string[] = [];
    const onPath = new Set<string>();
    let id: string | undefined = jumpcloudId;
    let base = -1;
    while (id !== undefined && inRun.has(id)) {
      const known = depth.get(id);
      if (known !== undefined) {
        base = known;
        break;
      }
      if (onPath.has(id)) break;
      path.push(id);
      onPath.add(id);
      id = managerOf.get(id);
    }
    for (let i = path.length - 1; i >= 0; i--) depth.set(path[i]!, ++base);
  }
  const waves: T[][] = [];
  for (const action of actions) (waves[depth.get(action.jumpcloudId)!] ??= []).push(action);
  return waves.filter(Boolean);
}
