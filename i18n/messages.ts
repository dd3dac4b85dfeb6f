import en from '@/messages/en.json';
import es from '@/messages/es.json';
import type { Locale } from './locales';

export const messages: Record<Locale, typeof en> = { en, es };
