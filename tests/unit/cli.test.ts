import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(tool: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', `tools/${tool}.ts`, ...args], { maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('command-line tools', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'genre-lens-cli-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('classify: bad files get one line each and exit 1; good files are still classified', async () => {
    const empty = path.join(dir, 'empty.mp3');
    const text = path.join(dir, 'notes.ogg');
    const truncated = path.join(dir, 'truncated.opus');
    const missing = path.join(dir, 'missing.wav');
    await writeFile(empty, '');
    await writeFile(text, 'these are not the sounds you are looking for\n'.repeat(50));
    await writeFile(truncated, (await readFile('assets/demo/rock.opus')).subarray(0, 40000));
    const result = await run('classify', [missing, empty, 'assets/demo/classical.opus', text, truncated]);
    assert.equal(result.code, 1);
    const errors = result.stderr.trim().split('\n');
    assert.equal(errors.length, 4, result.stderr);
    for (const [file, problem] of [
      [missing, /not found/],
      [empty, /empty/],
      [text, /not .*audio|unrecognised/i],
      [truncated, /truncated/],
    ] as const) {
      const line = errors.find((l) => l.includes(file));
      assert.ok(line, `no error line for ${file}:\n${result.stderr}`);
      assert.match(line, problem);
    }
    // What the badge shows, then every genre's calibrated probability.
    assert.match(result.stdout, /classical\.opus: (Classical · \d+%|Unsure · Classical\?) {2}\((\w[\w-]* \d+%, ){4}\w[\w-]* \d+%; shown \d+% of the time\)/);
  });

  it('classify says "Not music?" for speech, with its music probability', async () => {
    const result = await run('classify', ['assets/test/speech.wav', 'assets/demo/hiphop.opus']);
    assert.equal(result.code, 0, result.stderr);
    const [speech, music] = result.stdout.trim().split('\n');
    assert.match(speech!, /speech\.wav: Not music\? {2}\(music probability \d+%; shown 100% of the time\)/);
    assert.match(music!, /hiphop\.opus: Hip-Hop · \d+%/);
  });

  it('classify --timeline prints what the badge shows after each second', async () => {
    const result = await run('classify', ['--timeline', 'assets/demo/folk.opus']);
    assert.equal(result.code, 0, result.stderr);
    const windows = result.stdout.split('\n').filter((l) => /^\s+\d+\.\d–/.test(l));
    assert.ok(windows.length >= 25, result.stdout);
    for (const line of windows) assert.match(line, /s {2}(\w[\w-]* · \d+%|Unsure · \w[\w-]*\?|Not music\?|Listening…)$/);
    assert.match(windows[0]!, /^\s+0\.0–1\.0\s+s {2}(Folk · \d+%|Unsure · Folk\?)$/, 'the first guess, in the first second (one network patch)');
  });

  it('evaluate --json prints one JSON object with the agreed shape', async () => {
    const data = path.join(dir, 'data');
    for (const [folder, clip] of [
      ['rock', 'rock'],
      ['hip_hop', 'hiphop'],
      ['Classical', 'classical'],
      ['Jazz', 'folk'],
    ]) {
      await mkdir(path.join(data, folder!), { recursive: true });
      await copyFile(`assets/demo/${clip}.opus`, path.join(data, folder!, `${clip}.opus`));
    }
    const nonMusic = path.join(dir, 'nonmusic', 'speech');
    await mkdir(nonMusic, { recursive: true });
    await copyFile('assets/test/speech.wav', path.join(nonMusic, 'speech.wav'));
    const outside = path.join(dir, 'outside', 'Pop');
    await mkdir(outside, { recursive: true });
    await copyFile('assets/demo/pop.opus', path.join(outside, 'pop.opus'));
    const result = await run('evaluate', ['--data', data, '--json', '--degrade', 'lowpass=8k,gain=-12', '--nonmusic', path.dirname(nonMusic), '--outside', path.dirname(outside)]);
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout);
    assert.deepEqual(
      json.degraded.map((d: { name: string }) => d.name),
      ['lowpass=8k', 'gain=-12'],
    );
    for (const d of json.degraded) assert.ok(d.accuracy >= 0 && d.accuracy <= 1 && Math.abs(d.change) <= 1, JSON.stringify(d));
    assert.deepEqual(json.nonMusic, { clips: 1, caught: 1, caughtWithin6s: 1, windowRate: json.nonMusic.windowRate });
    assert.ok(json.nonMusic.windowRate > 0.5, JSON.stringify(json.nonMusic));
    // Rap is the music closest to talk: the hip-hop demo clip has a few windows called not music (README, known limitations).
    assert.ok(json.musicFalseAlarmRate >= 0 && json.musicFalseAlarmRate < 0.1, String(json.musicFalseAlarmRate));
    // The first genre each demo clip shows with confidence: all three show one, the right one.
    assert.equal(json.firstShown.shown, 3, JSON.stringify(json.firstShown));
    assert.equal(json.firstShown.right, 3, JSON.stringify(json.firstShown));
    assert.ok(json.firstShown.seconds.median > 0 && json.firstShown.seconds.median < 10, JSON.stringify(json.firstShown));
    // Each clip opened by 15 s of that speech, replayed through the live decision.
    assert.equal(json.transitions.clips, 3);
    assert.equal(json.transitions.talkWindowsWithGenre, 0, JSON.stringify(json.transitions));
    assert.ok(json.transitions.firstGuessSeconds.median <= 10, JSON.stringify(json.transitions));
    for (const key of ['firstGuessAccuracy', 'accuracyAfter10s']) assert.ok(json.transitions[key] >= 0 && json.transitions[key] <= 1, key);
    assert.equal(json.clips, 3);
    assert.ok(json.windows >= 3 * 25);
    for (const key of ['accuracy', 'macroF1']) assert.ok(json[key] >= 0 && json[key] <= 1, key);
    assert.deepEqual(Object.keys(json.perGenre).sort(), ['Classical', 'Electronic', 'Folk', 'Hip-Hop', 'Rock']);
    assert.equal(json.confusion.length, 5);
    assert.equal(json.confusion.flat().reduce((a: number, b: number) => a + b, 0), 3);
    assert.match(result.stderr, /Jazz/, 'the unknown genre folder is reported');
    // What the badge shows 10 s and 30 s into each clip, for the five and for the outside music.
    for (const [shown, clips] of [
      [json.shown, 3],
      [json.outside.shown, 1],
    ]) {
      assert.deepEqual(Object.keys(shown), ['10', '30']);
      for (const counts of Object.values(shown) as Record<string, number>[]) {
        assert.deepEqual(Object.keys(counts), ['clips', 'right', 'unsure', 'outside', 'confidentWrong']);
        assert.equal(counts.clips, clips);
        assert.ok(counts.right! + counts.unsure! + counts.outside! + counts.confidentWrong! <= clips, JSON.stringify(counts));
      }
    }
    assert.equal(json.outside.shown['30'].right, 0, 'music outside the five is never "right" as a genre of the five');
  });

  it('each CLI turns bad arguments into one readable line and exit 1', async () => {
    const corrupt = path.join(dir, 'corrupt', 'genre.onnx');
    await mkdir(path.dirname(corrupt), { recursive: true });
    await writeFile(corrupt, 'garbage');
    await copyFile('model/model.json', path.join(dir, 'corrupt', 'model.json'));
    for (const [tool, args, problem] of [
      ['train', ['--data', path.join(dir, 'nowhere')], /nowhere/],
      ['train', ['--data', 'assets', '--ear', 'owl'], /--ear must be one of yamnet, efficientat/],
      ['train', ['--data', 'assets', '--ear', 'efficientat'], /--ear efficientat needs --out DIR/],
      ['evaluate', ['--data', path.join(dir, 'nowhere')], /nowhere/],
      ['classify', [], /usage/],
      ['classify', ['--model', corrupt, 'assets/demo/rock.opus'], /not a usable ONNX model/],
      ['bench', [path.join(dir, 'missing.opus')], /not found/],
      ['evaluate', ['--data', 'assets', '--degrade', 'reverb=3'], /unknown degradation "reverb=3"/],
      ['evaluate', ['--data', 'assets', '--nonmusic', path.join(dir, 'nowhere')], /nowhere.*not found/],
    ] as const) {
      const result = await run(tool, [...args]);
      assert.equal(result.code, 1, `${tool} ${args.join(' ')}`);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, problem);
    }
  });
});
