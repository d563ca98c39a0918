// A JSON object, not an array or null: what the checks at the boundaries (JumpCloud users,
// snapshot entries, SCIM resources) test before reading a value's keys.
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
