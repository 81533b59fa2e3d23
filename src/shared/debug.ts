declare const __DEBUG__: boolean | undefined;

/**
 * Test and debugging hooks (genreLensDebug, genreLensRunCommand, debug/engine, the popup's
 * ?tab=) exist only in debug builds (dist/debug/, what the browser tests load); build.mjs
 * compiles them out of dist/chrome and dist/firefox. True under Node.
 */
export const DEBUG: boolean = typeof __DEBUG__ === 'undefined' ? true : __DEBUG__;
