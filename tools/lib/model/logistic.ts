/**
 * L2-regularised logistic regression trained with L-BFGS, on standardised
 * features: one-vs-rest (one binary model per class) or multinomial.
 * Objective: mean weighted log-loss + (lambda / 2) * ||W - prior||^2 (bias not penalised; the
 * prior is zero unless given: a head that should stay near a known mapping is pulled toward it).
 */
import type { ModelKind } from '../../../src/core/model.ts';

export interface Dataset {
  /** Row-major n x d standardised features. */
  x: Float64Array;
  n: number;
  d: number;
  /** Class index per row. */
  y: Int32Array;
  /** Weight per row (default 1). */
  w?: Float64Array;
}

export interface FitResult {
  weights: number[][];
  bias: number[];
  iterations: number;
}

type Objective = (params: Float64Array, grad: Float64Array) => number;

/** Minimises a smooth function with L-BFGS and a backtracking (Armijo) line search. */
export function lbfgs(objective: Objective, initial: Float64Array, maxIterations = 500, tolerance = 1e-6, memory = 10) {
  const size = initial.length;
  let x = initial.slice();
  let g = new Float64Array(size);
  let fx = objective(x, g);
  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const rhoList: number[] = [];
  const dir = new Float64Array(size);
  const alpha = new Float64Array(memory);
  let iteration = 0;
  const dot = (a: Float64Array, b: Float64Array) => {
    let s = 0;
    for (let i = 0; i < size; i++) s += a[i]! * b[i]!;
    return s;
  };
  for (; iteration < maxIterations; iteration++) {
    const gNorm = Math.sqrt(dot(g, g));
    if (gNorm < tolerance) break;
    // Two-loop recursion: dir = -H * g.
    for (let i = 0; i < size; i++) dir[i] = -g[i]!;
    for (let k = sList.length - 1; k >= 0; k--) {
      alpha[k] = rhoList[k]! * dot(sList[k]!, dir);
      const yk = yList[k]!;
      for (let i = 0; i < size; i++) dir[i]! -= alpha[k]! * yk[i]!;
    }
    if (sList.length > 0) {
      const last = sList.length - 1;
      const gamma = dot(sList[last]!, yList[last]!) / dot(yList[last]!, yList[last]!);
      for (let i = 0; i < size; i++) dir[i]! *= gamma;
    } else {
      for (let i = 0; i < size; i++) dir[i]! /= Math.max(1, gNorm);
    }
    for (let k = 0; k < sList.length; k++) {
      const beta = rhoList[k]! * dot(yList[k]!, dir);
      const sk = sList[k]!;
      for (let i = 0; i < size; i++) dir[i]! += (alpha[k]! - beta) * sk[i]!;
    }
    let slope = dot(g, dir);
    if (slope >= 0) {
      // Not a descent direction: restart from steepest descent.
      for (let i = 0; i < size; i++) dir[i] = -g[i]!;
      slope = -dot(g, g);
      sList.length = yList.length = rhoList.length = 0;
    }
    let step = 1;
    const xNew = new Float64Array(size);
    const gNew = new Float64Array(size);
    let fNew = 0;
    for (let tries = 0; ; tries++) {
      for (let i = 0; i < size; i++) xNew[i] = x[i]! + step * dir[i]!;
      fNew = objective(xNew, gNew);
      if (fNew <= fx + 1e-4 * step * slope || tries > 40) break;
      step *= 0.5;
    }
    const s = new Float64Array(size);
    const yv = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      s[i] = xNew[i]! - x[i]!;
      yv[i] = gNew[i]! - g[i]!;
    }
    const sy = dot(s, yv);
    if (sy > 1e-12) {
      sList.push(s);
      yList.push(yv);
      rhoList.push(1 / sy);
      if (sList.length > memory) {
        sList.shift();
        yList.shift();
        rhoList.shift();
      }
    }
    const improvement = fx - fNew;
    x = xNew;
    g = gNew;
    fx = fNew;
    if (Math.abs(improvement) < 1e-12 * Math.max(1, Math.abs(fx))) break;
  }
  return { x, value: fx, iterations: iteration };
}

/** Binary logistic regression: labels are 1 for `positive`, 0 otherwise. */
function fitBinary(data: Dataset, positive: number, lambda: number, maxIterations: number) {
  const { x, n, d, y } = data;
  const weight = data.w;
  let totalWeight = 0;
  for (let i = 0; i < n; i++) totalWeight += weight ? weight[i]! : 1;
  const objective: Objective = (params, grad) => {
    grad.fill(0);
    let loss = 0;
    const b = params[d]!;
    for (let i = 0; i < n; i++) {
      const row = i * d;
      let z = b;
      for (let j = 0; j < d; j++) z += params[j]! * x[row + j]!;
      const label = y[i] === positive ? 1 : 0;
      const wi = (weight ? weight[i]! : 1) / totalWeight;
      // log(1 + e^-|z|) form keeps the loss finite for large |z|.
      loss += wi * (Math.max(z, 0) - z * label + Math.log1p(Math.exp(-Math.abs(z))));
      const p = 1 / (1 + Math.exp(-z));
      const r = wi * (p - label);
      for (let j = 0; j < d; j++) grad[j]! += r * x[row + j]!;
      grad[d]! += r;
    }
    for (let j = 0; j < d; j++) {
      loss += 0.5 * lambda * params[j]! * params[j]!;
      grad[j]! += lambda * params[j]!;
    }
    return loss;
  };
  return lbfgs(objective, new Float64Array(d + 1), maxIterations);
}

function fitMultinomial(data: Dataset, classes: number, lambda: number, maxIterations: number, prior?: readonly (readonly number[])[]) {
  const { x, n, d, y } = data;
  const weight = data.w;
  const stride = d + 1;
  let totalWeight = 0;
  for (let i = 0; i < n; i++) totalWeight += weight ? weight[i]! : 1;
  const scores = new Float64Array(classes);
  const objective: Objective = (params, grad) => {
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const row = i * d;
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < classes; c++) {
        const base = c * stride;
        let z = params[base + d]!;
        for (let j = 0; j < d; j++) z += params[base + j]! * x[row + j]!;
        scores[c] = z;
        if (z > max) max = z;
      }
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += Math.exp(scores[c]! - max);
      const logSum = max + Math.log(sum);
      const wi = (weight ? weight[i]! : 1) / totalWeight;
      loss += wi * (logSum - scores[y[i]!]!);
      for (let c = 0; c < classes; c++) {
        const r = wi * (Math.exp(scores[c]! - logSum) - (y[i] === c ? 1 : 0));
        const base = c * stride;
        for (let j = 0; j < d; j++) grad[base + j]! += r * x[row + j]!;
        grad[base + d]! += r;
      }
    }
    for (let c = 0; c < classes; c++) {
      for (let j = 0; j < d; j++) {
        const k = c * stride + j;
        const delta = params[k]! - (prior?.[c]?.[j] ?? 0);
        loss += 0.5 * lambda * delta * delta;
        grad[k]! += lambda * delta;
      }
    }
    return loss;
  };
  const initial = new Float64Array(classes * stride);
  if (prior) for (let c = 0; c < classes; c++) for (let j = 0; j < d; j++) initial[c * stride + j] = prior[c]?.[j] ?? 0;
  return lbfgs(objective, initial, maxIterations);
}

/** `prior` (multinomial only): weights per class on the standardised features that the L2 penalty pulls toward. */
export function fitLogistic(data: Dataset, classes: number, kind: ModelKind, lambda: number, maxIterations = 300, prior?: readonly (readonly number[])[]): FitResult {
  const { d } = data;
  if (prior && kind !== 'multinomial') throw new Error('a prior is supported for multinomial models only');
  if (kind === 'ovr') {
    const weights: number[][] = [];
    const bias: number[] = [];
    let iterations = 0;
    for (let c = 0; c < classes; c++) {
      const fit = fitBinary(data, c, lambda, maxIterations);
      weights.push(Array.from(fit.x.subarray(0, d)));
      bias.push(fit.x[d]!);
      iterations = Math.max(iterations, fit.iterations);
    }
    return { weights, bias, iterations };
  }
  const fit = fitMultinomial(data, classes, lambda, maxIterations, prior);
  const weights: number[][] = [];
  const bias: number[] = [];
  for (let c = 0; c < classes; c++) {
    weights.push(Array.from(fit.x.subarray(c * (d + 1), c * (d + 1) + d)));
    bias.push(fit.x[c * (d + 1) + d]!);
  }
  return { weights, bias, iterations: fit.iterations };
}

/** Per-feature mean and scale (population std; 1 for constant features). */
/**
 * Row weights for a class-balanced fit: a row first weighs count(its key)^-exponent(key) (so
 * large sources do not drown small ones), then every class is scaled to the same total weight.
 */
export function balancedWeights(labels: ArrayLike<number>, keys: readonly string[], classes: number, exponent: (key: string) => number): Float64Array {
  const count = new Map<string, number>();
  for (const k of keys) count.set(k, (count.get(k) ?? 0) + 1);
  const raw = Float64Array.from(keys, (k) => count.get(k)! ** -exponent(k));
  const total = new Array<number>(classes).fill(0);
  for (let i = 0; i < raw.length; i++) total[labels[i]!]! += raw[i]!;
  return raw.map((w, i) => w / total[labels[i]!]!);
}

export function standardizer(rows: readonly Float32Array[], d: number) {
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j]! += r[j]!;
  for (let j = 0; j < d; j++) mean[j]! /= rows.length;
  for (const r of rows) for (let j = 0; j < d; j++) scale[j]! += (r[j]! - mean[j]!) ** 2;
  for (let j = 0; j < d; j++) {
    const std = Math.sqrt(scale[j]! / rows.length);
    scale[j] = std > 1e-9 ? std : 1;
  }
  return { mean, scale };
}

export function standardize(rows: readonly Float32Array[], mean: number[], scale: number[]): Float64Array {
  const d = mean.length;
  const x = new Float64Array(rows.length * d);
  rows.forEach((r, i) => {
    for (let j = 0; j < d; j++) x[i * d + j] = (r[j]! - mean[j]!) / scale[j]!;
  });
  return x;
}
