import { second } from './second.js';

// Half of an import cycle, for the test of the import rules.
export const first = (): string => second.name;
