import { z } from "zod";
import { GROUP_ROLES, JOIN_POLICIES } from "~/domain/constants";
import { multiLine, singleLine } from "~/schemas/fields";

/**
 * The inputs of the groups area's commands: what a change needs, in the domain's terms (stored instants, not form
 * days). The forms' own schemas (app/schemas/group.ts) parse what people type; a route turns that into these.
 */
export const id = z.string().min(1).max(40);
// Text holds to the forms' rules (app/schemas/group.ts): their bounds, no control characters, one line where the
// form has one. A caller without a form (a script, the JSON API) would otherwise store NUL or a line break in a
// group's name, which e-mail subjects and every page then carry.
const line = (min: number, max: number, message: string) => singleLine({ min, max, message });
const text = (max: number) => multiLine({ max });

export const groupInput = z
  .object({
    name: line(2, 80, "validation.groupName"),
    // The address's rules as the forms' (app/schemas/group.ts) and slugify give them: a caller without a form (a
    // script, the JSON API) must not store a slug the links cannot carry.
    slug: z
      .string()
      .max(50, "validation.slug")
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "validation.slug"),
    description: text(5000),
    joinPolicy: z.enum(JOIN_POLICIES),
    screeningQuestion: line(0, 300, "validation.tooLong").nullable(),
    responseTargetDays: z.number().int().min(1).max(365),
    capacity: z.number().int().positive().max(100_000).nullable(),
    startsAt: z.number().int().nullable(),
    endsAt: z.number().int().nullable(),
  })
  .strict();

export const groupRole = z.enum(GROUP_ROLES);
export const optionalText = (max: number) => text(max).nullable();
