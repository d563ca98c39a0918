// parseJumpCloudUser tests a user in plain code before it falls back to the schema. It must pass
// exactly what the schema passes, and give the same user: here every field of a full user is
// swapped for values of every JSON type, and the two answers are compared.
import { describe, expect, it } from 'vitest';
import { JUMPCLOUD_TEXT_FIELDS } from '@/lib/config/fields';
import { jumpcloudUserSchema, parseJumpCloudUser } from '@/lib/jumpcloud/schemas';

const full = {
  _id: '5ca2422502ff10fdc700042c',
  username: 'uma.nakamura',
  ...Object.fromEntries(JUMPCLOUD_TEXT_FIELDS.filter((f) => f !== 'username').map((f) => [f, `${f} value`])),
  phoneNumbers: [{ type: 'work', number: '+44 20 7946 0000' }],
  addresses: [{ type: 'work', poBox: null, extendedAddress: '', streetAddress: '1 Road', locality: 'London', region: null, postalCode: 'N1', country: 'GB' }],
  attributes: [
    { name: 'Building', value: 'South' },
    { name: 'floor', value: 3 },
    { name: 'remote', value: false },
    { name: 'badge', value: null },
    { name: 'unset' },
  ],
  state: 'ACTIVATED',
  activated: true,
  suspended: false,
  mfa: { configured: false },
};

const VALUES: unknown[] = [undefined, null, '', 'text', 0, 2.5, true, false, {}, [], [null], [1], [{}], [[]], { name: 'x' }];
const NESTED: unknown[] = [undefined, null, '', 'text', 7, true, {}, []];

/** The user with one field swapped (undefined: removed). */
function variant(path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(full) as Record<string, unknown>;
  let at: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (value === undefined) delete at[last];
  else at[last] = value;
  return copy;
}

function* variants(): Generator<[string, unknown]> {
  yield ['the full user', full];
  for (const key of Object.keys(full)) for (const v of VALUES) yield [`${key} = ${JSON.stringify(v)}`, variant([key], v)];
  for (const [list, fields] of [
    ['phoneNumbers', ['type', 'number']],
    ['addresses', Object.keys(full.addresses[0]!)],
    ['attributes', ['name', 'value']],
  ] as const) {
    for (const f of fields) for (const v of NESTED) yield [`${list}[0].${f} = ${JSON.stringify(v)}`, variant([list, 0, f], v)];
  }
  for (const id of ['5CA2422502FF10FDC700042C', '5ca2422502ff10fdc700042', 'zca2422502ff10fdc700042c']) yield [`_id = ${id}`, variant(['_id'], id)];
  for (const state of ['STAGED', 'SUSPENDED', 'activated', 'DELETED']) yield [`state = ${state}`, variant(['state'], state)];
  for (const v of [Infinity, NaN]) yield [`attributes[1].value = ${v}`, variant(['attributes', 1, 'value'], v)];
  for (const top of [null, 'text', 3, [], [full]]) yield [`the user is ${JSON.stringify(top)}`, top];
}

describe('parseJumpCloudUser', () => {
  it('passes exactly what the schema passes, and gives the same user', () => {
    let passed = 0;
    let failed = 0;
    for (const [name, input] of variants()) {
      const ours = parseJumpCloudUser(input);
      const schema = jumpcloudUserSchema.safeParse(input);
      expect({ name, success: ours.success }).toEqual({ name, success: schema.success });
      if (ours.success && schema.success) expect(ours.data, name).toStrictEqual(schema.data);
      else expect(ours.error!.issues, name).toEqual(schema.error!.issues);
      if (ours.success) passed++;
      else failed++;
    }
    // Both kinds were tried, in numbers: a check that passed everything (or nothing) would show here.
    expect(passed).toBeGreaterThan(50);
    expect(failed).toBeGreaterThan(100);
  });
});
