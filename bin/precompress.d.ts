// Types of bin/precompress.js for the TypeScript that imports it (tests).
export const compressible: Set<string>;
export function hashedName(name: string, body: Buffer): string;
export function writePrecompressed(outDir: string, files: [string, Buffer][]): number;
export function textFilesIn(dir: string): [string, Buffer][];
