// Users and groups share the snapshot store; group entries carry a prefix so the two never collide.
const GROUP_PREFIX = 'group:';
export const groupKey = (jumpcloudGroupId: string) => GROUP_PREFIX + jumpcloudGroupId;
export const isGroupKey = (key: string) => key.startsWith(GROUP_PREFIX);
export const groupIdOf = (key: string) => key.slice(GROUP_PREFIX.length);

/** How many of the snapshot's entries are users', counted without making a list of them. */
export function userEntries(snapshot: ReadonlyMap<string, unknown>): number {
  let n = 0;
  for (const key of snapshot.keys()) if (!isGroupKey(key)) n++;
  return n;
}
