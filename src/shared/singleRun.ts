/**
 * One copy of a script per frame and world. A script can be injected again into a frame that
 * runs it already (a place switched off and on: the options page starts the tabs open there, see
 * startInOpenTabs): the second copy must return at once, or two copies would fight over one
 * engine port and draw two badges.
 */
const RUNNING = Symbol.for('genre-lens:running');

type Registry = Record<string, () => boolean>;

/**
 * True when this is the first live copy of `script` in this world: it is recorded as running
 * while `alive()` holds. A copy left behind by an extension that was reloaded (alive() false) does
 * not count.
 */
export function claimSingleRun(script: string, alive: () => boolean = () => true): boolean {
  const world = globalThis as unknown as Record<symbol, Registry | undefined>;
  let registry = world[RUNNING];
  if (!registry) {
    registry = {};
    Object.defineProperty(world, RUNNING, { value: registry });
  }
  const running = registry[script];
  if (running?.()) return false;
  registry[script] = alive;
  return true;
}
