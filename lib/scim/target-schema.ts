// What the target directory says it can do (RFC 7643 §5 ServiceProviderConfig, §7 Schemas), read
// once per run: the mapping sends only paths the target declares and reports the rest, the
// applier uses PUT when there is no PATCH and keeps pages within the filter's maxResults.
// Zoho publishes none of this (reference §1.5), so a target without discovery is taken to support
// everything (permissiveSchema) and the directory's own answers are the judge.
import { CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA } from './flat-user';
import { parsePath } from './flat';
import type { SchemaAttribute, ScimSchema, ServiceProviderConfig } from './schemas';

export interface TargetSchema {
  /** PATCH is supported (else the applier replaces users with PUT). Assumed when not declared. */
  patch: boolean;
  bulk: { supported: boolean; maxOperations: number; maxPayloadSize: number };
  /** Filtered queries are supported. Assumed when not declared. */
  filter: boolean;
  /** The most resources one query returns; page sizes above it are pointless. */
  filterMaxResults: number;
  etag: boolean;
  sort: boolean;
  /** Which halves of discovery the target answered; what it did not was assumed permissively. */
  declared: { config: boolean; schemas: boolean };
  /** Extension schema URNs the target declares, in its order (empty when /Schemas was not offered). */
  extensions: string[];
  /**
   * Is this flat path declared and writable? Core or extension attribute, the sub-attribute of a
   * complex one, or an entry of a multi-valued one; names and URNs compared case-insensitively
   * (RFC 7643 §2.1). Read-only attributes are not. `externalId` (a common attribute, §3.1) is.
   */
  supports(path: string): boolean;
  /**
   * The full flat path of a writable extension attribute named exactly `name` (case-sensitive, as
   * Zoho matches custom attribute names), e.g. "urn:…:zoho:…:User:Cost_Center"; custom extensions
   * are searched before the enterprise extension. Undefined when there is none.
   */
  customAttribute(name: string): string | undefined;
}

/** Page size when the target does not say: what AWS, Okta and Entra handle without complaint. */
export const DEFAULT_MAX_RESULTS = 100;

const sameText = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const CORE_PREFIX = 'urn:ietf:params:scim:schemas:core:2.0:';
const writable = (a: { mutability?: string | null | undefined }) => !a.mutability || !sameText(a.mutability, 'readOnly');
/** Common attributes (RFC 7643 §3.1) are in no schema's attribute list. */
const COMMON_WRITABLE = new Set(['externalid']);
const COMMON_SERVER_OWNED = new Set(['id', 'meta', 'schemas']);

function isUserExtension(id: string): boolean {
  // Core schemas (User, Group, ServiceProviderConfig, ResourceType, Schema) are not extensions,
  // and an extension of Group is not where a user's custom field lives.
  return !id.toLowerCase().startsWith(CORE_PREFIX) && !/:group$/i.test(id);
}

function positive(n: number | null | undefined, fallback: number): number {
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : fallback;
}

function attributeSupports(attribute: SchemaAttribute, type: string | undefined, sub: string | undefined): boolean {
  if (!writable(attribute)) return false;
  if (type !== undefined && attribute.multiValued === false) return false;
  const wanted = sub ?? (type !== undefined ? 'value' : undefined);
  if (wanted === undefined) return true;
  const subs = attribute.subAttributes;
  if (subs && subs.length > 0) {
    const found = subs.find((s) => sameText(s.name, wanted));
    return found !== undefined && writable(found);
  }
  // A complex attribute that does not list its sub-attributes: take its word that it is complex.
  return attribute.type == null || sameText(attribute.type, 'complex');
}

export function readTargetSchema(config: ServiceProviderConfig | undefined, schemas: ScimSchema[] | undefined): TargetSchema {
  const byId = new Map((schemas ?? []).map((s) => [s.id.toLowerCase(), s]));
  const core = byId.get(CORE_USER_SCHEMA.toLowerCase());
  const extensions = (schemas ?? []).filter((s) => isUserExtension(s.id)).map((s) => s.id);
  const enterprise = ENTERPRISE_USER_SCHEMA.toLowerCase();
  // Custom extensions first: a Zoho custom field named "department" is meant before the standard one.
  const customOrder = [...extensions].sort((x, y) => Number(sameText(x, enterprise)) - Number(sameText(y, enterprise)));

  return {
    patch: config ? config.patch?.supported !== false : true,
    bulk: {
      supported: config?.bulk?.supported === true,
      maxOperations: positive(config?.bulk?.maxOperations, 0),
      maxPayloadSize: positive(config?.bulk?.maxPayloadSize, 0),
    },
    filter: config ? config.filter?.supported !== false : true,
    filterMaxResults: positive(config?.filter?.maxResults, DEFAULT_MAX_RESULTS),
    etag: config?.etag?.supported === true,
    sort: config?.sort?.supported === true,
    declared: { config: config !== undefined, schemas: schemas !== undefined },
    extensions,

    supports(path: string): boolean {
      const p = parsePath(path);
      if (!p) return false;
      if (p.schema === undefined && p.type === undefined && p.sub === undefined) {
        if (COMMON_WRITABLE.has(p.attribute.toLowerCase())) return true;
        if (COMMON_SERVER_OWNED.has(p.attribute.toLowerCase())) return false;
      }
      if (schemas === undefined) return true;
      const schema = p.schema === undefined ? core : byId.get(p.schema.toLowerCase());
      // A target that lists schemas but not the core User one still has users: do not guess against it.
      if (!schema) return p.schema === undefined;
      const attribute = schema.attributes.find((a) => sameText(a.name, p.attribute));
      return attribute !== undefined && attributeSupports(attribute, p.type, p.sub);
    },

    customAttribute(name: string): string | undefined {
      for (const id of customOrder) {
        const attribute = byId.get(id.toLowerCase())?.attributes.find((a) => a.name === name);
        if (attribute && writable(attribute)) return `${id}:${attribute.name}`;
      }
      return undefined;
    },
  };
}

/** For targets that offer no discovery: everything is taken to be supported. */
export const permissiveSchema: TargetSchema = readTargetSchema(undefined, undefined);
