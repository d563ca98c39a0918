// Problems with what the admin typed, each tied to the field it is about. The background answers a
// bad config with issues whose paths are the config's own ("settings.schedule.time"); the page's
// checks use the same paths, so both land at the same field.
import type { z } from 'zod';

export interface Issue {
  path: string;
  message: string;
}

/** A DOM id for the control that edits `path`; its error text uses `${fieldId(path)}-error`. */
export function fieldId(path: string): string {
  return `f-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

export const errorId = (path: string) => `${fieldId(path)}-error`;

export function issuesOfZod(error: z.ZodError, prefix = ''): Issue[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
    message: i.message,
  }));
}

export interface AssignedIssues {
  /** Messages for each field path the page shows. */
  at: Map<string, string[]>;
  /** Issues about no field on the page: shown in the form's summary. */
  elsewhere: Issue[];
}

/**
 * Gives each issue to the deepest shown field whose path is the issue's path or a prefix of it:
 * "mapping.fields.department.field" lands on the field "mapping.fields.department".
 */
export function assignIssues(issues: readonly Issue[], shown: readonly string[]): AssignedIssues {
  const at = new Map<string, string[]>();
  const elsewhere: Issue[] = [];
  for (const issue of issues) {
    let owner: string | undefined;
    for (const path of shown) {
      const covers = issue.path === path || issue.path.startsWith(`${path}.`);
      if (covers && (!owner || path.length > owner.length)) owner = path;
    }
    if (owner) at.set(owner, [...(at.get(owner) ?? []), issue.message]);
    else elsewhere.push(issue);
  }
  return { at, elsewhere };
}

/** Moves focus to the first field with a problem, in the order the page shows them. */
export function focusFirstIssue(assigned: AssignedIssues, order: readonly string[]): void {
  const first = order.find((p) => assigned.at.has(p));
  if (!first) return;
  // After Preact has rendered the messages, so the field's description is read with it.
  setTimeout(() => document.getElementById(fieldId(first))?.focus(), 0);
}
