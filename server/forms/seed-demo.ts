/** Seeds the demo form on a fresh database (and never touches it again, so an operator may edit it). */
import * as v from 'valibot';
import { FormDefinition } from '../../shared/form-definition.ts';
import { demoForm } from './demo-form.ts';
import type { FormStore } from './form-store.ts';

/** Returns true when the demo form was created now. */
export async function seedDemoForm(forms: FormStore, now = Date.now()): Promise<boolean> {
  if (await forms.get(demoForm.id)) return false;
  return (await forms.create(v.parse(FormDefinition, demoForm), now)) !== undefined;
}
