/** The engine's pure parts, without models: blending, padding, tiles and the shared cache. */
import { expect } from '@open-wc/testing';
import { blendStyleVectors, withStrength } from '../src/engine/index.js';
import { SharedCache } from '../src/engine/shared-cache.js';
import { padToMultiple } from '../src/engine/style-transfer-engine.js';
import { planTiles, TileAssembler, TILE_FEATHER, TILE_MARGIN } from '../src/engine/tiles.js';
import { loadRuntime } from '../src/internal/tf-runtime.js';
import { floatToHalf, halfToFloat, halvesToFloats } from '../src/internal/float16.js';

const vector = (...values: number[]) => Float32Array.from(values);
const later = <T>(value: T, ms = 10) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('blendStyleVectors', () => {
  it('is the weighted mean, weights normalised', () => {
    expect(Array.from(blendStyleVectors([{ vector: vector(0, 10), weight: 3 }, { vector: vector(4, 2), weight: 1 }]))).to.deep.equal([1, 8]);
  });

  it('strength blends towards the content vector, and 1 keeps the style as it is', () => {
    const style = vector(1, 1);
    expect(Array.from(withStrength(style, vector(0, 3), 0.25))).to.deep.equal([0.25, 2.5]);
    expect(withStrength(style, vector(0, 3), 1)).to.equal(style);
  });

  it('refuses no weight, negative weights and mixed lengths', () => {
    expect(() => blendStyleVectors([{ vector: vector(1), weight: 0 }])).to.throw('weights');
    expect(() => blendStyleVectors([{ vector: vector(1), weight: 2 }, { vector: vector(1), weight: -1 }])).to.throw('weights');
    expect(() => blendStyleVectors([{ vector: vector(1), weight: 1 }, { vector: vector(1, 2), weight: 1 }])).to.throw('lengths');
  });
});

describe('float16', () => {
  it('encodes to the nearest half, ties to even, and decodes back', () => {
    const cases: [number, number][] = [
      [0, 0x0000], [-0, 0x8000], [1, 0x3c00], [-2, 0xc000], [0.1, 0x2e66], [65504, 0x7bff], [70000, 0x7c00],
      [2 ** -24, 0x0001], [2 ** -14, 0x0400], [1 + 2 ** -11, 0x3c00], [1 + 3 * 2 ** -11, 0x3c02],
    ];
    for (const [value, half] of cases) expect(floatToHalf(value), String(value)).to.equal(half);
    for (let h = 0; h < 0x7c00; h += 97) expect(floatToHalf(halfToFloat(h)), `0x${h.toString(16)}`).to.equal(h);
  });

  it('decodes many halves at once exactly as one by one', () => {
    const every = Uint16Array.from({ length: 0x10000 }, (_, h) => h);
    const floats = halvesToFloats(every);
    const wrong = [...every].filter((h) => !Object.is(floats[h], Math.fround(halfToFloat(h))));
    expect(wrong, 'halves decoded differently').to.deep.equal([]);
  });
});

describe('padToMultiple', () => {
  it('mirrors the bottom rows and right columns up to the next multiple, and leaves a fitting image alone', async () => {
    const { tf } = await loadRuntime();
    // 3 rows × 5 columns, one channel: value = 10 × row + column.
    const image = tf.tensor4d([0, 1, 2, 3, 4, 10, 11, 12, 13, 14, 20, 21, 22, 23, 24], [1, 3, 5, 1]);
    const padded = padToMultiple(tf, image, 4);
    expect(padded.shape).to.deep.equal([1, 4, 8, 1]);
    const rows = (await padded.array())[0].map((row) => row.map(([value]) => value));
    expect(rows[0]).to.deep.equal([0, 1, 2, 3, 4, 3, 2, 1]); // reflected about the last column, which is not repeated
    expect(rows[3]).to.deep.equal(rows[1]); // reflected about the last row
    expect(padToMultiple(tf, image, 1)).to.equal(image);
    tf.dispose([image, padded]);
  });
});

describe('tiles', () => {
  it('cover the image, each with its margin of context inside the image', () => {
    const [width, height] = [1000, 700];
    const tiles = planTiles(width, height, 256);
    expect(tiles).to.have.length(4 * 3);
    for (const { input, output } of tiles) {
      expect(input.x).to.equal(Math.max(0, output.x - TILE_MARGIN));
      expect(input.x + input.width).to.equal(Math.min(width, output.x + output.width + TILE_MARGIN));
      expect(output.width).to.be.at.most(Math.ceil(1000 / 4) + 2 * TILE_FEATHER);
    }
  });

  it('cross-fade with weights that sum to 1 everywhere: tiles of one colour make that colour, seams and corners included', () => {
    const [width, height] = [300, 200];
    const assembler = new TileAssembler(width, height);
    for (const tile of planTiles(width, height, 64)) {
      assembler.add(tile, new Float32Array(tile.output.width * tile.output.height * 3).fill(100.4));
    }
    const { data } = assembler.finish();
    const rgb = data.filter((_, i) => i % 4 !== 3);
    expect(rgb.every((v) => v === 100)).to.equal(true);
    expect(data.filter((_, i) => i % 4 === 3).every((a) => a === 255)).to.equal(true);
  });

  it('put each tile where it belongs: tiles painted with their own x reproduce a gradient', () => {
    const [width, height] = [130, 70];
    const assembler = new TileAssembler(width, height);
    for (const tile of planTiles(width, height, 32)) {
      const { x, width: w, height: h } = tile.output;
      const rgb = new Float32Array(w * h * 3);
      for (let row = 0; row < h; row++) for (let column = 0; column < w; column++) rgb.fill(x + column, (row * w + column) * 3, (row * w + column) * 3 + 3);
      assembler.add(tile, rgb);
    }
    const { data } = assembler.finish();
    for (let p = 0; p < width * height; p++) expect(data[p * 4], `pixel ${p}`).to.equal(p % width);
  });
});

describe('SharedCache', () => {
  it('makes each key once, and drops the least recently used beyond its capacity, releasing it', async () => {
    const released: string[] = [];
    const cache = new SharedCache<string>(2, (value) => released.push(value));
    let made = 0;
    const make = (value: string) => () => (made++, later(value));
    await cache.get('a', make('A'));
    await cache.get('a', make('A'));
    await cache.get('b', make('B'));
    await cache.get('a', make('A')); // a is now the most recent
    await cache.get('c', make('C'));
    await later(null);
    expect(made).to.equal(3);
    expect(released).to.deep.equal(['B']);
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).to.deep.equal([true, false, true]);
  });

  it('cancels a making only when every run waiting for it has given up', async () => {
    const cache = new SharedCache<string>(4);
    let cancelled = false;
    const make = (signal: AbortSignal) => {
      signal.addEventListener('abort', () => (cancelled = true));
      return later('value', 30);
    };
    const [first, second] = [new AbortController(), new AbortController()];
    const a = cache.get('k', make, first.signal).catch((e: Error & { type?: string }) => e.type);
    const b = cache.get('k', make, second.signal);
    first.abort();
    expect(await a).to.equal('aborted');
    expect(await b).to.equal('value');
    expect(cancelled).to.equal(false);

    const third = new AbortController();
    const c = cache.get('other', make, third.signal).catch((e: Error & { type?: string }) => e.type);
    third.abort();
    expect(await c).to.equal('aborted');
    expect(cancelled).to.equal(true);
    expect(cache.has('other')).to.equal(false);
  });

  it('forgets a failed making, so the next run tries again', async () => {
    const cache = new SharedCache<string>(4);
    await cache.get('k', () => Promise.reject(new Error('offline'))).catch(() => {});
    expect(await cache.get('k', () => later('ok'))).to.equal('ok');
  });
});
