// The generator's structural groups (nesting, a cycle, an empty group, hostile names) and the rules that fill groups with the generated users.
import { DEPARTMENTS, fold } from './sample-data.js';
import type { JumpCloudDirectory } from './tenant.js';

/** Structural groups, created first (as far as `groups` allows); names say why each exists. */
const GROUP_SPECS: readonly { label: string; name: string; description: string; email?: string }[] = [
  { label: 'allStaff', name: 'All Staff', description: 'Contains every department group (nested groups only)' },
  ...DEPARTMENTS.map((d) => ({ label: `dept:${d}`, name: d === 'Operations' ? 'Überwachung & Ops ✓' : d, description: `${d} department`, email: `${fold(d)}@example.com` })),
  { label: 'platform', name: 'Platform Team', description: 'Nested in Engineering; some members are also direct Engineering members' },
  { label: 'sre', name: 'SRE on-call', description: 'Nested in Platform Team (two levels below Engineering)' },
  { label: 'cycleA', name: 'Cycle A', description: 'Contains Cycle B, which contains Cycle A' },
  { label: 'cycleB', name: 'Cycle B', description: 'Contains Cycle A, which contains Cycle B' },
  { label: 'empty', name: 'Empty group', description: 'No members at all' },
  { label: 'hostile', name: '<img src=x onerror=alert(1)> "Group"; DROP TABLE groups;--', description: 'Quotes \' " and <tags>' },
  { label: 'spaced', name: '  Spaced Name  ', description: ' leading and trailing spaces ' },
  { label: 'cjk', name: '日本チーム 🇯🇵', description: '東京オフィス' },
];

/** Adds `count` groups (structural ones first, then numbered projects), nests them, and places every user; `int` is the generator's own stream, so the result stays deterministic. */
export function buildGroups(dir: JumpCloudDirectory, count: number, seconds: number, int: (max: number) => number): void {
  const label = (l: string) => dir.special.groups.get(l);
  for (let k = 0; k < count; k++) {
    const spec = GROUP_SPECS[k];
    const group = dir.addGroup({
      id: dir.newId(seconds + 1 + k),
      name: spec?.name ?? `Project ${String(k - GROUP_SPECS.length + 1).padStart(3, '0')}`,
      description: spec?.description ?? '',
      ...(spec?.email ? { email: spec.email } : {}),
      ...(spec?.label.startsWith('dept:') ? { attributes: { posixGroups: [{ id: 7000 + k, name: fold(spec.name) }] } } : {}),
    });
    if (spec) dir.special.groups.set(spec.label, group.id);
  }
  const link = (parent: string, child: string) => {
    const p = label(parent);
    const c = label(child);
    if (p && c) dir.addMember(p, c);
  };
  for (const d of DEPARTMENTS) link('allStaff', `dept:${d}`);
  link('dept:Engineering', 'platform');
  link('platform', 'sre');
  link('cycleA', 'cycleB');
  link('cycleB', 'cycleA');

  const projects = dir.groups.filter((g) => ![...dir.special.groups.values()].includes(g.id));
  const engineering = label('dept:Engineering');
  const platform = label('platform');
  const sre = label('sre');
  const hostile = label('hostile');
  const cycle = [label('cycleA'), label('cycleB')];
  let engineers = 0;
  for (const user of dir.users) {
    const dept = label(`dept:${user.department}`) ?? engineering;
    if (dept) dir.addMember(dept, user._id);
    if (dept === engineering) {
      engineers += 1;
      // Every 4th engineer is also in Platform (two routes into Engineering); every 20th in SRE.
      if (platform && engineers % 4 === 0) dir.addMember(platform, user._id);
      if (sre && engineers % 20 === 0) dir.addMember(sre, user._id);
    }
    const r = int(100);
    if (r < 2 && cycle[r]) dir.addMember(cycle[r]!, user._id);
    if (projects.length && int(3) === 0) dir.addMember(projects[int(projects.length)]!.id, user._id);
  }
  for (const u of dir.special.users.values()) if (hostile) dir.addMember(hostile, u);
  const cjk = label('cjk');
  const cjkUser = dir.special.users.get('cjk');
  if (cjk && cjkUser) dir.addMember(cjk, cjkUser);
}
