// The typed protocol between the extension's pages, its content scripts and the background.
// Both ends parse with these schemas; anything else is refused.
import { z } from 'zod';

export const requestSchema = z.discriminatedUnion('type', [z.object({ type: z.literal('status') })]);
export type Request = z.infer<typeof requestSchema>;

export const missingPieces = ['apiKey', 'syncEndpoint', 'scimToken'] as const;

export const statusSchema = z.object({
  configured: z.boolean(),
  /** What is still needed, in the order the admin should provide it. */
  missing: z.array(z.enum(missingPieces)),
});
export type Status = z.infer<typeof statusSchema>;

export const responseSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), status: statusSchema }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type Response = z.infer<typeof responseSchema>;
