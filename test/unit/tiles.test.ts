/** Tiles (src/engine/tiles.ts): how a large image is cut, and how the tiles' pictures are put back together. */
import { expect } from '@open-wc/testing';
import { planTiles, type Rect, type Tile, TileAssembler, TILE_FEATHER, TILE_MARGIN } from '../../src/engine/tiles.js';

/** Assembles a `width`×`height` image from tiles of `tileSize` whose every pixel has the grey `paint(tile, x, y)` (image coordinates). */
function assemble(width: number, height: number, tileSize: number, paint: (tile: Tile, x: number, y: number) => number): ImageData {
  const assembler = new TileAssembler(width, height);
  for (const tile of planTiles(width, height, tileSize)) {
    const { x, y, width: w, height: h } = tile.output;
    const rgb = new Float32Array(w * h * 3);
    for (let row = 0; row < h; row++) for (let column = 0; column < w; column++) rgb.fill(paint(tile, x + column, y + row), (row * w + column) * 3, (row * w + column) * 3 + 3);
    assembler.add(tile, rgb);
  }
  return assembler.finish();
}

const rect = (x: number, y: number, width: number, height: number): Rect => ({ x, y, width, height });

describe('planTiles', () => {
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

  it('an image no larger than a tile is one tile: the whole image, in and out', () => {
    for (const [width, height] of [[256, 256], [1, 1], [100, 30]]) {
      expect(planTiles(width, height, 256)).to.deep.equal([{ output: rect(0, 0, width, height), input: rect(0, 0, width, height), row: 0 }]);
    }
  });

  it('cuts into near-equal spans, feathered into each neighbour and given a margin, both clamped to the image', () => {
    // 1000 in tiles of at most 300: four spans of 250; 10 rows fit in one.
    const tiles = planTiles(1000, 10, 300);
    const f = TILE_FEATHER;
    const m = TILE_FEATHER + TILE_MARGIN;
    expect(tiles.map((t) => t.output)).to.deep.equal([rect(0, 0, 250 + f, 10), rect(250 - f, 0, 250 + 2 * f, 10), rect(500 - f, 0, 250 + 2 * f, 10), rect(750 - f, 0, 250 + f, 10)]);
    expect(tiles.map((t) => t.input)).to.deep.equal([rect(0, 0, 250 + m, 10), rect(250 - m, 0, 250 + 2 * m, 10), rect(500 - m, 0, 250 + 2 * m, 10), rect(750 - m, 0, 250 + m, 10)]);
    // Spans that do not divide evenly differ by one pixel at most, and none is larger than the tile size.
    const spans = (length: number, size: number) => {
      const starts = planTiles(length, 1, size).map(({ output }, i) => (i ? output.x + f : 0));
      return starts.map((start, i) => (starts[i + 1] ?? length) - start);
    };
    expect(spans(1001, 500)).to.deep.equal([334, 333, 334]);
    expect(spans(501, 500)).to.deep.equal([251, 250]);
    expect(spans(1000, 256)).to.deep.equal([250, 250, 250, 250]);
  });

  it('lists the tiles row by row, left to right, each knowing its row', () => {
    const tiles = planTiles(600, 500, 200); // 3 columns × 3 rows
    expect(tiles.map((t) => t.row)).to.deep.equal([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    expect(tiles.map((t) => [t.output.x, t.output.y])).to.deep.equal([
      [0, 0], [200 - TILE_FEATHER, 0], [400 - TILE_FEATHER, 0],
      [0, 167 - TILE_FEATHER], [200 - TILE_FEATHER, 167 - TILE_FEATHER], [400 - TILE_FEATHER, 167 - TILE_FEATHER],
      [0, 333 - TILE_FEATHER], [200 - TILE_FEATHER, 333 - TILE_FEATHER], [400 - TILE_FEATHER, 333 - TILE_FEATHER],
    ]);
    // Every pixel is in some tile's output, and in its input.
    for (const [x, y] of [[0, 0], [599, 499], [199, 166], [200, 167], [300, 250]]) {
      const inside = ({ x: rx, y: ry, width, height }: Rect) => x >= rx && x < rx + width && y >= ry && y < ry + height;
      expect(tiles.some((t) => inside(t.output) && inside(t.input)), `pixel ${x},${y}`).to.equal(true);
    }
  });
});

describe('TileAssembler', () => {
  it('cross-fade with weights that sum to 1 everywhere: tiles of one colour make that colour, seams and corners included', () => {
    const { data } = assemble(300, 200, 64, () => 100.4);
    const rgb = data.filter((_, i) => i % 4 !== 3);
    expect(rgb.every((v) => v === 100)).to.equal(true);
    expect(data.filter((_, i) => i % 4 === 3).every((a) => a === 255)).to.equal(true);
  });

  it('put each tile where it belongs: tiles painted with their own x reproduce a gradient', () => {
    const [width, height] = [130, 70];
    const { data } = assemble(width, height, 32, (_, x) => x);
    for (let p = 0; p < width * height; p++) expect(data[p * 4], `pixel ${p}`).to.equal(p % width);
  });

  it('puts each row of tiles where it belongs too: tiles painted with their own y reproduce a vertical gradient', () => {
    const [width, height] = [70, 200];
    const { data } = assemble(width, height, 32, (_, __, y) => y);
    for (let p = 0; p < width * height; p++) expect(data[p * 4], `pixel ${p}`).to.equal(Math.floor(p / width));
  });

  it('fades from one tile to the next over 2 × TILE_FEATHER pixels centred on their border, steadily', () => {
    // Two tiles side by side, cut at x = 50: the left one black, the right one white.
    const { data } = assemble(100, 4, 50, (tile) => (tile.output.x === 0 ? 0 : 255));
    const row = Array.from({ length: 100 }, (_, x) => data[(2 * 100 + x) * 4]);
    const [start, end] = [50 - TILE_FEATHER, 50 + TILE_FEATHER];
    expect(row.slice(0, start).every((v) => v === 0), 'left of the fade').to.equal(true);
    expect(row.slice(end).every((v) => v === 255), 'right of the fade').to.equal(true);
    const fade = row.slice(start, end);
    expect(fade.every((v, i) => v > 0 && v < 255 && (i === 0 || v > fade[i - 1])), `rising: ${fade}`).to.equal(true);
    // Symmetric about the border: the two ramps are mirror images.
    fade.forEach((v, i) => expect(v + fade[fade.length - 1 - i]).to.be.closeTo(255, 1));
  });

  it('copies a lone tile as it is: values clamped to 0–255 and rounded', () => {
    const [tile] = planTiles(2, 1, 16);
    const assembler = new TileAssembler(2, 1);
    assembler.add(tile, [-5, 300, 99.6, 0.4, 254.5, 255.4]);
    expect(Array.from(assembler.finish().data)).to.deep.equal([0, 255, 100, 255, 0, 254, 255, 255]);
  });
});
