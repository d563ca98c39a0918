// Users and groups share the snapshot store; group entries carry a prefix so the two never collide.
const GROUP_PREFIX = 'group:';
export const groupKey = (jumpcloudGroupId: string) => GROUP_PREFIX + jumpcloudGroupId;
export const isGroupKey = (key: string) => key.startsWith(GROUP_PREFIX);
export const groupIdOf = (key: string) => key.slice(GROUP_PREFIX.length);
