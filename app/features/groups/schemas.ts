import { z } from "zod";
import { GROUP_ROLES, JOIN_POLICIES } from "~/domain/constants";

/**
 * The inputs of the groups area's commands: what a change needs, in the domain's terms (stored instants, not form
 * days). The forms' own schemas (app/schemas/group.ts) parse what people type; a route turns that into these.
 */
export const id = z.string().min(1).max(40);
const text = (max: number) => z.string().max(max);

export const groupInput = z
  .object({
    name: text(200).min(1),
    slug: text(60).min(1),
    description: text(20_000),
    joinPolicy: z.enum(JOIN_POLICIES),
    screeningQuestion: text(1000).nullable(),
    responseTargetDays: z.number().int().min(1).max(365),
    capacity: z.number().int().positive().nullable(),
    startsAt: z.number().int().nullable(),
    endsAt: z.number().int().nullable(),
  })
  .strict();

export const groupRole = z.enum(GROUP_ROLES);
export const optionalText = (max: number) => text(max).nullable();
