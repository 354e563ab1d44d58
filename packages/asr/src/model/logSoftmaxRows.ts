/** In place: each row of a (rows x cols) matrix becomes log-probabilities (a numerically stable log-softmax). */
export function logSoftmaxRows(data: Float32Array, rows: number, cols: number): void {
  for (let r = 0, off = 0; r < rows; r++, off += cols) {
    let max = -Infinity;
    for (let c = 0; c < cols; c++) if (data[off + c]! > max) max = data[off + c]!;
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += Math.exp(data[off + c]! - max);
    const norm = max + Math.log(sum);
    for (let c = 0; c < cols; c++) data[off + c] = data[off + c]! - norm;
  }
}
