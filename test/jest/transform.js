/**
 * Jest's TypeScript transform: sucrase strips the types (and hoists jest.mock calls) without type-checking, which
 * `npm run typecheck` does; it keeps line numbers, so no source map is needed.
 */
const { createHash } = require('crypto');
const { transform, getVersion } = require('sucrase');

const OPTIONS = { transforms: ['typescript', 'imports', 'jest'], disableESTransforms: true };

module.exports = {
  process(sourceText, sourcePath) {
    return { code: transform(sourceText, { ...OPTIONS, filePath: sourcePath }).code };
  },
  getCacheKey(sourceText, sourcePath) {
    return createHash('sha1').update(getVersion()).update(JSON.stringify(OPTIONS)).update(sourcePath).update('\0').update(sourceText).digest('hex');
  },
};
