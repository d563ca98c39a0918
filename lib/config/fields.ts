// The two vocabularies the field mapping joins: JumpCloud's user fields (v1 systemusers) and the
// Zoho Directory profile fields an admin can map, in the order Zoho's "Add user" form shows them.

/** The v1 systemuser text fields, read as they are. */
export const JUMPCLOUD_TEXT_FIELDS = [
  'username',
  'email',
  'alternateEmail',
  'firstname',
  'middlename',
  'lastname',
  'displayname',
  'employeeIdentifier',
  'jobTitle',
  'department',
  'costCenter',
  'company',
  'location',
  'employeeType',
  'description',
  'manager',
] as const;

/** JumpCloud fields a Zoho field can take its value from. Phone numbers and addresses by type. */
export const JUMPCLOUD_FIELDS = [
  ...JUMPCLOUD_TEXT_FIELDS,
  'phone.work',
  'phone.mobile',
  'phone.home',
  'address.work',
  'address.work.locality',
  'address.work.region',
  'address.work.country',
  'address.home',
] as const;
export type JumpCloudField = (typeof JUMPCLOUD_FIELDS)[number];

/** Zoho Directory profile fields, with the labels Zoho uses. */
export const ZOHO_FIELDS = {
  firstName: 'First Name',
  lastName: 'Last Name',
  displayName: 'Display Name',
  email: 'Email Address',
  employeeId: 'Employee ID',
  designation: 'Designation',
  department: 'Department',
  reportingTo: 'Reporting To',
  workLocation: 'Work Location',
  country: 'Country',
  language: 'Language',
  timeZone: 'Time Zone',
  phone: 'Phone',
  mobile: 'Mobile',
  address: 'Address',
} as const;
export type ZohoField = keyof typeof ZOHO_FIELDS;
export const ZOHO_FIELD_KEYS = Object.keys(ZOHO_FIELDS) as [ZohoField, ...ZohoField[]];
