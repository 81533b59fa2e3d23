import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { argmax, predictProbabilities } from '../../src/core/model.ts';
import { fitLogistic, lbfgs, standardize, standardizer } from '../../tools/lib/model/logistic.ts';
import { mulberry32 } from '../../tools/lib/model/split.ts';

describe('L-BFGS', () => {
  it('finds the minimum of a shifted quadratic bowl', () => {
    const target = [3, -2, 0.5];
    const result = lbfgs((p, g) => {
      let f = 0;
      for (let i = 0; i < p.length; i++) {
        const d = p[i]! - target[i]!;
        f += (i + 1) * d * d;
        g[i] = 2 * (i + 1) * d;
      }
      return f;
    }, new Float64Array(3));
    for (let i = 0; i < 3; i++) assert.ok(Math.abs(result.x[i]! - target[i]!) < 1e-5);
  });
});

describe('logistic regression', () => {
  // At x = +1 three of four rows are class 1, at x = -1 one of four: the
  // unregularised maximum-likelihood solution is w = ln 3, b = 0.
  const xs = [1, 1, 1, 1, -1, -1, -1, -1];
  const ys = [1, 1, 1, 0, 1, 0, 0, 0];
  const data = { x: Float64Array.from(xs), n: 8, d: 1, y: Int32Array.from(ys) };

  it('one-vs-rest recovers the known solution w = ln 3, b = 0', () => {
    const fit = fitLogistic(data, 2, 'ovr', 1e-9);
    assert.ok(Math.abs(fit.weights[1]![0]! - Math.log(3)) < 1e-3, `w = ${fit.weights[1]![0]}`);
    assert.ok(Math.abs(fit.bias[1]!) < 1e-3, `b = ${fit.bias[1]}`);
    assert.ok(Math.abs(fit.weights[0]![0]! + Math.log(3)) < 1e-3);
  });

  it('multinomial recovers the same odds (weights split between the two classes)', () => {
    const fit = fitLogistic(data, 2, 'multinomial', 1e-9);
    assert.ok(Math.abs(fit.weights[1]![0]! - fit.weights[0]![0]! - Math.log(3)) < 1e-3);
    assert.ok(Math.abs(fit.bias[1]! - fit.bias[0]!) < 1e-3);
  });

  it('a larger L2 penalty shrinks the weights', () => {
    const loose = fitLogistic(data, 2, 'ovr', 1e-6).weights[1]![0]!;
    const tight = fitLogistic(data, 2, 'ovr', 1).weights[1]![0]!;
    assert.ok(Math.abs(tight) < Math.abs(loose) / 2);
  });

  for (const kind of ['ovr', 'multinomial'] as const) {
    it(`${kind}: learns a synthetic two-class problem and predicts held-out points`, () => {
      const random = mulberry32(42);
      const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
      const make = (n: number) => {
        const rows: Float32Array[] = [];
        const labels: number[] = [];
        for (let i = 0; i < n; i++) {
          const label = i % 2;
          // Class 1 is shifted along feature 0 and 2; feature 1 is noise on another scale.
          rows.push(Float32Array.of(gauss() + 2.5 * label, 100 + 30 * gauss(), gauss() - 2 * label));
          labels.push(label);
        }
        return { rows, labels };
      };
      const train = make(400);
      const { mean, scale } = standardizer(train.rows, 3);
      const fit = fitLogistic(
        { x: standardize(train.rows, mean, scale), n: 400, d: 3, y: Int32Array.from(train.labels) },
        2,
        kind,
        1e-3,
      );
      const model = { kind, genres: ['a', 'b'], mean, scale, weights: fit.weights, bias: fit.bias };
      const test = make(400);
      const correct = test.rows.filter((r, i) => argmax(predictProbabilities(model, r)) === test.labels[i]).length;
      assert.ok(correct / 400 > 0.93, `accuracy ${correct / 400}`);
      assert.ok(fit.weights[1]![0]! > 0 && fit.weights[1]![2]! < 0, 'signs of the informative weights');
      assert.ok(Math.abs(fit.weights[1]![1]!) < 0.3 * Math.abs(fit.weights[1]![0]!), 'noise feature stays small');
    });
  }
});
