/** One prefix for everything the extension logs in the page's console. */
const PREFIX = '[Genre Lens]';
export const log = {
  info: (...args: unknown[]) => console.info(PREFIX, ...args),
  warn: (...args: unknown[]) => console.warn(PREFIX, ...args),
};
