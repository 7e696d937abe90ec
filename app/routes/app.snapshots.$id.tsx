import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, DataTable, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { loadSnapshotDetail } from "~/services/backups.server";
import { ordersExportLinks } from "~/services/orders-export.server";
import { RESTORABLE_TYPES } from "~/services/restore.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const url = new URL(request.url);
  const detail = await loadSnapshotDetail(session.shop, String(params.id), {
    type: url.searchParams.get("type") ?? undefined,
    q: url.searchParams.get("q") ?? undefined,
    page: Number(url.searchParams.get("page") ?? "1") || 1,
    gid: url.searchParams.get("gid") ?? undefined,
  });
  const orders = detail.snapshot.countsPerType.Order ? ordersExportLinks(session.shop, detail.snapshot.id, `merchant:${sessionToken?.sub ?? "unknown"}`) : null;
  return { ...detail, orders, restorable: detail.selected ? RESTORABLE_TYPES.includes(detail.selected.type) : false };
};

/** One snapshot: counts per type, records with search, one record's JSON and its history. */
export default function SnapshotDetail() {
  const { snapshot, records, selected, restorable, orders } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const [type, setType] = useState(params.get("type") ?? "");
  const [q, setQ] = useState(params.get("q") ?? "");
  const types = Object.keys(snapshot.countsPerType).sort();
  // Keep the embedded-app parameters (shop, host, …) so a full page load still authenticates.
  const link = (extra: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const name of ["type", "q", "page", "gid"]) next.delete(name);
    for (const [name, value] of Object.entries({ ...(type ? { type } : {}), ...(q ? { q } : {}), ...extra })) next.set(name, value);
    return `?${next.toString()}`;
  };
  // The preview route reads snapshot, type and gid (app.restore.new.tsx); embedded parameters ride along as above.
  const restoreLink = (recordType: string, gid: string) => {
    const next = new URLSearchParams(params);
    for (const name of ["type", "q", "page", "gid", "snapshot"]) next.delete(name);
    next.set("snapshot", snapshot.id);
    next.set("type", recordType);
    next.set("gid", gid);
    return `/app/restore/new?${next.toString()}`;
  };
  return (
    <Page title={`Snapshot ${new Date(snapshot.takenAt).toLocaleString()}`} subtitle={`${snapshot.kind} · ${snapshot.recordCount.toLocaleString()} records`} backAction={{ url: "/app/snapshots" }}>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <DataTable columnContentTypes={["text", "numeric"]} headings={["Type", "Records"]} rows={types.map((t) => [t, snapshot.countsPerType[t].toLocaleString()])} />
              {orders && (
                // Plain links carry no session token: each URL is a signed grant valid for ten minutes.
                <InlineStack gap="200">
                  <a href={orders.csv} download>Export orders (CSV)</a>
                  <a href={orders.jsonl} download>Export orders (JSONL)</a>
                </InlineStack>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Form method="get">
                <InlineStack gap="200" blockAlign="end">
                  <Select label="Type" name="type" options={[{ label: "All types", value: "" }, ...types.map((t) => ({ label: t, value: t }))]} value={type} onChange={setType} />
                  <TextField label="Search title, handle or email" name="q" value={q} onChange={setQ} autoComplete="off" />
                  <Button submit>Search</Button>
                </InlineStack>
              </Form>
              <DataTable
                columnContentTypes={["text", "text", "text", "text"]}
                headings={["Type", "Title", "Handle / email", "GID"]}
                rows={records.rows.map((r) => [
                  r.type,
                  <Link key={r.gid} to={link({ type: r.type, gid: r.gid, page: String(records.page) })}>
                    {r.title ?? "(untitled)"}
                  </Link>,
                  r.email ?? r.handle ?? "",
                  r.gid,
                ])}
                footerContent={`${records.total.toLocaleString()} records · page ${records.page}`}
              />
              <InlineStack gap="200">
                {records.page > 1 && <Link to={link({ page: String(records.page - 1) })}>Previous</Link>}
                {records.page * records.pageSize < records.total && <Link to={link({ page: String(records.page + 1) })}>Next</Link>}
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
        {selected && (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center" gap="200">
                  <Text as="h2" variant="headingMd">
                    {selected.type} {selected.gid}
                  </Text>
                  {restorable && selected.json && (
                    <Button url={restoreLink(selected.type, selected.gid)}>{`Restore this ${selected.type === "Product" ? "product" : "record"}…`}</Button>
                  )}
                </InlineStack>
                {selected.redacted ? (
                  <Banner tone="info">This customer&apos;s data was erased on request (crypto-shredded); it can no longer be read.</Banner>
                ) : (
                  <Box background="bg-surface-secondary" padding="300">
                    <pre style={{ whiteSpace: "pre-wrap", wordBreak: "break-all", margin: 0 }}>{selected.json ?? "Not in this snapshot."}</pre>
                  </Box>
                )}
                <Text as="h3" variant="headingSm">
                  History
                </Text>
                <DataTable
                  columnContentTypes={["text", "text", "text"]}
                  headings={["First seen", "Last seen", "Version"]}
                  rows={selected.history.map((h) => [
                    <Link key={h.firstSeenSnapshot} to={`/app/snapshots/${h.firstSeenSnapshot}?type=${encodeURIComponent(selected.type)}&gid=${encodeURIComponent(selected.gid)}`}>
                      {new Date(h.firstSeenAt).toLocaleString()}
                    </Link>,
                    new Date(h.lastSeenAt).toLocaleString() + (h.current ? " (current)" : ""),
                    h.recordId.slice(0, 12),
                  ])}
                />
              </BlockStack>
            </Card>
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}
