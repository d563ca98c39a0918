// The seeded generator: a deterministic directory of any size, users with realistic spread and the hard-data users planted among them.
import { seededRandom } from '../../faults.js';
import { buildGroups } from './generate-groups.js';
import { HARD_USERS } from './hard-users.js';
import { hex, SANDBOX_ORG_ID } from './ids.js';
import type { CustomAttribute, UserState } from './model.js';
import { baseUser, stateFlags } from './records.js';
import { BUILDINGS, CITIES, COMPANIES, DEPARTMENTS, EMPLOYEE_TYPES, FIRST_NAMES, fold, JOB_TITLES, LAST_NAMES, LOCATIONS } from './sample-data.js';
import { JumpCloudDirectory } from './tenant.js';

export interface GenerateOptions {
  users: number;
  /** Total user groups, structural ones included. Default: 14 plus one per 1,000 users, at most 200. */
  groups?: number;
  seed?: number;
  orgId?: string;
  orgName?: string;
}

/** Deterministic for a given option set; 100,000 users take well under the time a test allows. */
export function generateDirectory(options: GenerateOptions): JumpCloudDirectory {
  const n = Math.max(0, Math.floor(options.users));
  const seed = options.seed ?? 1;
  const rng = seededRandom(seed);
  const int = (max: number) => Math.floor(rng() * max);
  const choose = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const orgId = options.orgId ?? SANDBOX_ORG_ID;
  const startSeconds = Date.UTC(2019, 0, 1) / 1000;
  const dir = new JumpCloudDirectory(orgId, options.orgName ?? 'Sandbox Organization', hex(int(0xfffff), 5) + hex(int(0xfffff), 5), startSeconds);

  // Ids and `created` rise together, so generation order is id order and no sort is needed.
  // The spread keeps five years of history whatever the user count.
  const meanGap = Math.max(2, Math.floor((5 * 365 * 86400) / Math.max(n, 1)));
  let seconds = startSeconds;
  const hardAt = new Map<number, number>();
  const hardCount = Math.min(n, HARD_USERS.length);
  for (let j = 0; j < hardCount; j++) hardAt.set(Math.floor(((j + 0.5) * n) / hardCount), j);

  for (let i = 0; i < n; i++) {
    seconds += 1 + int(meanGap * 2);
    const id = dir.newId(seconds);
    const created = new Date(seconds * 1000 + int(1000)).toISOString();
    const first = choose(FIRST_NAMES);
    const last = choose(LAST_NAMES);
    const username = `${fold(first)}.${fold(last)}${i}`;
    const roll = rng();
    const state: UserState = roll < 0.03 ? 'STAGED' : roll < 0.06 ? 'SUSPENDED' : 'ACTIVATED';
    const user = baseUser(id, orgId, created, 5000 + i);
    user.username = username;
    user.email = `${username}@example.com`;
    user.firstname = first;
    user.lastname = last;
    user.middlename = rng() < 0.2 ? choose(FIRST_NAMES) : '';
    user.displayname = rng() < 0.8 ? `${first} ${last}` : '';
    user.jobTitle = choose(JOB_TITLES);
    user.department = choose(DEPARTMENTS);
    user.costCenter = `CC-${100 + int(900)}`;
    user.company = choose(COMPANIES);
    user.location = choose(LOCATIONS);
    user.employeeIdentifier = `E${String(i + 1).padStart(6, '0')}`;
    user.employeeType = choose(EMPLOYEE_TYPES);
    user.description = rng() < 0.1 ? `Joined from ${choose(COMPANIES)}` : '';
    if (i > 0 && rng() < 0.7) user.manager = dir.users[int(Math.min(i, 50 + i / 20))]!._id;
    if (rng() < 0.7) {
      user.phoneNumbers = [{ id: dir.newId(seconds), type: rng() < 0.5 ? 'work' : 'mobile', number: `+1 555 01${String(int(100)).padStart(2, '0')}` }];
    }
    if (rng() < 0.4) {
      const [locality, region, postalCode, country] = choose(CITIES);
      user.addresses = [{ id: dir.newId(seconds), type: 'work', poBox: '', extendedAddress: '', streetAddress: `${1 + int(999)} Example Street`, locality, region, postalCode, country }];
    }
    const attributes: CustomAttribute[] = [];
    if (rng() < 0.6) attributes.push({ name: 'costCode', value: String(1000 + int(9000)) });
    if (rng() < 0.5) attributes.push({ name: 'Building', value: choose(BUILDINGS) });
    if (rng() < 0.7) attributes.push({ name: 'startDate', value: created.slice(0, 10) });
    if (attributes.length) user.attributes = attributes;
    user.state = state;
    Object.assign(user, stateFlags(state));

    const hard = hardAt.get(i);
    if (hard !== undefined) {
      const { label, ...patch } = HARD_USERS[hard]!;
      Object.assign(user, patch);
      Object.assign(user, stateFlags(user.state));
      dir.special.users.set(label, id);
    }
    dir.pushGenerated(user);
  }
  // Someone managed by a suspended user: a manager reference that points at an inactive account.
  const suspended = dir.special.users.get('suspended');
  const managed = dir.special.users.get('accents');
  if (suspended && managed) dir.getUser(managed)!.manager = suspended;

  buildGroups(dir, options.groups ?? Math.min(200, 14 + Math.floor(n / 1000)), seconds, int);
  dir.version = 0;
  return dir;
}
