/** Types of `build.mjs` for the TypeScript that imports it (the server and the size test). */
export declare const bannerDir: string;
export declare const srcDir: string;
export declare const distDir: string;
export interface BuiltBanner {
  js: string;
  css: string;
}
export declare function buildBanner(): BuiltBanner;
export declare function writeBanner(dir?: string): BuiltBanner;
