import { describe, expect, it } from 'vitest';
import { criteriaSchema, type Criteria, type CriteriaRule } from '@/lib/config/schema';
import { describeRule, quote } from '@/lib/criteria/describe';
import { compileCriteria, CriteriaError, STAGED_REASON, usesGroupMembership } from '@/lib/criteria/evaluate';
import {
  formatPattern,
  MAX_BRACKET_DEPTH,
  parsePattern,
  PatternError,
  patternFor,
  type PatternNode,
} from '@/lib/criteria/pattern';
import { comparable } from '@/lib/criteria/text';
import { jumpcloudUserSchema, type JumpCloudUser } from '@/lib/jumpcloud/schemas';

// Users go through the real boundary schema, as the sync reads them from JumpCloud.
let nextId = 0;
function user(fields: Record<string, unknown> = {}): JumpCloudUser {
  const _id = (nextId++).toString(16).padStart(24, '0');
  return jumpcloudUserSchema.parse({ _id, username: `user${nextId}`, state: 'ACTIVATED', ...fields });
}

const GROUP_A = '5f1e2d3c4b5a69788796a5b4';
const GROUP_B = '0123456789abcdef01234567';
const NO_GROUPS: ReadonlySet<string> = new Set();

type Field = Extract<CriteriaRule['subject'], { kind: 'field' }>['field'];
type Relation = CriteriaRule['relation'];

const field = (f: Field, relation: Relation, value = ''): CriteriaRule => ({
  subject: { kind: 'field', field: f },
  relation,
  value,
});
const attribute = (name: string, relation: Relation, value = ''): CriteriaRule => ({
  subject: { kind: 'attribute', name },
  relation,
  value,
});
const memberOf = (relation: Relation, value: string): CriteriaRule => ({
  subject: { kind: 'memberOf' },
  relation,
  value,
});

function match(rules: CriteriaRule[], combine: 'and' | 'or' | 'pattern' = 'and', pattern?: string): Criteria {
  return { mode: 'match', rules, combine, ...(pattern === undefined ? {} : { pattern }) };
}

/** Whether one rule alone includes the user. */
function oneRule(rule: CriteriaRule, u: JumpCloudUser, groups: ReadonlySet<string> = NO_GROUPS): boolean {
  return compileCriteria(match([rule]))(u, groups).included;
}

function patternError(text: string, ruleCount: number): PatternError {
  try {
    parsePattern(text, ruleCount);
  } catch (e) {
    if (e instanceof PatternError) return e;
    throw e;
  }
  throw new Error(`expected "${text}" to be refused`);
}

function criteriaError(criteria: Criteria): CriteriaError {
  try {
    compileCriteria(criteria);
  } catch (e) {
    if (e instanceof CriteriaError) return e;
    throw e;
  }
  throw new Error('expected the criteria to be refused');
}

const r = (rule: number): PatternNode => ({ kind: 'rule', rule });
const and = (...operands: PatternNode[]): PatternNode => ({ kind: 'and', operands });
const or = (...operands: PatternNode[]): PatternNode => ({ kind: 'or', operands });

describe('pattern to be applied: parsing', () => {
  it('reads a single rule, AND and OR', () => {
    expect(parsePattern('1', 1)).toEqual(r(1));
    expect(parsePattern('1 AND 2', 2)).toEqual(and(r(1), r(2)));
    expect(parsePattern('1 OR 2', 2)).toEqual(or(r(1), r(2)));
  });

  it('takes AND and OR in any case', () => {
    expect(parsePattern('1 and 2 Or 3 aNd 4', 4)).toEqual(or(and(r(1), r(2)), and(r(3), r(4))));
  });

  it('binds AND tighter than OR, either way round', () => {
    expect(parsePattern('1 OR 2 AND 3', 3)).toEqual(or(r(1), and(r(2), r(3))));
    expect(parsePattern('1 AND 2 OR 3', 3)).toEqual(or(and(r(1), r(2)), r(3)));
    expect(formatPattern(parsePattern('1 OR 2 AND 3', 3))).toBe('1 OR (2 AND 3)');
    expect(formatPattern(parsePattern('(1 OR 2) AND 3', 3))).toBe('(1 OR 2) AND 3');
  });

  it('lets brackets override precedence', () => {
    expect(parsePattern('(1 AND 2) OR 3', 3)).toEqual(or(and(r(1), r(2)), r(3)));
    expect(parsePattern('1 AND (2 OR 3)', 3)).toEqual(and(r(1), or(r(2), r(3))));
  });

  it('reads nested brackets', () => {
    expect(parsePattern('((1 OR (2 AND 3)) AND (4 OR 5))', 5)).toEqual(and(or(r(1), and(r(2), r(3))), or(r(4), r(5))));
    expect(parsePattern('(((1)))', 1)).toEqual(r(1));
    expect(formatPattern(parsePattern('((1 OR (2 AND 3)) AND (4 OR 5))', 5))).toBe('(1 OR (2 AND 3)) AND (4 OR 5)');
  });

  it('folds a chain of one operator into one node', () => {
    expect(parsePattern('1 AND 2 AND 3', 3)).toEqual(and(r(1), r(2), r(3)));
    expect(parsePattern('(1 AND 2) AND 3', 3)).toEqual(and(r(1), r(2), r(3)));
    expect(parsePattern('1 OR (2 OR 3)', 3)).toEqual(or(r(1), r(2), r(3)));
  });

  it('ignores white space of any kind, and needs none around brackets', () => {
    expect(parsePattern('\t(1)AND(2)\n OR\u00a03 ', 3)).toEqual(or(and(r(1), r(2)), r(3)));
    expect(parsePattern('(1 OR 2)AND 3', 3)).toEqual(and(or(r(1), r(2)), r(3)));
  });

  it('lets a rule appear more than once, and reads leading zeros as the number', () => {
    expect(parsePattern('1 OR (1 AND 2)', 2)).toEqual(or(r(1), and(r(1), r(2))));
    expect(parsePattern('01 AND 2', 2)).toEqual(and(r(1), r(2)));
  });

  it('allows brackets up to the depth limit', () => {
    const deep = `${'('.repeat(MAX_BRACKET_DEPTH)}1${')'.repeat(MAX_BRACKET_DEPTH)}`;
    expect(parsePattern(deep, 1)).toEqual(r(1));
  });
});

describe('pattern to be applied: refusals', () => {
  const ONLY = 'a pattern uses only rule numbers, AND, OR and brackets';
  const cases: [string, number, string][] = [
    // empty
    ['', 2, 'the pattern is empty: write rule numbers joined by AND or OR, e.g. (1 AND 2) OR 3'],
    [' \t\n ', 2, 'the pattern is empty: write rule numbers joined by AND or OR, e.g. (1 AND 2) OR 3'],
    // dangling operators
    ['1 AND', 1, "expected a rule number or '(' at position 6, but the pattern ends there"],
    ['1 OR 2 OR', 2, "expected a rule number or '(' at position 10, but the pattern ends there"],
    ['AND 1', 1, `expected a rule number or '(' at position 1, found "AND"`],
    ['or 1', 1, `expected a rule number or '(' at position 1, found "or"`],
    ['1 AND AND 2', 2, `expected a rule number or '(' at position 7, found "AND"`],
    ['1 AND OR 2', 2, `expected a rule number or '(' at position 7, found "OR"`],
    ['(1 AND ) OR 2', 2, `expected a rule number or '(' at position 8, found ")"`],
    ['(OR 1)', 1, `expected a rule number or '(' at position 2, found "OR"`],
    // missing operators
    ['1 2', 2, 'expected AND or OR at position 3, found "2"'],
    ['(1 2)', 2, `expected AND, OR or ')' at position 4, found "2"`],
    ['1 (2)', 2, 'expected AND or OR at position 3, found "("'],
    ['(1) (2)', 2, 'expected AND or OR at position 5, found "("'],
    // brackets
    ['()', 1, 'empty brackets at position 1: put rule numbers inside them, e.g. (1 AND 2)'],
    ['1 AND ( )', 1, 'empty brackets at position 7: put rule numbers inside them, e.g. (1 AND 2)'],
    ['(1 AND 2', 2, "expected ')' at position 9 to close the '(' at position 1, but the pattern ends there"],
    ['((1 AND 2) OR 3', 3, "expected ')' at position 16 to close the '(' at position 1, but the pattern ends there"],
    ['1 AND (2 OR (3)', 3, "expected ')' at position 16 to close the '(' at position 7, but the pattern ends there"],
    ['1 AND 2)', 2, "unmatched ')' at position 8: there is no '(' before it for it to close"],
    ['(1 AND 2)) OR 3', 3, "unmatched ')' at position 10: there is no '(' before it for it to close"],
    [')1(', 1, `expected a rule number or '(' at position 1, found ")"`],
    // rule numbers out of range
    ['1 AND 4', 3, 'rule 4 at position 7 does not exist: there are only 3 rules'],
    ['1 OR 2', 1, 'rule 2 at position 6 does not exist: there is only 1 rule'],
    ['0 OR 1', 1, 'rule 0 at position 1 does not exist: rules are numbered from 1'],
    ['99999999999999999999999', 1, 'rule 99999999999999999999… at position 1 does not exist: there is only 1 rule'],
    // anything else
    ['1 XOR 2', 2, `unexpected "XOR" at position 3: ${ONLY}`],
    ['1 & 2', 2, `unexpected "&" at position 3: ${ONLY}`],
    ['1 && 2', 2, `unexpected "&" at position 3: ${ONLY}`],
    ['1 || 2', 2, `unexpected "|" at position 3: ${ONLY}`],
    ['1,2', 2, `unexpected "," at position 2: ${ONLY}`],
    ['-1', 1, `unexpected "-" at position 1: ${ONLY}`],
    ['1.5', 1, `unexpected "." at position 2: ${ONLY}`],
    ['1AND2', 2, `unexpected "1AND2" at position 1: ${ONLY}`],
    ['1 ORDER 2', 2, `unexpected "ORDER" at position 3: ${ONLY}`],
    ['1 AND NOT 2', 2, `unexpected "NOT" at position 7: ${ONLY}`],
    ['[1 AND 2]', 2, `unexpected "[" at position 1: ${ONLY}`],
    ['1 AND ٢', 2, `unexpected "٢" at position 7: ${ONLY}`],
    ['１ AND 2', 2, `unexpected "１" at position 1: ${ONLY}`],
    ['1 ＡＮＤ 2', 2, `unexpected "ＡＮＤ" at position 3: ${ONLY}`],
    ['1 AND 2; DROP TABLE users', 2, `unexpected ";" at position 8: ${ONLY}`],
    ['1 AND 2 <script>', 2, `unexpected "<" at position 9: ${ONLY}`],
    ['1 AND \u202e2', 2, `unexpected "\\u202e" at position 7: ${ONLY}`],
    ['1 AND \u0000', 1, `unexpected "\\u0000" at position 7: ${ONLY}`],
    // every rule must be used
    ['1 AND 2', 3, 'rule 3 is not used in the pattern: add it to the pattern, or remove the rule'],
    ['1', 4, 'rules 2, 3 and 4 are not used in the pattern: add them to the pattern, or remove the rules'],
  ];

  it.each(cases)('refuses %j (with %i rules)', (text, ruleCount, message) => {
    expect(patternError(text, ruleCount).message).toBe(message);
  });

  it('reports the first error from the left', () => {
    expect(patternError('1 AND AND & 2', 2).message).toMatch(/position 7/);
    expect(patternError('1 & AND AND 2', 2).message).toMatch(/"&" at position 3/);
  });

  it('carries the position for the editor to point at', () => {
    expect(patternError('1 AND AND 2', 2).position).toBe(7);
    expect(patternError('', 2).position).toBeUndefined();
    expect(patternError('1', 2).name).toBe('PatternError');
  });

  it('refuses brackets nested deeper than the limit, and a hostile depth without overflowing the stack', () => {
    const tooDeep = `${'('.repeat(MAX_BRACKET_DEPTH + 1)}1${')'.repeat(MAX_BRACKET_DEPTH + 1)}`;
    expect(patternError(tooDeep, 1).message).toBe(
      `brackets nest too deeply at position ${MAX_BRACKET_DEPTH + 1}: at most ${MAX_BRACKET_DEPTH} levels`,
    );
    expect(patternError('('.repeat(200_000), 1)).toBeInstanceOf(PatternError);
  });

  it('shortens a long word in its message', () => {
    expect(patternError(`1 AND ${'x'.repeat(500)}`, 1).message).toBe(
      `unexpected "${'x'.repeat(20)}…" at position 7: a pattern uses only rule numbers, AND, OR and brackets`,
    );
  });

  it('parses any pattern the config schema lets through, or names what is wrong', () => {
    // The schema's loose check passes these; the parser is what catches them.
    const rules = [field('email', 'isNotEmpty'), field('email', 'isNotEmpty'), field('email', 'isNotEmpty')];
    let passedSchema = 0;
    for (const pattern of ['1 AND', '()', '1 2', '(1', '1)', 'AND', '1 AND 3', '1 OR OR 2 3']) {
      const parsed = criteriaSchema.safeParse({ mode: 'match', rules, combine: 'pattern', pattern });
      if (!parsed.success) continue;
      passedSchema++;
      expect(() => compileCriteria(parsed.data)).toThrow(CriteriaError);
    }
    expect(passedSchema).toBeGreaterThanOrEqual(5);
  });
});

describe('plain AND / OR', () => {
  it('joins every rule with one operator', () => {
    expect(patternFor('and', 3)).toEqual(and(r(1), r(2), r(3)));
    expect(patternFor('or', 2)).toEqual(or(r(1), r(2)));
    expect(patternFor('and', 1)).toEqual(r(1));
    expect(patternFor('or', 1)).toEqual(r(1));
    expect(formatPattern(patternFor('or', 3))).toBe('1 OR 2 OR 3');
  });

  it('refuses to combine no rules', () => {
    expect(() => patternFor('and', 0)).toThrow(new PatternError('there are no rules to combine: add a rule first'));
  });
});

describe('text comparison', () => {
  it('trims and folds case the same way in any locale', () => {
    expect(comparable('  Sales\t')).toBe('sales');
    expect(comparable('ÉTÉ')).toBe(comparable('été'));
    expect(comparable('E\u0301TE\u0301')).toBe(comparable('été')); // decomposed accents
    expect(comparable('STRASSE')).toBe(comparable('straße'));
    expect(comparable('ΟΔΟΣ')).toBe(comparable('οδος'));
    expect(comparable('Sales')).not.toBe(comparable('Salés'));
    expect(comparable('Sales Ops')).not.toBe(comparable('SalesOps'));
  });
});

describe('criteria: who is included', () => {
  const sales = user({ department: 'Sales', email: 'ana@example.com', jobTitle: 'Account Executive' });
  const blank = user({ department: '', jobTitle: null, email: '' });
  const spaces = user({ department: ' \t ' });

  it('includes everyone with "All users"', () => {
    const filter = compileCriteria({ mode: 'all' });
    expect(filter(sales, NO_GROUPS)).toEqual({ included: true });
    expect(filter(blank, NO_GROUPS)).toEqual({ included: true });
    expect(filter(user({ state: 'SUSPENDED' }), NO_GROUPS)).toEqual({ included: true });
  });

  it('never includes a staged user, whatever the criteria', () => {
    const staged = user({ state: 'STAGED', department: 'Sales' });
    const legacyStaged = user({ state: undefined, activated: false, department: 'Sales' });
    expect(legacyStaged.state).toBe('STAGED');
    const excluded = { included: false, reason: 'staged in JumpCloud: not pushed until activated' };
    expect(STAGED_REASON).toBe(excluded.reason);
    const everyKind: Criteria[] = [
      { mode: 'all' },
      match([field('department', 'equals', 'Sales')]),
      match([field('department', 'isEmpty')]),
    ];
    for (const criteria of everyKind) {
      expect(compileCriteria(criteria)(staged, NO_GROUPS)).toEqual(excluded);
      expect(compileCriteria(criteria)(legacyStaged, new Set([GROUP_A]))).toEqual(excluded);
    }
  });

  it('leaves suspended users to status sync: criteria judge them like anyone else', () => {
    const suspended = user({ state: 'SUSPENDED', department: 'Sales' });
    expect(oneRule(field('department', 'equals', 'Sales'), suspended)).toBe(true);
  });

  describe('equals', () => {
    it('ignores case and surrounding white space on both sides', () => {
      expect(oneRule(field('department', 'equals', 'Sales'), sales)).toBe(true);
      expect(oneRule(field('department', 'equals', 'SALES'), sales)).toBe(true);
      expect(oneRule(field('department', 'equals', '  sales  '), sales)).toBe(true);
      expect(oneRule(field('department', 'equals', 'Sales'), user({ department: ' sales\n' }))).toBe(true);
      expect(oneRule(field('department', 'equals', 'Sale'), sales)).toBe(false);
      expect(oneRule(field('department', 'equals', 'Sales Ops'), sales)).toBe(false);
    });

    it('folds accented and non-Latin letters', () => {
      expect(oneRule(field('location', 'equals', 'Élysée'), user({ location: 'élysée' }))).toBe(true);
      expect(oneRule(field('location', 'equals', 'ÉLYSÉE'), user({ location: 'E\u0301lyse\u0301e' }))).toBe(true);
      expect(oneRule(field('location', 'equals', 'Straße'), user({ location: 'STRASSE' }))).toBe(true);
      expect(oneRule(field('location', 'equals', 'Elysee'), user({ location: 'Élysée' }))).toBe(false);
    });

    it('with an empty value, matches an empty or blank field', () => {
      expect(oneRule(field('department', 'equals', ''), blank)).toBe(true);
      expect(oneRule(field('department', 'equals', '   '), spaces)).toBe(true);
      expect(oneRule(field('department', 'equals', ''), sales)).toBe(false);
    });
  });

  describe('does not equal', () => {
    it('is the opposite of equals, an empty field included', () => {
      expect(oneRule(field('department', 'notEquals', 'Sales'), sales)).toBe(false);
      expect(oneRule(field('department', 'notEquals', 'sales '), sales)).toBe(false);
      expect(oneRule(field('department', 'notEquals', 'Sales'), blank)).toBe(true);
      expect(oneRule(field('department', 'notEquals', 'Marketing'), sales)).toBe(true);
      expect(oneRule(field('department', 'notEquals', ''), sales)).toBe(true);
      expect(oneRule(field('department', 'notEquals', ''), spaces)).toBe(false);
    });
  });

  describe('contains, starts with, ends with', () => {
    it('match parts of the text, ignoring case', () => {
      expect(oneRule(field('email', 'contains', '@EXAMPLE.'), sales)).toBe(true);
      expect(oneRule(field('email', 'contains', 'example.org'), sales)).toBe(false);
      expect(oneRule(field('jobTitle', 'startsWith', 'account'), sales)).toBe(true);
      expect(oneRule(field('jobTitle', 'startsWith', 'Executive'), sales)).toBe(false);
      expect(oneRule(field('email', 'endsWith', ' @Example.com '), sales)).toBe(true);
      expect(oneRule(field('email', 'endsWith', 'example'), sales)).toBe(false);
    });

    it('trim the field before looking at its start and end', () => {
      const padded = user({ jobTitle: '  Account Executive  ' });
      expect(oneRule(field('jobTitle', 'startsWith', 'Account'), padded)).toBe(true);
      expect(oneRule(field('jobTitle', 'endsWith', 'Executive'), padded)).toBe(true);
    });

    it('fold case beyond ASCII', () => {
      const u = user({ company: 'Société Générale' });
      expect(oneRule(field('company', 'contains', 'GÉNÉRALE'), u)).toBe(true);
      expect(oneRule(field('company', 'startsWith', 'SOCIÉTÉ'), u)).toBe(true);
      expect(oneRule(field('company', 'endsWith', 'ge\u0301ne\u0301rale'), u)).toBe(true);
    });

    it('never match an empty field', () => {
      expect(oneRule(field('department', 'contains', 'a'), blank)).toBe(false);
      expect(oneRule(field('department', 'startsWith', 'a'), blank)).toBe(false);
      expect(oneRule(field('department', 'endsWith', 'a'), blank)).toBe(false);
    });

    it.each(['contains', 'startsWith', 'endsWith'] as const)('%s refuses a blank value, which matches everyone', (relation) => {
      for (const value of ['', '  \t']) {
        const error = criteriaError(match([field('department', 'isNotEmpty'), field('department', relation, value)]));
        expect(error.message).toMatch(/^rule 2 \(department (contains|starts with|ends with) ""\) needs a value to compare/);
      }
    });

    it('treat every character literally', () => {
      const u = user({ description: 'a.b*c (x) [y] $^ \\d+ 100%' });
      expect(oneRule(field('description', 'contains', '.*'), u)).toBe(false);
      expect(oneRule(field('description', 'contains', 'b*c'), u)).toBe(true);
      expect(oneRule(field('description', 'contains', '(x) [y]'), u)).toBe(true);
      expect(oneRule(field('description', 'contains', '\\d+'), u)).toBe(true);
      expect(oneRule(field('description', 'endsWith', '100%'), u)).toBe(true);
      expect(oneRule(field('description', 'startsWith', '^a'), u)).toBe(false);
    });
  });

  describe('is empty, is not empty', () => {
    it('see blank text as empty, and ignore the value', () => {
      expect(oneRule(field('department', 'isEmpty'), blank)).toBe(true);
      expect(oneRule(field('department', 'isEmpty'), spaces)).toBe(true);
      expect(oneRule(field('jobTitle', 'isEmpty'), blank)).toBe(true); // null from JumpCloud
      expect(oneRule(field('department', 'isEmpty', 'Sales'), sales)).toBe(false);
      expect(oneRule(field('department', 'isNotEmpty'), sales)).toBe(true);
      expect(oneRule(field('department', 'isNotEmpty'), spaces)).toBe(false);
      expect(oneRule(field('department', 'isNotEmpty', 'anything'), blank)).toBe(false);
    });
  });

  describe('fields read as the mapping reads them', () => {
    it('reads phone numbers and address parts by type', () => {
      const u = user({
        phoneNumbers: [{ type: 'work', number: '+44 20 7946 0000' }],
        addresses: [{ type: 'Work', country: 'United Kingdom', locality: 'London' }],
      });
      expect(oneRule(field('phone.work', 'startsWith', '+44'), u)).toBe(true);
      expect(oneRule(field('phone.mobile', 'isEmpty'), u)).toBe(true);
      expect(oneRule(field('address.work.country', 'equals', 'united kingdom'), u)).toBe(true);
      expect(oneRule(field('address.work', 'contains', 'London, United'), u)).toBe(true);
      expect(oneRule(field('address.home', 'isEmpty'), u)).toBe(true);
    });
  });

  describe('custom attributes', () => {
    const u = user({
      attributes: [
        { name: 'costCentre', value: 'CC-100' },
        { name: 'Region', value: 'EMEA' },
        { name: 'badgeNumber', value: 42 },
        { name: 'contractor', value: true },
        { name: 'retired', value: null },
        { name: 'notes', value: '   ' },
      ],
    });

    it('are found by their exact, case-sensitive name, while their values compare ignoring case', () => {
      expect(oneRule(attribute('costCentre', 'equals', 'cc-100'), u)).toBe(true);
      expect(oneRule(attribute('CostCentre', 'equals', 'CC-100'), u)).toBe(false);
      expect(oneRule(attribute('costcentre', 'isEmpty'), u)).toBe(true);
      expect(oneRule(attribute('region', 'isNotEmpty'), u)).toBe(false);
      expect(oneRule(attribute(' Region', 'isNotEmpty'), u)).toBe(false);
      expect(oneRule(attribute('Region', 'equals', 'emea'), u)).toBe(true);
    });

    it('read numbers and booleans as text, and null as empty', () => {
      expect(oneRule(attribute('badgeNumber', 'equals', '42'), u)).toBe(true);
      expect(oneRule(attribute('contractor', 'equals', 'TRUE'), u)).toBe(true);
      expect(oneRule(attribute('retired', 'isEmpty'), u)).toBe(true);
      expect(oneRule(attribute('notes', 'isEmpty'), u)).toBe(true);
    });

    it('count as empty when the user lacks them, including names that look like object internals', () => {
      const bare = user();
      for (const name of ['missing', '__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
        expect(oneRule(attribute(name, 'isEmpty'), bare)).toBe(true);
        expect(oneRule(attribute(name, 'equals', ''), bare)).toBe(true);
        expect(oneRule(attribute(name, 'notEquals', 'x'), bare)).toBe(true);
        expect(oneRule(attribute(name, 'contains', 'x'), bare)).toBe(false);
        expect(oneRule(attribute(name, 'isNotEmpty'), bare)).toBe(false);
      }
    });
  });

  describe('member of group', () => {
    const u = user();

    it('equals means is a member, does not equal means is not', () => {
      expect(oneRule(memberOf('equals', GROUP_A), u, new Set([GROUP_A, GROUP_B]))).toBe(true);
      expect(oneRule(memberOf('equals', GROUP_A), u, new Set([GROUP_B]))).toBe(false);
      expect(oneRule(memberOf('equals', GROUP_A), u, NO_GROUPS)).toBe(false);
      expect(oneRule(memberOf('notEquals', GROUP_A), u, new Set([GROUP_B]))).toBe(true);
      expect(oneRule(memberOf('notEquals', GROUP_A), u, NO_GROUPS)).toBe(true);
      expect(oneRule(memberOf('notEquals', GROUP_A), u, new Set([GROUP_A]))).toBe(false);
    });

    it('takes an id pasted with spaces or in capitals', () => {
      expect(oneRule(memberOf('equals', ` ${GROUP_A.toUpperCase()} `), u, new Set([GROUP_A]))).toBe(true);
    });

    it.each([
      ['contains', 'contains'],
      ['startsWith', 'starts with'],
      ['endsWith', 'ends with'],
      ['isEmpty', 'is empty'],
      ['isNotEmpty', 'is not empty'],
    ] as const)('refuses %s at compile time', (relation, words) => {
      const error = criteriaError(match([field('email', 'isNotEmpty'), memberOf(relation, GROUP_A)]));
      expect(error.message).toBe(
        `rule 2: "member of group" can be "equals" (is a member) or "does not equal" (is not a member), not "${words}"`,
      );
    });

    it('refuses a value that is not a group id', () => {
      expect(criteriaError(match([memberOf('equals', '')])).message).toBe(
        'rule 1: "member of group" needs a JumpCloud group id (24 letters a–f and digits), not ""',
      );
      expect(criteriaError(match([memberOf('equals', 'Engineering')])).message).toMatch(/not "Engineering"$/);
    });

    it('is noticed, so the sync reads memberships only when needed', () => {
      expect(usesGroupMembership({ mode: 'all' })).toBe(false);
      expect(usesGroupMembership(match([field('email', 'isNotEmpty')]))).toBe(false);
      expect(usesGroupMembership(match([field('email', 'isNotEmpty'), memberOf('equals', GROUP_A)], 'or'))).toBe(true);
    });
  });
});

describe('criteria: combining rules', () => {
  // rule 1: department equals Sales; rule 2: location equals London; rule 3: member of group A
  const rules = [
    field('department', 'equals', 'Sales'),
    field('location', 'equals', 'London'),
    memberOf('equals', GROUP_A),
  ];
  const people = {
    salesLondon: [user({ department: 'Sales', location: 'London' }), NO_GROUPS],
    salesParis: [user({ department: 'Sales', location: 'Paris' }), NO_GROUPS],
    opsLondon: [user({ department: 'Ops', location: 'London' }), NO_GROUPS],
    opsParisA: [user({ department: 'Ops', location: 'Paris' }), new Set([GROUP_A])],
    opsParis: [user({ department: 'Ops', location: 'Paris' }), NO_GROUPS],
  } satisfies Record<string, [JumpCloudUser, ReadonlySet<string>]>;
  type Who = keyof typeof people;

  function included(criteria: Criteria): Who[] {
    const filter = compileCriteria(criteria);
    return (Object.keys(people) as Who[]).filter((who) => {
      const [u, groups] = people[who];
      return filter(u, groups).included;
    });
  }

  it('AND needs every rule', () => {
    expect(included(match(rules.slice(0, 2), 'and'))).toEqual(['salesLondon']);
  });

  it('OR needs any rule', () => {
    expect(included(match(rules.slice(0, 2), 'or'))).toEqual(['salesLondon', 'salesParis', 'opsLondon']);
  });

  it('applies a pattern with brackets', () => {
    expect(included(match(rules, 'pattern', '(1 AND 2) OR 3'))).toEqual(['salesLondon', 'opsParisA']);
    expect(included(match(rules, 'pattern', '1 AND (2 OR 3)'))).toEqual(['salesLondon']);
    expect(included(match(rules, 'pattern', '(1 OR 2) AND 3'))).toEqual([]);
    expect(included(match(rules, 'pattern', '((1) OR (2 OR 3))'))).toEqual([
      'salesLondon',
      'salesParis',
      'opsLondon',
      'opsParisA',
    ]);
  });

  it('reads "1 OR 2 AND 3" as "1 OR (2 AND 3)", not "(1 OR 2) AND 3"', () => {
    expect(included(match(rules, 'pattern', '1 OR 2 AND 3'))).toEqual(['salesLondon', 'salesParis']);
    expect(included(match(rules, 'pattern', '3 AND 2 OR 1'))).toEqual(['salesLondon', 'salesParis']);
  });

  it('ignores the pattern text unless the pattern is chosen', () => {
    expect(included(match(rules.slice(0, 2), 'and', '1 OR 2'))).toEqual(['salesLondon']);
  });

  it('refuses a bad pattern, with the parser error as its cause', () => {
    const error = criteriaError(match(rules, 'pattern', '1 AND AND 2 OR 3'));
    expect(error.message).toBe(
      `the pattern to be applied cannot be used: expected a rule number or '(' at position 7, found "AND"`,
    );
    expect(error.cause).toBeInstanceOf(PatternError);
    expect(criteriaError(match(rules, 'pattern')).message).toMatch(/the pattern is empty/);
  });

  it('works on criteria exactly as the config schema hands them over', () => {
    const criteria = criteriaSchema.parse({
      mode: 'match',
      combine: 'pattern',
      pattern: '(1 and 2) or 3',
      rules: [
        { subject: { kind: 'field', field: 'department' }, relation: 'equals', value: 'Sales' },
        { subject: { kind: 'field', field: 'location' }, relation: 'equals', value: 'London' },
        { subject: { kind: 'memberOf' }, relation: 'equals', value: GROUP_A },
      ],
    });
    expect(included(criteria)).toEqual(['salesLondon', 'opsParisA']);
  });
});

describe('criteria: reasons for leaving a user out', () => {
  const ops = user({ department: 'Ops', location: 'Paris' });
  const rules = [
    field('location', 'equals', 'Paris'),
    field('department', 'equals', 'Sales'),
    field('jobTitle', 'isNotEmpty'),
  ];

  function reason(
    criteria: Criteria,
    u: JumpCloudUser = ops,
    groups: ReadonlySet<string> = NO_GROUPS,
    groupNames?: (id: string) => string | undefined,
  ): string {
    const result = compileCriteria(criteria, groupNames ? { groupNames } : {})(u, groups);
    if (result.included) throw new Error('expected the user to be left out');
    return result.reason;
  }

  it('names the one rule that failed', () => {
    expect(reason(match(rules.slice(0, 2), 'and'))).toBe('rule 2 (department equals "Sales") is not met');
  });

  it('names every failing rule of an AND', () => {
    expect(reason(match(rules, 'and'))).toBe(
      'rule 2 (department equals "Sales") and rule 3 (jobTitle is not empty) are not met',
    );
  });

  it('names every rule of a failed OR', () => {
    expect(reason(match(rules.slice(1), 'or'))).toBe(
      'rule 1 (department equals "Sales") and rule 2 (jobTitle is not empty) are not met',
    );
  });

  it('names only the rules that sank a pattern, in order, once each', () => {
    // (1 AND 2) OR 3: rule 1 holds, so rules 2 and 3 are what kept the user out.
    expect(reason(match(rules, 'pattern', '(1 AND 2) OR 3'))).toBe(
      'rule 2 (department equals "Sales") and rule 3 (jobTitle is not empty) are not met',
    );
    expect(reason(match(rules, 'pattern', '3 OR (2 AND 1) OR (1 AND 3)'))).toBe(
      'rule 2 (department equals "Sales") and rule 3 (jobTitle is not empty) are not met',
    );
    const four = [...rules, field('email', 'isEmpty')];
    const withEmail = user({ email: 'x@example.com', location: 'Paris' });
    expect(reason(match(four, 'pattern', '2 OR 3 OR 4 AND 1'), withEmail)).toBe(
      'rule 2 (department equals "Sales"), rule 3 (jobTitle is not empty) and rule 4 (email is empty) are not met',
    );
  });

  it('says each relation in words', () => {
    const words: [CriteriaRule, string][] = [
      [field('department', 'equals', ' Sales '), 'department equals "Sales"'],
      [field('department', 'notEquals', 'Ops'), 'department does not equal "Ops"'],
      [field('email', 'contains', '@sales.'), 'email contains "@sales."'],
      [field('jobTitle', 'startsWith', 'Head'), 'jobTitle starts with "Head"'],
      [field('email', 'endsWith', '.org'), 'email ends with ".org"'],
      [field('manager', 'isEmpty', 'ignored'), 'manager is empty'],
      [field('manager', 'isNotEmpty'), 'manager is not empty'],
      [attribute('costCentre', 'equals', 'CC-1'), 'custom attribute "costCentre" equals "CC-1"'],
      [memberOf('equals', GROUP_A), `is a member of group "${GROUP_A}"`],
      [memberOf('notEquals', GROUP_A), `is not a member of group "${GROUP_A}"`],
    ];
    for (const [rule, text] of words) expect(describeRule(rule)).toBe(text);
  });

  it('names a group by its name when one is given', () => {
    const names = (id: string) => (id === GROUP_A ? 'Engineering' : undefined);
    expect(reason(match([memberOf('equals', GROUP_A)]), ops, new Set([GROUP_B]), names)).toBe(
      `rule 1 (is a member of group "Engineering" ("${GROUP_A}")) is not met`,
    );
    expect(reason(match([memberOf('notEquals', GROUP_A)]), ops, new Set([GROUP_A]))).toBe(
      `rule 1 (is not a member of group "${GROUP_A}") is not met`,
    );
  });

  it('quotes hostile values so they cannot disguise the reason', () => {
    const hostile: [string, string][] = [
      ['say "hi"', '"say \\"hi\\""'],
      ['line\nbreak', '"line\\nbreak"'],
      ['<img src=x onerror=alert(1)>', '"<img src=x onerror=alert(1)>"'],
      ['\u202eteem ton si', '"\\u202eteem ton si"'],
      ['a\u200bb', '"a\\u200bb"'],
      ['x'.repeat(1024), `"${'x'.repeat(80)}…"`],
    ];
    for (const [value, quoted] of hostile) {
      expect(quote(value)).toBe(quoted);
      const expected = `rule 1 (department equals ${quoted}) is not met`;
      expect(reason(match([field('department', 'equals', value)]))).toBe(expected);
    }
    expect(reason(match([attribute('we"ird\u202e', 'isNotEmpty')]))).toBe(
      'rule 1 (custom attribute "we\\"ird\\u202e" is not empty) is not met',
    );
  });
});
