/**
 * `node -r sucrase/register/ts` for the scripts the tests spawn, with its output kept by content (same transforms, same
 * source map): each spawn would otherwise transpile the same files again, and sucrase loads only on a miss.
 */
const { createHash } = require('crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('fs');
const { join } = require('path');
const { addHook } = require('pirates');

const CACHE = join(__dirname, '..', '..', 'node_modules', '.cache', 'halo-sucrase');
const VERSION = JSON.parse(readFileSync(require.resolve('sucrase/package.json'), 'utf8')).version;
const OPTIONS = { transforms: ['imports', 'typescript'] };

addHook(
  (code, filePath) => {
    const file = join(CACHE, `${createHash('sha1').update(VERSION).update('\0').update(filePath).update('\0').update(code).digest('hex')}.js`);
    try {
      return readFileSync(file, 'utf8');
    } catch {
      // Not cached: transpiled as sucrase/register/ts does, then kept (written whole, then renamed: a parallel reader never sees half).
    }
    const { code: transformed, sourceMap } = require('sucrase').transform(code, { ...OPTIONS, sourceMapOptions: { compiledFilename: filePath }, filePath });
    const output = `${transformed}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(sourceMap)).toString('base64')}`;
    try {
      mkdirSync(CACHE, { recursive: true });
      const partial = `${file}.${process.pid}.tmp`;
      writeFileSync(partial, output);
      renameSync(partial, file);
    } catch {
      // A cache that cannot be written costs only time.
    }
    return output;
  },
  { exts: ['.ts'] },
);
