import type { GraphQLSchema } from 'graphql';
import { planningSchemaOf } from '../execution/plan/planning-schema.js';

/** How a link is declared: `@resolveBy`, `@merge`, or a federation subgraph's entity. */
export type LinkKind = 'resolveBy' | 'merge' | 'entity';

/** One edge of the graph: calls of `to` made for parents that `from` answered. */
export interface LinkEdge {
  /** The link's metric label (`User.orders`, `Product@inventory`), as `plexus_link_batch_size` shows it. */
  id: string;
  kind: LinkKind;
  from: string;
  to: string;
}

/**
 * The links of a composed schema as edges from the source owning the parent type (the one that has
 * the key field) to the source called. A merged type owned by several sources gives one edge from each.
 */
export function linkEdges(schema: GraphQLSchema, sources: readonly string[]): LinkEdge[] {
  const planning = planningSchemaOf(schema);
  if (!planning) return [];
  const owners = (type: string, key: string, except: string) => sources.filter((source) => source !== except && planning.provides(source, type, key));
  const edges: LinkEdge[] = [];
  for (const link of planning.links.values()) {
    const type = link.id.slice(0, link.id.indexOf('.'));
    for (const from of owners(type, link.key, '')) edges.push({ id: link.id, kind: 'resolveBy', from, to: link.target.source });
  }
  for (const [type, calls] of planning.entities) {
    for (const entity of calls) {
      const kind: LinkKind = entity.representation ? 'entity' : 'merge';
      for (const from of owners(type, entity.key, entity.source)) edges.push({ id: entity.call.id, kind, from, to: entity.source });
    }
  }
  return edges.sort((a, b) => a.id.localeCompare(b.id) || a.from.localeCompare(b.from));
}
