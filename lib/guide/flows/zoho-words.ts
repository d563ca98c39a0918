// Every word the Zoho guides look for on the page, with each naming seen in Zoho's help pages, in
// one place: a renamed label is a one-line fix.
export const WORDS = {
  /** Zoho Directory's menu entry first, then Zoho One's. */
  adminPanel: ['Admin Panel', 'Directory'],
  directoryStores: ['Directory Stores'],
  addDirectory: ['Add Directory', 'Add Directory Store', 'Add Store'],
  jumpcloud: ['JumpCloud'],
  apiIntegration: ['API INTEGRATION', 'API Integration'],
  usingApi: ['Using API'],
  usingScim: ['Using SCIM'],
  apiKey: ['API Key', 'JumpCloud API Key', 'API key'],
  syncEndpoint: ['Sync endpoint', 'Sync Endpoint', 'SCIM endpoint', 'SCIM Endpoint'],
  scimToken: ['SCIM token', 'SCIM Token'],
  reveal: ['Show token', 'Show SCIM token', 'Reveal token', 'Show', 'Reveal', 'View token', 'Unmask'],
  hide: ['Hide token', 'Hide SCIM token', 'Hide', 'Mask'],
  next: ['Next', 'Continue'],
  invalidKey: ['Invalid API key', 'API key is invalid', 'could not verify the API key', 'Unauthorized'],
  fieldMapping: ['Field Mapping', 'Map Fields', 'Fields Mapping'],
  edit: ['Edit'],
  hardcoded: ['Hard-coded Value', 'Hardcoded Value', 'Hard coded value'],
  attribute: ['Custom JumpCloud Attribute', 'Custom Attribute'],
  ok: ['OK', 'Ok', 'Apply', 'Done'],
  settings: ['SETTINGS', 'Settings'],
  passwordNotification: ['Password Notification'],
  statusSync: ['Status Sync'],
  syncCriteria: ['Sync Criteria'],
  scheduledSync: ['Scheduled Sync'],
  saveAndNext: ['Save and Next', 'Save & Next'],
  saveAndClose: ['Save and Close', 'Save & Close'],
  members: ['Members'],
} as const;

/** The product the page belongs to, in Zoho's words. */
export const productOf = (doc: Document) => (doc.location?.hostname.startsWith('one.') ? 'Zoho One' : 'Zoho Directory');
