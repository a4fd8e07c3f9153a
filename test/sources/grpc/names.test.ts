import protobuf from 'protobufjs';
import { describe, expect, test } from 'vitest';
import { fieldName, hasQueryPrefix, protoJsonName, rootFieldName, typeName } from '../../../src/sources/grpc/names.js';
import { DEFAULT_QUERY_PREFIXES } from '../../../src/sources/grpc/config.js';

describe('names', () => {
  test.each([
    ['user_id', 'userId'],
    ['user_id_2', 'userId2'],
    ['created_at', 'createdAt'],
    ['foo__bar', 'fooBar'],
    ['already', 'already'],
    ['_leading', 'Leading'],
  ])('the JSON name of %s is %s', (name, json) => {
    expect(protoJsonName(name)).toBe(json);
  });

  test.each([
    ['GetOrder', true],
    ['Get', true],
    ['ListOrdersByUser', true],
    ['BatchGetUsers', true],
    ['Count', true],
    ['Search2', true],
    ['Getaway', false],
    ['Listen', false],
    ['Readiness', false],
    ['CreateOrder', false],
    ['Watch', false],
  ])('%s is a query: %s', (rpc, query) => {
    expect(hasQueryPrefix(rpc, DEFAULT_QUERY_PREFIXES)).toBe(query);
  });

  test("a field's json_name is its GraphQL name where GraphQL allows that name", () => {
    const root = protobuf.parse('syntax = "proto3"; message M { string a_b = 1 [json_name = "custom"]; string aws_region = 2 [json_name = "aws-region"]; }', {
      keepCase: true,
    }).root;
    expect(root.lookupType('M').fieldsArray.map(fieldName)).toEqual(['custom', 'awsRegion']);
  });

  test('root fields lower-case the first letter only', () => {
    expect(rootFieldName('GetHTTPStatus')).toBe('getHTTPStatus');
  });

  test('type names: package words capitalised and joined, nested definitions after an underscore', () => {
    const root = protobuf.parse('syntax = "proto3"; package grpc.health_check.v1; message Response { enum Status { UNKNOWN = 0; } message Detail {} }').root;
    const status = root.lookupEnum('grpc.health_check.v1.Response.Status');
    const detail = root.lookupType('grpc.health_check.v1.Response.Detail');
    expect(typeName(status, 'package')).toBe('GrpcHealthCheckV1Response_Status');
    expect(typeName(detail, 'short')).toBe('Response_Detail');
    expect(typeName(protobuf.parse('syntax = "proto3"; message Top {}').root.lookupType('Top'), 'package')).toBe('Top');
  });
});
