import type { ServerResponse } from 'node:http';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import type { UploadsConfig } from './config.js';
import { isMultipartRequest, readMultipartRequest } from './multipart-request.js';
import { createSpool, type Spool } from './spool.js';
import type { PlexusContext } from '../request-state.js';

export interface UploadsOptions {
  config: UploadsConfig;
  /** Largest `operations` or `map` field: `limits.maxBodySize`. */
  maxFieldSize: number;
}

function isNodeResponse(value: unknown): value is ServerResponse {
  return typeof value === 'object' && value !== null && typeof (value as ServerResponse).once === 'function' && 'writableFinished' in value;
}

/**
 * File uploads by the GraphQL multipart request specification. graphql-yoga's own multipart
 * parser reads every file into memory (`Request.formData()`); this one streams each file to disk
 * as it arrives (see uploads/), and deletes the files once the response has been sent. CSRF
 * prevention runs before any of it: a multipart POST is a request a browser sends cross-site
 * without a preflight, so it needs one of `csrf.requestHeaders`.
 */
export function useUploads({ config, maxFieldSize }: UploadsOptions): Plugin<PlexusContext> {
  const limits = { maxFieldSize, maxFileSize: config.maxFileSize, maxFiles: config.maxFiles };
  const spools = new WeakMap<object, Spool>();
  return {
    onRequestParse({ request, serverContext, setRequestParser }) {
      if (!isMultipartRequest(request)) return;
      const spool = createSpool();
      spools.set(serverContext, spool);
      setRequestParser(async () => {
        try {
          return (await readMultipartRequest(request, limits, spool)) as GraphQLParams | GraphQLParams[];
        } catch (error) {
          void spool.dispose();
          throw error;
        }
      });
    },
    onResponse({ serverContext }) {
      const spool = spools.get(serverContext as object);
      if (!spool) return;
      const response: unknown = (serverContext as { res?: unknown }).res;
      // Over Node's HTTP server, after the last byte (an incremental answer may still read files); in-process, now.
      if (isNodeResponse(response) && !response.writableFinished) response.once('close', () => void spool.dispose());
      else void spool.dispose();
    },
  };
}
