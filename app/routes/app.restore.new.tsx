import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, Checkbox, DataTable, Layout, Page, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import { UserFacingError } from "~/errors";
import { previewRestore, startRestore } from "~/services/restore.server";
import { authenticate } from "~/shopify.server";

/** The selection in the URL: `snapshot` + `type` + `gid`…, or `type` + `since` (everything of that type changed since then). */
const askOf = (url: URL) => ({ snapshotId: url.searchParams.get("snapshot"), type: url.searchParams.get("type"), gids: url.searchParams.getAll("gid"), since: url.searchParams.get("since") });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  try {
    return { ...(await previewRestore(session.shop, askOf(url), url.searchParams.get("into"))), shop: session.shop, error: null as string | null };
  } catch (error) {
    // Bad input (unknown type, no snapshot before that time, a shop that does not accept clones): said on the page, as data.
    if (error instanceof UserFacingError) {
      const nothing: Awaited<ReturnType<typeof previewRestore>> = { snapshotId: "", into: session.shop, targets: [], previews: [], skipped: [] };
      return { ...nothing, shop: session.shop, error: error.message };
    }
    throw error;
  }
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const url = new URL(request.url);
  const form = await request.formData();
  // Every previewed record posts its GID ("planned"); each ticked checkbox "<gid>\u0000<path>": exactly the fields to take.
  const choices: Record<string, string[]> = Object.fromEntries(form.getAll("planned").map((gid) => [String(gid), []]));
  for (const value of form.getAll("take").map(String)) {
    const [gid, path] = value.split("\u0000");
    if (choices[gid]) choices[gid].push(path);
  }
  try {
    const id = await startRestore(session.shop, `merchant:${sessionToken?.sub ?? "unknown"}`, { ...askOf(url), choices, into: url.searchParams.get("into") });
    return redirect(`/app/restore/${id}`);
  } catch (error) {
    if (error instanceof UserFacingError) return Response.json({ error: error.message }, { status: 400 });
    throw error;
  }
};

const show = (value: unknown) => (value === null || value === undefined ? "—" : typeof value === "string" ? value : JSON.stringify(value));

/** Preview: every field that differs, live value vs snapshot value, one checkbox each; "Restore" takes the ticked ones. */
export default function RestorePreview() {
  const { snapshotId, previews, skipped, into, targets, shop, error } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  // Choosing a clone target re-plans the preview against that shop.
  const choose = (value: string) => {
    const next = new URLSearchParams(params);
    if (value === shop) next.delete("into");
    else next.set("into", value);
    setParams(next);
  };
  const result = useActionData<{ error: string }>();
  const busy = useNavigation().state === "submitting";
  const [off, setOff] = useState<Record<string, boolean>>({});
  const key = (gid: string, path: string) => `${gid}\u0000${path}`;
  return (
    <Page title="Restore preview" subtitle={snapshotId ? `From snapshot ${snapshotId}` : undefined} backAction={{ url: snapshotId ? `/app/snapshots/${snapshotId}` : "/app/snapshots" }}>
      <Layout>
        <Layout.Section>
          <Form method="post">
            <BlockStack gap="400">
              {result?.error && <Banner tone="critical">{result.error}</Banner>}
              {error && <Banner tone="critical">{error}</Banner>}
              {targets.length > 0 && (
                <Select
                  label="Restore into"
                  options={[{ label: `This shop (${shop})`, value: shop }, ...targets.map((t) => ({ label: `${t} (clone)`, value: t }))]}
                  value={into}
                  onChange={choose}
                />
              )}
              {skipped.map((s) => (
                <Banner key={s.gid} tone="info">{s.gid}: {s.reason}</Banner>
              ))}
              {previews.map((p) => (
                <Card key={p.gid}>
                  <BlockStack gap="200">
                    <Text as="h2" variant="headingMd">
                      {p.title} <Badge tone={p.action === "create" ? "attention" : undefined}>{p.action === "create" ? "deleted — will be re-created" : p.action}</Badge>
                    </Text>
                    {p.notes.map((n) => (
                      <Text key={n} as="p" tone="subdued">{n}</Text>
                    ))}
                    {p.diff.length === 0 ? (
                      <Text as="p">The live store already matches the snapshot.</Text>
                    ) : (
                      <DataTable
                        columnContentTypes={["text", "text", "text", "text"]}
                        headings={["Restore", "Field", "Live now", "In the snapshot"]}
                        rows={p.diff.map((d) => [
                          <Checkbox
                            key={d.path}
                            label="Take from snapshot"
                            labelHidden
                            disabled={p.action === "create"}
                            checked={!off[key(p.gid, d.path)]}
                            onChange={(v) => setOff({ ...off, [key(p.gid, d.path)]: !v })}
                          />,
                          d.path,
                          show(d.live),
                          show(d.target),
                        ])}
                      />
                    )}
                    <input type="hidden" name="planned" value={p.gid} />
                    {p.diff.filter((d) => !off[key(p.gid, d.path)]).map((d) => (
                      <input key={d.path} type="hidden" name="take" value={key(p.gid, d.path)} />
                    ))}
                  </BlockStack>
                </Card>
              ))}
              <Text as="p" tone="subdued">Before anything is written, the current state of these records is saved as a snapshot, so this restore can be undone in one click.</Text>
              <Button submit variant="primary" loading={busy} disabled={previews.every((p) => p.diff.length === 0)}>Restore</Button>
            </BlockStack>
          </Form>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
