// Types of bin/dist.js for the TypeScript that imports it (tests, bench).
export const root: string;
export const distDir: string;
export const distEntry: string;
export function isFresh(entry?: string, sources?: string, alsoRead?: string[]): boolean;
export function buildDist(outDir?: string, options?: { template?: boolean }): Promise<void>;
export function pgliteTemplateName(): string;
