// Which JumpCloud users a sync pushes: Zoho's Sync Criteria ("All users" or "Users matching the
// criteria": numbered rules combined by AND, OR or a hand-written pattern), compiled once per run
// into a function the sync calls for each user. Values are read with the mapping's own readers
// (lib/mapping/source-value), so a rule sees exactly the value the mapping would push.
import type { Criteria, CriteriaRule } from '../config/schema';
import type { JumpCloudUser } from '../jumpcloud/schemas';
import { readAttribute, readField } from '../mapping/source-value';
import { describeRule, listOf, quote, relationWords, type GroupNames } from './describe';
import { parsePattern, PatternError, patternFor, type PatternNode } from './pattern';
import { comparable, isBlank } from './text';

export type CriteriaResult = { included: true } | { included: false; reason: string };

/** The compiled criteria: `groupIds` are the ids of the JumpCloud user groups the user belongs to. */
export type CriteriaFilter = (user: JumpCloudUser, groupIds: ReadonlySet<string>) => CriteriaResult;

/** Criteria that cannot be applied; the message names the rule or the pattern, for the admin. */
export class CriteriaError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CriteriaError';
  }
}

export interface CompileOptions {
  /** Group names for the reasons; without it a group is named by its id. */
  groupNames?: GroupNames;
}

/**
 * JumpCloud does not provision staged users to its own applications; a staged user has not started
 * yet, so we hold them back too, whatever the criteria say, until they are activated.
 */
export const STAGED_REASON = 'staged in JumpCloud: not pushed until activated';

const INCLUDED: CriteriaResult = { included: true };
const STAGED: CriteriaResult = { included: false, reason: STAGED_REASON };

type RuleTest = (user: JumpCloudUser, groupIds: ReadonlySet<string>) => boolean;

const GROUP_ID = /^[0-9a-f]{24}$/i;

/** Whether the criteria need each user's group memberships, which cost JumpCloud API calls to read. */
export function usesGroupMembership(criteria: Criteria): boolean {
  return criteria.mode === 'match' && criteria.rules.some((r) => r.subject.kind === 'memberOf');
}

/**
 * Compiles the admin's criteria. Throws CriteriaError when they cannot be applied (a pattern that
 * does not parse, "member of group" with a relation other than equals / not equals, a rule that
 * needs a value and has none), so a bad setting stops the run before anything is pushed rather than
 * syncing the wrong people.
 */
export function compileCriteria(criteria: Criteria, options: CompileOptions = {}): CriteriaFilter {
  if (criteria.mode === 'all') return (user) => (user.state === 'STAGED' ? STAGED : INCLUDED);

  const { rules } = criteria;
  const tests = rules.map((rule, i) => compileRule(rule, i + 1));
  const labels = rules.map((rule, i) => `rule ${i + 1} (${describeRule(rule, options.groupNames)})`);
  const pattern = compilePattern(criteria);

  return (user, groupIds) => {
    if (user.state === 'STAGED') return STAGED;
    // Every rule is tested (there are at most 50), so the reason can name each one that failed.
    const met = tests.map((test) => test(user, groupIds));
    if (holds(pattern, met)) return INCLUDED;
    const failed = [...failures(pattern, met, new Set<number>())].sort((a, b) => a - b);
    const named = failed.map((n) => labels[n - 1] as string);
    return { included: false, reason: `${listOf(named)} ${named.length === 1 ? 'is' : 'are'} not met` };
  };
}

function compilePattern(criteria: Extract<Criteria, { mode: 'match' }>): PatternNode {
  try {
    return criteria.combine === 'pattern'
      ? parsePattern(criteria.pattern ?? '', criteria.rules.length)
      : patternFor(criteria.combine, criteria.rules.length);
  } catch (error) {
    if (error instanceof PatternError) {
      throw new CriteriaError(`the pattern to be applied cannot be used: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

function compileRule(rule: CriteriaRule, number: number): RuleTest {
  const { subject, relation } = rule;
  const value = comparable(rule.value);

  if (subject.kind === 'memberOf') {
    if (relation !== 'equals' && relation !== 'notEquals') {
      throw new CriteriaError(
        `rule ${number}: "member of group" can be "equals" (is a member) or "does not equal" (is not a member), ` +
          `not "${relationWords(relation)}"`,
      );
    }
    const groupId = rule.value.trim();
    if (!GROUP_ID.test(groupId)) {
      throw new CriteriaError(
        `rule ${number}: "member of group" needs a JumpCloud group id (24 letters a–f and digits), ` +
          `not ${quote(groupId)}`,
      );
    }
    // Ids are compared as JumpCloud writes them: lower case. An id pasted in capitals still matches.
    const id = groupId.toLowerCase();
    return relation === 'equals' ? (_, groups) => groups.has(id) : (_, groups) => !groups.has(id);
  }

  // A custom attribute the user lacks counts as empty, the same as a field JumpCloud left blank.
  const read =
    subject.kind === 'field'
      ? (user: JumpCloudUser) => readField(user, subject.field)
      : (user: JumpCloudUser) => readAttribute(user, subject.name) ?? '';

  switch (relation) {
    case 'isEmpty':
      return (user) => isBlank(read(user));
    case 'isNotEmpty':
      return (user) => !isBlank(read(user));
    // An empty value is meaningful here: equals "" is "is empty", does not equal "" is "is not empty".
    case 'equals':
      return (user) => comparable(read(user)) === value;
    case 'notEquals':
      return (user) => comparable(read(user)) !== value;
  }
  // "contains nothing" holds for everyone: almost surely a value the admin forgot, which would
  // silently sync every user; refused instead.
  if (value === '') {
    throw new CriteriaError(
      `rule ${number} (${describeRule(rule)}) needs a value to compare with: ` +
        `"${relationWords(relation)}" with no value would match every user`,
    );
  }
  switch (relation) {
    case 'contains':
      return (user) => comparable(read(user)).includes(value);
    case 'startsWith':
      return (user) => comparable(read(user)).startsWith(value);
    case 'endsWith':
      return (user) => comparable(read(user)).endsWith(value);
  }
}

function holds(node: PatternNode, met: readonly boolean[]): boolean {
  switch (node.kind) {
    case 'rule':
      return met[node.rule - 1] === true;
    case 'and':
      return node.operands.every((o) => holds(o, met));
    case 'or':
      return node.operands.some((o) => holds(o, met));
  }
}

/**
 * The rules that make a failed pattern fail: every unmet rule under a failed AND, and all rules
 * under a failed OR (each of them is unmet). Meeting any one of them would change the answer, or
 * bring it closer; that is what the admin needs to see.
 */
function failures(node: PatternNode, met: readonly boolean[], out: Set<number>): Set<number> {
  if (node.kind === 'rule') {
    out.add(node.rule);
  } else {
    for (const operand of node.operands) if (!holds(operand, met)) failures(operand, met, out);
  }
  return out;
}
