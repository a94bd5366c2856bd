import type { NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { isSamlConnection } from "@/lib/sso/connections";
import { spMetadataXml } from "@/lib/sso/saml-metadata";

export const dynamic = "force-dynamic";

// GET /sso/saml/{connectionId}/metadata — our service provider's SAML metadata for this connection (public)
export async function GET(_request: NextRequest, { params }: { params: Promise<{ connectionId: string }> }) {
  const { connectionId } = await params;
  if (!(await isSamlConnection(await getDb(), connectionId))) {
    return new Response("No SAML connection has this id.\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  return new Response(spMetadataXml(connectionId), {
    headers: {
      "content-type": "application/samlmetadata+xml; charset=utf-8",
      "content-disposition": `inline; filename="anyint-sp-metadata-${connectionId}.xml"`,
      "cache-control": "public, max-age=300",
    },
  });
}
