import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import { plexusError } from '../errors.js';
import { userFacingError } from './user-errors.js';

export interface UserPluginOptions {
  plugin: Plugin<Record<string, unknown>>;
  /** The module as named in gateway.yaml, for logs. */
  module: string;
  logger: Logger;
}

/**
 * A plugin of the project's own, with every hook (and every hook a hook returns) guarded: an
 * error its code throws is logged with the module's name and reaches the client as
 * INTERNAL_SERVER_ERROR, unless it is a GraphQLError with a code, which the plugin meant to send.
 */
export function useUserPlugin(options: UserPluginOptions): Plugin<Record<string, unknown>> {
  return guardHooks(options.plugin, options) as Plugin<Record<string, unknown>>;
}

function guardHooks(hooks: object, options: UserPluginOptions, depth = 0): object {
  const guarded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(hooks)) {
    guarded[name] = typeof value === 'function' && /^on[A-Z]/.test(name) ? guardHook(name, value as (...args: unknown[]) => unknown, options, depth) : value;
  }
  return guarded;
}

function guardHook(name: string, hook: (...args: unknown[]) => unknown, options: UserPluginOptions, depth: number) {
  const fail = (error: unknown): never => {
    const meant = userFacingError(error);
    if (meant) throw meant;
    options.logger.error({ err: error, plugin: options.module, hook: name }, 'plugin failed (masked in the response)');
    throw plexusError('INTERNAL_SERVER_ERROR', 'Unexpected error.', { httpStatus: 500 });
  };
  // A hook may return the hooks of a later stage (onExecute → onExecuteDone): those are guarded too.
  const wrapResult = (result: unknown): unknown =>
    depth < 3 && result !== null && typeof result === 'object' && !isThenable(result) && Object.keys(result).some((key) => /^on[A-Z]/.test(key))
      ? guardHooks(result, options, depth + 1)
      : result;
  return function guarded(this: unknown, ...args: unknown[]): unknown {
    let result: unknown;
    try {
      result = hook.apply(this, args);
    } catch (error) {
      return fail(error);
    }
    if (isThenable(result)) return Promise.resolve(result).then(wrapResult, fail);
    return wrapResult(result);
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}
