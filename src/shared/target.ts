declare const __TARGET__: string | undefined;

/** The browser this bundle was built for (build.mjs defines __TARGET__); 'chrome' under Node. */
export const TARGET: 'chrome' | 'firefox' = typeof __TARGET__ !== 'undefined' && __TARGET__ === 'firefox' ? 'firefox' : 'chrome';
