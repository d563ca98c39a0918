// The one error the store throws, carrying the HTTP status and SCIM scimType, so the store stays free of HTTP and the server can translate it.

export type ScimErrorType = 'uniqueness' | 'invalidValue' | 'invalidSyntax' | 'noTarget';

/** Thrown by the store; carries the HTTP status and SCIM `scimType` the server should answer with. */
export class ScimStoreError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    readonly scimType: ScimErrorType | null,
    message: string,
  ) {
    super(message);
    this.name = 'ScimStoreError';
  }
}
