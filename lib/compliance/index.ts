export * from './acknowledge';
export * from './cell-posture';
export * from './evaluation-ledger';
export * from './gate';
export * from './halo-checks';
export * as rules from './rules';
export * from './validation-report';
export * from './residency';
export * from './gaps';
