/** Model input features, `(frames, bins)` row-major. */
export interface Features {
  readonly data: Float32Array;
  readonly frames: number;
  readonly bins: number;
}
