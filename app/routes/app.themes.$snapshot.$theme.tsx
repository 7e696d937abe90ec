import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, Checkbox, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useState } from "react";
import { UserFacingError } from "~/errors";
import { loadThemeDiff, requestThemeRestore } from "~/services/theme-restore.server";
import { authenticate } from "~/shopify.server";

const themeGid = (id: string | undefined) => `gid://shopify/OnlineStoreTheme/${String(id ?? "").replace(/\D/g, "")}`;

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return loadThemeDiff(session.shop, String(params.snapshot), themeGid(params.theme));
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const form = await request.formData();
  const base = { snapshotId: String(params.snapshot), themeGid: themeGid(params.theme) };
  const actor = `merchant:${sessionToken?.sub ?? "unknown"}`;
  try {
    const jobId =
      form.get("intent") === "files"
        ? await requestThemeRestore(session.shop, actor, { ...base, mode: "files", targetThemeGid: base.themeGid, files: form.getAll("file").map(String), deletions: form.getAll("delete").map(String) })
        : await requestThemeRestore(session.shop, actor, { ...base, mode: "new-theme" });
    return Response.json({ jobId, error: null });
  } catch (error) {
    // Expected failures go back to the page as data.
    if (error instanceof UserFacingError) return Response.json({ jobId: null, error: error.message }, { status: 400 });
    throw error;
  }
};

const CHANGE_TONE = { changed: "attention", missing: "critical", added: "info", same: undefined } as const;

/** One theme of a snapshot: file diff against the live theme and the two restore actions. */
export default function ThemeRestore() {
  const { snapshotId, theme, diff, liveMissing, restores } = useLoaderData<typeof loader>();
  const result = useActionData<{ jobId: string | null; error: string | null }>();
  const busy = useNavigation().state === "submitting";
  const [picked, setPicked] = useState<Record<string, boolean>>({});
  const latest = restores[0];
  return (
    <Page title={theme.name} subtitle={`Snapshot ${snapshotId}`} backAction={{ url: `/app/themes?snapshot=${snapshotId}` }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result?.error && <Banner tone="critical">{result.error}</Banner>}
            {latest?.job && (
              <Banner tone={latest.job.status === "failed" ? "critical" : latest.job.status === "succeeded" ? "success" : "info"} title={`Last restore: ${latest.job.status}`}>
                <p>{latest.job.error ?? (latest.report ? `${latest.report.targetThemeName}: ${Object.entries(latest.report.counts).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(", ")}` : `${latest.job.phase ?? "queued"} ${latest.job.done}/${latest.job.expected ?? "?"}`)}</p>
              </Banner>
            )}
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">Restore as new theme (recommended)</Text>
                <Text as="p">Creates an unpublished copy of this theme exactly as it was in the snapshot. Preview it, then publish it when you are ready. Your live theme is not touched.</Text>
                <Form method="post">
                  <input type="hidden" name="intent" value="new-theme" />
                  <Button submit variant="primary" loading={busy}>Restore as new theme</Button>
                </Form>
              </BlockStack>
            </Card>
            {liveMissing ? (
              <Banner tone="info">This theme no longer exists in your store; restore it as a new theme.</Banner>
            ) : diff && (
              <Card>
                <Form method="post">
                  <input type="hidden" name="intent" value="files" />
                  <BlockStack gap="300">
                    <Text as="h2" variant="headingMd">Files that differ from the snapshot</Text>
                    <Text as="p" tone="subdued">{diff.counts.changed} changed · {diff.counts.missing} deleted since · {diff.counts.added} added since · {diff.counts.same} unchanged</Text>
                    {diff.entries.length === 0 && <Text as="p">The live theme matches the snapshot.</Text>}
                    {diff.entries.map((e) => (
                      <Box key={e.filename} borderWidth="025" borderColor="border" padding="200" borderRadius="200">
                        <BlockStack gap="100">
                          <InlineStack gap="200" blockAlign="center">
                            <Checkbox
                              label={e.filename}
                              checked={picked[e.filename] ?? false}
                              onChange={(v) => setPicked({ ...picked, [e.filename]: v })}
                            />
                            <Badge tone={CHANGE_TONE[e.change]}>{e.change === "added" ? "added since — delete" : e.change === "missing" ? "deleted since — re-create" : "changed"}</Badge>
                          </InlineStack>
                          {!e.text || !e.lines ? (
                            <Text as="p" tone="subdued">
                              {e.snapshot ? `snapshot ${e.snapshot.size} B md5 ${e.snapshot.md5}` : "not in snapshot"} · {e.live ? `live ${e.live.size} B md5 ${e.live.md5}` : "not live"}
                            </Text>
                          ) : (
                            <pre style={{ margin: 0, maxHeight: 240, overflow: "auto", fontSize: 12 }}>
                              {e.lines.map((l) => ("skipped" in l ? `… ${l.skipped} unchanged lines\n` : `${l.op} ${l.text}\n`)).join("")}
                            </pre>
                          )}
                        </BlockStack>
                        {picked[e.filename] && <input type="hidden" name={e.change === "added" ? "delete" : "file"} value={e.filename} />}
                      </Box>
                    ))}
                    <InlineStack gap="200">
                      <Button submit loading={busy} disabled={!Object.values(picked).some(Boolean)}>Restore selected files</Button>
                    </InlineStack>
                    <Text as="p" tone="subdued">Writes only the selected files into the live theme. This needs a permission Shopify grants to few apps; if it is missing you will be offered the new-theme path.</Text>
                  </BlockStack>
                </Form>
              </Card>
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
