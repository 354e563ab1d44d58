// The two functions of node:path that slate-transcript-editor calls on its media URL, for its browser bundle.
export const basename = (p, ext) => {
  const base = String(p).split('/').pop() ?? '';
  return ext && base.endsWith(ext) ? base.slice(0, -ext.length) : base;
};
export const extname = (p) => {
  const base = basename(p);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot) : '';
};
export default { basename, extname };
