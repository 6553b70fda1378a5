/** Seeds the demo form on a fresh database (and never touches it again, so an operator may edit it). */
import * as v from 'valibot';
import { FormDefinition } from '../../shared/form-definition.ts';
import type { Db } from '../storage/db.ts';
import { demoForm } from './demo-form.ts';
import { createForm, getForm } from './form-store.ts';

/** Returns true when the demo form was created now. */
export function seedDemoForm(db: Db, now = Date.now()): boolean {
  if (getForm(db, demoForm.id)) return false;
  return createForm(db, v.parse(FormDefinition, demoForm), now) !== undefined;
}
