export * from './acknowledge';
export * from './gate';
export * from './halo-checks';
export * as rules from './rules';
export * from './validation-report';
export * from './residency';
export * from './gaps';
