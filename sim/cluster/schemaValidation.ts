// OpenAPI v3 validation of a custom resource against its CRD version's schema, for the keywords
// operator CRDs use (type, nullable, int-or-string, enum, required, minimum/maximum), worded as
// kube-openapi's validator words them. Runs after pruning, so unknown fields are already gone.
// The real server reports causes in no fixed order; ours follow the schema's.

import { fieldError, type FieldCause } from './apiErrors';
import type { StructuralSchema } from './schemaPruning';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The JSON type of a value as the validator names it ("integer" for whole numbers). */
function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(schema: StructuralSchema, value: unknown): boolean {
  const actual = typeOf(value);
  if (actual === 'null') return schema.nullable === true;
  if (schema['x-kubernetes-int-or-string'] === true) return actual === 'integer' || actual === 'string';
  if (!schema.type) return true;
  return schema.type === actual || (schema.type === 'number' && actual === 'integer');
}

/**
 * `bodyPath` names the value in messages ("spec.type in body"), `field` in causes; they differ
 * for the status subresource, whose schema is validated on its own.
 */
function validate(value: unknown, schema: StructuralSchema, bodyPath: string, field: string, errs: FieldCause[]): void {
  if (!typeMatches(schema, value)) {
    const actual = typeOf(value);
    errs.push({ reason: 'FieldValueTypeInvalid', message: `Invalid value: "${actual}": ${bodyPath} in body must be of type ${String(schema.type)}: "${actual}"`, field });
    return;
  }
  if (value === null) return;
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === value)) errs.push(fieldError.notSupported(field, value, schema.enum.map(String)));
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) errs.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${value}: ${bodyPath} in body should be greater than or equal to ${schema.minimum}`, field });
    if (typeof schema.maximum === 'number' && value > schema.maximum) errs.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${value}: ${bodyPath} in body should be less than or equal to ${schema.maximum}`, field });
  }
  const join = (base: string, key: string) => (base ? `${base}.${key}` : key);
  if (isObj(value)) {
    for (const key of Array.isArray(schema.required) ? (schema.required as string[]) : []) {
      if (value[key] === undefined) errs.push(fieldError.required(join(field, key)));
    }
    for (const [key, child] of Object.entries(value)) {
      const sub = schema.properties?.[key] ?? (isObj(schema.additionalProperties) ? (schema.additionalProperties as StructuralSchema) : undefined);
      if (sub) validate(child, sub, join(bodyPath, key), join(field, key), errs);
    }
  }
  if (Array.isArray(value) && isObj(schema.items)) value.forEach((item, i) => validate(item, schema.items!, `${bodyPath}[${i}]`, `${field}[${i}]`, errs));
}

/** The whole object (create, update): metadata is the server's, not the schema's. */
export function validateCustomResource(obj: Obj, schema: StructuralSchema): FieldCause[] {
  const errs: FieldCause[] = [];
  const { metadata: _m, ...rest } = obj;
  validate(rest, { ...schema, required: (Array.isArray(schema.required) ? (schema.required as string[]) : []).filter((k) => k !== 'metadata') }, '', '', errs);
  return errs;
}

/** The status subresource: only status, against its own schema. */
export function validateCustomResourceStatus(obj: Obj, schema: StructuralSchema): FieldCause[] {
  const statusSchema = schema.properties?.status;
  if (!statusSchema || obj.status === undefined) return [];
  const errs: FieldCause[] = [];
  validate(obj.status, statusSchema, '', 'status', errs);
  return errs;
}
