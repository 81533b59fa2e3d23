/** The project's root folder, for the tools' paths. */
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
