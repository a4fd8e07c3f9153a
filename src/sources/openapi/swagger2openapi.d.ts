// swagger2openapi ships no type declarations; this is the one call Plexus makes.
declare module 'swagger2openapi' {
  interface ConvertOptions {
    /** Fix small errors of the source document instead of failing. */
    patch?: boolean;
    /** Turn remaining errors into warnings. */
    warnOnly?: boolean;
    /** Resolve with the converted document instead of an options object. */
    direct?: boolean;
    /** The document's original text, used to locate messages. */
    text?: string;
  }
  const swagger2openapi: {
    convertObj(swagger: object, options: ConvertOptions): Promise<unknown>;
  };
  export default swagger2openapi;
}
