import type { z } from 'zod';

type Params = Record<string, string | number>;

/**
 * A kind of notification, declared once: the params it is filled with (a zod
 * schema), the message keys of its title and body (messages/en.json and
 * es.json), and where it leads (a path inside the workspace).
 */
export type NotificationDefinition<P extends Params = Params> = {
  type: string;
  params: z.ZodType<P>;
  titleKey: string;
  bodyKey: string;
  /**
   * Params stored as a message key rather than as text (a step's name, a
   * failure reason): the key each one names, shown in the reader's language.
   * A value with no such message is shown as it is.
   */
  translatedParams?: { [K in keyof P]?: (value: P[K]) => string };
  link: (params: P) => string;
};

const definitions = new Map<string, NotificationDefinition>();

export function defineNotification<P extends Params>(definition: NotificationDefinition<P>): NotificationDefinition<P> {
  if (!/^[a-z][\w.-]*$/.test(definition.type)) throw new Error(`Notification type "${definition.type}" must be lower-case letters, digits, _ . -`);
  definitions.set(definition.type, definition as unknown as NotificationDefinition);
  return definition;
}

/** The definition of a stored notification's type; undefined for a type no loaded module declares any more. */
export function definitionOf(type: string): NotificationDefinition | undefined {
  return definitions.get(type);
}
