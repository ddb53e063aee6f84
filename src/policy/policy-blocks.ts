/** The building blocks of a policy document: what every section is made of, and its links. */
export type Inline = string | { text: string; href: string };
export type Block =
  | { kind: 'p'; content: Inline[] }
  | { kind: 'list'; items: Inline[][] }
  | { kind: 'lines'; lines: Inline[][] }
  | { kind: 'table'; head: string[]; rows: string[][] };

export interface PolicyLinks {
  privacyCenter: string;
  cookieSettings: string;
}
