// The sandbox SCIM 2.0 directory's public import path: a stand-in for a Zoho Directory store's Sync endpoint on SCIMMY + Express (pieces live in ./server/).
export { SCIM_ERROR_SCHEMA } from './protocol.js';
export { createScimApp, startScimServer, type RunningScimServer, type ScimApp, type ScimServerOptions } from './server/app.js';
export { SANDBOX_SCIM_TOKEN } from './server/auth.js';
export { scimErrorBody } from './server/errors.js';
export type { ScimCounts } from './server/middleware.js';
