/** An answer once checked: text, a number, a checkbox's state or a checkboxes field's choices. */
import * as v from 'valibot';

/** One answer as a lead keeps it (answers.ts checks it against its field first). */
export const Answer = v.union([v.string(), v.number(), v.boolean(), v.array(v.string())]);
export type Answer = v.InferOutput<typeof Answer>;
