/**
 * Root keys read without parsing must equal what parsing the line gives, for
 * every line shape; a line grouped under the wrong root is refused when joined.
 */
import { describe, expect, it } from "vitest";
import { IntegrityError } from "~/errors";
import { RecordAssembler, rootKeyOf, rootKeyOfLine, type JsonObject } from "./bulk-assemble";
import { planBulkDocument } from "./bulk-plan";

const LINES = [
  '{"id":"gid://shopify/Product/1","title":"A"}',
  '{"id":"gid://shopify/ProductVariant/2","title":"v","__parentId":"gid://shopify/Product/1"}',
  // __parentId not last, or quoted inside a value: the slow path must be taken and agree.
  '{"__parentId":"gid://shopify/Product/1","id":"gid://shopify/ProductVariant/3"}',
  '{"id":"gid://shopify/Product/4","note":"x\\",\\"__parentId\\":\\"gid://shopify/Product/9\\"}"}',
  '{"id":"gid://shopify/Product/5","key":"__parentId"}',
  '{"title":"no id first","id":"gid://shopify/Product/6"}',
  '{"title":"anonymous"}',
  '{"id":"gid://shopify/Product/7"}',
  '{"id":"gid://shopify/Metafield/8","value":"ends with \\\\","__parentId":"gid://shopify/Product/7"}',
];

describe("rootKeyOfLine", () => {
  it("agrees with parsing the line, whatever its shape", () => {
    LINES.forEach((line, seq) => expect(rootKeyOfLine(line, seq)).toBe(rootKeyOf(JSON.parse(line) as JsonObject, seq)));
  });
});

describe("RecordAssembler", () => {
  const plan = planBulkDocument(`query { products { edges { node { id title variants { edges { node { id title } } } } } } }`);

  it("joins children under their root", () => {
    const result = new RecordAssembler(plan).assemble("gid://shopify/Product/1", [LINES[0], LINES[1]]);
    expect(result.kind === "record" && result.value.record).toEqual({ id: "gid://shopify/Product/1", title: "A", variants: [{ id: "gid://shopify/ProductVariant/2", title: "v" }] });
  });

  it("refuses a line whose own key is another root", () => {
    const child = '{"id":"gid://shopify/ProductVariant/5","__parentId":"gid://shopify/Product/2"}';
    expect(() => new RecordAssembler(plan).assemble("gid://shopify/Product/1", [LINES[0], child])).toThrow(IntegrityError);
  });
});
