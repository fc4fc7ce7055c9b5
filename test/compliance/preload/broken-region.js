// Preloaded by report-freshness.test.ts: loading regions/london fails as a syntax error in it would, before any synth starts.
const Module = require('module');
const load = Module._load;
Module._load = function loadOrBreak(request, parent, isMain) {
  const file = Module._resolveFilename(request, parent, isMain);
  if (/[\\/]regions[\\/]london\.ts$/.test(file)) throw new SyntaxError('Error transforming regions/london.ts: Unexpected token (9:11)');
  return load.call(this, request, parent, isMain);
};
