export * from './aws-regions';
export * from './schema';
export * from './select';
export * from './types';
export * from './validate';
export * from './backup-promises';
export * from './tls-policies';
