import { BlockStack, Card, Text } from "@shopify/polaris";

/** One live count from the store, e.g. products; "10,000+" when Shopify capped it. */
export function CountCard({
  label,
  count,
  atLeast,
}: {
  label: string;
  count: number;
  atLeast: boolean;
}) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <div data-testid={`count-${label.toLowerCase()}`}>
          <Text as="p" variant="heading2xl">
            {count.toLocaleString("en-US")}
            {atLeast ? "+" : ""}
          </Text>
        </div>
      </BlockStack>
    </Card>
  );
}
