// Reads one JumpCloud field, or one custom attribute, from a user as text. Used by the field
// mapping and by the sync criteria, so both see a user's values the same way.
import type { JumpCloudField } from '../config/fields';
import type { JumpCloudUser } from '../jumpcloud/schemas';

type Address = JumpCloudUser['addresses'][number];

/** "street, locality, region postalCode, country" with empty parts left out. */
export function formatAddress(a: Address): string {
  const regionLine = [a.region, a.postalCode].filter(Boolean).join(' ');
  return [a.streetAddress, a.extendedAddress, a.poBox, a.locality, regionLine, a.country].filter(Boolean).join(', ');
}

const byType = <T extends { type: string }>(list: T[], type: string): T | undefined =>
  list.find((item) => item.type.toLowerCase() === type);

export function readField(user: JumpCloudUser, field: JumpCloudField): string {
  switch (field) {
    case 'phone.work':
    case 'phone.mobile':
    case 'phone.home':
      return byType(user.phoneNumbers, field.slice('phone.'.length))?.number ?? '';
    case 'address.work':
    case 'address.home': {
      const address = byType(user.addresses, field.slice('address.'.length));
      return address ? formatAddress(address) : '';
    }
    case 'address.work.locality':
      return byType(user.addresses, 'work')?.locality ?? '';
    case 'address.work.region':
      return byType(user.addresses, 'work')?.region ?? '';
    case 'address.work.country':
      return byType(user.addresses, 'work')?.country ?? '';
    default:
      return user[field];
  }
}

/** A custom attribute by its exact, case-sensitive name; undefined when the user has none of that name. */
export function readAttribute(user: JumpCloudUser, name: string): string | undefined {
  return user.attributes.find((a) => a.name === name)?.value;
}
