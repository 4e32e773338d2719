import { Kind, Type, TypeRegistry, type TUnsafe } from '@sinclair/typebox';

/*
 * TypeBox's Value.Check throws "Unknown type" on a plain Type.Unsafe, so string
 * enums get their own registered kind: checkable by TypeBox, and still a plain
 * `{ type: 'string', enum }` in the published JSON Schema (the kind is a symbol).
 */
const STRING_ENUM = 'CharterStringEnum';
if (!TypeRegistry.Has(STRING_ENUM)) {
  TypeRegistry.Set<{ enum: readonly string[] }>(
    STRING_ENUM,
    (schema, value) => typeof value === 'string' && schema.enum.includes(value),
  );
}

/**
 * A string that must be one of `values`; emitted as a JSON Schema `enum`, and
 * checkable by TypeBox (Value.Check, TypeCompiler). Used by the charter schema
 * and every HTTP schema, so all enums read the same.
 */
export function stringEnum<const T extends readonly string[]>(
  values: T,
  description: string,
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({
    [Kind]: STRING_ENUM,
    type: 'string',
    enum: [...values],
    description,
  });
}
