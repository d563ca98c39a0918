// Pure functions between the flat user form (./flat-user.ts: SCIM attribute path → value) and the
// SCIM wire: the nested resource a POST or PUT carries, the inverse for a user read back from the
// directory, and the PATCH operations that turn one flat user into another.
//
// Conventions, all here so the client and the planner agree:
// - An empty string is "no value" (RFC 7643 §2.5 treats unassigned, null and empty alike): it is
//   never sent, and a value that becomes '' is removed.
// - The work email is marked `primary: true` (Zoho signs users in by it; Entra and Okta do the same).
//   fromResource leaves `primary` out, since toResource adds it back.
// - PATCH forms (checked against the sandbox, which is SCIMMY, and matching what Entra sends, the
//   client Zoho One's SCIM endpoint is documented with):
//     simple attribute          add | replace | remove  "title"
//     core complex sub-attr     add | replace | remove  "name.givenName"
//     typed entry, existing     add | replace | remove  'phoneNumbers[type eq "work"].value'
//     typed entry, new          add "phoneNumbers" [{type, …subs}]   (a filtered path that matches
//                               nothing is 400 noTarget per RFC 7644 §3.5.2, for add as for replace)
//     typed entry, gone         remove 'phoneNumbers[type eq "work"]'  (no leftover {type} stub)
//     extension complex         add | replace "urn:…:User:manager" {value}  (servers, SCIMMY among
//                               them, mishandle "urn:…:User:manager.value"; Okta and Entra send
//                               the parent too). All of the parent's values are sent, so a server
//                               that replaces the complex wholesale and one that merges agree.
//     complex, all subs gone    remove the parent ("name", "urn:…:User:manager")
//   Removes come first (so a remove can never undo an add of the same entry), then the rest, each
//   group sorted by path: the same two users always give the same operations.
import { CORE_USER_SCHEMA, type FlatUser } from './flat-user';
import { isRecord } from '../is-record';

export type FlatValue = FlatUser[string];
export type PatchValue = FlatValue | Record<string, FlatValue> | Record<string, FlatValue>[];
export type PatchOperation = { op: 'add' | 'replace'; path: string; value: PatchValue } | { op: 'remove'; path: string };

/** A flat path taken apart: [schema:]attribute[[type eq "type"]][.sub] */
export interface ParsedPath {
  /** An extension schema URN; undefined for the core User schema. */
  schema?: string;
  attribute: string;
  /** The `type` of a multi-valued attribute's entry ('emails[type eq "work"]'). */
  type?: string;
  sub?: string;
}

// RFC 7643 §2.1 ATTRNAME is ALPHA *(nameChar); we accept a little more (Zoho custom field names
// are admin-chosen), but never the characters the path syntax itself uses.
const NAME = String.raw`[^.:\[\]"\s]+`;
const NAME_RE = new RegExp(`^${NAME}$`);
const PATH_RE = new RegExp(
  String.raw`^(?:(urn:[^\[]*):)?(${NAME})(?:\[\s*type\s+eq\s+"((?:[^"\\]|\\.)*)"\s*\])?(?:\.(${NAME}))?$`,
  'i',
);

const sameText = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Parses a flat path; undefined when it is not one. A core-URN prefix is dropped. */
export function parsePath(path: string): ParsedPath | undefined {
  const m = PATH_RE.exec(path);
  if (!m) return undefined;
  const [, schema, attribute, type, sub] = m;
  const out: ParsedPath = { attribute: attribute! };
  if (schema !== undefined && !sameText(schema, CORE_USER_SCHEMA)) out.schema = schema;
  if (type !== undefined) out.type = type.replace(/\\(.)/g, '$1');
  if (sub !== undefined) out.sub = sub;
  return out;
}

/** The inverse of parsePath. */
export function formatPath(p: ParsedPath): string {
  const type = p.type === undefined ? '' : `[type eq "${p.type.replace(/["\\]/g, '\\$&')}"]`;
  return `${p.schema === undefined ? '' : `${p.schema}:`}${p.attribute}${type}${p.sub === undefined ? '' : `.${p.sub}`}`;
}

// ------------------------------------------------------------------ own-property helpers
// Paths come from configuration (custom field names) and values from servers: build objects with
// defineProperty so a name like "__proto__" is an ordinary key, never a prototype change.

type Obj = Record<string, unknown>;

function setOwn(target: Obj, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function objectChild(target: Obj, key: string, path: string): Obj {
  if (Object.hasOwn(target, key)) {
    const existing = target[key];
    if (isRecord(existing)) return existing;
    throw new TypeError(`Flat user paths clash at "${path}": "${key}" is both a value and a complex attribute`);
  }
  const child: Obj = {};
  setOwn(target, key, child);
  return child;
}

function arrayChild(target: Obj, key: string, path: string): Obj[] {
  if (Object.hasOwn(target, key)) {
    const existing = target[key];
    if (Array.isArray(existing)) return existing as Obj[];
    throw new TypeError(`Flat user paths clash at "${path}": "${key}" is both a value and a multi-valued attribute`);
  }
  const list: Obj[] = [];
  setOwn(target, key, list);
  return list;
}

/** Attributes the server owns or derives: never sent, never read back into the flat form. */
const SERVER_OWNED = new Set(['id', 'meta', 'schemas', 'groups', 'password']);
/** Sub-attributes that are read-only or derived (RFC 7643 §2.4, §4.3). */
const DERIVED_SUBS = new Set(['$ref', 'display']);

const isPrimaryEntry = (p: ParsedPath) =>
  p.schema === undefined && sameText(p.attribute, 'emails') && p.type !== undefined && sameText(p.type, 'work');

// ------------------------------------------------------------------ toResource

/** The nested SCIM User for POST or PUT. Throws TypeError on a key that is not a flat path. */
export function toResource(flat: FlatUser): Record<string, unknown> {
  const schemas = [CORE_USER_SCHEMA];
  const resource: Obj = { schemas };
  for (const [path, value] of Object.entries(flat)) {
    if (value === '') continue;
    const p = parsePath(path);
    if (!p) throw new TypeError(`"${path}" is not a SCIM attribute path`);
    if (p.schema === undefined && SERVER_OWNED.has(p.attribute.toLowerCase())) continue;
    let container = resource;
    if (p.schema !== undefined) {
      container = objectChild(resource, p.schema, path);
      if (!schemas.includes(p.schema)) schemas.push(p.schema);
    }
    if (p.type !== undefined) {
      const list = arrayChild(container, p.attribute, path);
      let entry = list.find((e) => typeof e['type'] === 'string' && sameText(e['type'], p.type!));
      if (!entry) {
        entry = { type: p.type };
        list.push(entry);
        if (isPrimaryEntry(p)) entry['primary'] = true;
      }
      setOwn(entry, p.sub ?? 'value', value);
    } else if (p.sub !== undefined) {
      setOwn(objectChild(container, p.attribute, path), p.sub, value);
    } else {
      if (Object.hasOwn(container, p.attribute) && typeof container[p.attribute] === 'object') {
        throw new TypeError(`Flat user paths clash at "${path}": "${p.attribute}" is both a value and a complex attribute`);
      }
      setOwn(container, p.attribute, value);
    }
  }
  return resource;
}

// ------------------------------------------------------------------ fromResource

function scalar(v: unknown): FlatValue | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'boolean') return v;
  // Numbers are not in the flat form; an integer custom attribute is compared as its text.
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function collect(obj: Obj, schema: string | undefined, out: FlatUser): void {
  for (const [key, value] of Object.entries(obj)) {
    if (value === null || value === undefined) continue;
    if (schema === undefined && /^urn:/i.test(key)) {
      if (isRecord(value)) collect(value, sameText(key, CORE_USER_SCHEMA) ? undefined : key, out);
      continue;
    }
    if (!NAME_RE.test(key)) continue;
    if (schema === undefined && SERVER_OWNED.has(key.toLowerCase())) continue;
    const put = (p: ParsedPath, v: FlatValue) => setOwn(out, formatPath(p), v);
    const single = scalar(value);
    if (single !== undefined) {
      put({ ...(schema !== undefined ? { schema } : {}), attribute: key }, single);
    } else if (Array.isArray(value)) {
      // One entry per type: the primary one when a type repeats, else the first.
      const byType = new Map<string, Obj>();
      for (const entry of value) {
        if (!isRecord(entry) || typeof entry['type'] !== 'string' || entry['type'] === '') continue;
        const type = entry['type'].toLowerCase();
        const seen = byType.get(type);
        if (!seen || (seen['primary'] !== true && entry['primary'] === true)) byType.set(type, entry);
      }
      for (const [type, entry] of byType) {
        for (const [sub, v] of Object.entries(entry)) {
          const s = scalar(v);
          if (s === undefined || sub === 'type' || sub === 'primary' || DERIVED_SUBS.has(sub) || !NAME_RE.test(sub)) continue;
          put({ ...(schema !== undefined ? { schema } : {}), attribute: key, type, sub }, s);
        }
      }
    } else if (isRecord(value)) {
      for (const [sub, v] of Object.entries(value)) {
        const s = scalar(v);
        if (s === undefined || DERIVED_SUBS.has(sub) || !NAME_RE.test(sub)) continue;
        if (sameText(key, 'manager') && sub === 'displayName') continue; // read-only, RFC 7643 §4.3
        put({ ...(schema !== undefined ? { schema } : {}), attribute: key, sub }, s);
      }
    }
  }
}

/**
 * The flat form of a user read from the directory, for the attributes the flat form can express:
 * simple values, complex sub-attributes, typed multi-valued entries (types lower-cased), and
 * extensions. Untyped entries, server-owned attributes and read-only sub-attributes are left out.
 */
export function fromResource(resource: Readonly<Record<string, unknown>>): FlatUser {
  const out: FlatUser = {};
  collect(resource as Obj, undefined, out);
  return out;
}

// ------------------------------------------------------------------ diff

type Owner =
  | { kind: 'simple'; key: string }
  | { kind: 'entry'; key: string; container: string; parsed: ParsedPath }
  | { kind: 'complex'; key: string; parsed: ParsedPath };

function ownerOf(path: string): Owner {
  const p = parsePath(path);
  if (!p || (p.type === undefined && p.sub === undefined)) return { kind: 'simple', key: path };
  const base: ParsedPath = { ...(p.schema !== undefined ? { schema: p.schema } : {}), attribute: p.attribute };
  if (p.type !== undefined) return { kind: 'entry', key: formatPath({ ...base, type: p.type }), container: formatPath(base), parsed: { ...base, type: p.type } };
  return { kind: 'complex', key: formatPath(base), parsed: base };
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** What `path` names inside its owner: the sub-attribute ('value' for a bare typed entry). */
const subOf = (path: string) => parsePath(path)?.sub ?? 'value';

/** The PATCH operations that turn `before` into `after` (see the conventions at the top). */
export function diff(before: FlatUser, after: FlatUser): PatchOperation[] {
  const b = new Map(Object.entries(before).filter(([, v]) => v !== ''));
  const a = new Map(Object.entries(after).filter(([, v]) => v !== ''));
  const owners = new Map<string, { owner: Owner; paths: string[] }>();
  for (const path of [...new Set([...b.keys(), ...a.keys()])].sort(byCodeUnit)) {
    const owner = ownerOf(path);
    const group = owners.get(owner.key);
    if (group) group.paths.push(path);
    else owners.set(owner.key, { owner, paths: [path] });
  }

  const removes: PatchOperation[] = [];
  const sets: PatchOperation[] = [];
  const perPath = (paths: string[]) => {
    for (const path of paths) {
      const was = b.get(path);
      const is = a.get(path);
      if (is === undefined) removes.push({ op: 'remove', path });
      else if (was === undefined) sets.push({ op: 'add', path, value: is });
      else if (was !== is) sets.push({ op: 'replace', path, value: is });
    }
  };

  for (const { owner, paths } of [...owners.values()].sort((x, y) => byCodeUnit(x.owner.key, y.owner.key))) {
    if (owner.kind === 'simple') {
      perPath(paths);
      continue;
    }
    const inBefore = paths.filter((p) => b.has(p));
    const inAfter = paths.filter((p) => a.has(p));
    if (inAfter.length === 0) {
      removes.push({ op: 'remove', path: owner.key });
      continue;
    }
    const values = () => {
      const v: Record<string, FlatValue> = {};
      for (const p of inAfter) setOwn(v, subOf(p), a.get(p)!);
      return v;
    };
    if (owner.kind === 'entry') {
      if (inBefore.length === 0) {
        const entry: Record<string, FlatValue> = { type: owner.parsed.type! };
        for (const [sub, v] of Object.entries(values())) setOwn(entry, sub, v);
        if (isPrimaryEntry(owner.parsed) && !Object.hasOwn(entry, 'primary')) entry['primary'] = true;
        sets.push({ op: 'add', path: owner.container, value: [entry] });
      } else {
        perPath(paths);
      }
      continue;
    }
    if (owner.parsed.schema === undefined) {
      perPath(paths); // core complex ("name"): path per sub-attribute
      continue;
    }
    // Extension complex ("urn:…:User:manager"): the parent with all its values.
    for (const p of inBefore) if (!a.has(p)) removes.push({ op: 'remove', path: p });
    if (inAfter.some((p) => b.get(p) !== a.get(p))) {
      sets.push({ op: inBefore.length === 0 ? 'add' : 'replace', path: owner.key, value: values() });
    }
  }
  removes.sort((x, y) => byCodeUnit(x.path, y.path));
  return [...removes, ...sets];
}
