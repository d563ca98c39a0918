// The pools the seeded generator draws names, departments and places from, and the ASCII folding that turns names into usernames.

export const FIRST_NAMES = [
  'Alice', 'Bob', 'Carlos', 'Dana', 'Élodie', 'Fatima', 'Gustavo', 'Hiro', 'Ingrid', 'Jamal', 'Kasia',
  'Liam', 'Mei', 'Nikolai', 'Olga', 'Priya', 'Quentin', 'Rosa', 'Søren', 'Tomás', 'Uma', 'Vikram',
  'Wen', 'Xavier', 'Yara', 'Zoë', 'Amélie', 'Björn', 'Chloé', 'Dmitri',
];
export const LAST_NAMES = [
  'Smith', 'García', 'Müller', 'Nguyen', "O'Connor", 'Kowalski', 'Dubois', 'Rossi', 'Svensson', 'Novák',
  'Ivanova', 'Okafor', 'Kim', 'Tanaka', 'Silva', 'Jensen', 'Moreau', 'Ålund', 'Łukasiewicz', 'Fernández',
  'Papadopoulos', 'Van der Berg', 'MacDonald', 'Nakamura',
];
/** Departments double as the names of the department groups, so membership follows department. */
export const DEPARTMENTS = ['Engineering', 'Sales', 'Support', 'Finance', 'Operations'];
export const JOB_TITLES = ['Engineer', 'Senior Engineer', 'Account Executive', 'Support Specialist', 'Analyst', 'Manager', 'Director', ''];
export const EMPLOYEE_TYPES = ['Full-time', 'Part-time', 'Contractor', 'Intern'];
export const COMPANIES = ['Example Corp', 'Example Corp GmbH', 'Exemple SARL'];
export const LOCATIONS = ['London', 'Berlin', 'Chennai', 'Austin', 'São Paulo', 'Remote'];
export const CITIES = [
  ['London', 'England', 'EC1A 1BB', 'GB'],
  ['Berlin', 'Berlin', '10115', 'DE'],
  ['Chennai', 'Tamil Nadu', '600001', 'IN'],
  ['Austin', 'TX', '73301', 'US'],
  ['São Paulo', 'SP', '01000-000', 'BR'],
] as const;
export const BUILDINGS = ['HQ', 'North', 'South', 'Annex'];

/** ASCII-folds a name for usernames and email local parts (JumpCloud usernames are ASCII). */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}
