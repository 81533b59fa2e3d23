/**
 * One live session: the engine's pipeline (TabPipeline, fed analysis-rate chunks as the capture
 * worklet sends them) and the tools' replay (tools/lib/model/liveReplay.ts, fed the raw recording)
 * show the same values, window by window, the outside head included — on music, on music
 * outside the five, and on talk giving way to music (the restart from the recent music).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnalysisInput } from '../../src/core/analysisInput.ts';
import { reportFields, TabPipeline } from '../../src/engine/tabPipeline.ts';
import { type GenreReport, MAX_PENDING_CHUNKS, packSamples } from '../../src/shared/protocol.ts';
import { decodeAtRate, playInTurn } from '../../tools/lib/audio/decode.ts';
import { replayAudio } from '../../tools/lib/model/liveReplay.ts';
import { loadModel } from '../../tools/lib/model/modelFiles.ts';

const RATE = 48000;

async function engineReportsPerSecond(audio: Float32Array): Promise<(GenreReport | undefined)[]> {
  const model = await loadModel();
  const reports: GenreReport[] = [];
  const pipeline = new TabPipeline(1, 0, Promise.resolve(model), (r) => reports.push(r), () => undefined);
  pipeline.handle({ type: 'audio/start', videoId: 'abcdefghijk', windowSeconds: 10 });
  await pipeline.idle();
  const input = new AnalysisInput(RATE); // as the capture worklet makes the chunks
  const perSecond: (GenreReport | undefined)[] = [];
  for (let offset = 0; offset < audio.length; offset += RATE) {
    const before = reports.length;
    // As Chrome's port carries it: base64 of the analysis-rate samples.
    pipeline.handle({ type: 'audio/chunk', samples: packSamples(input.process(audio.subarray(offset, offset + RATE)), 'chrome') });
    await pipeline.idle();
    perSecond.push(reports.length > before ? reports.at(-1) : undefined);
  }
  return perSecond;
}

const shownFields = (r: GenreReport) => ({
  state: r.state,
  genre: r.genre,
  probabilities: r.probabilities,
  confidence: r.confidence,
  unsure: r.unsure,
  notice: r.notice,
  outside: r.outside,
  secondsHeard: r.secondsHeard,
});

async function assertSameShown(audio: Float32Array): Promise<{ windows: number; shownGenres: Set<string | undefined>; outside: number }> {
  const model = await loadModel();
  assert.ok(model.predictOutside, 'the shipped model has its outside head');
  const trace = await replayAudio(model.info, model.predict, audio, RATE, { predictOutside: model.predictOutside });
  const engine = await engineReportsPerSecond(audio);
  const shownGenres = new Set<string | undefined>();
  let windows = 0;
  let outside = 0;
  for (let second = 1; second <= engine.length; second++) {
    const tools = trace.filter((s) => Math.ceil(s.at) === second);
    if (tools.length === 0) continue;
    windows += tools.length;
    const report = engine[second - 1];
    assert.ok(report, `the engine reported nothing in second ${second}, the tools showed a window`);
    const expected = reportFields(model.info, tools.at(-1)!.shown);
    assert.deepEqual(shownFields(report), shownFields({ ...report, ...expected }), `second ${second}`);
    shownGenres.add(report.genre);
    if (report.outside) outside++;
  }
  return { windows, shownGenres, outside };
}

describe('the live session: engine and tools show the same', () => {
  it('on music, window by window', async () => {
    const audio = await decodeAtRate('assets/demo/rock.opus', RATE);
    const { windows, shownGenres } = await assertSameShown(audio);
    assert.ok(windows >= 20, `${windows} windows compared`);
    assert.ok(shownGenres.has('Rock'));
  });

  it('on music outside the five, the outside head included', async () => {
    const audio = await decodeAtRate('assets/demo/pop.opus', RATE);
    const { windows, outside } = await assertSameShown(audio);
    assert.ok(windows >= 20, `${windows} windows compared`);
    assert.ok(outside > 0, 'the pop clip is said to be outside the five in some windows');
  });

  it('on talk, then music (the restart from the recent music included)', async () => {
    const audio = playInTurn(
      [
        { samples: await decodeAtRate('assets/test/speech.wav', RATE), seconds: 12 },
        { samples: await decodeAtRate('assets/demo/electronic.opus', RATE), seconds: 15 },
      ],
      RATE,
    );
    const model = await loadModel();
    const trace = await replayAudio(model.info, model.predict, audio, RATE);
    assert.ok(trace.some((s) => s.at <= 12 && s.shown.notice === 'not-music'), 'the talk is "Not music?"');
    assert.ok(trace.some((s) => s.at > 12 && s.shown.state === 'ready'), 'the music gets a genre');
    const { shownGenres } = await assertSameShown(audio);
    assert.ok(shownGenres.has(undefined) && shownGenres.size > 1);
  });
});

describe('the live session with bad samples', () => {
  it('a NaN or infinite sample is zeroed and the session goes on', async () => {
    const model = await loadModel();
    const audio = await decodeAtRate('assets/demo/rock.opus', RATE);
    const broken = audio.slice(0, RATE * 4);
    broken[RATE] = Number.NaN;
    broken[RATE * 2] = Number.POSITIVE_INFINITY;
    const trace = await replayAudio(model.info, model.predict, broken, RATE);
    assert.ok(trace.length >= 3, `${trace.length} windows`);
    const last = trace.at(-1)!.shown;
    assert.equal(last.state, 'ready');
    assert.ok(last.probabilities!.every(Number.isFinite));
  });
});

describe('the engine pipeline under a flood', () => {
  it('queues at most MAX_PENDING_CHUNKS chunks and drops the rest; the report afterwards is sane', async () => {
    const model = await loadModel();
    const reports: GenreReport[] = [];
    const pipeline = new TabPipeline(1, 0, Promise.resolve(model), (r) => reports.push(r), () => undefined);
    pipeline.handle({ type: 'audio/start', videoId: 'abcdefghijk', windowSeconds: 10 });
    const second = packSamples(new Float32Array(16000).fill(0.1), 'chrome');
    for (let i = 0; i < 1200; i++) pipeline.handle({ type: 'audio/chunk', samples: second });
    await pipeline.idle();
    assert.equal(pipeline.droppedChunks, 1200 - MAX_PENDING_CHUNKS);
    assert.ok(reports.at(-1)!.audioSeconds! <= MAX_PENDING_CHUNKS, `${reports.at(-1)!.audioSeconds} s analysed`);
  });
});

describe('the engine told of digital silence (a muted player)', () => {
  it('keeps the answer, says quiet, counts the time, runs nothing, and frees the slot at once; sound takes it back', async () => {
    const model = await loadModel();
    const reports: GenreReport[] = [];
    let runs = 0;
    const counted = {
      ...model,
      network: (patch: Float32Array) => {
        runs++;
        return model.network(patch);
      },
    };
    const pipeline = new TabPipeline(1, 0, Promise.resolve(counted), (r) => reports.push(r), () => undefined);
    pipeline.handle({ type: 'audio/start', videoId: 'abcdefghijk', windowSeconds: 10 });
    const audio = decodeAtRate('assets/demo/rock.opus', RATE);
    const input = new AnalysisInput(RATE);
    const samples = await audio;
    for (let s = 0; s < 6; s++) pipeline.handle({ type: 'audio/chunk', samples: packSamples(input.process(samples.subarray(s * RATE, (s + 1) * RATE)), 'chrome') });
    await pipeline.idle();
    const heard = reports.at(-1)!;
    assert.equal(heard.state, 'ready');
    assert.equal(pipeline.idleSince(Date.now(), 5000), undefined, 'a frame that plays sound is not idle');
    const before = runs;
    for (let s = 0; s < 3; s++) pipeline.handle({ type: 'audio/silence' });
    await pipeline.idle();
    const muted = reports.at(-1)!;
    assert.equal(runs, before, 'no network run for silence');
    assert.equal(muted.notice, 'quiet');
    assert.equal(muted.genre, heard.genre, 'the answer stays');
    assert.ok(Math.abs(muted.secondsHeard - heard.secondsHeard - 3) < 0.01, `${heard.secondsHeard} → ${muted.secondsHeard}`);
    assert.ok(pipeline.idleSince(Date.now(), 5000) !== undefined, 'a silent frame rests: its slot can go to one that is heard');
    pipeline.handle({ type: 'audio/chunk', samples: packSamples(input.process(samples.subarray(6 * RATE, 7 * RATE)), 'chrome') });
    assert.equal(pipeline.idleSince(Date.now(), 5000), undefined, 'sound again: playing');
    await pipeline.idle();
  });
});
