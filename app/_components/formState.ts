import { ZodError } from 'zod';
import { AppError } from '@/server/errors';

/** What a form's server action answers: i18n keys, translated by the form. */
export type FormState = {
  fieldErrors?: Record<string, string[]>;
  formError?: string;
  formErrorParams?: Record<string, string | number>;
  /** What was typed (never passwords), so a refused form keeps it after React resets the form. */
  values?: Record<string, string>;
};

/** Turns validation and domain errors into form state; anything else is a bug and is rethrown. */
export function formStateFromError(error: unknown): FormState {
  if (error instanceof ZodError) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of error.issues) (fieldErrors[issue.path.join('.') || '_'] ??= []).push(issue.message);
    return { fieldErrors };
  }
  if (error instanceof AppError) {
    return error.field
      ? { fieldErrors: { [error.field]: [error.messageKey] } }
      : { formError: error.messageKey, formErrorParams: error.params };
  }
  throw error;
}
