/**
 * Large images go through the transformer tile by tile, so that memory is bounded by the tile, not the
 * image. Each tile runs with a margin of context around it (the network's receptive field, so that its
 * pixels come out as they would in one whole-image run) and hands back its core plus a feather on every
 * side it shares with a neighbour; neighbours cross-fade over the feathers, so no seam can show.
 */

/** Pixels of context each tile sees beyond what it keeps: the width past which one output pixel barely depends on input. */
export const TILE_MARGIN = 32;
/** Pixels on each side of a border between tiles over which the two cross-fade. */
export const TILE_FEATHER = 8;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Tile {
  /** What the tile contributes to the output: its share plus a feather into each neighbour. */
  output: Rect;
  /** What the transformer reads: `output` and a margin of context, within the image. */
  input: Rect;
  row: number;
}

/** Cuts `length` into `count` near-equal spans: their borders. */
function borders(length: number, count: number): number[] {
  return Array.from({ length: count + 1 }, (_, i) => Math.round((i * length) / count));
}

/** Tiles of at most about `tileSize`² that cover a `width`×`height` image, row by row. */
export function planTiles(width: number, height: number, tileSize: number): Tile[] {
  const xs = borders(width, Math.ceil(width / tileSize));
  const ys = borders(height, Math.ceil(height / tileSize));
  const span = (cuts: number[], i: number, length: number, extra: number) => {
    const start = Math.max(0, cuts[i] - extra);
    return [start, Math.min(length, cuts[i + 1] + extra) - start] as const;
  };
  const tiles: Tile[] = [];
  for (let row = 0; row + 1 < ys.length; row++) {
    for (let column = 0; column + 1 < xs.length; column++) {
      const rect = (extra: number): Rect => {
        const [x, w] = span(xs, column, width, extra);
        const [y, h] = span(ys, row, height, extra);
        return { x, y, width: w, height: h };
      };
      tiles.push({ output: rect(TILE_FEATHER), input: rect(TILE_FEATHER + TILE_MARGIN), row });
    }
  }
  return tiles;
}

/**
 * How much a tile's pixel at `position` counts along one axis: 1 inside its own span, ramping linearly
 * across each feather. The ramps of two neighbours sum to 1, so every pixel's weights do.
 */
function weight(position: number, start: number, end: number, length: number): number {
  const fade = 2 * TILE_FEATHER;
  const rising = start > 0 ? (position - start + 0.5) / fade : 1;
  const falling = end < length ? (end - position - 0.5) / fade : 1;
  return Math.min(1, rising, falling);
}

/**
 * Assembles tiles (added in `planTiles` order) into one RGBA image. Weighted sums are kept only for the
 * rows of the current row of tiles: a few MB, where the whole image's would be 12 bytes per pixel.
 */
export class TileAssembler {
  readonly image: ImageData;
  private band = new Float32Array(0);
  private bandTop = 0;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.image = new ImageData(width, height);
  }

  /** Adds a tile's RGB values (0–255, row-major over `tile.output`). */
  add({ output }: Tile, rgb: ArrayLike<number>): void {
    this.reach(output.y, output.y + output.height);
    const { width, height } = this;
    const columns = Array.from({ length: output.width }, (_, x) => weight(output.x + x, output.x, output.x + output.width, width));
    for (let y = 0; y < output.height; y++) {
      const down = weight(output.y + y, output.y, output.y + output.height, height);
      for (let x = 0, from = y * output.width * 3, to = ((output.y + y - this.bandTop) * width + output.x) * 3; x < output.width; x++, from += 3, to += 3) {
        const w = down * columns[x];
        this.band[to] += w * rgb[from];
        this.band[to + 1] += w * rgb[from + 1];
        this.band[to + 2] += w * rgb[from + 2];
      }
    }
  }

  /** Writes out every row and returns the image. */
  finish(): ImageData {
    this.flush(this.bandTop + this.band.length / (3 * this.width));
    return this.image;
  }

  /** Makes the band cover rows [top, bottom): rows above `top` are complete, so they are written out. */
  private reach(top: number, bottom: number): void {
    const rowLength = 3 * this.width;
    const bandBottom = this.bandTop + this.band.length / rowLength;
    if (top >= this.bandTop && bottom <= bandBottom) return;
    this.flush(top);
    const band = new Float32Array((bottom - top) * rowLength);
    band.set(this.band.subarray((top - this.bandTop) * rowLength, (bandBottom - this.bandTop) * rowLength));
    this.band = band;
    this.bandTop = top;
  }

  /** Writes the band's rows above `end` into the image (the clamped array rounds). */
  private flush(end: number): void {
    const rgba = this.image.data;
    const count = (Math.min(end, this.height) - this.bandTop) * this.width;
    for (let p = 0, q = this.bandTop * this.width * 4; p < count * 3; p += 3, q += 4) {
      rgba[q] = this.band[p];
      rgba[q + 1] = this.band[p + 1];
      rgba[q + 2] = this.band[p + 2];
      rgba[q + 3] = 255;
    }
  }
}
