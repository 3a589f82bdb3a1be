/**
 * The IDX format of the MNIST files (LeCun et al.): a big-endian header — two zero bytes, a type code (0x08 for
 * unsigned bytes) and the number of dimensions — then one 32-bit size per dimension, then the data.
 */
export type Idx = { dims: number[]; data: Uint8Array };

export function parseIdx(bytes: Uint8Array, expectDims?: number): Idx {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 4 || view.getUint16(0) !== 0 || view.getUint8(2) !== 0x08) {
    throw new Error('not an IDX file of unsigned bytes (bad magic number)');
  }
  const rank = view.getUint8(3);
  if (expectDims !== undefined && rank !== expectDims) throw new Error(`IDX file has ${rank} dimensions; expected ${expectDims}`);
  const header = 4 + 4 * rank;
  if (bytes.byteLength < header) throw new Error('IDX file is truncated in its header');
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.byteLength !== header + size) throw new Error(`IDX file holds ${bytes.byteLength - header} bytes of data; its header says ${size}`);
  return { dims, data: bytes.subarray(header) };
}
