/**
 * EfficientAT mn04 as a second ear (src/core/efficientat.ts): its front end against the network's
 * known answers (../shared/models/efficientat/README.md: silence, a 440 Hz sine, white noise,
 * speech), its genre classes against YAMNet's by AudioSet name, and the live session running on it.
 * The network and its class list are read from ../shared/models/efficientat; those tests are
 * skipped, each counted and named, where it is absent.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { EFFICIENTAT } from '../../src/core/efficientat.ts';
import { LiveSession } from '../../src/core/liveSession.ts';
import { assertSpecCompatible } from '../../src/core/spec.ts';
import { YAMNET } from '../../src/core/yamnet.ts';
import { decodeAtRate, decodeFile } from '../../tools/lib/audio/decode.ts';
import { earFile, nodeNetwork } from '../../tools/lib/model/ears.ts';

const SHARED = path.resolve(import.meta.dirname, '../../../shared');
const LABELS = path.join(SHARED, 'models/efficientat/audioset_class_labels_527.csv');
const skip = existsSync(earFile(EFFICIENTAT)) && existsSync(LABELS) ? false : '../shared/models/efficientat is not beside the project';
const names = (file: string, header: boolean) =>
  readFileSync(file, 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(header ? 1 : 0)
    .map((line) => line.replace(/^\d+,[^,]+,/, '').replace(/^"|"$/g, ''));

const RATE = EFFICIENTAT.spec.sampleRate;
const PATCH = EFFICIENTAT.spec.patchSamples;

describe('EfficientAT as a second ear', () => {
  it('its features are its own: a model of one ear is refused by the other', () => {
    assert.throws(() => assertSpecCompatible(EFFICIENTAT.spec, YAMNET.spec), /ear is efficientat in the model but undefined/);
    assert.throws(() => assertSpecCompatible(YAMNET.spec, EFFICIENTAT.spec), /sampleRate is 16000 in the model but 32000/);
    assert.equal(EFFICIENTAT.spec.featureNames.length, EFFICIENTAT.outputs.featureClasses.length + 5);
  });

  it('its genre classes are the same AudioSet classes as YAMNet’s, at its own indices', { skip }, () => {
    const yamnet = names('model/yamnet_class_map.csv', true);
    const efficientat = names(LABELS, false);
    assert.equal(efficientat.length, EFFICIENTAT.outputs.classes);
    assert.deepEqual(Object.keys(EFFICIENTAT.outputs.genreClasses), Object.keys(YAMNET.outputs.genreClasses));
    for (const [genre, classes] of Object.entries(YAMNET.outputs.genreClasses)) {
      assert.deepEqual(
        EFFICIENTAT.outputs.genreClasses[genre]!.map((i) => efficientat[i]),
        classes.map((i) => yamnet[i]),
        genre,
      );
    }
  });

  it('its front end gives the network’s known answers: silence, a sine, white noise, speech', { skip }, async () => {
    const labels = names(LABELS, false);
    const network = await nodeNetwork(EFFICIENTAT);
    const top = async (patch: Float32Array) => {
      const { scores } = await network(patch);
      const best = scores.indexOf(Math.max(...scores));
      return { name: labels[best], score: scores[best]! };
    };
    assert.equal((await top(new Float32Array(PATCH))).name, 'Silence');
    const sine = await top(Float32Array.from({ length: PATCH }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / RATE)));
    assert.equal(sine.name, 'Sine wave');
    assert.ok(sine.score > 0.8, `Sine wave ${sine.score}`);
    let seed = 1;
    const noise = Float32Array.from({ length: PATCH }, () => {
      seed = (seed * 16807) % 2147483647;
      return (seed / 2147483647) * 0.6 - 0.3;
    });
    assert.match((await top(noise)).name ?? '', /Static|White noise|Noise/);
    const speechDir = path.join(SHARED, 'nonmusic/speech');
    const speech = await decodeAtRate(path.join(speechDir, readdirSync(speechDir).sort()[0]!), RATE);
    assert.equal((await top(speech.subarray(RATE, RATE + PATCH))).name, 'Speech');
  });

  it('the live session runs on it: a first window after one 2 s patch, then one a second, of its own features', { skip }, async () => {
    const audio = await decodeFile('assets/demo/rock.opus');
    const model = { genres: ['Rock', 'Hip-Hop', 'Folk', 'Electronic', 'Classical'] };
    const widths: number[] = [];
    const predict = (features: Float32Array) => {
      widths.push(features.length);
      return [0.2, 0.2, 0.2, 0.2, 0.2];
    };
    const session = new LiveSession(model, predict, await nodeNetwork(EFFICIENTAT), {
      inputRate: audio.sampleRate,
      ear: EFFICIENTAT,
    });
    const seconds: number[] = [];
    for (let at = 0; at < 6 * audio.sampleRate; at += audio.sampleRate) {
      for (const shown of await session.push(audio.samples.slice(at, at + audio.sampleRate))) seconds.push(shown.secondsHeard);
    }
    // The first 2 s patch is complete once the resampler's delay has passed (within the third second), then one a second.
    assert.ok(seconds.length >= 4 && Math.round(seconds[0]!) <= 3, `windows at ${seconds.join(', ')} s`);
    assert.deepEqual(
      seconds.slice(1).map((s, i) => Math.round(s - seconds[i]!)),
      seconds.slice(1).map(() => 1),
    );
    assert.ok(widths.length > 0 && widths.every((w) => w === EFFICIENTAT.spec.featureNames.length));
  });
});
