/**
 * The adapter's convolutions as a graph op of ours. On WebAssembly in a browser with relaxed SIMD (Chrome and
 * Edge 114 and later), an unpadded one runs through direct-conv.as.ts: fused multiply-adds, faster than XNNPACK
 * for the same convolutions, the same values to float rounding; on a cross-origin isolated page two
 * threads share each one (convolution-thread.ts). Everywhere else (the GPU backends, browsers without relaxed SIMD)
 * it is TF.js's `fused.conv2d`, as a `_FusedConv2D` node would be.
 */
import type { Tensor, Tensor1D, Tensor4D, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { Runtime } from '../../internal/tf-runtime.js';
import { startConvolutionThread, type ConvolutionThread } from './convolution-thread.js';

/** A graph op of ours, with `_FusedConv2D`'s inputs (image, filter, bias) and attributes. */
export const CONV_OP = 'StyleTransferConv2D';

/** The kernel that runs direct-conv.as.ts, registered for the WebAssembly backend only. */
export const DIRECT_CONV_KERNEL = 'StyleTransferDirectConv2D';

type Activation = 'linear' | 'relu' | 'relu6';
/** What each fused activation clamps its output to. */
const CLAMPS: Record<Activation, [number, number]> = { linear: [-Infinity, Infinity], relu: [0, Infinity], relu6: [0, 6] };

interface KernelExports {
  pack(filter: number, bias: number, taps: number, outChannels: number, packed: number): void;
  packedBytes(taps: number, outChannels: number): number;
  jobBytes(): number;
  setJob(job: number, ...fields: number[]): void;
  convolve(job: number): void;
}

/** The kernel on one backend's heap: its job block, and on a shared heap the thread that shares each job. */
interface Kernel {
  exports: KernelExports;
  job: number;
  helper?: ConvolutionThread;
}

/** The kernel's instance on each WebAssembly backend (one a thread), or null where it cannot run. */
const kernels = new WeakMap<object, Kernel | null>();
let registered = false;

/** Teaches the page's TF.js the op (graphs that use it load only after this), and readies the kernel. */
export async function registerConv({ tf, registerOp, backend }: Runtime): Promise<void> {
  if (!registered) {
    registered = true;
    registerOp(CONV_OP, ({ inputs: [x, filter, bias], attrs }) => conv2d({ tf }, x as Tensor4D, filter as Tensor4D, bias as Tensor1D, attrs));
  }
  if (backend !== 'wasm') return;
  const wasmBackend = tf.backend() as BackendWasm;
  if (!kernels.has(wasmBackend)) kernels.set(wasmBackend, await instantiate(wasmBackend));
  if (kernels.get(wasmBackend) && !tf.getKernel(DIRECT_CONV_KERNEL, 'wasm')) {
    tf.registerKernel({ kernelName: DIRECT_CONV_KERNEL, backendName: 'wasm', kernelFunc: ({ inputs, attrs, backend: b }) => directConv(inputs as never, attrs as never, b as BackendWasm) });
  }
}

/**
 * The kernel on the backend's heap; null where the browser lacks relaxed SIMD, or, on a shared heap (the
 * threaded build, where XNNPACK shares each convolution between threads), where no helper thread starts.
 */
async function instantiate(backend: BackendWasm): Promise<Kernel | null> {
  const module = backend.wasm as unknown as { asm?: { memory?: WebAssembly.Memory }; wasmMemory?: WebAssembly.Memory };
  const memory = module.asm?.memory ?? module.wasmMemory;
  if (!memory) return null;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  // Imported here, not up front: the page's entry stays small (its runs are in the worker, which has its own).
  const { SHARED_WASM_BASE64, WASM_BASE64 } = await import('./direct-conv.wasm.js');
  const bytes = Uint8Array.from(atob(shared ? SHARED_WASM_BASE64 : WASM_BASE64), (c) => c.charCodeAt(0));
  if (!WebAssembly.validate(bytes)) return null;
  const compiled = await WebAssembly.compile(bytes);
  const exports = (await WebAssembly.instantiate(compiled, { env: { memory } })).exports as unknown as KernelExports;
  const job = backend.wasm._malloc(exports.jobBytes());
  if (!shared) return { exports, job };
  const helper = await startConvolutionThread(compiled, memory, job);
  if (helper) return { exports, job, helper };
  backend.wasm._free(job);
  return null;
}

/** Threads the kernel computes each convolution on (2 with a helper); 0 where TF.js's own kernels do. */
export function convolutionThreads(tf: Runtime['tf']): number {
  const kernel = tf.getBackend() === 'wasm' ? kernels.get(tf.backend()) : null;
  return kernel ? (kernel.helper ? 2 : 1) : 0;
}

/** The op: `_FusedConv2D`'s computation, through the direct kernel where it applies. */
export function conv2d({ tf }: Pick<Runtime, 'tf'>, x: Tensor4D, filter: Tensor4D, bias: Tensor1D, attrs: Record<string, unknown>): Tensor {
  const [, strideH, strideW] = attrs.strides as number[];
  const [, dilationH, dilationW] = attrs.dilations as number[];
  const padding = String(attrs.padding).toLowerCase() as 'valid' | 'same';
  const activation = String((attrs.fused_ops as string[])[1] ?? 'linear').toLowerCase() as Activation;
  // A 1×1 filter (the transformer's style projections) reads no padding either way.
  const unpadded = padding === 'valid' || (filter.shape[0] === 1 && filter.shape[1] === 1);
  const direct =
    convolutionThreads(tf) > 0 &&
    unpadded &&
    strideH === strideW &&
    dilationH === 1 &&
    dilationW === 1 &&
    x.shape[0] === 1 &&
    x.shape[1] >= filter.shape[0] &&
    x.shape[2] >= filter.shape[1] &&
    x.dtype === 'float32' &&
    bias !== undefined &&
    activation in CLAMPS;
  if (direct) return tf.engine().runKernel(DIRECT_CONV_KERNEL, { x, filter, bias }, { stride: strideH, activation } as never) as Tensor;
  return tf.fused.conv2d({ x, filter, bias, strides: [strideH, strideW], pad: padding, dilations: [dilationH, dilationW], activation });
}

function directConv({ x, filter, bias }: Record<'x' | 'filter' | 'bias', TensorInfo>, { stride, activation }: { stride: number; activation: Activation }, backend: BackendWasm): TensorInfo {
  const { exports, job, helper } = kernels.get(backend)!;
  const [, inHeight, inWidth, inChannels] = x.shape;
  const [kh, kw, , outChannels] = filter.shape;
  const [outHeight, outWidth] = [Math.floor((inHeight - kh) / stride) + 1, Math.floor((inWidth - kw) / stride) + 1];
  const output = backend.makeOutput([1, outHeight, outWidth, outChannels], 'float32');
  const offset = (t: TensorInfo) => backend.dataIdMap.get(t.dataId)!.memoryOffset;
  const packed = packedFilter(exports, backend, filter, bias, offset);
  exports.setJob(job, offset(x), inWidth, inChannels, packed, kh, kw, outChannels, offset(output), outHeight, outWidth, stride, ...CLAMPS[activation]);
  if (helper && outHeight > 1) helper.share(() => exports.convolve(job));
  else exports.convolve(job);
  return output;
}

/** A filter and bias as `pack` laid them out on the heap, with what they were packed from. */
interface PackedFilter {
  at: number;
  bias: object;
  shape: string;
}

/**
 * Each filter is packed once (its graph's weights are constants, and repacking the style network's every run
 * was a noticeable cost), keyed by its data; the packing is freed once TF.js has disposed of the filter and its
 * data is collected.
 */
const packedFilters = new WeakMap<object, PackedFilter>();
const unpacked = new FinalizationRegistry<{ backend: BackendWasm; at: number }>(({ backend, at }) => backend.wasm._free(at));

function packedFilter(exports: KernelExports, backend: BackendWasm, filter: TensorInfo, bias: TensorInfo, offset: (t: TensorInfo) => number): number {
  const shape = filter.shape.join();
  const known = packedFilters.get(filter.dataId);
  if (known?.bias === bias.dataId && known.shape === shape) return known.at;
  if (known) {
    // The same data with another bias or shape (a graph never does this): repacked in place of the first.
    unpacked.unregister(filter.dataId);
    backend.wasm._free(known.at);
  }
  const [kh, kw, inChannels, outChannels] = filter.shape;
  const taps = kh * kw * inChannels;
  const at = backend.wasm._malloc(exports.packedBytes(taps, outChannels));
  exports.pack(offset(filter), offset(bias), taps, outChannels, at);
  packedFilters.set(filter.dataId, { at, bias: bias.dataId, shape });
  unpacked.register(filter.dataId, { backend, at }, filter.dataId);
  return at;
}
