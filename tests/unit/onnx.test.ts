import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GENRES } from '../../src/core/genres.ts';
import { type LinearModel, parseModelInfo, predictProbabilities } from '../../src/core/model.ts';
import { assertSpecCompatible, FEATURE_SPEC } from '../../src/core/spec.ts';
import { analyzeFile } from '../../tools/lib/model/features.ts';
import { standardizer } from '../../tools/lib/model/logistic.ts';
import { loadHeadFile } from '../../tools/lib/model/onnxRunner.ts';
import { linearModelToOnnx } from '../../tools/lib/model/onnxWriter.ts';
import { mulberry32 } from '../../tools/lib/model/split.ts';

describe('ONNX export parity with the TypeScript reference', () => {
  let dir: string;
  let rows: Float32Array[];
  const d = FEATURE_SPEC.featureNames.length;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'genre-lens-onnx-'));
    // Real feature vectors: every window of two bundled clips.
    rows = [...(await analyzeFile('assets/demo/rock.opus')), ...(await analyzeFile('assets/demo/classical.opus'))].map((w) => w.features);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  for (const kind of ['ovr', 'multinomial'] as const) {
    it(`${kind}: ONNX probabilities equal predictProbabilities within 2e-5`, async () => {
      const random = mulberry32(kind === 'ovr' ? 1 : 2);
      const { mean, scale } = standardizer(rows, d);
      const model: LinearModel = {
        kind,
        genres: [...GENRES],
        mean,
        scale,
        weights: GENRES.map(() => Array.from({ length: d }, () => (random() - 0.5) * 0.6)),
        bias: GENRES.map(() => random() - 0.5),
      };
      const file = path.join(dir, `${kind}.onnx`);
      await writeFile(file, linearModelToOnnx(model));
      const head = await loadHeadFile(file, d, GENRES.length);
      const predicted = await head.predictRows(rows);
      let worst = 0;
      let spread = 0;
      rows.forEach((r, i) => {
        const reference = predictProbabilities(model, r);
        for (let c = 0; c < GENRES.length; c++) worst = Math.max(worst, Math.abs(reference[c]! - predicted[i]![c]!));
        spread = Math.max(spread, ...reference);
      });
      assert.ok(rows.length > 40, 'enough windows');
      assert.ok(spread > 0.5, 'the random model is not trivially uniform');
      // ONNX computes in float32, the reference in float64; since feature spec v6 some features are
      // nearly constant (log-scores of classes that stay at the floor), so standardising them
      // magnifies float32 rounding: measured 1.1e-5 here with random weights, 6.5e-7 for the trained head.
      assert.ok(worst <= 2e-5, `max abs difference ${worst}`);
    });
  }

  it('a corrupt ONNX file gives a readable error', async () => {
    const file = path.join(dir, 'corrupt.onnx');
    await writeFile(file, 'this is not a model');
    await assert.rejects(loadHeadFile(file, d, GENRES.length), /not a usable ONNX model/);
    await assert.rejects(loadHeadFile(path.join(dir, 'missing.onnx'), d, GENRES.length), /not found/);
  });
});

describe('the shipped model', () => {
  it('was trained on the feature spec this code computes', async () => {
    const info = parseModelInfo(JSON.parse(await readFile('model/model.json', 'utf8')));
    assertSpecCompatible(info.spec);
    assert.deepEqual(info.genres, [...GENRES]);
  });

  it('a mismatched spec is refused with a message that says what differs', () => {
    assert.throws(() => assertSpecCompatible({ ...FEATURE_SPEC, sampleRate: 22050 }), /sampleRate is 22050 in the model but 16000/);
    assert.throws(() => assertSpecCompatible({ ...FEATURE_SPEC, bandLimitHz: 8000 }), /bandLimitHz is 8000 in the model but 7000/);
    assert.throws(() => assertSpecCompatible({ ...FEATURE_SPEC, featureNames: ['x'] }), /expects 1 features/);
    assert.throws(() => assertSpecCompatible(undefined), /no feature spec/);
  });
});
