// How sync criteria compare text. Zoho's documentation does not say whether its Sync Criteria trim
// values or ignore case; this is our choice, made so a rule means what an admin reading it expects:
//
// - both sides are trimmed (Unicode white space, as String.prototype.trim knows it), so a stray
//   space typed into the value box, or left in a JumpCloud field, changes nothing;
// - comparisons ignore case, with the same answer in every browser locale: text is put in Unicode
//   normal form C (a precomposed "É" equals "E" + combining accent) and case-folded by upper- then
//   lower-casing, which approximates Unicode full case folding ("É" = "é", "STRASSE" = "straße",
//   "ΟΔΟΣ" = "οδος"); Intl collation would be closer, but cannot answer "contains" or "starts with";
// - nothing else is ignored: accents, punctuation and inner spaces still count ("Sales" ≠ "Salés").

/** The form in which criteria compare text; see above. */
export function comparable(text: string): string {
  return text.trim().normalize('NFC').toUpperCase().toLowerCase().normalize('NFC');
}

/** Empty after trimming: what "is empty" means, and what a missing custom attribute counts as. */
export function isBlank(text: string): boolean {
  return text.trim() === '';
}
