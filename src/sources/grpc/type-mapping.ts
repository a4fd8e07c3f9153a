import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLFloat,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLString,
  type GraphQLFieldConfigArgumentMap,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLScalarType,
} from 'graphql';
import protobuf from 'protobufjs';
import type { Problem } from '../../config/problems.js';
import type { ProtoLocator } from './locations.js';
import { NameClaims, fieldName, protoJsonName, protoName, typeName, type TypeNameStyle } from './names.js';
import { BytesScalar, Int64Scalar, JSONScalar, SHARED_SCALAR_NAMES, UInt32Scalar, UInt64Scalar } from '../../scalars/index.js';
import { mapKeyType, type MapStyle } from './values.js';
import { wellKnownType } from './well-known.js';

const SCALARS: Record<string, GraphQLScalarType> = {
  double: GraphQLFloat,
  float: GraphQLFloat,
  int32: GraphQLInt,
  sint32: GraphQLInt,
  sfixed32: GraphQLInt,
  uint32: UInt32Scalar,
  fixed32: UInt32Scalar,
  int64: Int64Scalar,
  sint64: Int64Scalar,
  sfixed64: Int64Scalar,
  uint64: UInt64Scalar,
  fixed64: UInt64Scalar,
  bool: GraphQLBoolean,
  string: GraphQLString,
  bytes: BytesScalar,
};

const RESERVED = ['String', 'Int', 'Float', 'Boolean', 'ID', 'Query', 'Mutation', 'Subscription', ...SHARED_SCALAR_NAMES];

export interface TypeMapperOptions {
  style: TypeNameStyle;
  maps: MapStyle;
  locator: ProtoLocator;
  /** The source's definitions: an input type's name gives way to a message or enum named like it. Default: none known. */
  root?: protobuf.Root;
}

/**
 * Builds GraphQL types for protobuf messages and enums, once each. Output fields that protobuf
 * always fills (scalars, enums, lists) are non-null; message fields and `oneof` members may be
 * absent, so they are nullable. Input fields are all optional, as protobuf has defaults for all,
 * except proto2 `required` ones.
 */
export class TypeMapper {
  readonly problems: Problem[] = [];
  private readonly claims = new NameClaims(RESERVED);
  private readonly objects = new Map<protobuf.Type, GraphQLObjectType>();
  private readonly inputs = new Map<protobuf.Type, GraphQLInputObjectType>();
  private readonly enums = new Map<protobuf.Enum, GraphQLEnumType>();
  private readonly entries = new Map<protobuf.Field, [GraphQLObjectType, GraphQLInputObjectType]>();

  constructor(private readonly options: TypeMapperOptions) {}

  /** The type of a message where it is returned: a scalar for well-known types, else an object type. */
  output(type: protobuf.Type): GraphQLOutputType {
    const known = wellKnownType(type);
    if (known) return known.graphql;
    let object = this.objects.get(type);
    if (!object) {
      const fields = () => {
        if (type.fieldsArray.length === 0) {
          return { _empty: { type: GraphQLBoolean, description: 'Always null: the message has no fields, and a GraphQL object type needs one.' } };
        }
        return Object.fromEntries(type.fieldsArray.map((field) => [fieldName(field), { type: this.fieldOutput(field), ...describe(field) }]));
      };
      object = new GraphQLObjectType({ name: this.name(type, typeName(type, this.options.style)), ...describe(type), fields });
      this.objects.set(type, object);
    }
    return object;
  }

  /** The type of a message where it is sent: a scalar for well-known types, else an input type. */
  input(type: protobuf.Type): GraphQLInputType {
    const known = wellKnownType(type);
    if (known) return known.graphql;
    let input = this.inputs.get(type);
    if (!input) {
      input = new GraphQLInputObjectType({
        name: this.inputName(type),
        ...describe(type),
        fields: () =>
          type.fieldsArray.length === 0
            ? { _empty: { type: GraphQLBoolean, description: 'Ignored: the message has no fields, and a GraphQL input type needs one.' } }
            : this.argumentsOf(type),
      });
      this.inputs.set(type, input);
    }
    return input;
  }

  /** A message's fields as input fields, or as the arguments of a root field. */
  argumentsOf(type: protobuf.Type): GraphQLFieldConfigArgumentMap {
    return Object.fromEntries(
      type.fieldsArray.map((field) => {
        // GraphQL forbids deprecating a required input; the description still says it.
        const { deprecationReason, ...rest } = describe(field);
        return [fieldName(field), { type: this.fieldInput(field), ...rest, ...(deprecationReason && !field.required && { deprecationReason }) }];
      }),
    );
  }

  fieldOutput(field: protobuf.Field): GraphQLOutputType {
    if (field.map) return this.options.maps === 'json' ? new GraphQLNonNull(JSONScalar) : list(this.entryTypes(field)[0]);
    const element = this.elementOutput(field);
    if (field.repeated) return list(element);
    const nullable = field.resolvedType instanceof protobuf.Type || field.partOf !== null;
    return nullable ? element : new GraphQLNonNull(element);
  }

  fieldInput(field: protobuf.Field): GraphQLInputType {
    if (field.map) return this.options.maps === 'json' ? JSONScalar : new GraphQLList(new GraphQLNonNull(this.entryTypes(field)[1]));
    const element = this.elementInput(field);
    if (field.repeated) return new GraphQLList(new GraphQLNonNull(element));
    return field.required ? new GraphQLNonNull(element) : element;
  }

  /** The input type of a map's values, built when first asked for: with `maps: json` it checks values but is not part of the schema. */
  mapValueInput(field: protobuf.Field): GraphQLInputType {
    return this.elementInput(field);
  }

  private elementOutput(field: protobuf.Field): GraphQLOutputType {
    const resolved = field.resolvedType;
    if (resolved instanceof protobuf.Type) return this.output(resolved);
    if (resolved instanceof protobuf.Enum) return this.enumType(resolved);
    return SCALARS[field.type] ?? GraphQLString;
  }

  private elementInput(field: protobuf.Field): GraphQLInputType {
    const resolved = field.resolvedType;
    if (resolved instanceof protobuf.Type) return this.input(resolved);
    if (resolved instanceof protobuf.Enum) return this.enumType(resolved);
    return SCALARS[field.type] ?? GraphQLString;
  }

  private enumType(definition: protobuf.Enum): GraphQLEnumType {
    let type = this.enums.get(definition);
    if (!type) {
      const values = Object.keys(definition.values).map((value) => {
        const description = definition.comments[value];
        return [value, { value, ...(description && { description }) }] as const;
      });
      type = new GraphQLEnumType({
        name: this.name(definition, typeName(definition, this.options.style)),
        ...describe(definition),
        values: Object.fromEntries(values),
      });
      this.enums.set(definition, type);
    }
    return type;
  }

  /** A map field as a list of `{ key, value }`, named like protobuf's own entry message (`labels` → `LabelsEntry`). */
  private entryTypes(field: protobuf.Field): [GraphQLObjectType, GraphQLInputObjectType] {
    let pair = this.entries.get(field);
    if (!pair) {
      const parent = field.parent as protobuf.Type;
      const base = `${typeName(parent, this.options.style)}_${protoJsonName(field.name.charAt(0).toUpperCase() + field.name.slice(1))}Entry`;
      const key = new GraphQLNonNull(SCALARS[mapKeyType(field)] ?? GraphQLString);
      const owner = `${protoName(parent)}.${field.name}`;
      const valueIsMessage = field.resolvedType instanceof protobuf.Type;
      pair = [
        new GraphQLObjectType({
          name: this.claim(base, owner, parent),
          fields: () => {
            const value = this.elementOutput(field);
            return { key: { type: key }, value: { type: valueIsMessage ? value : new GraphQLNonNull(value) } };
          },
        }),
        new GraphQLInputObjectType({
          name: this.claim(`${base}Input`, owner, parent),
          fields: () => ({ key: { type: key }, value: { type: this.elementInput(field) } }),
        }),
      ];
      this.entries.set(field, pair);
    }
    return pair;
  }

  private name(definition: protobuf.Type | protobuf.Enum, wanted: string): string {
    return this.claim(wanted, protoName(definition), definition);
  }

  /**
   * `<Message>Input`, unless a message or enum of the source is itself named so (Dialogflow's
   * `Intent` next to `IntentInput`): the proto author chose that name and the input type's is only
   * derived, so the input type takes the next free `<Message>Input2`, `…3`.
   */
  private inputName(type: protobuf.Type): string {
    const base = `${typeName(type, this.options.style)}Input`;
    const defined = this.definedNames();
    if (!defined.has(base)) return this.name(type, base);
    let suffix = 2;
    while (defined.has(`${base}${suffix}`) || this.claims.claim(`${base}${suffix}`, protoName(type)) !== undefined) suffix++;
    return `${base}${suffix}`;
  }

  private defined: Set<string> | undefined;

  /** The names the source's messages and enums take, whether or not they are used. */
  private definedNames(): Set<string> {
    if (this.defined) return this.defined;
    const names = new Set<string>();
    const visit = (node: protobuf.NamespaceBase) => {
      for (const nested of node.nestedArray) {
        if (nested instanceof protobuf.Type || nested instanceof protobuf.Enum) names.add(typeName(nested, this.options.style));
        if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) visit(nested);
      }
    };
    if (this.options.root) visit(this.options.root);
    return (this.defined = names);
  }

  /** Takes a GraphQL name; a clash is reported and the definition gets its full name so building can go on. */
  private claim(wanted: string, owner: string, definition: protobuf.ReflectionObject): string {
    const holder = this.claims.claim(wanted, owner);
    if (holder === undefined) return wanted;
    const { locator } = this.options;
    const file = definition.filename;
    const line = file ? locator.lineOf(file, new RegExp(`\\b(message|enum)\\s+${definition.name}\\b`)) : undefined;
    const hint = this.options.style === 'short' ? ' (set "typeNames: package" in source.yaml to keep package names)' : '';
    this.problems.push(locator.problem(file, `${owner} and ${holder} would both be the GraphQL type "${wanted}"${hint}`, line));
    return `${owner.replace(/\W/g, '_')}_${wanted}`;
  }
}

function list(element: GraphQLOutputType): GraphQLNonNull<GraphQLList<GraphQLNonNull<GraphQLOutputType>>> {
  return new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(element)));
}

function describe(definition: { comment?: string | null; options?: Record<string, unknown> | undefined }): {
  description?: string;
  deprecationReason?: string;
} {
  return {
    ...(definition.comment ? { description: definition.comment } : {}),
    ...(definition.options?.['deprecated'] === true ? { deprecationReason: 'Deprecated in the .proto file.' } : {}),
  };
}
