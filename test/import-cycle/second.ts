import { first } from './first.js';

// The other half of the cycle.
export const second = { name: 'second', first };
