/** IEEE 754 half precision, by hand: `Float16Array` is too new to rely on (Chrome 135, Safari 18.2). */

export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/**
 * Many halves at once (model weights), assembled from their bits: a normal half's exponent and fraction move
 * into float32's fields. (A table of all 65,536 built through halfToFloat's powers of two, then looked up, was
 * slower on a page's first conversion of the f16 transformer's 211,000 weights.)
 */
export function halvesToFloats(halves: Uint16Array): Float32Array {
  const bits = new Uint32Array(halves.length);
  const floats = new Float32Array(bits.buffer);
  for (let i = 0; i < halves.length; i++) {
    const h = halves[i];
    const exponent = (h >> 10) & 0x1f;
    if (exponent === 0 || exponent === 0x1f) floats[i] = halfToFloat(h); // zero, subnormal, infinity, NaN
    else bits[i] = ((h & 0x8000) << 16) | ((exponent + 112) << 23) | ((h & 0x3ff) << 13);
  }
  return floats;
}

/** The nearest half (ties to even); beyond its range, ±Infinity. */
export function floatToHalf(value: number): number {
  if (Number.isNaN(value)) return 0x7e00;
  const sign = value < 0 || Object.is(value, -0) ? 0x8000 : 0;
  const magnitude = Math.abs(value);
  if (magnitude >= 65520) return sign | 0x7c00;
  if (magnitude < 2 ** -14) return sign | roundToEven(magnitude / 2 ** -24); // subnormal: steps of 2^-24
  const exponent = Math.floor(Math.log2(magnitude));
  const mantissa = roundToEven((magnitude / 2 ** exponent - 1) * 1024);
  // A mantissa that rounds up to 1024 carries into the exponent, which the sum does by itself.
  return sign | (((exponent + 15) << 10) + mantissa);
}

function roundToEven(x: number): number {
  const floor = Math.floor(x);
  const rest = x - floor;
  return rest > 0.5 || (rest === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
}
