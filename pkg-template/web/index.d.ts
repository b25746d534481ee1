export * from './convocore_leads.js';
export { default } from './convocore_leads.js';
export { ConvocoreError, type ErrorKind } from './errors.js';
