// Where each Zoho Directory field travels in SCIM. Zoho's endpoint is documented only through
// Microsoft's Zoho One provisioning tutorial (core User attributes, emails/phones/addresses by
// type); employee ID, department and manager use the standard enterprise extension. The engine
// sends a path only when the target declares it (lib/scim/target-schema.ts) and reports the rest.
import type { ZohoField } from '../config/fields';
import { enterprise, typed } from '../scim/flat-user';

export const ZOHO_FIELD_PATHS: Record<ZohoField, string[]> = {
  firstName: ['name.givenName'],
  lastName: ['name.familyName'],
  displayName: ['displayName'],
  // Zoho signs users in by email: it is both the SCIM userName and the primary work email.
  email: ['userName', typed('emails', 'work', 'value')],
  employeeId: [enterprise('employeeNumber')],
  designation: ['title'],
  department: [enterprise('department')],
  // The value is the manager's SCIM id, known only once the manager exists in the target.
  reportingTo: [enterprise('manager.value')],
  workLocation: [typed('addresses', 'work', 'locality')],
  country: [typed('addresses', 'work', 'country')],
  language: ['preferredLanguage'],
  timeZone: ['timezone'],
  phone: [typed('phoneNumbers', 'work', 'value')],
  mobile: [typed('phoneNumbers', 'mobile', 'value')],
  address: [typed('addresses', 'work', 'formatted')],
};

export const MANAGER_PATH = enterprise('manager.value');
export const USER_NAME_PATH = 'userName';
