import type { NamingConvention } from '../../config/transforms-config.js';

// Word boundaries: separators, a lower case letter or digit before an upper case one, and the
// end of an acronym (`HTTPServer` is `HTTP` + `Server`).
const WORDS = /[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+/g;

function words(name: string): string[] {
  return name.match(WORDS) ?? [];
}

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();

/** `name` written in `convention`; a name with no letters or digits is kept. */
export function applyConvention(name: string, convention: NamingConvention): string {
  const parts = words(name);
  if (parts.length === 0) return name;
  let result: string;
  switch (convention) {
    case 'PascalCase':
      result = parts.map(capitalize).join('');
      break;
    case 'camelCase':
      result = parts[0]!.toLowerCase() + parts.slice(1).map(capitalize).join('');
      break;
    case 'snake_case':
      result = parts.map((part) => part.toLowerCase()).join('_');
      break;
    case 'UPPER_CASE':
      result = parts.map((part) => part.toUpperCase()).join('_');
      break;
  }
  // A GraphQL name cannot start with a digit: keep the underscore the service put before it.
  return /^[0-9]/.test(result) ? `_${result}` : result;
}
