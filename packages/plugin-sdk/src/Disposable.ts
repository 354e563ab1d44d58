/** Something that can be undone: every registration returns one. Disposing twice does nothing more. */
export interface Disposable {
  dispose(): void;
}
