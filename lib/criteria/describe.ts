// Criteria in the words an admin reads them: the reasons in a sync report and the errors when
// compiling name each rule this way, e.g. `rule 2 (department equals "Sales")`.
import type { CriteriaRule } from '../config/schema';

/** Looks up a JumpCloud group's name by id, for "member of group "Engineering"" over a bare id. */
export type GroupNames = (groupId: string) => string | undefined;

const RELATION_WORDS: Record<CriteriaRule['relation'], string> = {
  equals: 'equals',
  notEquals: 'does not equal',
  contains: 'contains',
  startsWith: 'starts with',
  endsWith: 'ends with',
  isEmpty: 'is empty',
  isNotEmpty: 'is not empty',
};

/** The relation as the admin would say it ("starts with"), also used in error messages. */
export function relationWords(relation: CriteriaRule['relation']): string {
  return RELATION_WORDS[relation];
}

/**
 * A value quoted for a message: cut to a readable length, with quotes and control characters escaped
 * and invisible direction marks shown as escapes, so a hostile value cannot disguise the reason it
 * appears in (a right-to-left override could otherwise make "is not met" read backwards).
 */
export function quote(value: string, maxLength = 80): string {
  const short = value.length > maxLength ? `${value.slice(0, maxLength)}…` : value;
  return JSON.stringify(short).replace(
    /[\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function subjectWords(subject: CriteriaRule['subject']): string {
  switch (subject.kind) {
    case 'field':
      return subject.field;
    case 'attribute':
      return `custom attribute ${quote(subject.name)}`;
    case 'memberOf':
      return 'member of group';
  }
}

/** One rule in words, without its number: `department equals "Sales"`, `is a member of group "Engineering"`. */
export function describeRule(rule: CriteriaRule, groupNames?: GroupNames): string {
  const { subject, relation, value } = rule;
  if (subject.kind === 'memberOf') {
    const id = value.trim();
    const name = groupNames?.(id);
    const group = name ? `${quote(name)} (${quote(id)})` : quote(id);
    return relation === 'notEquals' ? `is not a member of group ${group}` : `is a member of group ${group}`;
  }
  const words = `${subjectWords(subject)} ${relationWords(relation)}`;
  return relation === 'isEmpty' || relation === 'isNotEmpty' ? words : `${words} ${quote(value.trim())}`;
}

/** "1", "1 and 2", "1, 2 and 3". */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
