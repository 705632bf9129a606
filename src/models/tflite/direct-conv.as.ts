/**
 * The networks' convolutions with fused multiply-adds (AssemblyScript, compiled with WebAssembly SIMD and
 * relaxed SIMD by models/build-kernels.mjs). XNNPACK in tfjs-backend-wasm 4.22 multiplies and adds as two
 * instructions; on CPUs with FMA one `f32x4.relaxed_madd` does both, and the same convolutions run faster
 * (direct-conv.ts says where it is used).
 *
 * The module imports TF.js's WebAssembly memory: every pointer is an offset on that heap, and nothing here
 * allocates or keeps data of its own.
 */

/** Output channels a pass: two 4-lane vectors. */
const LANES = 8;
/** Output pixels a pass: 6 × 2 accumulators, 2 filter vectors and one input value fill 15 of 16 registers. */
const TILE = 6;

/**
 * Packs an HWIO filter ([taps = h·w·in][out]) and its bias for `convolve`: the bias as [blocks][8], then the
 * filter as [blocks][taps][8], blocks of 8 output channels, zeros past the last channel. Bytes: packedBytes().
 */
export function pack(filter: usize, bias: usize, taps: i32, outChannels: i32, packed: usize): void {
  const blocks = (outChannels + LANES - 1) / LANES;
  const weights = packed + <usize>(blocks * LANES) * 4;
  for (let b = 0; b < blocks; b++) {
    for (let lane = 0; lane < LANES; lane++) {
      const channel = b * LANES + lane;
      const inside = channel < outChannels;
      store<f32>(packed + <usize>channel * 4, inside ? load<f32>(bias + <usize>channel * 4) : 0);
      for (let t = 0; t < taps; t++) {
        const value = inside ? load<f32>(filter + <usize>(t * outChannels + channel) * 4) : 0;
        store<f32>(weights + <usize>((b * taps + t) * LANES + lane) * 4, value);
      }
    }
  }
}

/** Bytes that `pack` writes. */
export function packedBytes(taps: i32, outChannels: i32): i32 {
  return ((outChannels + LANES - 1) / LANES) * LANES * (taps + 1) * 4;
}

/**
 * A job block: what `convolve` reads. On a shared heap the threads that call `convolve` with the same block
 * share its rows, each taking the next one not yet taken (`nextRow`). convolution-thread.ts uses the first two fields
 * to wake the helper thread and to hear that it is done.
 */
@unmanaged class Job {
  started: i32;
  finished: i32;
  nextRow: i32;
  input: usize;
  inWidth: i32;
  inChannels: i32;
  packed: usize;
  kh: i32;
  kw: i32;
  outChannels: i32;
  output: usize;
  outHeight: i32;
  outWidth: i32;
  stride: i32;
  lo: f32;
  hi: f32;
}

/** Bytes of a job block. */
export function jobBytes(): i32 {
  return offsetof<Job>();
}

/** Writes a convolution into a job block, none of its rows taken yet. */
export function setJob(
  at: usize, input: usize, inWidth: i32, inChannels: i32, packed: usize, kh: i32, kw: i32, outChannels: i32,
  output: usize, outHeight: i32, outWidth: i32, stride: i32, lo: f32, hi: f32,
): void {
  const job = changetype<Job>(at);
  job.nextRow = 0;
  job.input = input; job.inWidth = inWidth; job.inChannels = inChannels;
  job.packed = packed; job.kh = kh; job.kw = kw; job.outChannels = outChannels;
  job.output = output; job.outHeight = outHeight; job.outWidth = outWidth; job.stride = stride;
  job.lo = lo; job.hi = hi;
}

/**
 * An unpadded NHWC convolution of one image ([*, inWidth, inChannels]) with a packed [kh, kw] filter, clamped
 * to [lo, hi] (the fused activation: ±Infinity for none, 0 for Relu, 0 and 6 for Relu6), as a job block says.
 */
export function convolve(at: usize): void {
  const job = changetype<Job>(at);
  const input = job.input, inWidth = job.inWidth, inChannels = job.inChannels, packed = job.packed, kh = job.kh, kw = job.kw;
  const outChannels = job.outChannels, output = job.output, outHeight = job.outHeight, outWidth = job.outWidth, stride = job.stride;
  const low = f32x4.splat(job.lo), high = f32x4.splat(job.hi);
  const rowFloats = kw * inChannels;
  const rowStep = <usize>(inWidth * inChannels) * 4;
  const pixelStep = <usize>(stride * inChannels) * 4;
  const outPixelStep = <usize>outChannels * 4;
  const blocks = (outChannels + LANES - 1) / LANES;
  const taps = kh * rowFloats;
  for (let y = nextRow(at); y < outHeight; y = nextRow(at)) {
    const inRow = input + <usize>(y * stride) * rowStep;
    const outRow = output + <usize>(y * outWidth) * outPixelStep;
    for (let b = 0; b < blocks; b++) {
      const bias = packed + <usize>(b * LANES) * 4;
      const weights = packed + <usize>(blocks * LANES + b * taps * LANES) * 4;
      const channels = min(LANES, outChannels - b * LANES);
      const out = outRow + <usize>(b * LANES) * 4;
      let x = 0;
      for (; x + TILE <= outWidth; x += TILE) {
        tileOfSix(inRow + <usize>x * pixelStep, pixelStep, rowStep, weights, kh, rowFloats, bias, out + <usize>x * outPixelStep, outPixelStep, channels, low, high);
      }
      for (; x < outWidth; x++) {
        onePixel(inRow + <usize>x * pixelStep, rowStep, weights, kh, rowFloats, bias, out + <usize>x * outPixelStep, channels, low, high);
      }
    }
  }
}

/** The next row not yet taken (atomically where the heap is shared). */
@inline function nextRow(at: usize): i32 {
  const field = at + offsetof<Job>('nextRow');
  if (ASC_FEATURE_THREADS) return atomic.add<i32>(field, 1);
  const row = load<i32>(field);
  store<i32>(field, row + 1);
  return row;
}

@inline function tileOfSix(
  input: usize, pixelStep: usize, rowStep: usize, weights: usize, kh: i32, rowFloats: i32,
  bias: usize, out: usize, outPixelStep: usize, channels: i32, low: v128, high: v128,
): void {
  const b0 = v128.load(bias), b1 = v128.load(bias, 16);
  let a0 = b0, a1 = b1, c0 = b0, c1 = b1, d0 = b0, d1 = b1, e0 = b0, e1 = b1, f0 = b0, f1 = b1, g0 = b0, g1 = b1;
  let w = weights;
  for (let ky = 0; ky < kh; ky++) {
    let p = input + <usize>ky * rowStep;
    const end = p + <usize>rowFloats * 4;
    while (p < end) {
      const w0 = v128.load(w), w1 = v128.load(w, 16);
      let v = v128.load32_splat(p);
      a0 = f32x4.relaxed_madd(v, w0, a0); a1 = f32x4.relaxed_madd(v, w1, a1);
      v = v128.load32_splat(p + pixelStep);
      c0 = f32x4.relaxed_madd(v, w0, c0); c1 = f32x4.relaxed_madd(v, w1, c1);
      v = v128.load32_splat(p + 2 * pixelStep);
      d0 = f32x4.relaxed_madd(v, w0, d0); d1 = f32x4.relaxed_madd(v, w1, d1);
      v = v128.load32_splat(p + 3 * pixelStep);
      e0 = f32x4.relaxed_madd(v, w0, e0); e1 = f32x4.relaxed_madd(v, w1, e1);
      v = v128.load32_splat(p + 4 * pixelStep);
      f0 = f32x4.relaxed_madd(v, w0, f0); f1 = f32x4.relaxed_madd(v, w1, f1);
      v = v128.load32_splat(p + 5 * pixelStep);
      g0 = f32x4.relaxed_madd(v, w0, g0); g1 = f32x4.relaxed_madd(v, w1, g1);
      p += 4;
      w += LANES * 4;
    }
  }
  put(out, a0, a1, channels, low, high);
  put(out + outPixelStep, c0, c1, channels, low, high);
  put(out + 2 * outPixelStep, d0, d1, channels, low, high);
  put(out + 3 * outPixelStep, e0, e1, channels, low, high);
  put(out + 4 * outPixelStep, f0, f1, channels, low, high);
  put(out + 5 * outPixelStep, g0, g1, channels, low, high);
}

@inline function onePixel(
  input: usize, rowStep: usize, weights: usize, kh: i32, rowFloats: i32,
  bias: usize, out: usize, channels: i32, low: v128, high: v128,
): void {
  let a0 = v128.load(bias), a1 = v128.load(bias, 16);
  let w = weights;
  for (let ky = 0; ky < kh; ky++) {
    let p = input + <usize>ky * rowStep;
    const end = p + <usize>rowFloats * 4;
    while (p < end) {
      const v = v128.load32_splat(p);
      a0 = f32x4.relaxed_madd(v, v128.load(w), a0);
      a1 = f32x4.relaxed_madd(v, v128.load(w, 16), a1);
      p += 4;
      w += LANES * 4;
    }
  }
  put(out, a0, a1, channels, low, high);
}

/** Stores the first `channels` of 8 lanes, clamped. */
@inline function put(out: usize, v0: v128, v1: v128, channels: i32, low: v128, high: v128): void {
  const first = f32x4.min(f32x4.max(v0, low), high);
  const second = f32x4.min(f32x4.max(v1, low), high);
  if (channels == LANES) {
    v128.store(out, first);
    v128.store(out, second, 16);
    return;
  }
  if (channels >= 4) v128.store(out, first);
  else {
    store<f32>(out, f32x4.extract_lane(first, 0));
    if (channels > 1) store<f32>(out, f32x4.extract_lane(first, 1), 4);
    if (channels > 2) store<f32>(out, f32x4.extract_lane(first, 2), 8);
    return;
  }
  if (channels > 4) store<f32>(out, f32x4.extract_lane(second, 0), 16);
  if (channels > 5) store<f32>(out, f32x4.extract_lane(second, 1), 20);
  if (channels > 6) store<f32>(out, f32x4.extract_lane(second, 2), 24);
}
