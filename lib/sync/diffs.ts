// How each changed attribute changes: its value before and after, as Entra's provisioning log and
// ssosync's dry run show them. Only changed attributes are kept, each value cut to a length a
// person reads, secrets shapes redacted (a hard-coded value could be a pasted key), and a run keeps
// values only up to a budget: a 100,000-user first sync lists the first few thousand in full and
// the rest by attribute name alone, so the record stays bounded.
import { redact } from '../secrets/redact';
import type { FlatUser } from '../scim/flat-user';

/** One changed attribute: absent `before` means it was empty (or the user is new); absent `after`, it is cleared. */
export interface AttributeChange {
  path: string;
  before?: string | boolean;
  after?: string | boolean;
}

/** Longest value kept, in characters; a longer one keeps this much and says how much was cut. */
export const CHANGE_VALUE_LIMIT = 200;
/** Characters of values (paths included) one run keeps in all: about 2 MB of record at most. */
export const RUN_CHANGES_BUDGET = 1_000_000;

/** The marker a cut value ends with. */
export const truncatedMarker = (cut: number) => `… [${cut} more characters]`;

function keep(value: string | boolean | undefined): string | boolean | undefined {
  if (typeof value !== 'string') return value;
  if (value === '') return undefined;
  const clean = redact(value);
  // Cut by code point, so a surrogate pair is never split in two.
  const points = [...clean];
  if (points.length <= CHANGE_VALUE_LIMIT) return clean;
  return points.slice(0, CHANGE_VALUE_LIMIT).join('') + truncatedMarker(points.length - CHANGE_VALUE_LIMIT);
}

/** The changed attributes of `before` → `after`, in the order of `changed`, values made safe to keep. */
export function attributeChanges(before: FlatUser, after: FlatUser, changed: readonly string[]): AttributeChange[] {
  return changed.map((path) => {
    const was = keep(before[path]);
    const is = keep(after[path]);
    return { path, ...(was !== undefined ? { before: was } : {}), ...(is !== undefined ? { after: is } : {}) };
  });
}

const sizeOf = (changes: readonly AttributeChange[]) =>
  changes.reduce((n, c) => n + c.path.length + String(c.before ?? '').length + String(c.after ?? '').length, 0);

/** What one run has spent of its budget; carried over a resumed run's checkpoint. */
export interface ChangesSpent {
  chars: number;
  /** Outcomes that list their changed attributes by name only, the budget being spent. */
  omitted: number;
}

export class ChangesBudget {
  readonly spent: ChangesSpent;

  constructor(
    spent: ChangesSpent = { chars: 0, omitted: 0 },
    private readonly limit = RUN_CHANGES_BUDGET,
  ) {
    this.spent = { ...spent };
  }

  /** The changes, if the run can still keep them; undefined (and counted) once its budget is spent. */
  take(before: FlatUser, after: FlatUser, changed: readonly string[]): AttributeChange[] | undefined {
    if (changed.length === 0) return undefined;
    if (this.spent.chars >= this.limit) {
      this.spent.omitted++;
      return undefined;
    }
    const changes = attributeChanges(before, after, changed);
    this.spent.chars += sizeOf(changes);
    return changes;
  }

  /** A warning for the run's record when some outcomes list attribute names only. */
  warning(): string | undefined {
    const n = this.spent.omitted;
    if (!n) return undefined;
    return `Values before and after are kept for the first changes only; ${n} more ${n === 1 ? 'user lists' : 'users list'} which attributes changed, without their values.`;
  }
}
