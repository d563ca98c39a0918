import { describe, expect, it } from 'vitest';
import { CORE_GROUP_SCHEMA, CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA, enterprise, typed } from '@/lib/scim/flat-user';
import { schemasResponseSchema, serviceProviderConfigSchema } from '@/lib/scim/schemas';
import { DEFAULT_MAX_RESULTS, permissiveSchema, readTargetSchema } from '@/lib/scim/target-schema';

const CUSTOM = 'urn:zoho:params:scim:schemas:extension:custom:2.0:User';

const sub = (name: string, extra: Record<string, unknown> = {}) => ({ name, type: 'string', multiValued: false, mutability: 'readWrite', ...extra });
const multi = (name: string, subs: string[]) => ({
  name,
  type: 'complex',
  multiValued: true,
  mutability: 'readWrite',
  subAttributes: [...subs.map((s) => sub(s)), sub('type'), sub('primary', { type: 'boolean' })],
});

// What a directory answers on GET /Schemas (a ListResponse), parsed as the client parses it.
const schemas = schemasResponseSchema.parse({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
  totalResults: 4,
  Resources: [
    {
      id: CORE_USER_SCHEMA,
      name: 'User',
      attributes: [
        sub('userName', { required: true, uniqueness: 'server' }),
        { name: 'name', type: 'complex', subAttributes: [sub('givenName'), sub('familyName'), sub('formatted')] },
        sub('displayName'),
        sub('title'),
        sub('preferredLanguage'),
        { name: 'active', type: 'boolean' },
        multi('emails', ['value', 'display']),
        multi('phoneNumbers', ['value']),
        multi('addresses', ['formatted', 'locality', 'country']),
        { name: 'groups', type: 'complex', multiValued: true, mutability: 'readOnly', subAttributes: [sub('value', { mutability: 'readOnly' })] },
        { name: 'x509Certificates', type: 'complex', multiValued: true },
      ],
    },
    { id: CORE_GROUP_SCHEMA, name: 'Group', attributes: [sub('displayName'), { name: 'members', type: 'complex', multiValued: true }] },
    {
      id: ENTERPRISE_USER_SCHEMA,
      name: 'EnterpriseUser',
      attributes: [
        sub('employeeNumber'),
        sub('department'),
        { name: 'manager', type: 'complex', subAttributes: [sub('value'), sub('$ref'), sub('displayName', { mutability: 'readOnly' })] },
      ],
    },
    { id: CUSTOM, name: 'Zoho custom fields', attributes: [sub('Cost_Centre'), sub('department'), sub('Badge_ID', { mutability: 'readOnly' })] },
  ],
});

const config = serviceProviderConfigSchema.parse({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
  patch: { supported: true },
  bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1048576 },
  filter: { supported: true, maxResults: 200 },
  changePassword: { supported: false },
  sort: { supported: true },
  etag: { supported: false },
});

describe('readTargetSchema', () => {
  const target = readTargetSchema(config, schemas);

  it('reads the capabilities', () => {
    expect(target).toMatchObject({
      patch: true,
      bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1048576 },
      filter: true,
      filterMaxResults: 200,
      etag: false,
      sort: true,
      declared: { config: true, schemas: true },
      extensions: [ENTERPRISE_USER_SCHEMA, CUSTOM],
    });
  });

  it('supports the declared, writable core and extension paths', () => {
    for (const path of [
      'userName',
      'externalId',
      'active',
      'name.givenName',
      typed('emails', 'work', 'value'),
      typed('phoneNumbers', 'mobile', 'value'),
      typed('addresses', 'work', 'locality'),
      enterprise('department'),
      enterprise('manager.value'),
      `${CUSTOM}:Cost_Centre`,
      `${CORE_USER_SCHEMA}:title`,
      'emails[type eq "work"]', // a bare typed entry means its value
    ]) {
      expect(target.supports(path), path).toBe(true);
    }
  });

  it('compares names and URNs case-insensitively (RFC 7643 §2.1)', () => {
    expect(target.supports('USERNAME')).toBe(true);
    expect(target.supports('Name.GivenName')).toBe(true);
    expect(target.supports(`${ENTERPRISE_USER_SCHEMA.toUpperCase()}:DEPARTMENT`)).toBe(true);
    expect(target.supports('PhoneNumbers[type eq "work"].Value')).toBe(true);
  });

  it('does not support undeclared, read-only or misshapen paths', () => {
    for (const path of [
      'nickName', // not declared by this target
      'timezone',
      'name.middleName',
      typed('addresses', 'work', 'region'),
      enterprise('costCenter'),
      enterprise('manager.displayName'), // read-only
      'groups',
      'id',
      'meta',
      `${CUSTOM}:Badge_ID`, // read-only
      `${CUSTOM}:Nope`,
      'urn:example:unknown:2.0:User:department',
      'title.sub', // a simple attribute has no sub-attributes
      'userName[type eq "work"].value', // not multi-valued
      'not a path',
    ]) {
      expect(target.supports(path), path).toBe(false);
    }
  });

  it('takes a complex attribute that lists no sub-attributes at its word', () => {
    expect(target.supports(typed('x509Certificates', 'work', 'value'))).toBe(true);
  });

  it('finds a custom attribute by its exact name, custom extensions before the enterprise one', () => {
    expect(target.customAttribute('Cost_Centre')).toBe(`${CUSTOM}:Cost_Centre`);
    expect(target.customAttribute('cost_centre')).toBeUndefined(); // case-sensitive, as Zoho matches
    expect(target.customAttribute('department')).toBe(`${CUSTOM}:department`);
    expect(target.customAttribute('employeeNumber')).toBe(enterprise('employeeNumber'));
    expect(target.customAttribute('Badge_ID')).toBeUndefined(); // read-only
    expect(target.customAttribute('userName')).toBeUndefined(); // core, not custom
    expect(target.customAttribute('displayName')).toBeUndefined(); // a Group attribute, not a user field
  });

  it('fills in what a partial ServiceProviderConfig leaves out', () => {
    const partial = readTargetSchema(serviceProviderConfigSchema.parse({ patch: { supported: false }, filter: { supported: true } }), schemas);
    expect(partial).toMatchObject({ patch: false, filter: true, filterMaxResults: DEFAULT_MAX_RESULTS, etag: false, bulk: { supported: false } });
  });

  it('accepts a bare array of schemas as well as a ListResponse', () => {
    const bare = schemasResponseSchema.parse([{ id: CORE_USER_SCHEMA, attributes: [sub('userName')] }]);
    const t = readTargetSchema(undefined, bare);
    expect(t.supports('userName')).toBe(true);
    expect(t.supports('title')).toBe(false);
    expect(t.supports(enterprise('department'))).toBe(false);
    expect(t.declared).toEqual({ config: false, schemas: true });
  });

  it('does not guess against core attributes when only extensions are listed', () => {
    const onlyExtension = readTargetSchema(config, schemasResponseSchema.parse([{ id: CUSTOM, attributes: [sub('Cost_Centre')] }]));
    expect(onlyExtension.supports('title')).toBe(true);
    expect(onlyExtension.supports(enterprise('department'))).toBe(false);
    expect(onlyExtension.customAttribute('Cost_Centre')).toBe(`${CUSTOM}:Cost_Centre`);
  });
});

describe('permissiveSchema', () => {
  it('supports every path and assumes PATCH, for targets without discovery', () => {
    expect(permissiveSchema).toMatchObject({
      patch: true,
      filter: true,
      filterMaxResults: DEFAULT_MAX_RESULTS,
      etag: false,
      bulk: { supported: false },
      declared: { config: false, schemas: false },
      extensions: [],
    });
    for (const path of ['userName', 'nickName', enterprise('manager.value'), `${CUSTOM}:Anything`, typed('ims', 'xmpp', 'value')]) {
      expect(permissiveSchema.supports(path), path).toBe(true);
    }
    expect(permissiveSchema.supports('id')).toBe(false);
    expect(permissiveSchema.supports('not a path')).toBe(false);
    expect(permissiveSchema.customAttribute('Cost_Centre')).toBeUndefined();
  });
});
