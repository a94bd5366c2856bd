"use server";

import type { Queryable } from "@/db/client";
import { removeProjectMember, setProjectMember } from "@/lib/members/project-members";
import { projectMemberInput, projectMemberRefInput } from "@/lib/members/schemas";
import { projectTarget } from "@/lib/projects/targets";
import { orgAction } from "@/lib/server/action";
import type { RequestContext } from "@/lib/core/context";

// The project is named by id and loaded within the caller's organization before
// project.members is checked on it (project admins manage their own projects' members).
const target = ({ db, ctx, input }: { db: Queryable; ctx: RequestContext; input: { projectId: string } }) =>
  projectTarget({ db, ctx, params: { projectId: input.projectId } });

/** Adds an organization member to the project, or changes their project role. */
export const setProjectMemberAction = orgAction(
  { input: projectMemberInput, permission: "project.members", target },
  async ({ tx, ctx, input }) => {
    const member = await setProjectMember(tx, ctx, input.projectId, input.userId, input.role);
    return { email: member.email };
  },
);

export const removeProjectMemberAction = orgAction(
  { input: projectMemberRefInput, permission: "project.members", target },
  async ({ tx, ctx, input }) => {
    const member = await removeProjectMember(tx, ctx, input.projectId, input.userId);
    return { email: member.email };
  },
);
