import type { Linter } from 'eslint';

/** The layering rules of src/ (see eslint.layering.js), one config object per layer. */
export declare const layering: Linter.Config[];
