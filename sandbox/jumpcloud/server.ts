// The fake JumpCloud REST API's public import path (routes, auth and helpers live in ./server/); shapes follow JumpCloud's Swagger specs, checked by tests/contract.
export { SANDBOX_ORG_ID } from './directory.js';
export { SANDBOX_API_KEY, type ApiKey } from './server/auth.js';
export { createJumpCloudHandler, type JumpCloudHandler, type JumpCloudHandlerOptions } from './server/handler.js';
export { serveSafely, startJumpCloudServer, type JumpCloudServer } from './server/listen.js';
