export { PROMISES, SEED_FILES, type CodeRef, type PlatformPromise, type PromiseStatus, type ProofRef, type SeedFile, type SeedSource } from './table';
export { PROMISE_INDEX_FILE, haloRulePath, renderPromiseIndex } from './render';
