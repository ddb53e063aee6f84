/** The kinds of promise the policy makes, in the order the proof page shows them. */
export const statementKinds = [
  'purpose',
  'recipient',
  'retention',
  'right',
  'security',
  'cookie',
] as const;
export type StatementKind = (typeof statementKinds)[number];
