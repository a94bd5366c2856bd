"use client";

import Link from "next/link";
import { useParams } from "next/navigation";
import { buttonClasses } from "@/components/ui/button";

/** A link to the current organization's overview, for pages that get no params (not-found). */
export function OverviewLink() {
  const { orgSlug } = useParams<{ orgSlug: string }>();
  return (
    <Link href={`/${orgSlug}`} className={buttonClasses("secondary", "md", "mt-4")}>
      Back to the overview
    </Link>
  );
}
