/** Images as bytes, the form every image source takes in memory: MNIST, a user's folder, a derived domain. */
export type ImageSet = {
  /** count × height × width × channels bytes, 0..255, row-major NHWC. */
  pixels: Uint8Array;
  /** One class index per image, when the source has labels. */
  labels: Uint8Array | null;
  count: number;
  height: number;
  width: number;
  channels: number;
  classNames: readonly string[];
};
