// JumpCloud users for unit tests, built through the real boundary schema.
import { jumpcloudUserSchema, type JumpCloudUser } from '@/lib/jumpcloud/schemas';

let n = 0;
export function jcUser(fields: Record<string, unknown> = {}): JumpCloudUser {
  n++;
  const id = (fields._id as string | undefined) ?? n.toString(16).padStart(24, '0');
  return jumpcloudUserSchema.parse({
    _id: id,
    username: `user${n}`,
    email: `user${n}@example.com`,
    firstname: `First${n}`,
    lastname: `Last${n}`,
    state: 'ACTIVATED',
    ...fields,
  });
}
