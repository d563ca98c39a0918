// Zoho's "Pattern to be applied": how the numbered sync criteria combine, e.g. "(1 AND 2) OR 3".
// The config schema only checks the pattern loosely (allowed characters, numbers in range); this is
// the real parser, run when the criteria are compiled, so a pattern that cannot mean one thing is
// refused with a message that tells the admin where and what to fix, and never guessed at.
//
// Grammar (AND binds tighter than OR, as in SQL and in most filter-logic editors, so
// "1 OR 2 AND 3" means "1 OR (2 AND 3)"; brackets override it):
//
//   pattern := or-expr END
//   or-expr := and-expr ( OR and-expr )*
//   and-expr := operand ( AND operand )*
//   operand := NUMBER | "(" or-expr ")"
//
// AND and OR are case-insensitive whole words; rule numbers are 1-based positions in the rule list.
// Positions in messages count characters from 1, as an admin counts them in the text box.

import { listOf, quote } from './describe';

/** A parsed pattern. Rule numbers stay 1-based, as the admin wrote them. */
export type PatternNode =
  | { readonly kind: 'rule'; readonly rule: number }
  | { readonly kind: 'and'; readonly operands: readonly PatternNode[] }
  | { readonly kind: 'or'; readonly operands: readonly PatternNode[] };

/** A pattern that cannot be used; the message is written for the admin who typed it. */
export class PatternError extends Error {
  /** 1-based character position the message refers to, when there is one. */
  readonly position: number | undefined;
  constructor(message: string, position?: number) {
    super(message);
    this.name = 'PatternError';
    this.position = position;
  }
}

/** Deep enough for any pattern a person writes; a bound so a hostile pattern cannot exhaust the stack. */
export const MAX_BRACKET_DEPTH = 32;

type Token =
  | { kind: 'number'; text: string; value: number; position: number }
  | { kind: 'and' | 'or' | '(' | ')'; text: string; position: number }
  | { kind: 'end'; text: ''; position: number };

const WORD = /[\p{L}\p{N}\p{M}_]/u;
const DIGITS = /^[0-9]+$/;

/**
 * Splits the pattern lazily, so the first error from the left is the one reported. Counts code
 * points, as a person counts characters, rather than UTF-16 units.
 */
class Lexer {
  private readonly chars: string[];
  private index = 0;
  private lookahead: Token | undefined;

  constructor(text: string) {
    this.chars = Array.from(text);
  }

  peek(): Token {
    this.lookahead ??= this.read();
    return this.lookahead;
  }

  next(): Token {
    const token = this.peek();
    this.lookahead = undefined;
    return token;
  }

  private read(): Token {
    const { chars } = this;
    while (this.index < chars.length && /\s/u.test(chars[this.index] ?? '')) this.index++;
    const position = this.index + 1;
    const char = chars[this.index];
    if (char === undefined) return { kind: 'end', text: '', position };
    if (char === '(' || char === ')') {
      this.index++;
      return { kind: char, text: char, position };
    }
    if (WORD.test(char)) {
      // A whole run of letters and digits is one word, so "1AND2" or "ORDER" are not read as
      // operators hiding inside something else (the same word boundary the config schema uses).
      let end = this.index;
      while (end < chars.length && WORD.test(chars[end] ?? '')) end++;
      const text = chars.slice(this.index, end).join('');
      this.index = end;
      if (DIGITS.test(text)) return { kind: 'number', text, value: Number(text), position };
      // Compared in ASCII on purpose: no locale or Unicode folding can turn another word into AND.
      const upper = text.replace(/[a-z]/g, (c) => c.toUpperCase());
      if (upper === 'AND') return { kind: 'and', text, position };
      if (upper === 'OR') return { kind: 'or', text, position };
      throw unexpected(text, position);
    }
    throw unexpected(char, position);
  }
}

function unexpected(text: string, position: number): PatternError {
  return new PatternError(
    `unexpected ${show(text)} at position ${position}: a pattern uses only rule numbers, AND, OR and brackets`,
    position,
  );
}

/** What the admin typed, quoted for a message; cut short, as the position already says where it is. */
const show = (text: string): string => quote(text, 20);

function describe(token: Token): string {
  return token.kind === 'end' ? 'the end of the pattern' : show(token.text);
}

/** Builds an AND or OR node, folding same-kind children in: "(1 AND 2) AND 3" is one AND of three. */
function joined(kind: 'and' | 'or', operands: PatternNode[]): PatternNode {
  if (operands.length === 1) return operands[0] as PatternNode;
  const flat = operands.flatMap((o) => (o.kind === kind ? o.operands : [o]));
  return kind === 'and' ? { kind: 'and', operands: flat } : { kind: 'or', operands: flat };
}

class Parser {
  private readonly lexer: Lexer;
  /** Positions of the '(' still open, innermost last. */
  private readonly open: number[] = [];

  constructor(
    text: string,
    private readonly ruleCount: number,
  ) {
    this.lexer = new Lexer(text);
  }

  parse(): PatternNode {
    if (this.lexer.peek().kind === 'end') {
      throw new PatternError('the pattern is empty: write rule numbers joined by AND or OR, e.g. (1 AND 2) OR 3');
    }
    const node = this.orExpr();
    const token = this.lexer.peek();
    // orExpr stops only at ')' or the end; a ')' here closes nothing.
    if (token.kind === ')') {
      throw new PatternError(
        `unmatched ')' at position ${token.position}: there is no '(' before it for it to close`,
        token.position,
      );
    }
    return node;
  }

  private orExpr(): PatternNode {
    const operands = [this.andExpr()];
    while (this.lexer.peek().kind === 'or') {
      this.lexer.next();
      operands.push(this.andExpr());
    }
    return joined('or', operands);
  }

  private andExpr(): PatternNode {
    const operands = [this.operand()];
    while (this.lexer.peek().kind === 'and') {
      this.lexer.next();
      operands.push(this.operand());
    }
    this.expectOperatorOrClose();
    return joined('and', operands);
  }

  /** After an operand only AND, OR, ')' (inside brackets) or the end may follow: "1 2" is refused here. */
  private expectOperatorOrClose(): void {
    const token = this.lexer.peek();
    if (token.kind === 'and' || token.kind === 'or' || token.kind === 'end' || token.kind === ')') return;
    const expected = this.open.length > 0 ? "AND, OR or ')'" : 'AND or OR';
    const found = describe(token);
    throw new PatternError(`expected ${expected} at position ${token.position}, found ${found}`, token.position);
  }

  private operand(): PatternNode {
    const token = this.lexer.next();
    switch (token.kind) {
      case 'number':
        return this.rule(token);
      case '(':
        return this.bracket(token.position);
      case ')':
      case 'and':
      case 'or':
        break;
      case 'end':
        throw new PatternError(
          `expected a rule number or '(' at position ${token.position}, but the pattern ends there`,
          token.position,
        );
    }
    throw new PatternError(
      `expected a rule number or '(' at position ${token.position}, found ${describe(token)}`,
      token.position,
    );
  }

  private bracket(position: number): PatternNode {
    if (this.open.length >= MAX_BRACKET_DEPTH) {
      const message = `brackets nest too deeply at position ${position}: at most ${MAX_BRACKET_DEPTH} levels`;
      throw new PatternError(message, position);
    }
    if (this.lexer.peek().kind === ')') {
      const message = `empty brackets at position ${position}: put rule numbers inside them, e.g. (1 AND 2)`;
      throw new PatternError(message, position);
    }
    this.open.push(position);
    const inner = this.orExpr();
    const close = this.lexer.next();
    if (close.kind !== ')') {
      // orExpr stops only at ')' or the end, so this is the end of the pattern.
      throw new PatternError(
        `expected ')' at position ${close.position} to close the '(' at position ${position}, ` +
          'but the pattern ends there',
        close.position,
      );
    }
    this.open.pop();
    return inner;
  }

  private rule(token: Extract<Token, { kind: 'number' }>): PatternNode {
    const { value, position } = token;
    const rule = token.text.length > 20 ? `${token.text.slice(0, 20)}…` : token.text;
    if (value < 1) {
      const message = `rule ${rule} at position ${position} does not exist: rules are numbered from 1`;
      throw new PatternError(message, position);
    }
    if (value > this.ruleCount) {
      const rules = this.ruleCount === 1 ? 'there is only 1 rule' : `there are only ${this.ruleCount} rules`;
      throw new PatternError(`rule ${rule} at position ${position} does not exist: ${rules}`, position);
    }
    return { kind: 'rule', rule: value };
  }
}

/**
 * Parses the admin's pattern against `ruleCount` rules. Throws PatternError for anything that is not
 * a complete, unambiguous pattern, including one that leaves a rule out: a rule the admin added but
 * the pattern ignores would silently widen who is synced, so it is refused rather than dropped.
 */
export function parsePattern(text: string, ruleCount: number): PatternNode {
  const node = new Parser(text, ruleCount).parse();
  const used = new Set<number>();
  const visit = (n: PatternNode): void => {
    if (n.kind === 'rule') used.add(n.rule);
    else n.operands.forEach(visit);
  };
  visit(node);
  const unused = Array.from({ length: ruleCount }, (_, i) => i + 1).filter((n) => !used.has(n));
  if (unused.length === 1) {
    throw new PatternError(`rule ${unused[0]} is not used in the pattern: add it to the pattern, or remove the rule`);
  }
  if (unused.length > 1) {
    throw new PatternError(
      `rules ${listOf(unused.map(String))} are not used in the pattern: add them to the pattern, or remove the rules`,
    );
  }
  return node;
}

/** The pattern Zoho's plain AND / OR choice stands for: every rule, joined by one operator. */
export function patternFor(combine: 'and' | 'or', ruleCount: number): PatternNode {
  if (!Number.isInteger(ruleCount) || ruleCount < 1) {
    throw new PatternError('there are no rules to combine: add a rule first');
  }
  const rules: PatternNode[] = Array.from({ length: ruleCount }, (_, i) => ({ kind: 'rule', rule: i + 1 }));
  return ruleCount === 1 ? (rules[0] as PatternNode) : { kind: combine, operands: rules };
}

/**
 * Writes a pattern back as text with every group bracketed, so it reads the same whatever precedence
 * the reader assumes: shows the admin how "1 OR 2 AND 3" was read ("1 OR (2 AND 3)"), and prefills
 * the pattern box when the admin switches from plain AND / OR to a pattern.
 */
export function formatPattern(node: PatternNode): string {
  if (node.kind === 'rule') return String(node.rule);
  const operands = node.operands.map((o) => (o.kind === 'rule' ? formatPattern(o) : `(${formatPattern(o)})`));
  return operands.join(node.kind === 'and' ? ' AND ' : ' OR ');
}
