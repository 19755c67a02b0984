export * from './aggregate-root';
export * from './clock';
export * from './domain-error';
export * from './domain-event';
export * from './fixed-decimal';
export * from './iin-bin';
export * from './local-time';
export * from './locale';
