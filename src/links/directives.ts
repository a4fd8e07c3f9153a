/** The link directives users write in `schemas/*.graphql`. */
export const LINK_DIRECTIVES_SDL = /* GraphQL */ `
  "Resolve this field by calling an operation of another source, with the key taken from the parent object."
  directive @resolveBy(
    "The source (folder name under sources/) that provides the operation."
    source: String!
    "The operation: its root field name, or the service's own name for it (operationId, RPC name)."
    operation: String!
    "The parent field holding the key; fetched even when the client does not select it."
    key: String!
    "The operation argument that receives the key, or the list of keys for a batch operation (dot path into an input object)."
    argument: String
    "For a batch operation: the field of each returned item that holds its key (dot path). Without it, results are matched by position."
    matchOn: String
    "Dot path to the list of items when the operation returns an object holding them (e.g. orders)."
    results: String
    "Most keys sent in one batch call; larger batches are split."
    maxBatchSize: Int
  ) on FIELD_DEFINITION

  "This type is also provided by another source under a key: its fields from every source merge into one entity."
  directive @merge(
    "The source that can provide this type."
    source: String!
    "The operation of that source that returns the type by key (single key, or a batch of keys)."
    operation: String!
    "The field holding the key."
    key: String!
    "The operation argument that receives the key or keys."
    argument: String
    "For a batch operation: the field of each returned item that holds its key. Without it, results are matched by position."
    matchOn: String
  ) repeatable on OBJECT
`;
