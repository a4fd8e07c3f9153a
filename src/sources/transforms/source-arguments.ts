import {
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import type { TransformPlan } from './plan.js';

type Translate = (value: unknown) => unknown;

/**
 * Root resolvers of a local source read their arguments in the source's own names: input object
 * fields that were renamed are renamed back before the resolver runs. Enum values need nothing:
 * their internal values are the service's. Sources with no renamed input field are left as they are.
 */
export function withSourceArguments(schema: GraphQLSchema, plan: TransformPlan): GraphQLSchema {
  const backwards = new Map<string, Map<string, string>>();
  for (const [oldType, fields] of plan.fieldNames) {
    const type = schema.getType(plan.typeNames.get(oldType) ?? oldType);
    if (isInputObjectType(type)) backwards.set(type.name, new Map([...fields].map(([old, renamed]) => [renamed, old])));
  }
  if (backwards.size === 0) return schema;
  const translators = new Map<GraphQLInputType, Translate | undefined>();
  const translator = (type: GraphQLInputType): Translate | undefined => {
    if (translators.has(type)) return translators.get(type);
    translators.set(type, (value) => translator(type)?.(value) ?? value);
    const built = buildTranslator(type);
    translators.set(type, built);
    return built;
  };
  const buildTranslator = (type: GraphQLInputType): Translate | undefined => {
    if (isNonNullType(type)) return translator(type.ofType);
    if (isListType(type)) {
      const item = translator(type.ofType);
      return item && ((value) => (Array.isArray(value) ? value.map(item) : item(value)));
    }
    if (!isInputObjectType(type)) return undefined;
    const names = backwards.get(type.name);
    const fields = Object.values(type.getFields()).map((field) => ({
      name: field.name,
      wire: names?.get(field.name) ?? field.name,
      translate: translator(field.type),
    }));
    return (value) => {
      if (value === null || typeof value !== 'object') return value;
      const out: Record<string, unknown> = {};
      for (const field of fields) {
        const item = (value as Record<string, unknown>)[field.name];
        if (item !== undefined) out[field.wire] = field.translate && item !== null ? field.translate(item) : item;
      }
      return out;
    };
  };
  const argumentsOf = (args: readonly GraphQLArgument[]) => {
    const translated = args.flatMap((arg) => {
      const translate = translator(arg.type);
      return translate ? [{ name: arg.name, translate }] : [];
    });
    if (translated.length === 0) return undefined;
    return (values: Record<string, unknown>) => {
      const out = { ...values };
      for (const arg of translated) if (out[arg.name] != null) out[arg.name] = arg.translate(out[arg.name]);
      return out;
    };
  };
  return mapSchema(schema, {
    [MapperKind.ROOT_FIELD]: (config, fieldName, typeName, current) => {
      const field = (current.getType(typeName) as { getFields(): Record<string, { args: readonly GraphQLArgument[] }> }).getFields()[fieldName]!;
      const translate = argumentsOf(field.args);
      if (!translate) return undefined;
      const { resolve, subscribe } = config;
      return {
        ...config,
        ...(resolve && {
          resolve: (source: unknown, args: Record<string, unknown>, context: unknown, info: GraphQLResolveInfo) =>
            resolve(source, translate(args), context, info),
        }),
        ...(subscribe && {
          subscribe: (source: unknown, args: Record<string, unknown>, context: unknown, info: GraphQLResolveInfo) =>
            subscribe(source, translate(args), context, info),
        }),
      };
    },
  });
}
