import { describe, expect, it } from 'vitest';
import { diff, formatPath, fromResource, parsePath, toResource } from '@/lib/scim/flat';
import { CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA, enterprise, typed, type FlatUser } from '@/lib/scim/flat-user';

const CUSTOM = 'urn:zoho:params:scim:schemas:extension:custom:2.0:User';

const ann: FlatUser = {
  userName: 'ann@example.com',
  externalId: '5f1e0b2a9c8d7e6f5a4b3c2d',
  active: true,
  displayName: 'Ann Example',
  title: 'Engineer',
  preferredLanguage: 'en-GB',
  timezone: 'Europe/London',
  'name.givenName': 'Ann',
  'name.familyName': 'Example',
  [typed('emails', 'work', 'value')]: 'ann@example.com',
  [typed('phoneNumbers', 'work', 'value')]: '+44 20 7946 0000',
  [typed('phoneNumbers', 'mobile', 'value')]: '+44 7700 900000',
  [typed('addresses', 'work', 'locality')]: 'London',
  [typed('addresses', 'work', 'country')]: 'GB',
  [enterprise('employeeNumber')]: 'E-42',
  [enterprise('department')]: 'R&D',
  [enterprise('manager.value')]: 'scim-id-of-boss',
};

describe('parsePath / formatPath', () => {
  it('takes every path form of the flat user apart', () => {
    expect(parsePath('userName')).toEqual({ attribute: 'userName' });
    expect(parsePath('name.givenName')).toEqual({ attribute: 'name', sub: 'givenName' });
    expect(parsePath(typed('emails', 'work', 'value'))).toEqual({ attribute: 'emails', type: 'work', sub: 'value' });
    expect(parsePath(enterprise('department'))).toEqual({ schema: ENTERPRISE_USER_SCHEMA, attribute: 'department' });
    expect(parsePath(enterprise('manager.value'))).toEqual({ schema: ENTERPRISE_USER_SCHEMA, attribute: 'manager', sub: 'value' });
    expect(parsePath(`${CUSTOM}:Cost_Centre`)).toEqual({ schema: CUSTOM, attribute: 'Cost_Centre' });
    // The core URN prefix is the same as none (RFC 7644 §3.10).
    expect(parsePath(`${CORE_USER_SCHEMA}:userName`)).toEqual({ attribute: 'userName' });
  });

  it('refuses what is not a path', () => {
    for (const bad of ['', 'a b', 'name.', '.x', 'emails[type eq work].value', 'a.b.c', 'x:y', 'emails[value co "x"]']) {
      expect(parsePath(bad), bad).toBeUndefined();
    }
  });

  it('formats what it parses, escaping quotes and backslashes in a type', () => {
    for (const path of ['userName', 'name.givenName', typed('emails', 'work', 'value'), enterprise('manager.value'), 'emails[type eq "a\\"b\\\\c"].value']) {
      expect(formatPath(parsePath(path)!)).toBe(path);
    }
    expect(parsePath('emails[type eq "a\\"b\\\\c"].value')?.type).toBe('a"b\\c');
  });
});

describe('toResource', () => {
  it('nests paths into a SCIM User with the enterprise extension, the work email primary', () => {
    expect(toResource(ann)).toEqual({
      schemas: [CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
      userName: 'ann@example.com',
      externalId: '5f1e0b2a9c8d7e6f5a4b3c2d',
      active: true,
      displayName: 'Ann Example',
      title: 'Engineer',
      preferredLanguage: 'en-GB',
      timezone: 'Europe/London',
      name: { givenName: 'Ann', familyName: 'Example' },
      emails: [{ type: 'work', primary: true, value: 'ann@example.com' }],
      phoneNumbers: [
        { type: 'work', value: '+44 20 7946 0000' },
        { type: 'mobile', value: '+44 7700 900000' },
      ],
      addresses: [{ type: 'work', locality: 'London', country: 'GB' }],
      [ENTERPRISE_USER_SCHEMA]: { employeeNumber: 'E-42', department: 'R&D', manager: { value: 'scim-id-of-boss' } },
    });
  });

  it('names only the core schema without extension values, and never sends empty strings', () => {
    const r = toResource({ userName: 'bo@example.com', title: '', [enterprise('department')]: '', [typed('emails', 'home', 'value')]: 'bo@home.example' });
    expect(r).toEqual({ schemas: [CORE_USER_SCHEMA], userName: 'bo@example.com', emails: [{ type: 'home', value: 'bo@home.example' }] });
  });

  it('lists every extension in use, custom ones included', () => {
    const r = toResource({ userName: 'c@example.com', [`${CUSTOM}:Cost_Centre`]: 'CC-1', [enterprise('division')]: 'North' });
    expect(r['schemas']).toEqual([CORE_USER_SCHEMA, CUSTOM, ENTERPRISE_USER_SCHEMA]);
    expect(r[CUSTOM]).toEqual({ Cost_Centre: 'CC-1' });
  });

  it('leaves server-owned attributes out and refuses what is not a path', () => {
    expect(toResource({ userName: 'd@example.com', id: 'x', meta: 'y', schemas: 'z' })).toEqual({ schemas: [CORE_USER_SCHEMA], userName: 'd@example.com' });
    expect(() => toResource({ 'not a path': 'x' })).toThrow(TypeError);
    expect(() => toResource({ name: 'x', 'name.givenName': 'y' })).toThrow(/clash/);
  });

  it('treats "__proto__" and "constructor" as ordinary names: no prototype is touched', () => {
    const r = toResource({ userName: 'e@example.com', '__proto__.polluted': 'yes', 'constructor.prototype': 'yes', [`${CUSTOM}:__proto__`]: 'x' });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
    const wire = JSON.parse(JSON.stringify(r)) as Record<string, Record<string, unknown>>;
    expect(Object.hasOwn(wire, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(wire, '__proto__')?.value).toEqual({ polluted: 'yes' });
    expect(Object.getOwnPropertyDescriptor(wire[CUSTOM]!, '__proto__')?.value).toBe('x');
  });
});

describe('fromResource', () => {
  it('inverts toResource', () => {
    const withoutEmpty = { ...ann, title: '' };
    const { title: _t, ...expected } = withoutEmpty;
    expect(fromResource(toResource(withoutEmpty))).toEqual(expected);
  });

  it('reads what a directory returns, leaving out what the flat form does not carry', () => {
    const resource = {
      schemas: [CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA, CUSTOM],
      id: '2819c223-7f76-453a-919d-413861904646',
      meta: { resourceType: 'User', location: 'https://example.com/Users/2819c223' },
      userName: 'Bjensen@example.com',
      externalId: 'bjensen',
      active: false,
      nickName: null,
      title: '',
      name: { formatted: 'Ms. Barbara J Jensen III', familyName: 'Jensen', givenName: 'Barbara' },
      emails: [
        { value: 'bjensen@old.example.com', type: 'Work' },
        { value: 'bjensen@example.com', type: 'work', primary: true, display: 'Babs' },
        { value: 'babs@jensen.org', type: 'home' },
        { value: 'untyped@example.com' },
      ],
      groups: [{ value: 'e9e30dba', display: 'Tour Guides' }],
      x509Certificates: [{ value: 'MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx' }],
      [ENTERPRISE_USER_SCHEMA]: {
        employeeNumber: 701984,
        manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d', $ref: '../Users/26118915', displayName: 'John Smith' },
      },
      [CUSTOM]: { Cost_Centre: 'CC-9', Badge: true },
    };
    expect(fromResource(resource)).toEqual({
      userName: 'Bjensen@example.com',
      externalId: 'bjensen',
      active: false,
      'name.formatted': 'Ms. Barbara J Jensen III',
      'name.familyName': 'Jensen',
      'name.givenName': 'Barbara',
      [typed('emails', 'work', 'value')]: 'bjensen@example.com',
      [typed('emails', 'home', 'value')]: 'babs@jensen.org',
      [enterprise('employeeNumber')]: '701984',
      [enterprise('manager.value')]: '26118915-6090-4610-87e4-49d8ca9f808d',
      [`${CUSTOM}:Cost_Centre`]: 'CC-9',
      [`${CUSTOM}:Badge`]: true,
    });
  });

  it('ignores keys that could not round-trip as paths, and "__proto__" stays data', () => {
    const resource = JSON.parse('{"userName":"f@example.com","weird.key":"x","odd key":"y","__proto__":{"polluted":"yes"}}') as Record<string, unknown>;
    const flat = fromResource(resource);
    expect(flat['userName']).toBe('f@example.com');
    expect(Object.keys(flat).sort()).toEqual(['__proto__.polluted', 'userName']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('hostile strings', () => {
  const hostile = [
    'quote"inside',
    'back\\slash',
    '\\"both\\"',
    '<script>alert(1)</script>',
    'Zoë Ångström 张伟 محمد',
    'emoji 🙂👩🏽‍💻',
    "O'Brien; DROP TABLE users; --",
    'line\nbreak\ttab',
    ') or userName pr or (',
    '${jndi:ldap://x}',
  ];

  it('round-trip through the wire unchanged', () => {
    for (const value of hostile) {
      const flat: FlatUser = {
        userName: value,
        externalId: value,
        displayName: value,
        'name.givenName': value,
        [typed('emails', 'work', 'value')]: value,
        [enterprise('department')]: value,
        [enterprise('manager.value')]: value,
      };
      const wire = JSON.parse(JSON.stringify(toResource(flat))) as Record<string, unknown>;
      expect(fromResource(wire), value).toEqual(flat);
      expect(diff(flat, fromResource(wire))).toEqual([]);
    }
  });

  it('travel as values in PATCH operations, never spliced into paths', () => {
    const ops = diff({ userName: 'a@example.com' }, { userName: hostile[0]!, displayName: hostile[3]! });
    expect(ops).toEqual([
      { op: 'add', path: 'displayName', value: hostile[3] },
      { op: 'replace', path: 'userName', value: hostile[0] },
    ]);
  });
});

describe('diff', () => {
  it('is empty for equal users, and for empty strings versus absent values', () => {
    expect(diff(ann, { ...ann })).toEqual([]);
    expect(diff({ ...ann, title: '' }, Object.fromEntries(Object.entries(ann).filter(([k]) => k !== 'title')))).toEqual([]);
  });

  it('replaces changed attributes by their paths, adds new ones and removes the ones gone', () => {
    const after: FlatUser = { ...ann, title: 'Lead Engineer', 'name.givenName': 'Anne', nickName: 'Annie', active: false };
    delete after['preferredLanguage'];
    after['timezone'] = '';
    expect(diff(ann, after)).toEqual([
      { op: 'remove', path: 'preferredLanguage' },
      { op: 'remove', path: 'timezone' },
      { op: 'replace', path: 'active', value: false },
      { op: 'replace', path: 'name.givenName', value: 'Anne' },
      { op: 'add', path: 'nickName', value: 'Annie' },
      { op: 'replace', path: 'title', value: 'Lead Engineer' },
    ]);
  });

  it('works on typed entries: path per value when the entry exists, whole entry when it is new or gone', () => {
    const after: FlatUser = { ...ann };
    after[typed('phoneNumbers', 'work', 'value')] = '+44 20 7946 0001'; // changed
    delete after[typed('phoneNumbers', 'mobile', 'value')]; // entry gone
    delete after[typed('addresses', 'work', 'country')]; // one value of a remaining entry gone
    after[typed('addresses', 'work', 'region')] = 'Greater London'; // new value in an existing entry
    after[typed('phoneNumbers', 'fax', 'value')] = '+44 20 7946 0099'; // new entry
    expect(diff(ann, after)).toEqual([
      { op: 'remove', path: 'addresses[type eq "work"].country' },
      { op: 'remove', path: 'phoneNumbers[type eq "mobile"]' },
      { op: 'add', path: 'addresses[type eq "work"].region', value: 'Greater London' },
      { op: 'add', path: 'phoneNumbers', value: [{ type: 'fax', value: '+44 20 7946 0099' }] },
      { op: 'replace', path: 'phoneNumbers[type eq "work"].value', value: '+44 20 7946 0001' },
    ]);
  });

  it('adds a new work email as the primary one', () => {
    const before: FlatUser = { userName: 'g@example.com' };
    expect(diff(before, { ...before, [typed('emails', 'work', 'value')]: 'g@example.com' })).toEqual([
      { op: 'add', path: 'emails', value: [{ type: 'work', value: 'g@example.com', primary: true }] },
    ]);
  });

  it('sets the enterprise manager through its parent, with manager.value inside', () => {
    const base: FlatUser = { userName: 'h@example.com' };
    const managed = { ...base, [enterprise('manager.value')]: 'boss-1' };
    expect(diff(base, managed)).toEqual([{ op: 'add', path: enterprise('manager'), value: { value: 'boss-1' } }]);
    expect(diff(managed, { ...base, [enterprise('manager.value')]: 'boss-2' })).toEqual([
      { op: 'replace', path: enterprise('manager'), value: { value: 'boss-2' } },
    ]);
    expect(diff(managed, base)).toEqual([{ op: 'remove', path: enterprise('manager') }]);
    expect(diff(managed, { ...base, [enterprise('manager.value')]: '' })).toEqual([{ op: 'remove', path: enterprise('manager') }]);
  });

  it('removes a whole core complex attribute when none of it is left', () => {
    const before: FlatUser = { userName: 'i@example.com', 'name.givenName': 'I', 'name.familyName': 'J' };
    expect(diff(before, { userName: 'i@example.com' })).toEqual([{ op: 'remove', path: 'name' }]);
    expect(diff(before, { userName: 'i@example.com', 'name.givenName': 'I' })).toEqual([{ op: 'remove', path: 'name.familyName' }]);
  });

  it('gives the same operations whatever the order the attributes were set in', () => {
    const reversed = Object.fromEntries(Object.entries(ann).reverse());
    const changed = { ...ann, title: 'X', [enterprise('department')]: 'Y', [typed('emails', 'work', 'value')]: 'z@example.com' };
    const changedReversed = Object.fromEntries(Object.entries(changed).reverse());
    expect(diff(reversed, changedReversed)).toEqual(diff(ann, changed));
    expect(diff(ann, changed).map((o) => o.path)).toEqual(['emails[type eq "work"].value', 'title', enterprise('department')]);
  });

  it('turns a user into nothing and back', () => {
    const empty: FlatUser = {};
    expect(diff(empty, ann).every((o) => o.op === 'add')).toBe(true);
    expect(diff(ann, empty).every((o) => o.op === 'remove')).toBe(true);
    expect(diff(ann, empty).map((o) => o.path)).toEqual([
      'active',
      'addresses[type eq "work"]',
      'displayName',
      'emails[type eq "work"]',
      'externalId',
      'name',
      'phoneNumbers[type eq "mobile"]',
      'phoneNumbers[type eq "work"]',
      'preferredLanguage',
      'timezone',
      'title',
      enterprise('department'),
      enterprise('employeeNumber'),
      enterprise('manager'),
      'userName',
    ]);
  });
});
