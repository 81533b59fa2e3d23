/**
 * THIRD-PARTY-NOTICES.txt for a build: every npm package esbuild bundled (found in its
 * metafiles, so the list follows the code) with its own licence file — or licenses/<name>.txt
 * for a package that ships none — and the notices of third-party files copied as they are.
 * Throws when something bundled has no notice, so a new dependency cannot ship without one.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const LICENCE_FILE = /^(licen[cs]e|copying)(\.(md|txt))?$/i;
/** Full licence texts the hand-written notices refer to, appended once at the end. */
const LICENCE_TEXTS = ['licenses/Apache-2.0.txt', 'licenses/MPL-2.0.txt'];
const RULE = `\n${'='.repeat(78)}\n`;

/** The package directory an input path of a metafile belongs to, or undefined for our own code. */
export function packageDirOf(input) {
  const parts = input.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return undefined;
  const length = parts[at + 1]?.startsWith('@') ? 2 : 1;
  return parts.slice(0, at + 1 + length).join('/');
}

/** Package directory → the output files (basenames) it went into. */
export function bundledPackages(metafiles) {
  const packages = new Map();
  for (const metafile of metafiles) {
    for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
      for (const input of Object.keys(inputs)) {
        const dir = packageDirOf(input);
        if (!dir) continue;
        if (!packages.has(dir)) packages.set(dir, new Set());
        packages.get(dir).add(path.basename(output));
      }
    }
  }
  return packages;
}

/** package.json's repository as a plain URL ("owner/name" and "git+…" forms included). */
function sourceUrl(repository) {
  if (!repository) return undefined;
  if (/^[\w.-]+\/[\w.-]+$/.test(repository)) return `https://github.com/${repository}`;
  // git+ssh://git@github.com/owner/name.git and git@github.com:owner/name.git: a reader wants the web page.
  const ssh = /^(?:git\+)?(?:ssh:\/\/)?git@([\w.-]+)[:/](.+?)(?:\.git)?$/.exec(repository);
  if (ssh) return `https://${ssh[1]}/${ssh[2]}`;
  return repository.replace(/^git\+/, '').replace(/\.git$/, '');
}

async function licenceOf(root, dir, name) {
  const file = (await readdir(path.join(root, dir))).find((f) => LICENCE_FILE.test(f));
  if (file) return readFile(path.join(root, dir, file), 'utf8');
  try {
    return await readFile(path.join(root, 'licenses', `${name.replace('/', '__')}.txt`), 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * @param {object} options
 * @param {{ outputs: Record<string, { inputs: Record<string, unknown> }> }[]} options.metafiles esbuild's, of every bundle of the build
 * @param {[string, string, string[]?][]} options.copied files copied as they are: [from, to, notice files]
 * @param {string} [options.root] where node_modules and licenses/ are
 */
export async function thirdPartyNotices({ metafiles, copied, root = '.' }) {
  const sections = [];
  const missing = [];
  for (const [dir, outputs] of [...bundledPackages(metafiles)].sort(([a], [b]) => a.localeCompare(b))) {
    const { name, version, license, repository, homepage } = JSON.parse(await readFile(path.join(root, dir, 'package.json'), 'utf8'));
    const text = await licenceOf(root, dir, name);
    if (!text) {
      missing.push(`${name} (bundled into ${[...outputs].join(', ')})`);
      continue;
    }
    const source = sourceUrl(typeof repository === 'string' ? repository : (repository?.url ?? homepage));
    const header = `${name} ${version} — ${license ?? 'licence below'} — in ${[...outputs].sort().join(', ')}${source ? `\nsource code: ${source}` : ''}`;
    sections.push(`${header}\n\n${text.trim()}`);
  }
  for (const [from, to, notices] of copied) {
    if (!notices) {
      if (packageDirOf(from)) missing.push(`${from} (copied to ${to})`);
      continue;
    }
    const texts = await Promise.all(notices.map((file) => readFile(path.join(root, file), 'utf8')));
    sections.push(`${to}${from === to ? '' : ` (${from}, unchanged)`}\n\n${texts.map((t) => t.trim()).join('\n\n')}`);
  }
  if (missing.length > 0) {
    throw new Error(`no licence notice for ${missing.join('; ')}: add its licence as licenses/<package>.txt or name a notice in COPIED_FILES`);
  }
  const licenceTexts = await Promise.all(LICENCE_TEXTS.map((file) => readFile(path.join(root, file), 'utf8')));
  return [
    'Genre Lens — third-party notices\n\nThis build contains the third-party software below, each with its licence. Genre Lens itself is MIT-licensed (LICENSE in its source repository).',
    ...sections,
    ...licenceTexts.map((t) => t.trim()),
  ].join(RULE) + '\n';
}
