// Every word the SCIM flow looks for on the page, with each naming seen in the wild, in one place:
// a renamed label is a one-line fix.
export const WORDS = {
  /** The most specific naming first: "SSO" alone is also an application's tab. */
  applications: ['SSO Applications', 'Applications', 'SSO'],
  addNew: ['Add New Application', 'Add Application', 'New Application', 'Add New'],
  customApp: ['Custom Application', 'Create a Custom Integration', 'Custom Integration', 'Custom SSO SAML', 'Custom SAML App', 'Custom App'],
  /** Words in the name or placeholder of the catalog's search box. */
  catalogSearch: ['catalog', 'applications', 'application', 'apps', 'integrations'],
  /** What Zoho's newer guide says to type into that search box. */
  customAppQuery: 'Create a Custom Integration',
  next: ['Next', 'Continue'],
  ssoFeature: ['Manage Single Sign-On (SSO)', 'Manage Single Sign-On(SSO)'],
  importFeature: ['Import users from this app (Identity Management)'],
  exportFeature: ['Export users to this app (Identity Management)'],
  displayLabel: ['Display Label', 'Display Name'],
  saveApplication: ['Save Application', 'Save Application and Continue'],
  configure: ['Configure Application', 'Configure'],
  identityManagement: ['Identity Management', 'User Provisioning'],
  apiType: ['API Type'],
  scimApi: ['SCIM API'],
  scimVersion: ['SCIM Version'],
  scim2: ['SCIM 2.0'],
  baseUrl: ['Base URL'],
  tokenKey: ['Token Key'],
  testEmail: ['Test User Email'],
  testConnection: ['Test Connection'],
  connected: ['Connection successful', 'Connection succeeded', 'Successfully connected', 'Connected'],
  connectionFailed: ['Connection failed', 'could not connect', 'Test connection failed', 'Unable to reach', 'Unauthorized', 'failed to connect'],
  groupManagement: ['Enable management of User Groups and Group Membership in this application'],
  activate: ['Activate'],
  deactivate: ['Deactivate'],
  active: ['Active', 'Status: Active', 'Status Active'],
  save: ['Save', 'Save Changes'],
  idmSaved: ['Identity Management settings saved', 'Application saved'],
  userGroups: ['User Groups', 'Groups'],
  groupSearch: ['Search', 'Search groups', 'Search user groups', 'Filter', 'Filter groups'],
  nextPage: ['Next page', 'Go to next page', 'Next'],
  previousPage: ['Previous page', 'Go to previous page', 'Previous'],
  groupsSaved: ['User group associations saved', 'Group assignments updated'],
  attributeMapping: ['Attribute Mapping', 'Attribute Mappings', 'Attributes'],
} as const;

