// Blank user and group records with JumpCloud's defaults, the one place a new record's shape is spelled out (generator and addUser/addGroup both start here).
import type { Mfa, MfaEnrollment, SystemUser, UserGroup, UserState } from './model.js';

// Constant sub-objects are shared between users and frozen, so 100,000 users do not carry 100,000
// copies of the same defaults. Mutations replace them through updateUser instead of editing in place.
const NO_MFA: Mfa = Object.freeze({ configured: false, exclusion: false }) as Mfa;
const NOT_ENROLLED: MfaEnrollment = Object.freeze({
  overallStatus: 'NOT_ENROLLED',
  totpStatus: 'NOT_ENROLLED',
  webAuthnStatus: 'NOT_ENROLLED',
  pushStatus: 'NOT_ENROLLED',
}) as MfaEnrollment;
const EMPTY: readonly never[] = Object.freeze([]);
const none = <T>(): T[] => EMPTY as unknown as T[];

/** activated/suspended follow state: STAGED users were never activated; suspended ones were. */
export function stateFlags(state: UserState): { activated: boolean; suspended: boolean } {
  return { activated: state !== 'STAGED', suspended: state === 'SUSPENDED' };
}

export function baseUser(id: string, orgId: string, created: string, uid: number): SystemUser {
  return {
    _id: id,
    username: '',
    email: '',
    firstname: '',
    middlename: '',
    lastname: '',
    displayname: '',
    jobTitle: '',
    department: '',
    costCenter: '',
    company: '',
    location: '',
    employeeIdentifier: '',
    employeeType: '',
    description: '',
    phoneNumbers: none(),
    addresses: none(),
    attributes: none(),
    state: 'ACTIVATED',
    activated: true,
    suspended: false,
    account_locked: false,
    account_locked_date: null,
    badLoginAttempts: 0,
    password_expired: false,
    password_never_expires: false,
    password_date: created,
    password_expiration_date: null,
    sudo: false,
    passwordless_sudo: false,
    allow_public_key: true,
    enable_managed_uid: false,
    enable_user_portal_multifactor: false,
    externally_managed: false,
    ldap_binding_user: false,
    samba_service_user: false,
    totp_enabled: false,
    disableDeviceMaxLoginAttempts: false,
    mfa: NO_MFA,
    mfaEnrollment: NOT_ENROLLED,
    ssh_keys: none(),
    unix_uid: uid,
    unix_guid: uid,
    created,
    creationSource: 'jumpcloud:bulk',
    organization: orgId,
  };
}

export function baseGroup(id: string, orgId: string): UserGroup {
  return {
    id,
    name: '',
    description: '',
    type: 'user_group',
    membershipMethod: 'STATIC',
    memberQueryExemptions: [],
    memberSuggestionsNotify: false,
    suggestionCounts: { add: 0, remove: 0, total: 0 },
    organizationObjectId: orgId,
  };
}
