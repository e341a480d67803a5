// fast-check arbitraries for hostile input: wrong types, nasty text, odd numbers, deep and huge
// values, and "near-valid" objects (a valid input with one field broken) that get past the
// schema's first checks and reach the storage code.
import fc from "fast-check";

/** Strings that have broken applications before: NUL, lone surrogates, SQL, HTML, LIKE wildcards. */
export const NASTY_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "x\uDFFFy",
  "\uFEFF",
  "\u202Eevil",
  "'; drop table songs; --",
  "' OR '1'='1",
  "1 or 1=1",
  "%",
  "_",
  "%_%",
  "\\",
  "\\%",
  '<img src=x onerror="window.__xss=1">',
  "<script>window.__xss=1</script>",
  "javascript:alert(1)",
  '"><svg onload=alert(1)>',
  "{{7*7}}",
  "${7*7}",
  "../../etc/passwd",
  "\r\n\r\n",
  "__proto__",
  "constructor",
  "null",
  "NaN",
  "😀🎵",
  "e\u0301",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "00000000-0000-4000-8000-000000000000",
] as const;

/** Longer than any limit, up to a megabyte. */
const hugeString = fc
  .constantFrom(121, 201, 1_001, 5_001, 100_000, 1_000_000)
  .map((n) => "x".repeat(n));

/** Short text mixing nasty pieces with arbitrary code points (including lone surrogates). */
export const nastyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  {
    weight: 3,
    arbitrary: fc
      .array(
        fc.oneof(
          fc.constantFrom(...NASTY_STRINGS),
          fc.string({ unit: "binary", maxLength: 8 }),
          fc.string({ unit: "grapheme", maxLength: 8 }),
        ),
        { minLength: 1, maxLength: 5 },
      )
      .map((parts) => parts.join("")),
  },
  { weight: 1, arbitrary: hugeString },
);

/** Numbers outside every range: negative, fractional, NaN, infinities, beyond int4 and 2^53. */
export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    -1,
    0,
    -0,
    0.5,
    1.5,
    NaN,
    Infinity,
    -Infinity,
    2 ** 31 - 1,
    2 ** 31,
    -(2 ** 31) - 1,
    2 ** 53,
    2 ** 63,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    1e-300,
  ),
  fc.integer(),
  fc.double(),
);

/** base64url JSON, the shape of the API's cursors, with hostile contents. */
export const nastyCursor: fc.Arbitrary<string> = fc.oneof(
  nastyText,
  fc
    .oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.tuple(fc.oneof(nastyNumber, nastyText), fc.oneof(nastyNumber, nastyText), nastyText),
    )
    .map((value) => Buffer.from(JSON.stringify(value) ?? "null", "utf8").toString("base64url")),
);

function deeplyNested(depth: number): unknown {
  let value: unknown = {};
  for (let i = 0; i < depth; i++) value = { a: value, id: "x" };
  return value;
}

/** Anything at all: every JS type, huge arrays, deep nesting, prototype-pollution keys. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nastyText },
  { weight: 3, arbitrary: nastyNumber },
  {
    weight: 3,
    arbitrary: fc.anything({
      maxDepth: 3,
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withTypedArray: true,
      withSparseArray: true,
      withBoxedValues: true,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      null,
      undefined,
      true,
      [],
      {},
      10n ** 30n,
      new Date(Number.NaN),
      Symbol("s"),
      () => 1,
      Array.from({ length: 100_000 }, () => 0),
      Array.from({ length: 1_000 }, () => ({ id: "x" })),
      deeplyNested(5_000),
      JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
      { constructor: { prototype: { polluted: true } } },
    ),
  },
);

const KNOWN_KEYS = ["id", "ownerId", "userId", "isPublic", "likeCount", "role", "status", "extra"];

/**
 * A valid input with one thing broken: a field replaced by nasty text, a nasty number or any
 * value, a field removed, or an unknown key added. `keepValid` also yields the input unchanged.
 */
export function nearValid(
  template: Record<string, unknown>,
  options: { keepValid?: boolean } = {},
): fc.Arbitrary<unknown> {
  const keys = Object.keys(template);
  const mutations: fc.Arbitrary<unknown>[] = [
    fc.tuple(fc.constantFrom(...KNOWN_KEYS), anyValue).map(([key, value]) => ({
      ...template,
      [key]: value,
    })),
  ];
  if (keys.length > 0) {
    const field = fc.constantFrom(...keys);
    mutations.push(
      fc.tuple(field, nastyText).map(([key, value]) => ({ ...template, [key]: value })),
      fc.tuple(field, nastyText).map(([key, value]) => ({ ...template, [key]: value })),
      fc.tuple(field, nastyNumber).map(([key, value]) => ({ ...template, [key]: value })),
      fc.tuple(field, anyValue).map(([key, value]) => ({ ...template, [key]: value })),
      field.map((key) => {
        const { [key]: _removed, ...rest } = template;
        return rest;
      }),
    );
  }
  if ("cursor" in template) {
    mutations.push(nastyCursor.map((cursor) => ({ ...template, cursor })));
  }
  if (options.keepValid) mutations.push(fc.constant(template));
  return fc.oneof(...mutations);
}

/** Fully hostile input (any value) or a near-valid one. */
export function hostileInput(
  template: Record<string, unknown> | undefined,
  options: { keepValid?: boolean } = {},
): fc.Arbitrary<unknown> {
  if (!template) return fc.oneof(anyValue, fc.constant(undefined));
  return fc.oneof(
    { weight: 1, arbitrary: anyValue },
    { weight: 3, arbitrary: nearValid(template, options) },
  );
}
